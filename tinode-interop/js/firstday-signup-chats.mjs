// The first day, steps 01-08: open TinodeWeb, sign up, log out and in, start a chat by ID and one
// by search, answer a peer, send a photo and a file. Each step checks the page and what the peer
// got. `fd` is the scenario's context (see firstday.mjs); the sign-up step sets fd.webUid.
import crypto from 'node:crypto';
import { connect, check, until } from './sdk.mjs';
import { noisyPng, pngSize, sha256 } from './media.mjs';
import { attach, contactOf, download, entities, messagesOf, text } from './peers.mjs';

/** Runs steps 01-08; returns what later steps look for again: the reply to Bob and the file's name. */
export async function signUpAndChatSteps(fd) {
  const { host, transport, suffix, web, bob, carol, page, steps, eventually, wait: WAIT } = fd;
  const { sidepanel, contact, chatTitle, bubbles, bubble, descAnswer, chooseTransport, signIn, signOut, recover,
    openChat, send, settled } = fd.ui;

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
    fd.webUid = reply.ctrl.params.user;
    // The server knows the account: a fresh client signs in with it and reads the name.
    const probe = await connect(host, transport);
    try {
      await probe.loginBasic(web.login, web.password);
      check(probe.getCurrentUserID() === fd.webUid, 'a fresh client signs in as ' + fd.webUid);
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
    await until(() => contactOf(bob, fd.webUid), 'bob gets the new chat with ' + fd.webUid + ' on his contact list', WAIT);
    const tp = await attach(bob, fd.webUid);
    await until(() => messagesOf(tp).some((m) => text(m) === hello && m.from === fd.webUid), 'bob receives "' + hello + '"', WAIT);
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
    await until(() => contactOf(carol, fd.webUid), 'carol gets the new chat on her contact list', WAIT);
    const tp = await attach(carol, fd.webUid);
    await until(() => messagesOf(tp).some((m) => text(m) === hiCarol), 'carol receives "' + hiCarol + '"', WAIT);
  }, recover);

  // 06: Bob writes; the page shows it; the user replies; Bob gets the reply.
  const fromBob = 'how is your first day? ' + suffix;
  const toBob = 'going well, thanks ' + suffix;
  await steps.step('peer-message-reply', 'receive a message from the peer and reply', ['sign-up'], async () => {
    const tp = await attach(bob, fd.webUid);
    await tp.publish(fromBob);
    try {
      await contact(bob.name).first().waitFor();
    } catch (e) {
      throw new Error('the chat with ' + bob.name + ' is not on the chat list after Bob wrote');
    }
    await openChat(bob.name);
    await bubble(fromBob).first().waitFor();
    await send(toBob);
    await until(() => messagesOf(tp).some((m) => text(m) === toBob && m.from === fd.webUid), 'bob receives the reply', WAIT);
    steps.provide('bob-chat');
  }, recover);

  // 07: a 5 MB photo through the photo button (TinodeWeb scales it to 1024 px and uploads it).
  const photo = noisyPng(1300, 1300);
  await steps.step('photo', 'send a ' + (photo.length / 1e6).toFixed(1) + ' MB photo', ['bob-chat'], async () => {
    await openChat(bob.name);
    const tp = await attach(bob, fd.webUid);
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
    const bytes = await download(host, bob, im.ref);
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
    const tp = await attach(bob, fd.webUid);
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
    const bytes = await download(host, bob, ex.ref);
    check(sha256(bytes) === sha256(file), `bob downloads the same ${file.length} bytes (got ${bytes.length})`);
  }, recover);

  return { toBob, fileName };
}
