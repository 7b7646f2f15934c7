#!/usr/bin/env node
// Summarises one tsung run of tsung-bench.sh: response-time percentiles per transaction (from
// tsung-fullstats.log), tsung's counters (last dump of tsung.log), the rates each scenario
// reports, and every error tsung counted. Exits 1 when tsung counted any error, when a session
// did not finish, or when the server stored fewer messages than tsung saw acknowledged.
//
//   node tsung-summary.js RUNDIR S1|S2C|S2O|S3
// env (set by tsung-bench.sh): USERS PAIRS PUB_S THINK_S RATE_OFFERED MEMBERS MESSAGES SPACING_S
//   EXPECTED_SESSIONS, STORED (messages the server stored during the run, or empty), VARS_BEFORE VARS_AFTER
//   (/debug/vars JSON), WALL_S (tsung's wall time)
'use strict';
const fs = require('fs');
const path = require('path');

const [dir, scenario] = process.argv.slice(2);
const env = (k, d = '') => (process.env[k] === undefined || process.env[k] === '' ? d : process.env[k]);
const num = (k) => Number(env(k, '0'));

/** Samples per name from fullstats: {sample,NAME,[v,...]} and {sample,NAME,v}. */
function samples(file) {
  const text = fs.readFileSync(file, 'utf8').replace(/\s+/g, '');
  const out = new Map();
  const re = /\{sample,([a-z_A-Z0-9]+),(\[[-0-9.e+,]*\]|[-0-9.e+]+)\}/g;
  let m;
  while ((m = re.exec(text)) !== null) {
    const vals = m[2].startsWith('[') ? m[2].slice(1, -1).split(',').filter(Boolean).map(Number) : [Number(m[2])];
    if (!out.has(m[1])) out.set(m[1], []);
    const arr = out.get(m[1]);
    for (const v of vals) arr.push(v);
  }
  return out;
}

/** Totals of the last "# stats: dump" block of tsung.log; a name logged twice is summed. */
function counters(file) {
  const blocks = fs.readFileSync(file, 'utf8').split(/^# stats: dump at \d+$/m);
  const perInterval = [];
  let last = new Map();
  for (const b of blocks.slice(1)) {
    const m = new Map();
    const interval = new Map();
    for (const line of b.split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f[0] !== 'stats:' || !/^[a-z_A-Z0-9]+$/.test(f[1])) continue;
      const total = f.length === 4 ? Number(f[3]) : Number(f[8]);
      m.set(f[1], (m.get(f[1]) || 0) + total);
      interval.set(f[1], (interval.get(f[1]) || 0) + Number(f[2]));
    }
    if (m.size) last = m;
    perInterval.push(interval);
  }
  return { last, perInterval };
}

function pct(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const f2 = (v) => (Number.isFinite(v) ? v.toFixed(2) : '-');
const s = samples(path.join(dir, 'tsung-fullstats.log'));
const { last: c, perInterval } = counters(path.join(dir, 'tsung.log'));
const lines = [];
const out = (l) => lines.push(l);

out(`== ${scenario}: response times in ms (tsung: from sending a request to the first frame back)`);
out('name            count     p50      p90      p99    p99.9      max     mean');
const order = ['connect', 'tr_connect', 'tr_hi', 'tr_login', 'tr_sub_me', 'tr_join', 'tr_pub', 'request'];
for (const name of [...order, ...[...s.keys()].filter((k) => !order.includes(k) && k !== 'page')]) {
  const v = s.get(name);
  if (!v || !v.length) continue;
  v.sort((a, b) => a - b);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  out(`${name.padEnd(12)} ${String(v.length).padStart(8)} ${[50, 90, 99, 99.9].map((p) => f2(pct(v, p)).padStart(8)).join(' ')} `
    + `${f2(v[v.length - 1]).padStart(8)} ${f2(mean).padStart(8)}`);
}

const get = (k) => c.get(k) || 0;
const pubs = (s.get('tr_pub') || []).length;
out('== rates');
if (scenario === 'S1') {
  // match.log: the time each session's {hi} and its {sub me} were answered (do="log" matches).
  const hi = new Map();
  const ready = new Map();
  for (const l of fs.readFileSync(path.join(dir, 'match.log'), 'utf8').split('\n')) {
    const f = l.split(' ');
    if (f[6] === 'hi') hi.set(f[1], Number(f[0]));
    if (f[6] === 'ready') ready.set(f[1], Number(f[0]));
  }
  const first = Math.min(...hi.values());
  const last = Math.max(...ready.values());
  const span = last - first;
  out(`sessions ready (hi, login, sub me all answered): ${ready.size} of ${num('USERS')}`);
  out(`setup rate achieved: ${span > 0 ? (ready.size / span).toFixed(0) : '-'} sessions/s (${ready.size} in `
    + `${span.toFixed(2)} s from the first hi answered to the last sub me answered; offered ${env('RATE_OFFERED')}/s)`);
  const per = [...ready.entries()].filter(([u]) => hi.has(u)).map(([u, t]) => (t - hi.get(u)) * 1000).sort((a, b) => a - b);
  out(`per session, hi answered -> sub me answered (ms): p50 ${f2(pct(per, 50))} p99 ${f2(pct(per, 99))} max ${f2(per[per.length - 1])}`);
}
if (scenario === 'S2C' || scenario === 'S2O') {
  const secs = num('PUB_S');
  out(`pubs acknowledged (202): ${pubs}; each of ${num('PAIRS')} senders published for ${secs} s: `
    + `${(pubs / secs).toFixed(0)} pubs/s in all`);
  if (scenario === 'S2O') {
    // Each sender's pubs are due at 0, T, 2T, ... while before the deadline: ceil(duration / T) each.
    const each = Math.ceil((secs * 1000) / num('PERIOD_MS'));
    const scheduled = each * num('PAIRS');
    out(`open loop: ${pubs} of ${scheduled} scheduled pubs acknowledged, `
      + `${(pubs / ((each * num('PERIOD_MS')) / 1000)).toFixed(0)} pubs/s over the ${each} periods of ${num('PERIOD_MS')} ms`);
    if (pubs < scheduled) {
      out('WARNING senders fell behind their schedule: the offer was not achieved, and latencies '
        + 'are from when pubs were sent, not from when they were due');
    }
    out(`offered: ${env('RATE_OFFERED')} msgs/s (each sender one pub every ${env('THINK_S')} s on a fixed schedule; `
      + 'a sender has at most one pub in flight, so an ack later than the period delays its next pubs)');
  }
  out(`receivers' socket reads while idle: ${get('async_unknown_data_rcv')} (one read may hold several {data})`);
}
if (scenario === 'S3') {
  const expected = num('MESSAGES') * num('MEMBERS');
  const peak = Math.max(0, ...perInterval.map((m) => m.get('async_unknown_data_rcv') || 0));
  out(`messages acknowledged: ${pubs} of ${num('MESSAGES')}, ${env('SPACING_S')} s apart, to ${num('MEMBERS')} members`);
  out(`members' socket reads while idle: ${get('async_unknown_data_rcv')} (expected ${expected} deliveries; `
    + 'one read may hold several frames, so fewer reads is not a loss by itself)');
  out(`busiest tsung stats interval (10 s): ${peak} reads, ${(peak / 10).toFixed(0)}/s`);
  if (get('async_unknown_data_rcv') < expected) {
    out('WARNING fewer reads than deliveries: frames shared reads, or members were disconnected '
      + '(the server drops a member that reads too slowly; see its log)');
  }
}
if (env('STORED') !== '') {
  out(`server: messages stored during the run: ${env('STORED')}`);
}
try {
  const a = JSON.parse(env('VARS_BEFORE', '{}'));
  const b = JSON.parse(env('VARS_AFTER', '{}'));
  const wall = num('WALL_S') || 1;
  for (const k of ['IncomingMessagesWebsockTotal', 'OutgoingMessagesWebsockTotal', 'TotalSessions']) {
    if (k in b) out(`server ${k}: +${b[k] - (a[k] || 0)} (${((b[k] - (a[k] || 0)) / wall).toFixed(0)}/s over ${wall} s of tsung)`);
  }
} catch (e) {
  out(`server counters unreadable: ${e.message}`);
}

// The host's CPU as tsung's controller samples it (cpu_sup: all cores, every process): on the
// 2-core machines, near 100 % means both cores were busy, driver and server included.
const cpu = fs.readFileSync(path.join(dir, 'tsung.log'), 'utf8').split('\n')
  .filter((l) => l.startsWith('stats: {cpu,')).map((l) => Number(l.trim().split(/\s+/)[3])).filter(Number.isFinite);
if (cpu.length) {
  out(`host CPU busy (all cores, per 10 s): max ${Math.max(...cpu).toFixed(0)} %, `
    + `mean ${(cpu.reduce((a, b) => a + b, 0) / cpu.length).toFixed(0)} %`);
}

// Failures: tsung's error_* counters, failed matches (nomatch, match_stop = session aborted),
// timeouts, failed WebSocket handshakes, sessions started but not finished.
out('== errors');
const bad = [...c.entries()].filter(([k, v]) => v > 0
  && (/^error/.test(k) || ['nomatch', 'match_stop', 'timeout', 'websocket_fail', 'max_repeat'].includes(k)));
const started = get('users_count');
const finished = get('finish_users_count');
out(`sessions started ${started}, finished ${finished}; matches ok ${get('match')}`);
for (const [k, v] of bad) out(`ERROR ${k}: ${v}`);
const expected = num('EXPECTED_SESSIONS');
let failed = bad.length > 0 || started !== finished || started === 0;
if (expected && started !== expected) {
  out(`ERROR sessions started ${started}, expected ${expected} (arrival phase too short for the rate?)`);
  failed = true;
}
if (started !== finished) out(`ERROR sessions not finished: ${started - finished}`);
if (env('STORED') !== '' && Number(env('STORED')) < pubs) {
  out(`ERROR the server stored ${env('STORED')} messages but tsung saw ${pubs} acknowledged`);
  failed = true;
}
out(failed ? 'RESULT: FAILED (see the errors above and tsung_controller@*.log)' : 'RESULT: ok, no errors');
console.log(lines.join('\n'));
process.exit(failed ? 1 : 0);
