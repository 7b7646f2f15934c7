// Corners of Tinode's session, hub and presence code that the official apps rely on, driven
// through the official SDK: the stranger preview of a chat opened by id, one's own subscription
// without attaching, 409 "must attach first" before any topic lookup, the order of the reply to
// {sub new...} and the group's presence, presence details (act on a new chat, acs N/N and off on
// unsubscribe, typing on 'me', on exchange), and deleting one's own account (also over long
// polling, where the final replies must still reach the client).
// Usage: node corners.mjs HOST:PORT [ws|lp]
import { connect, check, run, until } from './sdk.mjs';

const host = process.argv[2];
const transport = process.argv[3] || 'ws';
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1e6).toString(36);

/** A signed-up client whose raw server frames are recorded, parsed, in arrival order. */
async function signUp(name, attachMe = true) {
  const t = await connect(host, transport);
  t.frames = [];
  t.onRawMessage = (text) => {
    if (text && text !== '0') {
      t.frames.push(JSON.parse(text));
    }
  };
  const ctrl = await t.createAccountBasic(name + suffix, 'secret-' + suffix, {
    public: { fn: name + ' ' + suffix },
    login: true,
  });
  check(ctrl.code === 200, name + ' signed up');
  if (attachMe) {
    const me = t.getMeTopic();
    await me.subscribe(me.startMetaQuery().withDesc().withSub().build());
  }
  return t;
}

/** Recorded frames of one kind ('pres', 'info', 'ctrl', ...) that match `pred`. */
function seen(t, kind, pred = () => true) {
  return t.frames.filter((f) => f[kind] && pred(f[kind])).map((f) => f[kind]);
}

/** The mode of an acs the SDK may have turned into an AccessMode object, as a string. */
function modeOf(acs) {
  return acs && typeof acs.getMode === 'function' ? acs.getMode() : acs && acs.mode;
}

/** Runs a request the SDK would refuse client-side and returns the server's {ctrl} error. */
async function rejected(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the server to refuse');
}

run('corners/' + transport, async () => {
  const a = await signUp('alice');
  const b = await signUp('bob');
  const aUid = a.getCurrentUserID();
  const bUid = b.getCurrentUserID();

  // 1. "Start new chat -> By ID": TinodeWeb asks for the desc before subscribing. The server
  // previews the other user: public, and the mode a subscription would get.
  const preview = await a.getMeta(bUid, { what: 'desc' });
  check(preview.desc && preview.desc.public && preview.desc.public.fn === 'bob ' + suffix,
    'preview shows the peer: ' + JSON.stringify(preview));
  check(modeOf(preview.desc.acs) === 'JRWPASD', 'preview has the default mode: ' + modeOf(preview.desc.acs));
  const unknown = await rejected(a.getMeta('usrAQAAAAAAAAA', { what: 'desc' }));
  check(unknown.code === 404 && unknown.message.startsWith('user not found'), 'unknown user: ' + unknown.message);

  // 2. Nothing attached: publishing, unsubscribing, deleting messages are 409 before any lookup,
  // for a chat that does not exist yet and for a group that never existed.
  for (const topic of [bUid, 'grpAQAAAAAAAAA']) {
    const pub = await rejected(a.publish(topic, 'too early'));
    check(pub.code === 409 && pub.message.startsWith('must attach first'), 'pub not attached: ' + pub.code + ' ' + pub.message);
    const unsub = await rejected(a.leave(topic, true));
    check(unsub.code === 409, 'leave unsub not attached: ' + unsub.code);
  }
  a.noteKeyPress(bUid);
  await until(() => seen(a, 'ctrl', (c) => c.code === 409 && c.topic === bUid && !c.id).length > 0,
    'a note to a topic not attached is answered 409 without id');

  // 3. A new p2p chat: Bob's 'me' hears acs naming Alice as the actor, then both hear 'on'.
  const pa = a.getTopic(bUid);
  await pa.subscribe(pa.startMetaQuery().withDesc().build());
  await until(() => seen(b, 'pres', (p) => p.what === 'acs' && p.src === aUid).length > 0, 'bob hears the new chat');
  const acs = seen(b, 'pres', (p) => p.what === 'acs' && p.src === aUid)[0];
  check(acs.act === aUid && acs.dacs && acs.dacs.want && acs.dacs.given, 'acs with act and full modes: ' + JSON.stringify(acs));
  await until(() => seen(a, 'pres', (p) => p.topic === 'me' && p.src === bUid && p.what === 'on').length > 0,
    'alice sees bob online right away');
  await until(() => b.getMeTopic().getContact(aUid), 'bob has alice as a contact');

  // 4. Typing in the p2p chat reaches Bob's 'me' while Bob has the chat closed.
  pa.noteKeyPress();
  await until(() => seen(b, 'info', (i) => i.topic === 'me' && i.src === aUid && i.what === 'kp').length > 0,
    'bob sees alice typing on me');

  // 5. Own subscription without attaching: Bob renames the chat from the chat list.
  await b.setMeta(aUid, { desc: { private: { comment: 'Alice from work' } } });
  const own = await b.getMeta(aUid, { what: 'sub' });
  check(own.sub && own.sub.length === 1 && own.sub[0].user === bUid && own.sub[0].private.comment === 'Alice from work',
    'own subscription without attaching: ' + JSON.stringify(own));

  // 6. Creating a group: the reply naming the group comes before any presence naming it.
  a.frames.length = 0;
  const ga = a.getTopic(a.newGroupTopicName(false));
  await ga.subscribe(ga.startMetaQuery().withDesc().build(), { desc: { public: { fn: 'Corner ' + suffix } } });
  check(/^grp/.test(ga.name), 'group renamed to ' + ga.name);
  const replyAt = a.frames.findIndex((f) => f.ctrl && f.ctrl.topic === ga.name && f.ctrl.params && f.ctrl.params.tmpname);
  const presAt = a.frames.findIndex((f) => f.pres && f.pres.src === ga.name);
  check(replyAt >= 0 && (presAt < 0 || replyAt < presAt), 'reply before presence: ' + replyAt + ' vs ' + presAt);
  await until(() => a.getMeTopic().getContact(ga.name), 'the group is in alice\'s chat list');

  // A stranger's preview of the group: default mode, member count, no defacs.
  const gPreview = await b.getMeta(ga.name, { what: 'desc' });
  check(modeOf(gPreview.desc.acs) === 'JRWPS' && gPreview.desc.subcnt === 1 && !gPreview.desc.defacs,
    'group preview: ' + modeOf(gPreview.desc.acs) + ' ' + JSON.stringify(gPreview.desc));

  // 7. Bob joins and leaves for good: Alice, attached, hears acs N/N and off.
  const gb = b.getTopic(ga.name);
  await gb.subscribe();
  await until(() => ga.subscriber(bUid), 'alice knows bob as a member');
  a.frames.length = 0;
  await gb.leave(true);
  await until(() => seen(a, 'pres', (p) => p.topic === ga.name && p.src === bUid && p.what === 'off').length > 0,
    'alice hears bob off');
  const none = seen(a, 'pres', (p) => p.topic === ga.name && p.src === bUid && p.what === 'acs')[0];
  check(none && none.dacs.want === 'N' && none.dacs.given === 'N', 'acs N/N before off: ' + JSON.stringify(none));

  // 8. Alice deletes her account: Bob's 'me' hears the chat and the group are gone; Alice's own
  // client gets its reply (over long polling too) before the session ends.
  await a.delCurrentUser(true);
  await until(() => seen(b, 'pres', (p) => p.topic === 'me' && p.src === aUid && p.what === 'gone').length > 0,
    'bob hears alice is gone');
  await until(() => !b.getMeTopic().getContact(aUid), 'alice left bob\'s chat list');
  const reopen = await rejected(b.getTopic(aUid).subscribe());
  check(reopen.code === 404 && reopen.message.startsWith('user not found'), 'reopening the chat: ' + reopen.message);

  return { alice: aUid, bob: bUid, group: ga.name };
});
