// A step runner for browser scenarios: numbered steps with a screenshot each, the wire frames the
// page exchanged with the server (WebSocket frames and long-polling bodies) and the page's errors,
// dumped for the step that failed. With FIRSTDAY_CONTINUE=1 a failed step is recorded and the
// scenario goes on (steps that need it are skipped), so one run lists every failure.
// Several pages at once (e.g. two users in a call): pass { A: pageA, B: pageB } instead of a page;
// every frame then names its page, and each step has a screenshot per page (NN-step-A.png ...).
import fs from 'node:fs';
import path from 'node:path';

const FRAME_CHARS = 1200;

export class Steps {
  constructor(page, shots, { keepGoing = false, channel = '/v0/channels' } = {}) {
    // [label, page] pairs; the label is null for a single page (file names and frames as before).
    this.pages = typeof page.screenshot === 'function' ? [[null, page]] : Object.entries(page);
    this.page = this.pages[0][1];
    this.shots = shots;
    this.keepGoing = keepGoing;
    this.t0 = Date.now();
    this.frames = [];
    this.pageErrors = [];
    this.results = [];
    this.failures = [];
    this.no = 0;
    this.current = null;
    this.soft = [];
    this.provided = new Set();
    fs.rmSync(shots, { recursive: true, force: true });
    fs.mkdirSync(shots, { recursive: true });
    for (const [who, p] of this.pages) {
      this.#capture(p, who, channel);
    }
  }

  #record(who, dir, via, data) {
    const f = { t: Date.now() - this.t0, dir, via, data: String(data) };
    if (who) {
      f.who = who;
    }
    this.frames.push(f);
  }

  // Everything the page says to the server and hears back, in arrival order.
  #capture(page, who, channel) {
    const record = (dir, via, data) => this.#record(who, dir, via, data);
    page.on('websocket', (ws) => {
      if (!ws.url().includes(channel)) {
        return;
      }
      record('--', 'ws', 'open ' + ws.url());
      ws.on('framesent', (e) => record('>>', 'ws', e.payload));
      ws.on('framereceived', (e) => record('<<', 'ws', e.payload));
      ws.on('close', () => record('--', 'ws', 'closed'));
    });
    page.on('request', (r) => {
      const u = r.url();
      if (u.includes(channel + '/lp')) {
        const body = r.postData();
        if (body) {
          record('>>', 'lp', body);
        }
      } else if (u.includes('/v0/file/u')) {
        record('>>', 'http', r.method() + ' ' + u.replace(/secret=[^&]*/, 'secret=…')
          + ' content-length ' + (r.headers()['content-length'] || '?'));
      }
    });
    page.on('response', async (r) => {
      const u = r.url();
      if (r.status() >= 400) {
        record('!!', 'http', r.status() + ' ' + r.request().method() + ' ' + u.replace(/secret=[^&]*/, 'secret=…'));
      }
      try {
        if (u.includes(channel + '/lp')) {
          const body = await r.text();
          if (body) {
            record('<<', 'lp', body);
          }
        } else if (u.includes('/v0/file/u')) {
          record('<<', 'http', r.status() + ' ' + (await r.text()));
        }
      } catch (e) {
        // The page navigated away; the body is gone.
      }
    });
    page.on('requestfailed', (r) => {
      if (r.url().includes('/v0/')) {
        record('!!', 'http', 'request failed: ' + r.method() + ' ' + r.url().replace(/secret=[^&]*/, 'secret=…')
          + ' ' + (r.failure() && r.failure().errorText));
      }
    });
    page.on('pageerror', (e) => {
      this.pageErrors.push({ t: Date.now() - this.t0, text: (who ? who + ': ' : '') + String(e && e.stack ? e.stack : e) });
      record('!!', 'page', 'uncaught: ' + (e && e.message));
    });
    page.on('console', (m) => {
      if (m.type() === 'error') {
        this.pageErrors.push({ t: Date.now() - this.t0, text: (who ? who + ': ' : '') + 'console.error: ' + m.text() });
      }
    });
  }

  /** Frames the page exchanged since `from` (an index into `frames`), oldest first. */
  framesSince(from) {
    return this.frames.slice(from);
  }

  /** Client frames of one transport (and page, if several) sent since `from`, parsed. */
  sent(from, via, who) {
    return this.frames.slice(from).filter((f) => f.dir === '>>' && (!via || f.via === via) && (!who || f.who === who))
      .map((f) => parse(f.data));
  }

  /** Server frames received since `from` (by one page, if several), parsed. */
  received(from, who) {
    return this.frames.slice(from).filter((f) => f.dir === '<<' && f.via !== 'http' && (!who || f.who === who))
      .map((f) => parse(f.data));
  }

  mark() {
    return this.frames.length;
  }

  /** An extra screenshot inside the current step: NN-step-label.png (NN-step-label-A.png ... for several pages). */
  async shot(label) {
    const name = this.current ? this.current + '-' + label : label;
    await this.#screenshots(name).catch(() => {});
  }

  async #screenshots(name) {
    for (const [who, p] of this.pages) {
      await p.screenshot({ path: path.join(this.shots, name + (who ? '-' + who : '') + '.png') });
    }
  }

  /**
   * A check that fails the current step but lets it go on, so what follows in the step (and the
   * steps that need it) still runs: for protocol details the page happened to survive.
   */
  expect(cond, what) {
    if (!cond) {
      this.soft.push(what);
      console.log('     (expectation failed, going on: ' + what.substring(0, 200) + ')');
    }
  }

  /** Marks something later steps need as done (e.g. a chat exists), whichever step did it. */
  provide(key) {
    this.provided.add(key);
  }

  ok(key) {
    return this.provided.has(key) || this.results.some((r) => r.key === key && r.ok);
  }

  /**
   * Runs one step. `needs` lists keys of steps that must have passed; otherwise the step is skipped.
   * `recover` runs before the step when an earlier step failed (continue mode only).
   */
  async step(key, title, needs, fn, recover) {
    this.no++;
    const nn = String(this.no).padStart(2, '0');
    const name = nn + '-' + key;
    const missing = needs.filter((k) => !this.ok(k));
    if (missing.length > 0) {
      this.results.push({ key, name, ok: false, skipped: true });
      console.log(`SKIP ${name}: needs ${missing.join(', ')}`);
      return false;
    }
    if (this.needsRecovery && recover) {
      this.needsRecovery = false;
      try {
        await recover();
      } catch (e) {
        console.log(`     (recovery before ${name} failed: ${e.message})`);
      }
    }
    this.current = name;
    this.soft = [];
    const from = Math.max(0, this.frames.length - 4);
    const errorsFrom = this.pageErrors.length;
    const start = Date.now();
    try {
      await fn(this.mark());
      if (this.soft.length > 0) {
        throw new Error(this.soft.join('; '));
      }
      await this.#screenshots(name);
      this.results.push({ key, name, ok: true, ms: Date.now() - start });
      console.log(`ok   ${name} (${Date.now() - start} ms): ${title}`);
      return true;
    } catch (e) {
      await this.#screenshots(name + '-FAILED').catch(() => {});
      const failure = {
        step: name,
        title,
        error: e && e.message ? e.message : String(e),
        frames: this.frames.slice(from).map((f) => ({ ...f, data: clip(f.data) })),
        pageErrors: this.pageErrors.slice(errorsFrom),
      };
      this.failures.push(failure);
      this.results.push({ key, name, ok: false, ms: Date.now() - start });
      console.log(report(failure));
      if (!this.keepGoing) {
        throw new Error(`step ${name} (${title}) failed: ${failure.error}`);
      }
      this.needsRecovery = true;
      return false;
    } finally {
      this.current = null;
    }
  }

  /** Saves the record (see save()), then throws naming the steps that failed or were skipped, if any. */
  throwIfAnyFailed() {
    const failed = this.results.filter((r) => !r.ok);
    this.save();
    if (failed.length > 0) {
      throw new Error(failed.length + ' of ' + this.results.length + ' steps did not pass: '
        + failed.map((r) => r.name + (r.skipped ? ' (skipped)' : '')).join(', '));
    }
  }

  /** Writes every frame and the failures next to the screenshots. */
  save() {
    fs.writeFileSync(path.join(this.shots, 'frames.log'),
      this.frames.map((f) => `+${(f.t / 1000).toFixed(3)} ${f.who ? f.who + ' ' : ''}${f.dir} ${f.via} ${f.data}`).join('\n') + '\n');
    fs.writeFileSync(path.join(this.shots, 'failures.json'), JSON.stringify(this.failures, null, 1));
    fs.writeFileSync(path.join(this.shots, 'results.json'), JSON.stringify(this.results, null, 1));
  }
}

function parse(s) {
  try {
    return JSON.parse(s);
  } catch (e) {
    return { unparsed: s };
  }
}

function clip(s) {
  return s.length > FRAME_CHARS ? s.substring(0, FRAME_CHARS) + `… (${s.length} chars)` : s;
}

export function report(f) {
  const lines = [`FAIL ${f.step}: ${f.title}`, `     ${f.error}`, '     frames around the failure (>> page to server, << server to page):'];
  for (const fr of f.frames.slice(-60)) {
    lines.push(`       +${(fr.t / 1000).toFixed(3)} ${fr.who ? fr.who + ' ' : ''}${fr.dir} ${fr.via} ${fr.data}`);
  }
  for (const e of f.pageErrors) {
    lines.push(`     page error +${(e.t / 1000).toFixed(3)}: ${e.text.split('\n').slice(0, 4).join(' | ')}`);
  }
  return lines.join('\n');
}
