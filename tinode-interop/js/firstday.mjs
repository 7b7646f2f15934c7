// A new user's first day in TinodeWeb (served by the launcher, in headless Chromium), clicked
// through as a user would, over the transport TinodeWeb is set to in its own settings (ws or lp).
// The other people are accounts driven by the official SDK (over WebSocket); every step checks the
// outcome on both sides: what the page shows and what the peer got from the server.
// Screenshots (NN-step.png, NN-step-FAILED.png), frames.log and failures.json go to SCREENSHOT_DIR.
// With FIRSTDAY_CONTINUE=1 the scenario goes on past a failed step and reports every failure.
// Usage: node firstday.mjs HOST:PORT ws|lp SCREENSHOT_DIR
import { createRequire } from 'node:module';
import { connect, check, run, until } from './sdk.mjs';
import { Steps } from './steps.mjs';
import { noisyPng, pngSize, sha256 } from './media.mjs';
import crypto from 'node:crypto';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const host = process.argv[2];
const transport = process.argv[3] || 'ws';
const shots = process.argv[4];
const keepGoing = process.env.FIRSTDAY_CONTINUE === '1';
const suffix = Date.now().toString(36).slice(-5) + Math.floor(Math.random() * 1e4).toString(36);
// How long the page or a peer may take to show an outcome; long polling is a little slower.
const WAIT = transport === 'lp' ? 10000 : 8000;

const web = { login: 'web' + suffix, password: 'secret-' + suffix, name: 'Web ' + suffix, renamed: 'Webster ' + suffix };

// ---- The peers: SDK accounts. ----

async function peer(name, tags) {
  const t = await connect(host, 'ws');
  const fn = name[0].toUpperCase() + name.substring(1) + ' ' + suffix;
  const ctrl = await t.createAccountBasic(name + suffix, 'secret-' + suffix, { login: true, public: { fn }, tags });
  check(ctrl.code === 200, name + ' signed up');
  const me = t.getMeTopic();
  await me.subscribe(me.startMetaQuery().withDesc().withSub().build());
  return { t, me, uid: t.getCurrentUserID(), name: fn };
}

function contactOf(p, topic) {
  let found = null;
  p.me.contacts((c) => { if (c.topic === topic || c.name === topic) found = c; });
  return found;
}

async function attach(p, topic) {
  const tp = p.t.getTopic(topic);
  if (!tp.isSubscribed()) {
    await tp.subscribe(tp.startMetaQuery().withLaterDesc().withLaterSub().withLaterData(50).build());
  }
  return tp;
}

function messagesOf(tp) {
  const out = [];
  tp.messages((m) => out.push(m));
  return out;
}

const text = (m) => typeof m.content === 'string' ? m.content : (m.content && m.content.txt) || '';
const entities = (m) => (m.content && m.content.ent) || [];

/** Resolves when the async probe returns a truthy value (polled every 200 ms), else rejects. */
async function eventually(probe, what, ms = WAIT) {
  const start = Date.now();
  let last;
  for (;;) {
    try {
      const v = await probe();
      if (v) {
        return v;
      }
    } catch (e) {
      last = e;
    }
    if (Date.now() - start > ms) {
      throw new Error('timed out waiting for ' + what + (last ? ' (last error: ' + (last.message || last) + ')' : ''));
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The subscriptions the server reports for `topic` to a fresh {get what:"sub"}, by user id (or topic
 * on 'me'). The SDK merges replies into its cache, so read the reply itself.
 */
async function serverSubs(p, topic) {
  const tp = p.t.getTopic(topic);
  const got = [];
  const prev = p.t.onMessage;
  p.t.onMessage = (pkt) => {
    if (pkt.meta && pkt.meta.topic === topic && pkt.meta.sub) {
      got.push(...pkt.meta.sub);
    }
    if (prev) {
      prev(pkt);
    }
  };
  try {
    await tp.getMeta(tp.startMetaQuery().withSub().build());
  } finally {
    p.t.onMessage = prev;
  }
  return new Map(got.map((s) => [s.user || s.topic, s]));
}

/** The 'want' letters of a subscription from a {meta sub} (the SDK parses acs into an AccessMode). */
function want(sub) {
  const acs = sub.acs || {};
  return String(typeof acs.getWant === 'function' ? acs.getWant() : acs.want);
}

/** Fetches a file the page uploaded, as the peer would (the SDK's authorised URL). */
async function download(p, ref) {
  check(ref && ref.startsWith('/v0/file/s/'), 'the attachment is an out-of-band file: ' + ref);
  const url = new URL(p.t.authorizeURL(ref), 'http://' + host);
  const resp = await fetch(url);
  check(resp.ok, 'the peer downloads ' + ref + ': HTTP ' + resp.status);
  return Buffer.from(await resp.arrayBuffer());
}

// ---- The page. ----

run('firstday/' + transport, async () => {
  const [bob, carol, dave] = await Promise.all([
    peer('bob', ['fdbob' + suffix]),
    peer('carol', ['fdcarol' + suffix]),
    peer('dave', ['fddave' + suffix]),
  ]);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  let steps;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(WAIT);
    steps = new Steps(page, shots, { keepGoing });
    const sidepanel = page.locator('#sidepanel');
    const contact = (title) => sidepanel.locator('li', { has: page.locator('span.contact-title', { hasText: title }) });
    const chatTitle = page.locator('#topic-title');
    const bubbles = page.locator('#messages-panel li');
    const bubble = (t) => bubbles.filter({ hasText: t });
    let webUid = null;
    let groupName = null;

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
      check(ok.ctrl.code === 200 && ok.ctrl.params && ok.ctrl.params.user === webUid,
        'the server accepted the login for ' + webUid + ': ' + JSON.stringify(ok));
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

    // 01: TinodeWeb loads, on the chosen transport.
    await steps.step('open-app', 'TinodeWeb loads from the launcher' + (transport === 'lp' ? ', set to long polling' : ''), [], async () => {
      await page.goto('http://' + host + '/', { waitUntil: 'load' });
      await page.locator('#inputLogin').waitFor();
      await page.locator('text=Tinode Web').first().waitFor();
      // TinodeWeb connects when the user signs in or up; the sign-up step checks the transport.
      await chooseTransport();
    });

    // 02: the sign-up form.
    await steps.step('sign-up', 'sign up through the form', ['open-app'], async (from) => {
      await page.click('#side-caption-panel a:has(i:text-is("person_add"))');
      await page.fill('input[placeholder="Login"]', web.login);
      await page.fill('input[placeholder="Password"]', web.password);
      await page.fill('input[autocomplete="name"]', web.name);
      await page.fill('input[type="email"]', web.login + '@example.com');
      await steps.shot('form');
      await page.click('button:has-text("Sign up")');
      await page.locator('#side-caption-panel a:has(i:text-is("chat"))').waitFor();
      await page.locator('text=You have no chats').waitFor();
      const acc = steps.sent(from, transport).find((m) => m.acc);
      check(acc, 'the page sent {acc} over ' + transport);
      const reply = await eventually(() => steps.received(from).find((m) => m.ctrl && m.ctrl.id === acc.acc.id),
        'the reply to {acc}');
      check(reply.ctrl.code >= 200 && reply.ctrl.code < 300, '{acc} accepted: ' + JSON.stringify(reply));
      webUid = reply.ctrl.params.user;
      // The server knows the account: a fresh client signs in with it and reads the name.
      const probe = await connect(host, transport);
      try {
        await probe.loginBasic(web.login, web.password);
        check(probe.getCurrentUserID() === webUid, 'a fresh client signs in as ' + webUid);
        const me = probe.getMeTopic();
        await me.subscribe(me.startMetaQuery().withDesc().build());
        // {sub} resolves on its {ctrl}; the {meta} with the description follows it.
        await until(() => me.public && me.public.fn === web.name, 'the account has the name from the form, "' + web.name + '"', WAIT);
        await me.leave();
      } finally {
        probe.disconnect();
      }
    });

    // 03: log out, log back in.
    await steps.step('logout-login', 'log out and sign in again', ['sign-up'], async () => {
      await signOut();
      await steps.shot('signed-out');
      await signIn();
    }, recover);

    // 04: Start new chat -> By ID with Bob's id; the first message reaches Bob.
    const hello = 'hello bob, this is ' + suffix;
    await steps.step('chat-by-id', 'start a chat by ID (Start new chat -> By ID) and send a text', ['sign-up'], async (from) => {
      await page.click('#side-caption-panel a:has(i:text-is("chat"))');
      await page.locator('ul.tabbar a[data-id="byid"]').click();
      await page.fill('input[placeholder="Group or User ID"]', bob.uid);
      await steps.shot('by-id');
      await page.click('button:has-text("Subscribe")');
      try {
        await page.locator('#topic-title', { hasText: bob.name }).waitFor();
      } catch (e) {
        throw new Error('the new chat is titled "' + await chatTitle.textContent().catch(() => '?') + '", not "' + bob.name
          + '": ' + descAnswer(from, bob.uid));
      }
      if (await page.locator('#writing-disabled').isVisible()) {
        throw new Error('the new chat says "' + await page.locator('#writing-disabled').textContent()
          + '" instead of a message input: ' + descAnswer(from, bob.uid));
      }
      await send(hello);
      // Bob's side: the new p2p subscription shows up on his 'me', and the message in the topic.
      await until(() => contactOf(bob, webUid), 'bob gets the new chat with ' + webUid + ' on his contact list', WAIT);
      const tp = await attach(bob, webUid);
      await until(() => messagesOf(tp).some((m) => text(m) === hello && m.from === webUid), 'bob receives "' + hello + '"', WAIT);
      steps.provide('bob-chat');
    }, recover);

    // 05: Start new chat -> find, by a tag of Carol's; the first message reaches Carol.
    const hiCarol = 'hi carol, found you by tag ' + suffix;
    await steps.step('chat-by-search', 'find a user by tag in Start new chat and send a text', ['sign-up'], async (from) => {
      await page.click('#side-caption-panel a:has(i:text-is("chat"))');
      await page.locator('ul.tabbar a[data-id="find"]').click();
      const search = sidepanel.locator('input[type="search"], input[placeholder^="List like"]').first();
      await search.fill('fdcarol' + suffix);
      await search.press('Enter');
      try {
        await contact(carol.name).first().waitFor();
      } catch (e) {
        throw new Error('the search for tag fdcarol' + suffix + ' does not list ' + carol.name);
      }
      await steps.shot('found');
      await contact(carol.name).first().click();
      try {
        await page.locator('#topic-title', { hasText: carol.name }).waitFor();
      } catch (e) {
        throw new Error('the chat opened from the search is titled "' + await chatTitle.textContent().catch(() => '?') + '", not "'
          + carol.name + '": ' + descAnswer(from, carol.uid));
      }
      if (await page.locator('#writing-disabled').isVisible()) {
        throw new Error('the new chat says "' + await page.locator('#writing-disabled').textContent()
          + '" instead of a message input: ' + descAnswer(from, carol.uid));
      }
      await send(hiCarol);
      await until(() => contactOf(carol, webUid), 'carol gets the new chat on her contact list', WAIT);
      const tp = await attach(carol, webUid);
      await until(() => messagesOf(tp).some((m) => text(m) === hiCarol), 'carol receives "' + hiCarol + '"', WAIT);
    }, recover);

    // 06: Bob writes; the page shows it; the user replies; Bob gets the reply.
    const fromBob = 'how is your first day? ' + suffix;
    const toBob = 'going well, thanks ' + suffix;
    await steps.step('peer-message-reply', 'receive a message from the peer and reply', ['sign-up'], async () => {
      const tp = await attach(bob, webUid);
      await tp.publish(fromBob);
      try {
        await contact(bob.name).first().waitFor();
      } catch (e) {
        throw new Error('the chat with ' + bob.name + ' is not on the chat list after Bob wrote');
      }
      await openChat(bob.name);
      await bubble(fromBob).first().waitFor();
      await send(toBob);
      await until(() => messagesOf(tp).some((m) => text(m) === toBob && m.from === webUid), 'bob receives the reply', WAIT);
      steps.provide('bob-chat');
    }, recover);

    // 07: a 5 MB photo through the photo button (TinodeWeb scales it to 1024 px and uploads it).
    const photo = noisyPng(1300, 1300);
    await steps.step('photo', 'send a ' + (photo.length / 1e6).toFixed(1) + ' MB photo', ['bob-chat'], async () => {
      await openChat(bob.name);
      const tp = await attach(bob, webUid);
      const before = messagesOf(tp).length;
      const chooser = page.waitForEvent('filechooser');
      await page.locator('#send-message-panel a[title="Add image"]').click();
      await (await chooser).setFiles({ name: 'first-day-' + suffix + '.png', mimeType: 'image/png', buffer: photo });
      await page.locator('#image-preview img').first().waitFor();
      await steps.shot('preview');
      await page.locator('#image-preview-container ~ * a[title="Send message"], #send-message-panel a[title="Send message"]').last().click();
      const mine = bubbles.filter({ has: page.locator('img') }).last();
      await mine.waitFor();
      await settled(mine, 'the photo', WAIT * 3);
      const got = await until(() => messagesOf(tp).slice(before).some((m) => entities(m).some((x) => x.tp === 'IM')),
        'bob receives the photo message', WAIT).then(() => messagesOf(tp).slice(before).find((m) => entities(m).some((x) => x.tp === 'IM')));
      const im = entities(got).find((x) => x.tp === 'IM').data;
      const bytes = await download(bob, im.ref);
      const dim = pngSize(bytes);
      check(dim && dim.width === im.width && dim.height === im.height,
        `bob downloads a ${im.width}x${im.height} PNG: got ${bytes.length} bytes, ${JSON.stringify(dim)}`);
      check(bytes.length === im.size, `the download is the ${im.size} bytes the page uploaded, got ${bytes.length}`);
      check(bytes.length > 2 * 1024 * 1024, 'the photo the page sent is still over 2 MB after scaling: ' + bytes.length);
    }, recover);

    // 08: a (non-image) file through the attach button.
    const file = crypto.randomBytes(1024 * 1024);
    const fileName = 'notes-' + suffix + '.bin';
    await steps.step('file', 'send a 1 MB file attachment', ['bob-chat'], async () => {
      await openChat(bob.name);
      const tp = await attach(bob, webUid);
      const before = messagesOf(tp).length;
      const chooser = page.waitForEvent('filechooser');
      await page.locator('#send-message-panel a[title="Attach file"]').click();
      await (await chooser).setFiles({ name: fileName, mimeType: 'application/octet-stream', buffer: file });
      await page.locator('#image-preview .doc-card').waitFor();
      await steps.shot('preview');
      await page.locator('#image-preview-container ~ * a[title="Send message"], #send-message-panel a[title="Send message"]').last().click();
      const mine = bubble(fileName).last();
      await mine.waitFor();
      await settled(mine, 'the file', WAIT * 2);
      await until(() => messagesOf(tp).slice(before).some((m) => entities(m).some((x) => x.tp === 'EX')), 'bob receives the file message', WAIT);
      const ex = entities(messagesOf(tp).slice(before).find((m) => entities(m).some((x) => x.tp === 'EX'))).find((x) => x.tp === 'EX').data;
      check(ex.name === fileName, 'the attachment is named ' + fileName + ': ' + ex.name);
      const bytes = await download(bob, ex.ref);
      check(sha256(bytes) === sha256(file), `bob downloads the same ${file.length} bytes (got ${bytes.length})`);
    }, recover);

    // 09: New group in the UI, Bob added as a member.
    const groupTitle = 'First day club ' + suffix;
    await steps.step('group-create-invite', 'create a group and add the peer as a member', ['bob-chat'], async (from) => {
      await page.click('#side-caption-panel a:has(i:text-is("chat"))');
      await page.locator('ul.tabbar a[data-id="grp"]').click();
      await page.fill('#new-topic-fn', groupTitle);
      await steps.shot('form');
      await page.click('button:has-text("Create")');
      try {
        await page.locator('#topic-title', { hasText: groupTitle }).waitFor();
        await contact(groupTitle).first().waitFor();
      } catch (e) {
        throw new Error('the new group is not open and listed as "' + groupTitle + '"');
      }
      const { req: sub, replies } = replyTo(from, (m) => m.sub && m.sub.topic.startsWith('new'));
      const ctrl = replies.find((m) => m.ctrl);
      check(ctrl && ctrl.ctrl.code === 200 && /^grp/.test(ctrl.ctrl.topic), 'the server created the group: ' + JSON.stringify(ctrl));
      groupName = ctrl.ctrl.topic;
      // The SDK knows the group as new123 until the {ctrl} names it (topic.js: _processMetaDesc after
      // ctrl.topic rename; me-topic.js _routePres looks up cacheGetTopic(pres.src)); a {pres} about
      // grpX before that {ctrl} reaches TinodeWeb's tnMeContactUpdate with no contact.
      const got = steps.received(from);
      const early = got.slice(0, got.indexOf(got.find((m) => m.ctrl && m.ctrl.id === sub.sub.id)))
        .filter((m) => m.pres && m.pres.src === groupName);
      steps.expect(early.length === 0, 'the server announced the group before answering the {sub}: ' + early.map((m) => JSON.stringify(m)).join(' ')
        + ' came before ' + JSON.stringify(ctrl));
      await openInfo();
      await page.locator('a.flat-button:has-text("Add members")').click();
      const manager = page.locator('#group-manager');
      await manager.locator('li', { has: page.locator('span.contact-title', { hasText: bob.name }) }).first().click();
      await steps.shot('members');
      await page.click('#group-manager-buttons button:has-text("OK")');
      // The invited member is listed at once with the group's default mode. Its name shows only if
      // the SDK's user cache has it (filled from the chat list's {meta sub}): Go sends the inviting
      // session nothing more (notifySubChange skips it), so that depends on the page's history.
      await page.locator('#info-view li', { hasText: 'JRWPS' }).first().waitFor();
      steps.provide('group');
      await until(() => contactOf(bob, groupName), 'bob has ' + groupName + ' on his contact list', WAIT);
    }, recover);

    // 10: Bob chats in the group; the user sees it and answers.
    const bobInGroup = 'hello club, bob here ' + suffix;
    const webInGroup = 'welcome bob ' + suffix;
    await steps.step('group-member-chats', 'the member writes in the group, the user replies', ['group'], async () => {
      const g = await attach(bob, groupName);
      await g.publish(bobInGroup);
      await openChat(groupTitle);
      await bubble(bobInGroup).first().waitFor();
      await send(webInGroup);
      await until(() => messagesOf(g).some((m) => text(m) === webInGroup && m.from === webUid), 'bob receives the reply in the group', WAIT);
    }, recover);

    // 11: change one's own name in the account settings.
    await steps.step('rename', 'change own name in the profile', ['sign-up'], async () => {
      await page.locator('#side-caption-panel a:has(i:text-is("settings"))').click();
      await page.locator('a.flat-button:has-text("Edit")').first().click();
      await page.locator('span.in-place-edit', { hasText: web.name }).first().click();
      const input = page.locator('input.in-place-edit').first();
      await input.fill(web.renamed);
      await input.press('Enter');
      await page.locator('span.in-place-edit', { hasText: web.renamed }).first().waitFor();
      await steps.shot('edited');
      await page.locator('#side-caption-panel a:has(i:text-is("arrow_back"))').click();
      await page.locator('#side-caption-panel a:has(i:text-is("arrow_back"))').click().catch(() => {});
      await page.locator('#sidepanel-title', { hasText: web.renamed }).waitFor();
      // Bob's contact list shows the new name ({pres what:"upd"} on his 'me', then the SDK fetches it).
      await until(() => { const c = contactOf(bob, webUid); return c && c.public && c.public.fn === web.renamed; },
        'bob sees the new name "' + web.renamed + '" for ' + webUid, WAIT);
    }, recover);

    // 12: mute Bob from the chat list.
    await steps.step('mute', 'mute a contact', ['bob-chat'], async () => {
      await contextMenu(bob.name, 'Mute');
      await contact(bob.name).first().locator('i.material-icons', { hasText: 'notifications_off' }).waitFor();
      // The server has the user's subscription without P, as the peer sees it.
      await eventually(async () => {
        const s = (await serverSubs(bob, webUid)).get(webUid);
        check(s, 'bob sees a subscription of ' + webUid);
        check(!want(s).includes('P') && want(s).includes('J'), 'want is ' + want(s));
        return true;
      }, 'the web user\'s subscription without P (muted), as bob sees it');
    }, recover);

    // 13: Carol's group: she adds the user, the user leaves it.
    const carolsGroup = 'Carol\'s book club ' + suffix;
    await steps.step('leave-group', 'leave a group someone else owns', ['sign-up'], async () => {
      const g = carol.t.getTopic(carol.t.newGroupTopicName(false));
      await g.subscribe(g.startMetaQuery().withDesc().withSub().build(), { desc: { public: { fn: carolsGroup } } });
      await g.invite(webUid, null);
      await g.publish('welcome to the book club ' + suffix);
      try {
        await contact(carolsGroup).first().waitFor();
      } catch (e) {
        throw new Error('the group ' + carolsGroup + ' the user was added to is not on the chat list');
      }
      await openChat(carolsGroup);
      await bubble('welcome to the book club').first().waitFor();
      await openInfo();
      await page.locator('a.flat-button:has-text("Security")').click();
      await page.locator('a.flat-button:has-text("Leave")').click();
      await page.locator('.alert-container button:has-text("OK")').click();
      await contact(carolsGroup).first().waitFor({ state: 'detached' });
      await eventually(async () => !(await serverSubs(carol, g.name)).has(webUid),
        'carol no longer sees the user among the members of ' + g.name);
    }, recover);

    // 14: delete the conversation with Carol.
    await steps.step('delete-chat', 'delete a conversation', ['sign-up'], async () => {
      if (!steps.ok('chat-by-search')) {
        // The user could not start the chat (step 05); Carol starts it so this step still runs.
        console.log('     (carol starts the chat: the user could not)');
        const tp = await attach(carol, webUid);
        await tp.publish('hi, carol here ' + suffix);
        await contact(carol.name).first().waitFor();
      }
      await contextMenu(carol.name, 'Delete');
      await page.locator('.alert-container button:has-text("OK")').click();
      await contact(carol.name).first().waitFor({ state: 'detached' });
      const tp = await attach(carol, webUid);
      await eventually(async () => !(await serverSubs(carol, webUid)).has(webUid),
        'carol no longer sees the user subscribed to their chat');
    }, recover);

    // 15: Dave, a stranger, writes; the user blocks him.
    const fromDave = 'buy cheap watches ' + suffix;
    await steps.step('block', 'block a contact', ['sign-up'], async () => {
      const tp = dave.t.getTopic(webUid);
      await tp.subscribe(tp.startMetaQuery().withLaterDesc().withLaterSub().build());
      await tp.publish(fromDave);
      try {
        await contact(dave.name).first().waitFor();
      } catch (e) {
        throw new Error('the chat Dave started is not on the chat list');
      }
      await contextMenu(dave.name, 'Block');
      await page.locator('.alert-container button:has-text("OK")').click();
      await contact(dave.name).first().waitFor({ state: 'detached' });
      await eventually(async () => {
        const s = (await serverSubs(dave, webUid)).get(webUid);
        check(s, 'dave sees a subscription of ' + webUid);
        check(!want(s).includes('J'), 'want is ' + want(s));
        return true;
      }, 'dave sees the user\'s subscription without J (blocked)');
    }, recover);

    // 16: sign out and in; what the user did is still there.
    const whileAway = 'did you see this while away? ' + suffix;
    await steps.step('relogin-state', 'log out and in: the state survives', ['sign-up'], async () => {
      await signOut();
      let tp = null;
      if (steps.ok('bob-chat')) {
        // Bob writes while the user is signed out.
        tp = await attach(bob, webUid);
        await tp.publish(whileAway);
      }
      await signIn();
      const expect = async (cond, what) => {
        try {
          await cond();
        } catch (e) {
          throw new Error('after signing in again: ' + what);
        }
      };
      if (steps.ok('rename')) {
        await expect(() => page.locator('#sidepanel-title', { hasText: web.renamed }).waitFor(), 'the name is not "' + web.renamed + '"');
      }
      if (steps.ok('group')) {
        await expect(() => contact(groupTitle).first().waitFor(), 'the group "' + groupTitle + '" is missing');
      }
      for (const [key, title] of [['leave-group', carolsGroup], ['delete-chat', carol.name], ['block', dave.name]]) {
        if (steps.ok(key)) {
          check(await contact(title).count() === 0, 'after signing in again: ' + title + ' is back on the chat list');
        }
      }
      if (tp) {
        await expect(() => contact(bob.name).first().waitFor(), 'the chat with Bob is missing');
        if (steps.ok('mute')) {
          await expect(() => contact(bob.name).first().locator('i.material-icons', { hasText: 'notifications_off' }).waitFor(),
            'Bob is no longer muted');
        }
        // Without a persistent cache TinodeWeb has no preview text, only the unread count from {meta sub}.
        await expect(() => contact(bob.name).first().locator('span.unread', { hasText: '1' }).waitFor(),
          'the chat with Bob does not show 1 unread message (Bob wrote while the user was away)');
        await openChat(bob.name);
        await expect(() => bubble(whileAway).first().waitFor(), 'the chat with Bob does not show "' + whileAway + '"');
        await expect(() => bubble(toBob).first().waitFor(), 'the chat with Bob lost "' + toBob + '"');
        if (steps.ok('photo')) {
          await expect(() => bubbles.locator('img').first().waitFor(), 'the photo is gone');
        }
        if (steps.ok('file')) {
          await expect(() => bubble(fileName).first().waitFor(), 'the file is gone');
        }
        // Bob sees that the user read it.
        const seq = messagesOf(tp).find((m) => text(m) === whileAway).seq;
        await until(() => tp.msgReadCount(seq) > 0, 'bob sees the user read message ' + seq, WAIT);
      }
    }, recover);

    const failed = steps.results.filter((r) => !r.ok);
    steps.save();
    if (failed.length > 0) {
      throw new Error(failed.length + ' of ' + steps.results.length + ' steps did not pass: '
        + failed.map((r) => r.name + (r.skipped ? ' (skipped)' : '')).join(', '));
    }
    return { transport, web: webUid, steps: steps.results.map((r) => r.name), screenshots: shots };
  } finally {
    if (steps) {
      steps.save();
    }
    await browser.close();
    for (const p of [bob, carol, dave]) {
      p.t.disconnect();
    }
  }
}, 110000);
