#!/usr/bin/env node
// Creates the distinct accounts and topics that tsung-bench.sh's scenarios log in as, on a running
// server, over the Tinode wire protocol, and writes them to Tsung CSV files (one row per session,
// fields separated by ';', read with <setdynvars sourcetype="file" order="iter">).
//
// Every account is anonymous (no password hashing; its token comes with the account) and lets
// authenticated and anonymous peers in (defacs JRWPA), as tinode-bench does. Accounts are made on
// parallel connections, one connection per account (an authenticated session cannot create another).
//
//   node tsung-setup.js s1 --users N  [--url ws://127.0.0.1:6060] [--out DIR] [--conc 32]
//       DIR/s1-users.csv        token                 N distinct users, never logged in since
//   node tsung-setup.js s2 --pairs P
//       DIR/s2-senders.csv      token;topic           topic: the receiver's user id (usr...)
//       DIR/s2-receivers.csv    token;topic           topic: the sender's user id
//   node tsung-setup.js s3 --members M
//       DIR/s3-members.csv      token;grp             M members of one group (mode JRWS: no presence)
//       DIR/s3-sender.csv       token;grp             the group's owner
//   node tsung-setup.js count --topics FILE           sum of the stored messages (max seq) of the
//                                                     topics in column 2 of FILE, seen by the row's user
'use strict';
const fs = require('fs');
const path = require('path');
const WebSocket = require('ws');

const API_KEY = 'AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K';
const DEFACS = { auth: 'JRWPA', anon: 'JRWPA' };

function parseArgs(argv) {
  const o = { cmd: argv[0], url: 'ws://127.0.0.1:6060', out: '.', conc: 32 };
  for (let i = 1; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--/, '');
    if (argv[i + 1] === undefined) throw new Error(`missing value for ${argv[i]}`);
    o[k] = /^\d+$/.test(argv[i + 1]) ? Number(argv[i + 1]) : argv[i + 1];
  }
  return o;
}

/** One WebSocket session; requests resolve with the {ctrl} or {meta} that carries their id. */
class Conn {
  constructor(url) {
    this.url = url;
    this.waiting = new Map();
    this.seq = 0;
  }
  open() {
    return new Promise((resolve, reject) => {
      this.ws = new WebSocket(`${this.url.replace(/\/+$/, '')}/v0/channels?apikey=${API_KEY}`);
      this.ws.on('open', resolve);
      this.ws.on('error', reject);
      this.ws.on('close', () => {
        for (const w of this.waiting.values()) w(null);
        this.waiting.clear();
      });
      this.ws.on('message', (data) => {
        const m = JSON.parse(data.toString());
        const body = m.ctrl || m.meta;
        const w = body && body.id && this.waiting.get(body.id);
        if (w) {
          this.waiting.delete(body.id);
          w(m);
        }
      });
    });
  }
  req(kind, body) {
    const id = String(++this.seq);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no reply to ${kind} ${JSON.stringify(body)}`)), 30000);
      this.waiting.set(id, (m) => {
        clearTimeout(t);
        if (m) resolve(m); else reject(new Error(`connection closed during ${kind}`));
      });
      this.ws.send(JSON.stringify({ [kind]: Object.assign({ id }, body) }));
    });
  }
  /** A request whose {ctrl} must carry one of the codes in ok. */
  async must(kind, body, ok = [200]) {
    const m = await this.req(kind, body);
    if (m.ctrl && !ok.includes(m.ctrl.code)) {
      throw new Error(`${kind} ${JSON.stringify(body)} -> ${JSON.stringify(m.ctrl)}`);
    }
    return m;
  }
  close() { this.ws.close(); }
}

/** A new session with a fresh anonymous account: {conn, uid, token}. */
async function newUser(url) {
  const c = new Conn(url);
  await c.open();
  await c.must('hi', { ver: '0.25', ua: 'tinodej-tsung-setup/1.0' }, [200, 201]);
  const m = await c.must('acc', { user: 'new', scheme: 'anonymous', login: true, desc: { defacs: DEFACS } });
  return { conn: c, uid: m.ctrl.params.user, token: m.ctrl.params.token };
}

/** Runs job(i) for i in [0, n) on at most conc at once; resolves with the results in order. */
async function parallel(n, conc, job) {
  const out = new Array(n);
  let next = 0;
  let done = 0;
  const started = Date.now();
  async function worker() {
    while (next < n) {
      const i = next++;
      out[i] = await job(i);
      if (++done % 1000 === 0) console.error(`  ${done}/${n} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  }
  await Promise.all(Array.from({ length: Math.min(conc, n) }, worker));
  return out;
}

function write(dir, name, rows) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, rows.map((r) => r.join(';')).join('\n') + '\n');
  console.log(`${file}: ${rows.length} rows`);
}

async function s1(o) {
  const users = await parallel(o.users, o.conc, async () => {
    const u = await newUser(o.url);
    u.conn.close();
    return u;
  });
  write(o.out, 's1-users.csv', users.map((u) => [u.token]));
}

async function s2(o) {
  const pairs = await parallel(o.pairs, o.conc, async () => {
    const a = await newUser(o.url);
    const b = await newUser(o.url);
    // Both sides subscribed: the p2p topic exists and each names it by the other's user id.
    await a.conn.must('sub', { topic: b.uid });
    await b.conn.must('sub', { topic: a.uid });
    a.conn.close();
    b.conn.close();
    return [a, b];
  });
  write(o.out, 's2-senders.csv', pairs.map(([a, b]) => [a.token, b.uid]));
  write(o.out, 's2-receivers.csv', pairs.map(([a, b]) => [b.token, a.uid]));
}

async function s3(o) {
  const owner = await newUser(o.url);
  // No P in the members' mode: members attaching would otherwise tell every attached member
  // (M*M/2 {pres} frames while they join, and a {pres} could arrive while a join waits for its
  // reply); tsung counts what members receive, which should be the messages only.
  const m = await owner.conn.must('sub', {
    topic: 'new', set: { desc: { defacs: { auth: 'JRWS', anon: 'JRWS' }, public: { fn: 'tsung S3' } } },
  });
  const grp = m.ctrl.topic;
  owner.conn.close();
  const members = await parallel(o.members, o.conc, async () => {
    const u = await newUser(o.url);
    await u.conn.must('sub', { topic: grp });
    u.conn.close();
    return u;
  });
  write(o.out, 's3-members.csv', members.map((u) => [u.token, grp]));
  write(o.out, 's3-sender.csv', [[owner.token, grp]]);
}

/** Messages stored in the topics of a CSV (token;topic rows), each topic counted once. */
async function count(o) {
  const rows = fs.readFileSync(o.topics, 'utf8').split('\n').filter(Boolean).map((l) => l.split(';'));
  const seqs = await parallel(rows.length, o.conc, async (i) => {
    const c = new Conn(o.url);
    await c.open();
    await c.must('hi', { ver: '0.25', ua: 'tinodej-tsung-setup/1.0' }, [200, 201]);
    await c.must('login', { scheme: 'token', secret: rows[i][0] });
    const r = await c.must('get', { topic: 'me', what: 'sub' }, [200, 204]);
    c.close();
    const subs = (r.meta && r.meta.sub) || [];
    const s = subs.find((x) => x.topic === rows[i][1]);
    return s ? s.seq || 0 : 0;
  });
  // A group appears on every row: count it once.
  const total = rows[0] && rows[0][1].startsWith('grp') ? seqs[0] : seqs.reduce((a, b) => a + b, 0);
  console.log(`messages stored: ${total}`);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  fs.mkdirSync(o.out, { recursive: true });
  const started = Date.now();
  switch (o.cmd) {
    case 's1': await s1(o); break;
    case 's2': await s2(o); break;
    case 's3': await s3(o); break;
    case 'count': await count(o); break;
    default: throw new Error('usage: tsung-setup.js s1|s2|s3|count [--url ws://H:P] [--out DIR] [--conc N] '
      + '[--users N] [--pairs P] [--members M] [--topics FILE]');
  }
  if (o.cmd !== 'count') console.error(`${o.cmd}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e) => { console.error(e.message || e); process.exit(1); });
