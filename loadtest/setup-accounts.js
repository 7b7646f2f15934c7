#!/usr/bin/env node
// Prepares the accounts and topics that Tinode's Tsung scenario (loadtest/tsung.xml in
// tinode/chat) expects, over the Tinode wire protocol, on an empty or already prepared server.
//
// The scenario logs in as one of six users ("name:name123", alice..frank, the users of Tinode's
// sample database), asks `me` for its subscriptions and publishes into each of them. Here every
// pair of users gets a p2p topic and there are two group topics (all six users; the first three),
// so each user has six or seven subscriptions. Running it again reuses what already exists.
//
// usage: node setup-accounts.js [ws://127.0.0.1:6060] [apikey]
// env:   TSUNG_USERS="alice bob carol dave eve frank", password is <name>123
'use strict';
const WebSocket = require('ws');

const base = (process.argv[2] || 'ws://127.0.0.1:6060').replace(/\/+$/, '');
const apiKey = process.argv[3] || 'AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K';
const users = (process.env.TSUNG_USERS || 'alice bob carol dave eve frank').split(/\s+/).filter(Boolean);

let seq = 0;

class Conn {
  constructor(name) {
    this.name = name;
    this.waiting = new Map();
  }
  open() {
    return new Promise((resolve, reject) => {
      this.ws = new WebSocket(`${base}/v0/channels?apikey=${apiKey}`);
      this.ws.on('open', resolve);
      this.ws.on('error', reject);
      this.ws.on('message', (data) => {
        const m = JSON.parse(data.toString());
        const body = m.ctrl || m.meta;
        if (body && body.id && this.waiting.has(body.id)) {
          const w = this.waiting.get(body.id);
          this.waiting.delete(body.id);
          w(m);
        }
      });
    });
  }
  // Sends one client message and resolves with the {ctrl} or {meta} that carries its id.
  req(kind, body) {
    const id = String(++seq);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${this.name}: no reply to ${kind} ${id}`)), 10000);
      this.waiting.set(id, (m) => { clearTimeout(t); resolve(m); });
      this.ws.send(JSON.stringify({ [kind]: Object.assign({ id }, body) }));
    });
  }
  async must(kind, body, ok = (c) => c >= 200 && c < 300) {
    const m = await this.req(kind, body);
    if (m.ctrl && !ok(m.ctrl.code)) {
      throw new Error(`${this.name}: ${kind} ${JSON.stringify(body)} -> ${JSON.stringify(m.ctrl)}`);
    }
    return m;
  }
  close() { this.ws.close(); }
}

async function signIn(name) {
  const c = new Conn(name);
  await c.open();
  await c.must('hi', { ver: '0.25', ua: 'tinodej-loadtest-setup/1.0' });
  const secret = Buffer.from(`${name}:${name}123`).toString('base64');
  let m = await c.req('login', { scheme: 'basic', secret });
  if (m.ctrl.code === 401) {
    m = await c.req('acc', {
      user: 'new', scheme: 'basic', secret, login: true, tags: [name],
      desc: { public: { fn: name } },
      cred: [{ meth: 'email', val: `${name}@example.com` }],
    });
    console.log(`created ${name}: ${m.ctrl.code} ${m.ctrl.text}`);
  }
  if (m.ctrl.code !== 200) throw new Error(`${name}: cannot sign in: ${JSON.stringify(m.ctrl)}`);
  c.uid = m.ctrl.params.user;
  return c;
}

async function subscriptions(c) {
  await c.must('sub', { topic: 'me' }, (code) => code < 300 || code === 304);
  const m = await c.must('get', { topic: 'me', what: 'sub' });
  return m.meta && m.meta.sub ? m.meta.sub : [];
}

// Subscribes (creating the p2p topic or joining the group if needed), then detaches.
async function join(c, topic) {
  await c.must('sub', { topic });
  await c.must('leave', { topic });
}

async function main() {
  const conns = [];
  for (const u of users) conns.push(await signIn(u));
  const have = await subscriptions(conns[0]);
  if (have.length === 0) {
    for (let i = 0; i < conns.length; i++) {
      for (let j = i + 1; j < conns.length; j++) await join(conns[i], conns[j].uid);
    }
    const groups = [conns, conns.slice(0, 3)];
    for (const [n, members] of groups.entries()) {
      const owner = members[members.length - 1];
      const m = await owner.must('sub', { topic: 'new' + n, set: { desc: { public: { fn: `loadtest group ${n}` } } } });
      const grp = m.ctrl.topic;
      await owner.must('leave', { topic: grp });
      for (const c of members) if (c !== owner) await join(c, grp);
    }
  }
  // Messages stored so far, each topic counted once (tsung-run.sh compares two such counts).
  const seqs = new Map();
  for (const c of conns) {
    const subs = await subscriptions(c);
    for (const s of subs) if (!s.topic.startsWith('usr')) seqs.set(s.topic, s.seq || 0);
    for (const s of subs) if (s.topic.startsWith('usr')) seqs.set([c.uid, s.topic].sort().join(), s.seq || 0);
    console.log(`${c.name} (${c.uid}): ${subs.length} subscriptions`);
    c.close();
  }
  let total = 0;
  for (const v of seqs.values()) total += v;
  console.log(`messages stored: ${total}`);
}

main().catch((e) => { console.error(e.message || e); process.exit(1); });
