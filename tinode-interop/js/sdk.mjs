// Shared set-up for the interop scenarios: the official SDK on Node with real WebSocket and
// XMLHttpRequest providers, and small helpers that fail loudly.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { Tinode } = require('tinode-sdk');
const WebSocket = require('ws');
const BaseXHR = require('xhr2');

// xhr2 sends strings and buffers only; the SDK's large-file helper sends FormData. Encode it as
// multipart with Node's own Request, as a browser would, then send the bytes.
class XMLHttpRequest extends BaseXHR {
  send(body) {
    if (typeof FormData !== 'undefined' && body instanceof FormData) {
      const req = new Request('http://localhost/', { method: 'POST', body });
      this.setRequestHeader('Content-Type', req.headers.get('content-type'));
      req.arrayBuffer().then((buf) => super.send(Buffer.from(buf)), (err) => this.onerror && this.onerror(err));
      return;
    }
    super.send(body);
  }
}

Tinode.setNetworkProviders(WebSocket, XMLHttpRequest);
// The SDK clears its IndexedDB cache on start even with persistence off; Node has no IndexedDB,
// so answer that one call (nothing is ever stored).
Tinode.setDatabaseProvider({
  deleteDatabase() {
    const req = {};
    setTimeout(() => req.onsuccess && req.onsuccess({ target: req }), 0);
    return req;
  },
  open() {
    const req = {};
    setTimeout(() => req.onerror && req.onerror({ target: { error: new Error('no IndexedDB in Node') } }), 0);
    return req;
  },
});

// The SDK's long-polling transport re-polls with a null URL when a poll returns after
// disconnect(); xhr2 then throws from a callback. That is the SDK's own quirk, not a server reply.
process.on('uncaughtException', (err) => {
  if (err && err.code === 'ERR_INVALID_ARG_TYPE' && String(err.stack).includes('xhr2')) {
    return;
  }
  console.error('uncaught: ' + (err && err.stack ? err.stack : err));
  process.exit(4);
});

export const API_KEY = process.env.TINODE_API_KEY || 'AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K';

/** A connected client for `host:port` over the given transport ('ws' or 'lp'). */
export async function connect(host, transport = 'ws') {
  const tinode = new Tinode({
    appName: 'tinodej-interop',
    host,
    apiKey: API_KEY,
    transport,
    secure: false,
  });
  tinode.enableLogging(!!process.env.TINODE_SDK_LOG);
  // Resolve once the {hi} handshake is answered, as apps do (onConnect): over long polling every
  // request is a separate HTTP call, so a request sent before the handshake completes may overtake it.
  await new Promise((resolve, reject) => {
    tinode.onConnect = () => resolve();
    tinode.connect().catch(reject);
  });
  return tinode;
}

export function check(cond, what) {
  if (!cond) {
    throw new Error('check failed: ' + what);
  }
}

/** Resolves when `predicate()` holds, polling the SDK's state; rejects after `ms`. */
export function until(predicate, what, ms = 5000) {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = () => {
      let ok = false;
      try {
        ok = predicate();
      } catch (e) {
        ok = false;
      }
      if (ok) {
        resolve();
      } else if (Date.now() - start > ms) {
        reject(new Error('timed out waiting for ' + what));
      } else {
        setTimeout(tick, 20);
      }
    };
    tick();
  });
}

/**
 * Resolves with the async probe's first truthy value, polled every `every` ms; rejects after `ms`
 * naming `what` (a string, or a function called then for a description of the state). With `retry`,
 * a probe that throws counts as not yet and the last error is named on timeout; without it, the
 * probe's error rejects at once.
 */
export async function eventually(probe, what, { ms, every, retry = false }) {
  const start = Date.now();
  let last;
  for (;;) {
    let v;
    try {
      v = await probe();
    } catch (e) {
      if (!retry) {
        throw e;
      }
      last = e;
    }
    if (v) {
      return v;
    }
    if (Date.now() - start > ms) {
      throw new Error('timed out waiting for ' + (typeof what === 'function' ? what() : what)
        + (last ? ' (last error: ' + (last.message || last) + ')' : ''));
    }
    await new Promise((r) => setTimeout(r, every));
  }
}

/** A short random tag that keeps one run's logins, names and texts apart from another's. */
export function uniqueSuffix() {
  return Date.now().toString(36).slice(-5) + Math.floor(Math.random() * 1e4).toString(36);
}

/** Runs a scenario with a hard deadline so a broken server never hangs the build. */
export function run(name, scenario, deadlineMs = 60000) {
  const timer = setTimeout(() => {
    console.error(`${name}: FAILED: deadline of ${deadlineMs} ms exceeded`);
    process.exit(3);
  }, deadlineMs);
  scenario().then((result) => {
    clearTimeout(timer);
    console.log(JSON.stringify({ scenario: name, ok: true, ...result }));
    process.exit(0);
  }, (err) => {
    clearTimeout(timer);
    // SDK rejections are Errors (with .code for {ctrl} errors); a failed WebSocket connect rejects
    // with a ws ErrorEvent whose message is a getter, so JSON.stringify would print just {}.
    const detail = err && err.stack ? err.stack : err && err.message ? err.message : JSON.stringify(err);
    console.error(`${name}: FAILED: ${detail}`);
    process.exit(1);
  });
}
