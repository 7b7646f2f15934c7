// The first day, steps 09-16: a group with a member who writes in it, a new name, mute, leave
// someone else's group, delete a chat, block a stranger, and what is still there after signing in
// again. `fd` is the scenario's context (see firstday.mjs); the group step sets fd.groupName.
import { check, until } from './sdk.mjs';
import { attach, contactOf, messagesOf, serverSubs, text, want } from './peers.mjs';

/** Runs steps 09-16; `toBob` and `fileName` are what steps 06 and 08 sent, looked for after signing in again. */
export async function groupAndContactSteps(fd, { toBob, fileName }) {
  const { suffix, web, bob, carol, dave, page, steps, eventually, wait: WAIT } = fd;
  const { contact, bubbles, bubble, replyTo, signIn, signOut, recover, openChat, send, contextMenu, openInfo } = fd.ui;

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
    fd.groupName = ctrl.ctrl.topic;
    // The SDK knows the group as new123 until the {ctrl} names it (topic.js: _processMetaDesc after
    // ctrl.topic rename; me-topic.js _routePres looks up cacheGetTopic(pres.src)); a {pres} about
    // grpX before that {ctrl} reaches TinodeWeb's tnMeContactUpdate with no contact.
    const got = steps.received(from);
    const early = got.slice(0, got.indexOf(got.find((m) => m.ctrl && m.ctrl.id === sub.sub.id)))
      .filter((m) => m.pres && m.pres.src === fd.groupName);
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
    await until(() => contactOf(bob, fd.groupName), 'bob has ' + fd.groupName + ' on his contact list', WAIT);
  }, recover);

  // 10: Bob chats in the group; the user sees it and answers.
  const bobInGroup = 'hello club, bob here ' + suffix;
  const webInGroup = 'welcome bob ' + suffix;
  await steps.step('group-member-chats', 'the member writes in the group, the user replies', ['group'], async () => {
    const g = await attach(bob, fd.groupName);
    await g.publish(bobInGroup);
    await openChat(groupTitle);
    await bubble(bobInGroup).first().waitFor();
    await send(webInGroup);
    await until(() => messagesOf(g).some((m) => text(m) === webInGroup && m.from === fd.webUid), 'bob receives the reply in the group', WAIT);
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
    await until(() => { const c = contactOf(bob, fd.webUid); return c && c.public && c.public.fn === web.renamed; },
      'bob sees the new name "' + web.renamed + '" for ' + fd.webUid, WAIT);
  }, recover);

  // 12: mute Bob from the chat list.
  await steps.step('mute', 'mute a contact', ['bob-chat'], async () => {
    await contextMenu(bob.name, 'Mute');
    await contact(bob.name).first().locator('i.material-icons', { hasText: 'notifications_off' }).waitFor();
    // The server has the user's subscription without P, as the peer sees it.
    await eventually(async () => {
      const s = (await serverSubs(bob, fd.webUid)).get(fd.webUid);
      check(s, 'bob sees a subscription of ' + fd.webUid);
      check(!want(s).includes('P') && want(s).includes('J'), 'want is ' + want(s));
      return true;
    }, 'the web user\'s subscription without P (muted), as bob sees it');
  }, recover);

  // 13: Carol's group: she adds the user, the user leaves it.
  const carolsGroup = 'Carol\'s book club ' + suffix;
  await steps.step('leave-group', 'leave a group someone else owns', ['sign-up'], async () => {
    const g = carol.t.getTopic(carol.t.newGroupTopicName(false));
    await g.subscribe(g.startMetaQuery().withDesc().withSub().build(), { desc: { public: { fn: carolsGroup } } });
    await g.invite(fd.webUid, null);
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
    await eventually(async () => !(await serverSubs(carol, g.name)).has(fd.webUid),
      'carol no longer sees the user among the members of ' + g.name);
  }, recover);

  // 14: delete the conversation with Carol.
  await steps.step('delete-chat', 'delete a conversation', ['sign-up'], async () => {
    if (!steps.ok('chat-by-search')) {
      // The user could not start the chat (step 05); Carol starts it so this step still runs.
      console.log('     (carol starts the chat: the user could not)');
      const tp = await attach(carol, fd.webUid);
      await tp.publish('hi, carol here ' + suffix);
      await contact(carol.name).first().waitFor();
    }
    await contextMenu(carol.name, 'Delete');
    await page.locator('.alert-container button:has-text("OK")').click();
    await contact(carol.name).first().waitFor({ state: 'detached' });
    const tp = await attach(carol, fd.webUid);
    await eventually(async () => !(await serverSubs(carol, fd.webUid)).has(fd.webUid),
      'carol no longer sees the user subscribed to their chat');
  }, recover);

  // 15: Dave, a stranger, writes; the user blocks him.
  const fromDave = 'buy cheap watches ' + suffix;
  await steps.step('block', 'block a contact', ['sign-up'], async () => {
    const tp = dave.t.getTopic(fd.webUid);
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
      const s = (await serverSubs(dave, fd.webUid)).get(fd.webUid);
      check(s, 'dave sees a subscription of ' + fd.webUid);
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
      tp = await attach(bob, fd.webUid);
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
}
