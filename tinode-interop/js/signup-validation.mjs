// TinodeWeb signs up on a server that requires a validated e-mail address (Tinode's acc_validation
// with required ["auth"]): the web app asks for the mailed code, this script fetches it from the
// Java test's endpoint (GET CODE_URL/code?to=ADDRESS&n=N) and types it in, and the app opens the
// chat list. A wrong code first keeps the app on the confirmation form. Then the user logs out
// and back in with the password alone: the address stays validated.
// Usage: node signup-validation.mjs HOST:PORT SCREENSHOT_DIR CODE_URL
import fs from 'node:fs';
import path from 'node:path';
import { check, run, uniqueSuffix } from './sdk.mjs';
import { launchChromium } from './chromium.mjs';

const host = process.argv[2];
const shots = process.argv[3];
const codeUrl = process.argv[4];
const suffix = uniqueSuffix();

async function mailedCode(to, n) {
  const res = await fetch(codeUrl + '/code?to=' + encodeURIComponent(to) + '&n=' + n);
  check(res.ok, 'a code was mailed to ' + to);
  return (await res.text()).trim();
}

run('signup-validation', async () => {
  fs.mkdirSync(shots, { recursive: true });
  const login = 'val' + suffix;
  const email = login + '@example.com';
  const browser = await launchChromium();
  let page;
  try {
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto('http://' + host + '/', { waitUntil: 'networkidle' });
    await page.click('#side-caption-panel a:has(i:text-is("person_add"))');
    await page.fill('input[placeholder="Login"]', login);
    await page.fill('input[placeholder="Password"]', 'secret-' + suffix);
    await page.fill('input[autocomplete="name"]', 'Validated ' + suffix);
    await page.fill('input[type="email"]', email);
    await page.click('button:has-text("Sign up")');
    // 300 "validate credentials": the app's confirmation form.
    await page.waitForSelector('#enter-confirmation-code', { timeout: 15000 });
    await page.screenshot({ path: path.join(shots, 'validation-1-code-asked.png') });

    const code = await mailedCode(email, 1);
    check(/^\d{6}$/.test(code), 'a six-digit code: ' + code);
    const wrong = code === '000000' ? '111111' : '000000';
    await page.fill('#enter-confirmation-code', wrong);
    await page.click('button:has-text("Confirm")');
    await page.waitForTimeout(1000);
    check(await page.isVisible('#enter-confirmation-code'), 'a wrong code leaves the app on the confirmation form');
    check(!(await page.isVisible('text=You have no chats')), 'a wrong code does not log in');
    await page.screenshot({ path: path.join(shots, 'validation-2-wrong-code.png') });

    await page.fill('#enter-confirmation-code', code);
    // After a failed attempt TinodeWeb submits a changed code by itself (validation-view.jsx,
    // componentDidUpdate); the button is there only if it did not.
    const submitted = await page.waitForSelector('text=You have no chats', { timeout: 3000 }).then(() => true, () => false);
    if (!submitted) {
      await page.click('button:has-text("Confirm")');
    }
    await page.waitForSelector('text=You have no chats', { timeout: 15000 });
    await page.screenshot({ path: path.join(shots, 'validation-3-validated.png') });

    // Back in from another browser profile with the password only: no code asked any more.
    const fresh = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    page = fresh;
    await fresh.goto('http://' + host + '/', { waitUntil: 'networkidle' });
    await fresh.fill('#inputLogin', login);
    await fresh.fill('#login-form input[type="password"]', 'secret-' + suffix);
    await fresh.click('#login-form button[type="submit"]');
    await fresh.waitForSelector('text=You have no chats', { timeout: 15000 });
    check(!(await fresh.isVisible('#enter-confirmation-code')), 'no code asked at the second login');
    await fresh.screenshot({ path: path.join(shots, 'validation-4-signed-in-again.png') });
    return { login, email };
  } catch (e) {
    // Where the app stood when a step failed.
    await page?.screenshot({ path: path.join(shots, 'validation-failed.png') }).catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
}, 90000);
