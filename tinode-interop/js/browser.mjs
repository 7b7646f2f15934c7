// TinodeWeb, served by the launcher, in headless Chromium: sign up through the UI, open a chat with
// a second account (driven by the SDK), send a text and an image, and see the reply arrive.
// Screenshots go to the folder given as the second argument.
// Usage: node browser.mjs HOST:PORT SCREENSHOT_DIR
import fs from 'node:fs';
import path from 'node:path';
import { connect, check, run, until } from './sdk.mjs';
import { launchChromium } from './chromium.mjs';

const host = process.argv[2];
const shots = process.argv[3];
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1e6).toString(36);
// A small valid PNG (8x8, one color) for the image upload.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGNg+M+AFTGOSkgCAMqkC/Xh8SLZAAAAAElFTkSuQmCC', 'base64');

run('browser', async () => {
  fs.mkdirSync(shots, { recursive: true });
  // The peer: an account driven by the official SDK.
  const bob = await connect(host, 'ws');
  await bob.createAccountBasic('peer' + suffix, 'secret-' + suffix, { login: true, public: { fn: 'Peer ' + suffix } });
  const bobUid = bob.getCurrentUserID();
  const bobMe = bob.getMeTopic();
  await bobMe.subscribe(bobMe.startMetaQuery().withSub().build());

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const remote = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.host !== host && u.protocol.startsWith('http')) {
        remote.push(r.url());
      }
    });
    await page.goto('http://' + host + '/', { waitUntil: 'networkidle' });
    await page.screenshot({ path: path.join(shots, '1-sign-in.png') });

    // Sign up through the web app's own form.
    await page.click('text=person_add');
    await page.fill('input[placeholder="Login"]', 'web' + suffix);
    await page.fill('input[placeholder="Password"]', 'secret-' + suffix);
    await page.fill('input[autocomplete="name"]', 'Web ' + suffix);
    await page.fill('input[type="email"]', 'web' + suffix + '@example.com');
    await page.click('button:has-text("Sign up")');
    await page.waitForSelector('text=You have no chats', { timeout: 15000 });
    await page.screenshot({ path: path.join(shots, '2-signed-up.png') });

    // Open the conversation with Bob by its topic address, as a shared link does.
    await page.goto('http://' + host + '/#/' + bobUid);
    await page.waitForSelector('text=Peer ' + suffix, { timeout: 15000 });
    await until(() => bobMe.getContact && bobMe.contacts && (() => {
      let found = false;
      bobMe.contacts((c) => { found = found || c.topic !== undefined; });
      return found;
    })(), 'bob sees the new chat', 15000);

    // A text message.
    const input = page.locator('textarea, input[placeholder="New message"]').first();
    await input.fill('hello from the browser ' + suffix);
    await input.press('Enter');
    const contacts = [];
    bobMe.contacts((c) => contacts.push(c.topic));
    const webUid = contacts.find((t) => t && t.startsWith('usr'));
    check(webUid, 'bob has the web user as a contact');
    const chat = bob.getTopic(webUid);
    await chat.subscribe(chat.startMetaQuery().withLaterData(10).build());
    const texts = () => {
      const out = [];
      chat.messages((m) => out.push(m));
      return out;
    };
    await until(() => texts().some((m) => JSON.stringify(m.content).includes('hello from the browser ' + suffix)),
      'bob receives the text', 15000);

    // An image through the web app's image button.
    await page.locator('input[type="file"][accept^="image"]').first().setInputFiles({
      name: 'dot.png', mimeType: 'image/png', buffer: PNG });
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(shots, '3-image-preview.png') });
    await page.locator('#send-message-panel a, .dialog-buttons button, a:has(i:text("send"))').last().click();
    await until(() => texts().some((m) => JSON.stringify(m.content).includes('"IM"')), 'bob receives the image', 15000);

    // Bob replies; the browser shows it.
    await chat.publish('reply from bob ' + suffix);
    await page.waitForSelector('text=reply from bob ' + suffix, { timeout: 15000 });
    await page.screenshot({ path: path.join(shots, '4-reply.png') });

    check(remote.length === 0, 'the web app loaded nothing from the internet: ' + remote.join(', '));
    return { web: webUid, peer: bobUid, screenshots: shots };
  } finally {
    await browser.close();
  }
}, 90000);
