// The people a TinodeWeb user talks to in the browser scenarios: accounts driven by the official
// SDK (over WebSocket), and what they see of the server: contacts, messages, subscriptions, files.
import { connect, check } from './sdk.mjs';

/** Signs up `name` + suffix with the given tags and attaches to 'me'. */
export async function peer(host, suffix, name, tags) {
  const t = await connect(host, 'ws');
  const fn = name[0].toUpperCase() + name.substring(1) + ' ' + suffix;
  const ctrl = await t.createAccountBasic(name + suffix, 'secret-' + suffix, { login: true, public: { fn }, tags });
  check(ctrl.code === 200, name + ' signed up');
  const me = t.getMeTopic();
  await me.subscribe(me.startMetaQuery().withDesc().withSub().build());
  return { t, me, uid: t.getCurrentUserID(), name: fn };
}

export function contactOf(p, topic) {
  let found = null;
  p.me.contacts((c) => { if (c.topic === topic || c.name === topic) found = c; });
  return found;
}

export async function attach(p, topic) {
  const tp = p.t.getTopic(topic);
  if (!tp.isSubscribed()) {
    await tp.subscribe(tp.startMetaQuery().withLaterDesc().withLaterSub().withLaterData(50).build());
  }
  return tp;
}

export function messagesOf(tp) {
  const out = [];
  tp.messages((m) => out.push(m));
  return out;
}

export const text = (m) => typeof m.content === 'string' ? m.content : (m.content && m.content.txt) || '';
export const entities = (m) => (m.content && m.content.ent) || [];

/**
 * The subscriptions the server reports for `topic` to a fresh {get what:"sub"}, by user id (or topic
 * on 'me'). The SDK merges replies into its cache, so read the reply itself.
 */
export async function serverSubs(p, topic) {
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
export function want(sub) {
  const acs = sub.acs || {};
  return String(typeof acs.getWant === 'function' ? acs.getWant() : acs.want);
}

/** Fetches a file the page uploaded from the server at `host`, as the peer would (the SDK's authorised URL). */
export async function download(host, p, ref) {
  check(ref && ref.startsWith('/v0/file/s/'), 'the attachment is an out-of-band file: ' + ref);
  const url = new URL(p.t.authorizeURL(ref), 'http://' + host);
  const resp = await fetch(url);
  check(resp.ok, 'the peer downloads ' + ref + ': HTTP ' + resp.status);
  return Buffer.from(await resp.arrayBuffer());
}
