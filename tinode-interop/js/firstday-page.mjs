// What the first-day scenario does in TinodeWeb's page, as a user would: sign in and out (choosing
// the transport in the app's settings first), open a chat, send a text, open menus; and the frame
// queries that explain a failure. `fd` is the scenario's context (see firstday.mjs); the helpers
// read fd.webUid when they run, as the sign-up step sets it.
import { check } from './sdk.mjs';

export function firstDayPage(fd) {
  const { host, transport, web, page, steps, eventually, wait: WAIT } = fd;
  const sidepanel = page.locator('#sidepanel');
  const contact = (title) => sidepanel.locator('li', { has: page.locator('span.contact-title', { hasText: title }) });
  const chatTitle = page.locator('#topic-title');
  const bubbles = page.locator('#messages-panel li');
  const bubble = (t) => bubbles.filter({ hasText: t });
  // The server's answer to the first client message since `from` that matches `pred`: a {ctrl}
  // or {meta} with the same id.
  const replyTo = (from, pred) => {
    const req = steps.sent(from).find(pred);
    if (!req) {
      return { req: null, replies: [] };
    }
    const id = Object.values(req)[0].id;
    return { req, replies: steps.received(from).filter((m) => Object.values(m)[0] && Object.values(m)[0].id === id) };
  };
  // Why a new p2p chat shows no name: what the server answered TinodeWeb's {get desc}.
  const descAnswer = (from, topic) => {
    const { req, replies } = replyTo(from, (m) => m.get && m.get.topic === topic && /desc/.test(m.get.what));
    if (!req) {
      return 'TinodeWeb sent no {get desc} for ' + topic;
    }
    return 'TinodeWeb sent ' + JSON.stringify(req) + ' and got ' + (replies.map((r) => JSON.stringify(r)).join(' ') || 'no reply')
      + ', where it needs {meta desc:{public:{fn}, acs}} (messages-view.jsx: topic.getMeta(...withDesc()) for a new p2p topic)';
  };

  // TinodeWeb forgets the transport on logout (handleLogout() removes 'settings'): a user on
  // long polling picks it again on the sign-in screen, so do that before every sign-in.
  async function chooseTransport() {
    if (transport !== 'lp') {
      return;
    }
    await page.locator('#side-caption-panel a:has(i:text-is("settings"))').click();
    await page.locator('label[for="transport-lp"]').click();
    await page.locator('#settings-form button:has-text("Update")').click();
    await page.locator('#inputLogin, input[placeholder="Login"]').first().waitFor();
  }

  async function signIn() {
    await chooseTransport();
    const from = steps.mark();
    await page.fill('#inputLogin', web.login);
    await page.fill('#login-form input[type="password"]', web.password);
    await page.click('#login-form button[type="submit"]');
    await page.locator('#side-caption-panel a:has(i:text-is("chat"))').waitFor({ timeout: WAIT });
    const login = steps.sent(from, transport).find((m) => m.login);
    check(login, 'the page sent {login} over ' + transport);
    // Long-polling bodies are recorded as their responses are read: wait for the reply to land.
    const ok = await eventually(() => steps.received(from).find((m) => m.ctrl && m.ctrl.id === login.login.id),
      'the reply to {login}');
    check(ok.ctrl.code === 200 && ok.ctrl.params && ok.ctrl.params.user === fd.webUid,
      'the server accepted the login for ' + fd.webUid + ': ' + JSON.stringify(ok));
  }

  async function signOut() {
    await page.locator('#side-caption-panel a:has(i:text-is("settings"))').click();
    await page.locator('a.flat-button:has-text("Security")').click();
    await page.locator('a.flat-button:has-text("Logout")').click();
    await page.locator('#inputLogin').waitFor();
  }

  // After a failed step (continue mode only): start from a freshly loaded, signed-in page.
  async function recover() {
    await page.goto('http://' + host + '/', { waitUntil: 'load' });
    await page.locator('#inputLogin, #side-caption-panel a:has(i:text-is("chat"))').first().waitFor();
    if (await page.locator('#inputLogin').isVisible()) {
      await signIn();
    }
  }

  async function openChat(title) {
    await contact(title).first().click();
    await page.locator('#topic-title', { hasText: title }).waitFor();
  }

  async function send(message) {
    const input = page.locator('#send-message-input');
    await input.fill(message);
    await input.press('Enter');
    // Sent, not "sending..." or "failed": the delivery marker is a check mark.
    await bubble(message).locator('.timestamp i.material-icons', { hasText: /^done/ }).first().waitFor();
  }

  // Waits until an upload's bubble is either sent (check mark) or failed (warning), then wants sent.
  async function settled(mine, what, ms) {
    const marker = mine.locator('.timestamp i.material-icons', { hasText: /^(done|done_all|warning)$/ });
    await marker.waitFor({ timeout: ms });
    if (!/^done/.test(await marker.textContent())) {
      throw new Error(what + ' is not marked sent; its bubble shows "' + (await mine.innerText().catch(() => '?')).replace(/\s+/g, ' ') + '"');
    }
  }

  async function contextMenu(title, item) {
    const row = contact(title).first();
    await row.hover();
    await row.locator('.menuTrigger a').click();
    await page.locator('ul.menu li', { hasText: item }).first().click();
  }

  async function openInfo() {
    await page.locator('#topic-caption-panel a:has(i:text-is("more_vert"))').click();
    await page.locator('ul.menu li', { hasText: 'Info' }).first().click();
    await page.locator('#info-view, .panel-title:has-text("Info")').first().waitFor();
  }

  return {
    sidepanel, contact, chatTitle, bubbles, bubble, replyTo, descAnswer,
    chooseTransport, signIn, signOut, recover, openChat, send, settled, contextMenu, openInfo,
  };
}
