// A video call between two TinodeWeb sessions (two users, two browser contexts, headless Chromium
// with fake camera and microphone) through a launcher with calls on (tinode.conf 'webrtc'):
// Alice calls Bob from the chat's menu, Bob's page rings and he accepts, the browsers negotiate
// WebRTC through the server's {note}/{info} relay and connect, Alice hangs up; then she calls
// again and Bob declines. Every step checks both pages, the frames each page exchanged with the
// server (protocol.md section 10, Tinode's server/calls.go) and what a third session of Bob's (the
// SDK, on 'me' only) hears; at the end the stored history, read back with the SDK.
// Screenshots (NN-step-A.png for Alice, NN-step-B.png for Bob), frames.log and failures.json go to
// SCREENSHOT_DIR. With FIRSTDAY_CONTINUE=1 the scenario goes on past a failed step.
// Usage: node calls.mjs HOST:PORT SCREENSHOT_DIR ICE_SERVERS_JSON CALL_TIMEOUT_SECONDS
import { createRequire } from 'node:module';
import { connect, check, run } from './sdk.mjs';
import { Steps } from './steps.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const host = process.argv[2];
const shots = process.argv[3];
// The ICE servers tinode.conf configures: {hi} must carry them and TinodeWeb must hand them to
// RTCPeerConnection.
const iceServers = JSON.parse(process.argv[4] || 'null');
// webrtc.call_establishment_timeout, which {hi} reports as callTimeout.
const callTimeout = Number(process.argv[5]);
const keepGoing = process.env.FIRSTDAY_CONTINUE === '1';
const suffix = Date.now().toString(36).slice(-5) + Math.floor(Math.random() * 1e4).toString(36);
const WAIT = 10000;

// JSON with sorted keys: the server may re-serialise a payload with its keys in another order.
function canon(v) {
  if (Array.isArray(v)) {
    return '[' + v.map(canon).join(',') + ']';
  }
  if (v && typeof v === 'object') {
    return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}';
  }
  return JSON.stringify(v);
}

const show = (m) => JSON.stringify(m).substring(0, 400);

/** Resolves with the probe's first truthy value (polled every 100 ms), else rejects naming `what`. */
async function eventually(probe, what, ms = WAIT) {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (v) {
      return v;
    }
    if (Date.now() - start > ms) {
      throw new Error('timed out waiting for ' + (typeof what === 'function' ? what() : what));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Records every RTCPeerConnection the page makes, its configuration and connection states, so the
// test can see whether WebRTC connects. TinodeWeb keeps its connection in React state.
function recordPeerConnections() {
  const Native = window.RTCPeerConnection;
  window.__calls = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      const rec = { pc: this, config: args[0] || null, states: [this.connectionState], candidates: [] };
      window.__calls.push(rec);
      this.addEventListener('connectionstatechange', () => rec.states.push(this.connectionState));
      this.addEventListener('icecandidate', (e) => {
        if (e.candidate) {
          rec.candidates.push(e.candidate.candidate);
        }
      });
    }
  };
}

async function peerConnections(page) {
  return page.evaluate(() => (window.__calls || []).map((c) => ({
    config: c.config, states: c.states, state: c.pc.connectionState, candidates: c.candidates,
  })));
}

run('calls', async () => {
  // ---- The accounts, made with the SDK: Alice writes to Bob first so both have the chat. ----
  const alice = { name: 'Alice ' + suffix, login: 'alice' + suffix };
  const bob = { name: 'Bob ' + suffix, login: 'bob' + suffix };
  for (const u of [alice, bob]) {
    const t = await connect(host, 'ws');
    const ctrl = await t.createAccountBasic(u.login, 'secret-' + suffix, { login: true, public: { fn: u.name } });
    check(ctrl.code === 200, u.login + ' signed up');
    u.uid = t.getCurrentUserID();
    u.t = t;
  }
  const hello = 'can we talk? ' + suffix;
  {
    const tp = alice.t.getTopic(bob.uid);
    await tp.subscribe();
    await tp.publish(hello);
    alice.t.disconnect();
  }
  // Bob stays online in a third session, on 'me' only: what the server tells a user's other
  // sessions about his calls ({info topic:"me" what:"call"}).
  const observed = [];
  bob.t.onRawMessage = (text) => {
    try {
      observed.push(JSON.parse(text));
    } catch (e) {
      // not JSON
    }
  };
  {
    const me = bob.t.getMeTopic();
    await me.subscribe(me.startMetaQuery().withSub().build());
  }
  const meCallInfos = () => observed.filter((m) => m.info && m.info.what === 'call');

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  let steps;
  try {
    const pages = {};
    for (const who of ['A', 'B']) {
      const ctx = await browser.newContext({ viewport: { width: 1100, height: 760 } });
      await ctx.addInitScript(recordPeerConnections);
      pages[who] = await ctx.newPage();
      pages[who].setDefaultTimeout(WAIT);
    }
    const { A: pa, B: pb } = pages;
    const user = { A: alice, B: bob };
    const peerOf = { A: bob, B: alice };
    steps = new Steps(pages, shots, { keepGoing });

    const bubbles = (page) => page.locator('#messages-panel li');
    const callBubbles = (page) => bubbles(page).filter({ has: page.locator('.call-message') });
    const panel = (page) => page.locator('#video-container');
    const incoming = (page) => page.locator('.incoming-call');

    // What a page received since `from`: call {info}, {data} of the p2p topic.
    const infos = (from, who, event) => steps.received(from, who)
      .filter((m) => m.info && m.info.what === 'call' && (!event || m.info.event === event));
    const notes = (from, who, event) => steps.sent(from, 'ws', who)
      .filter((m) => m.note && m.note.what === 'call' && (!event || m.note.event === event));
    const framesOf = (from, who) => steps.received(from, who).map(show).join('\n        ');
    // The first frame received since `from` matching `pred`, waited for.
    const awaitFrame = (from, who, pred, what) => eventually(() => steps.received(from, who).find(pred),
      () => who + ' to receive ' + what + '; it received:\n        ' + framesOf(from, who));

    async function signIn(who) {
      const page = pages[who];
      await page.goto('http://' + host + '/', { waitUntil: 'load' });
      await page.fill('#inputLogin', user[who].login);
      await page.fill('#login-form input[type="password"]', 'secret-' + suffix);
      await page.click('#login-form button[type="submit"]');
      await page.locator('#side-caption-panel a:has(i:text-is("chat"))').waitFor();
    }

    async function openChat(who) {
      const page = pages[who];
      const peer = peerOf[who];
      await page.locator('#sidepanel li', { has: page.locator('span.contact-title', { hasText: peer.name }) }).first().click();
      await page.locator('#topic-title', { hasText: peer.name }).waitFor();
    }

    // Alice starts a video call from the chat's menu; returns the call's seq from the {ctrl}.
    async function placeCall(from) {
      await pa.locator('#topic-caption-panel a:has(i:text-is("more_vert"))').click();
      const menu = pa.locator('ul.menu li');
      await menu.filter({ hasText: /^Video call$/ }).waitFor();
      await menu.filter({ hasText: /^Call$/ }).waitFor();
      await steps.shot('menu');
      await menu.filter({ hasText: /^Video call$/ }).click();
      // The outgoing call panel: Alice's camera, Bob's card pulsing while it rings.
      await panel(pa).waitFor();
      const pub = await eventually(() => steps.sent(from, 'ws', 'A').find((m) => m.pub && m.pub.head && m.pub.head.webrtc),
        'Alice\'s page to publish the call message');
      // The SDK leaves false and 0 out of what it sends: aonly:false goes as no aonly at all.
      const h = pub.pub.head;
      check(pub.pub.topic === bob.uid && h.webrtc === 'started' && !h.aonly && h.mime === 'text/x-drafty',
        'the call starts with {pub topic:"' + bob.uid + '" head:{webrtc:"started", mime:"text/x-drafty"}}: ' + show(pub));
      callNoEcho = !!pub.pub.noecho;
      const ctrl = await awaitFrame(from, 'A', (m) => m.ctrl && m.ctrl.id === pub.pub.id, 'the {ctrl} for the call {pub}');
      check(ctrl.ctrl.code === 202 && ctrl.ctrl.params && ctrl.ctrl.params.seq > 0,
        'the call {pub} is accepted with 202 and params.seq: ' + show(ctrl));
      const seq = ctrl.ctrl.params.seq;
      callContent = pub.pub.content;
      // Alice's page sends the {pub} with noecho (TinodeWeb shows its own copy): only Bob gets it.
      for (const who of callNoEcho ? ['B'] : ['A', 'B']) {
        const d = await awaitFrame(from, who, (m) => m.data && m.data.seq === seq, '{data seq:' + seq + '} (the call message)');
        check(d.data.topic === peerOf[who].uid && d.data.from === alice.uid && d.data.head && d.data.head.webrtc === 'started'
          && d.data.head.mime === 'text/x-drafty' && !d.data.head.replace && canon(d.data.content) === canon(callContent),
          who + ' gets the call message {data topic:"' + peerOf[who].uid + '" from:"' + alice.uid + '" seq:' + seq
          + ' head:{webrtc:"started", mime:"text/x-drafty"} content:' + JSON.stringify(callContent) + '}: ' + show(d));
      }
      return seq;
    }

    // Bob's page shows the incoming call and tells the server it rings; Alice hears it ring.
    async function ringing(from, seq) {
      await incoming(pb).waitFor();
      await incoming(pb).locator('.caller-name', { hasText: alice.name }).waitFor();
      const note = await eventually(() => notes(from, 'B', 'ringing')[0], 'Bob\'s page to send {note event:"ringing"}');
      check(note.note.topic === alice.uid && note.note.seq === seq,
        'ringing is noted on ' + alice.uid + ' for seq ' + seq + ': ' + show(note));
      const info = await awaitFrame(from, 'A', (m) => m.info && m.info.what === 'call' && m.info.event === 'ringing',
        '{info what:"call" event:"ringing"}');
      check(info.info.topic === bob.uid && info.info.from === bob.uid && info.info.seq === seq,
        'Alice gets {info topic:"' + bob.uid + '" from:"' + bob.uid + '" what:"call" event:"ringing" seq:' + seq + '}: ' + show(info));
      check(infos(from, 'B', 'ringing').length === 0, 'Bob\'s own page does not get his ringing back');
      if (callNoEcho) {
        // The server queued any echo to Alice before the ringing Bob sent in answer to his copy.
        check(!steps.received(from, 'A').some((m) => m.data && m.data.seq === seq),
          'Alice\'s session, which published the call with noecho, does not get {data seq:' + seq + '} back');
      }
    }

    /**
     * The replacement {data} each page gets when the call changes state: seq, from the caller,
     * head {replace:":S", webrtc: state, mime, sender?, webrtc-duration?}, the call's content.
     * Returns it per page.
     */
    async function replacement(from, seq, state, { sender, duration }) {
      const got = {};
      for (const who of ['A', 'B']) {
        const d = await awaitFrame(from, who, (m) => m.data && m.data.head && m.data.head.replace === ':' + seq
          && m.data.head.webrtc === state, '{data head:{replace:":' + seq + '", webrtc:"' + state + '"}}');
        const h = d.data.head;
        const problems = [];
        if (d.data.topic !== peerOf[who].uid) problems.push('topic is not ' + peerOf[who].uid);
        if (d.data.from !== alice.uid) problems.push('from is not the caller ' + alice.uid);
        if (!(d.data.seq > seq)) problems.push('seq is not after the call message');
        if (h.mime !== 'text/x-drafty') problems.push('head.mime is not the call message\'s "text/x-drafty"');
        if (h.sender !== sender) problems.push('head.sender is ' + h.sender + ', not ' + sender);
        if (duration === undefined && 'webrtc-duration' in h) problems.push('has a webrtc-duration');
        if (duration !== undefined && !(h['webrtc-duration'] >= duration[0] && h['webrtc-duration'] <= duration[1])) {
          problems.push('webrtc-duration ' + h['webrtc-duration'] + ' is not within ' + duration.join('..') + ' ms');
        }
        if (canon(d.data.content) !== canon(callContent)) problems.push('content is not the call message\'s ' + JSON.stringify(callContent));
        check(problems.length === 0, who + '\'s replacement {data} for "' + state + '": ' + problems.join('; ') + ': ' + show(d));
        got[who] = d;
      }
      check(got.A.data.seq === got.B.data.seq, 'both pages get the same replacement seq');
      return got;
    }

    /** Both pages get {info what:"call" event:"hang-up" seq} with no 'from', after the final {data}. */
    async function hangUpInfos(from, seq, finalSeq) {
      for (const who of ['A', 'B']) {
        const info = await awaitFrame(from, who, (m) => m.info && m.info.what === 'call' && m.info.event === 'hang-up',
          '{info what:"call" event:"hang-up"}');
        check(info.info.topic === peerOf[who].uid && info.info.seq === seq && !('from' in info.info) && !info.info.src,
          who + ' gets {info topic:"' + peerOf[who].uid + '" what:"call" event:"hang-up" seq:' + seq + '} (no from: Go sends the'
          + ' topic\'s sessions the bare call info): ' + show(info));
        const all = steps.received(from, who);
        const iData = all.findIndex((m) => m.data && m.data.seq === finalSeq);
        const iInfo = all.findIndex((m) => m.info && m.info.what === 'call' && m.info.event === 'hang-up');
        check(iData >= 0 && iData < iInfo, who + ' gets the final {data} before the hang-up {info} (calls.go: the'
          + ' replacement is broadcast first)');
      }
    }

    /** Bob's third session, on 'me' only: {info topic:"me" src:<Alice> from:<from> what:"call" event seq}. */
    async function meInfo(fromIndex, event, seq, fromUid) {
      const info = await eventually(() => meCallInfos().slice(fromIndex).find((m) => m.info.event === event),
        () => 'Bob\'s SDK session on \'me\' to get {info topic:"me" what:"call" event:"' + event + '"}; it got: '
          + observed.slice(-12).map(show).join(' '));
      check(info.info.topic === 'me' && info.info.src === alice.uid && info.info.from === fromUid && info.info.seq === seq,
        'Bob\'s other session gets {info topic:"me" src:"' + alice.uid + '" from:"' + fromUid + '" what:"call" event:"'
        + event + '" seq:' + seq + '}: ' + show(info));
    }

    /** The call bubble in each page's history: one, with the final state, in place of "started". */
    async function historyShows(label, { A: textA, B: textB }) {
      for (const [who, want] of [['A', textA], ['B', textB]]) {
        const page = pages[who];
        const bubble = callBubbles(page).last();
        await bubble.locator('.call-message', { hasText: want[0] }).waitFor();
        try {
          await bubble.locator('.call-message .duration', { hasText: want[1] }).waitFor();
        } catch (e) {
          throw new Error(who + '\'s chat shows the ' + label + ' call as "'
            + (await bubble.innerText().catch(() => '?')).replace(/\s+/g, ' ') + '", not "' + want[0] + ' ' + want[1] + '"');
        }
      }
    }

    let callSeq = 0;
    let callContent = null;
    let callNoEcho = false;
    let callFrom = 0;
    let meFrom = 0;

    // 01: both users sign in through the form; {hi} carries the ICE servers, so calls are on.
    await steps.step('sign-in', 'Alice and Bob sign in to TinodeWeb in two browser contexts', [], async (from) => {
      await Promise.all([signIn('A'), signIn('B')]);
      for (const who of ['A', 'B']) {
        const hi = steps.received(from, who).find((m) => m.ctrl && m.ctrl.params && m.ctrl.params.ver);
        check(hi, who + '\'s page got the {hi} reply');
        check(canon(hi.ctrl.params.iceServers) === canon(iceServers),
          '{hi} params.iceServers are the configured ' + JSON.stringify(iceServers) + ': ' + show(hi));
        check(hi.ctrl.params.callTimeout === callTimeout, '{hi} params.callTimeout is the configured ' + callTimeout + ': ' + show(hi));
      }
    });

    // 02: both open their chat; Bob must be attached to it to hear of a call ({data} webrtc
    // "started"): without push, that is how TinodeWeb learns of an incoming call.
    await steps.step('open-chat', 'Alice opens the chat with Bob, Bob the chat with Alice', ['sign-in'], async () => {
      await Promise.all([openChat('A'), openChat('B')]);
      for (const who of ['A', 'B']) {
        await bubbles(pages[who]).filter({ hasText: hello }).first().waitFor();
      }
    });

    // 03: the call button (the chat menu's "Video call", there because {hi} had iceServers).
    await steps.step('call', 'Alice presses Video call; the call message is published', ['open-chat'], async (from) => {
      callFrom = from;
      meFrom = meCallInfos().length;
      callSeq = await placeCall(from);
      await panel(pa).locator('.caller-card.pulse .caller-name', { hasText: bob.name }).waitFor();
    });

    // 04: Bob's page rings.
    await steps.step('ringing', 'Bob\'s page shows the incoming call; Alice hears it ringing', ['call'], async (from) => {
      await ringing(callFrom, callSeq);
    });

    // 05: Bob accepts.
    let accepted = null;
    await steps.step('accept', 'Bob accepts; the call message becomes "accepted" on both pages', ['ringing'], async (from) => {
      await incoming(pb).locator('button.positive').click();
      await panel(pb).waitFor();
      await incoming(pb).waitFor({ state: 'detached' });
      const note = await eventually(() => notes(from, 'B', 'accept')[0], 'Bob\'s page to send {note event:"accept"}');
      check(note.note.seq === callSeq && note.note.topic === alice.uid, 'accept is noted for seq ' + callSeq + ': ' + show(note));
      accepted = await replacement(from, callSeq, 'accepted', { sender: bob.uid });
      const info = await awaitFrame(from, 'A', (m) => m.info && m.info.what === 'call' && m.info.event === 'accept',
        '{info what:"call" event:"accept"}');
      check(info.info.topic === bob.uid && info.info.from === bob.uid && info.info.seq === callSeq,
        'Alice gets {info topic:"' + bob.uid + '" from:"' + bob.uid + '" what:"call" event:"accept" seq:' + callSeq + '}: ' + show(info));
      const all = steps.received(from, 'A');
      check(all.findIndex((m) => m.data && m.data.seq === accepted.A.data.seq)
        < all.findIndex((m) => m.info && m.info.what === 'call' && m.info.event === 'accept'),
        'Alice gets the "accepted" {data} before the accept {info} (calls.go order)');
      check(infos(from, 'B', 'accept').length === 0, 'Bob\'s accepting page does not get an accept {info} itself');
      await meInfo(meFrom, 'accept', callSeq, bob.uid);
      // Alice's panel stops pulsing: the call is in progress on her side too.
      await panel(pa).locator('.caller-card.pulse').waitFor({ state: 'detached' });
    });

    // 06: WebRTC negotiation through the server, and the media connection itself.
    await steps.step('connected', 'offer, answer and ICE candidates are relayed; the peers connect and see each other',
      ['accept'], async () => {
        const from = callFrom;
        for (const who of ['A', 'B']) {
          const page = pages[who];
          await page.waitForFunction(() => (window.__calls || []).some((c) => c.pc.connectionState === 'connected'),
            null, { timeout: 15000 }).catch(async () => {
            throw new Error(who + '\'s RTCPeerConnection did not connect: ' + JSON.stringify(await peerConnections(page)));
          });
          const pcs = await peerConnections(page);
          check(canon((pcs[0].config || {}).iceServers) === canon(iceServers),
            who + '\'s RTCPeerConnection uses the ICE servers from {hi}: ' + JSON.stringify(pcs[0].config));
        }
        // Relayed verbatim, to the other party, as {info} on the topic as the receiver names it.
        const relay = (event, sender, receiver) => {
          const sentNotes = notes(from, sender, event);
          check(sentNotes.length > 0, sender + '\'s page sent {note event:"' + event + '"}');
          for (const n of sentNotes) {
            check(n.note.seq === callSeq && n.note.payload, sender + '\'s ' + event + ' note has seq and payload: ' + show(n));
          }
          const relayed = () => infos(from, receiver, event).filter((m) => m.info.from === user[sender].uid);
          return eventually(() => {
            const got = relayed();
            return got.length >= sentNotes.length ? got : null;
          }, () => receiver + ' to get ' + sentNotes.length + ' {info event:"' + event + '"}; it got '
            + relayed().length).then((got) => {
            for (const [i, g] of got.entries()) {
              check(g.info.topic === user[sender].uid && g.info.from === user[sender].uid && g.info.seq === callSeq,
                receiver + ' gets {info topic:"' + user[sender].uid + '" from:"' + user[sender].uid + '" event:"' + event
                + '" seq:' + callSeq + '}: ' + show(g));
              check(canon(g.info.payload) === canon(sentNotes[i].note.payload),
                receiver + '\'s ' + event + ' payload #' + i + ' is what ' + sender + ' sent: ' + show(g) + ' vs ' + show(sentNotes[i]));
            }
            check(infos(from, receiver, event).every((m) => m.info.from === user[sender].uid),
              receiver + ' gets only ' + sender + '\'s ' + event + ' events, not its own back');
          });
        };
        await relay('offer', 'A', 'B');
        check(notes(from, 'A', 'offer')[0].note.payload.type === 'offer', 'the offer payload is an SDP offer');
        await relay('answer', 'B', 'A');
        check(notes(from, 'B', 'answer')[0].note.payload.type === 'answer', 'the answer payload is an SDP answer');
        await relay('ice-candidate', 'A', 'B');
        await relay('ice-candidate', 'B', 'A');
        // Each page shows the other's camera (the remote video replaces the caller card once the
        // data channel says the camera is on), and media flows: a second of remote video played.
        for (const who of ['A', 'B']) {
          const page = pages[who];
          await panel(page).locator('.call-party.peer video').waitFor();
          await page.waitForFunction(() => {
            const v = document.querySelector('#video-container .call-party.peer video');
            return v && v.videoWidth > 0 && v.currentTime >= 1;
          }).catch(async () => {
            throw new Error(who + '\'s page did not play a second of the remote video: ' + await page.evaluate(() => {
              const v = document.querySelector('#video-container .call-party.peer video');
              return v ? 'videoWidth ' + v.videoWidth + ', currentTime ' + v.currentTime : 'no remote video';
            }).catch(() => '?'));
          });
        }
      });

    // 07: Alice hangs up: "finished" with the call's duration, both panels close.
    let finished = null;
    await steps.step('hang-up', 'Alice hangs up; both sides end and the history shows the finished call',
      ['accept'], async (from) => {
        await panel(pa).locator('#controls button.danger').click();
        await panel(pa).waitFor({ state: 'detached' });
        await panel(pb).waitFor({ state: 'detached' });
        const note = await eventually(() => notes(from, 'A', 'hang-up')[0], 'Alice\'s page to send {note event:"hang-up"}');
        check(note.note.seq === callSeq, 'hang-up is noted for seq ' + callSeq + ': ' + show(note));
        // The call lasts from the server's "accepted" to its "finished" (their timestamps), at
        // least the second of video the previous step saw.
        finished = await replacement(from, callSeq, 'finished', { duration: [1000, 10 * 60000] });
        const between = Date.parse(finished.A.data.ts) - Date.parse(accepted.A.data.ts);
        const duration = finished.A.data.head['webrtc-duration'];
        check(Math.abs(duration - between) <= 250, 'the duration ' + duration + ' ms is the ' + between
          + ' ms between the "accepted" and "finished" messages\' timestamps');
        await hangUpInfos(from, callSeq, finished.A.data.seq);
        await meInfo(meFrom, 'hang-up', callSeq, alice.uid);
        const states = await peerConnections(pa);
        check(states.some((s) => s.states.includes('connected')), 'Alice\'s connection had connected');
        // Alice's outgoing and Bob's incoming call, with its duration (m:ss), one bubble each.
        const secs = Math.floor(finished.A.data.head['webrtc-duration'] / 1000);
        const mmss = Math.floor(secs / 60) + ':' + String(secs % 60).padStart(2, '0');
        await historyShows('finished', { A: ['Outgoing call', mmss], B: ['Incoming call', mmss] });
        for (const who of ['A', 'B']) {
          check(await callBubbles(pages[who]).count() === 1, who + '\'s chat shows one call, not the call and its versions');
          await callBubbles(pages[who]).locator('i.material-icons', { hasText: who === 'A' ? 'call_made' : 'call_received' })
            .first().waitFor();
        }
      });

    // 08: a second call, declined by Bob.
    let declinedSeq = 0;
    await steps.step('decline', 'Alice calls again and Bob declines: "declined" on both pages', ['open-chat'], async (from) => {
      meFrom = meCallInfos().length;
      declinedSeq = await placeCall(from);
      if (finished) {
        // Nothing was published between the finished call and this one (Bob's page also sends a
        // hang-up when the call ends; the server must ignore it, there being no call).
        check(declinedSeq === finished.A.data.seq + 1, 'the second call is seq ' + (finished.A.data.seq + 1)
          + ' (nothing stored after "finished"), not ' + declinedSeq);
      }
      await ringing(from, declinedSeq);
      await steps.shot('ringing');
      await incoming(pb).locator('button.danger').click();
      await incoming(pb).waitFor({ state: 'detached' });
      const note = await eventually(() => notes(from, 'B', 'hang-up')[0], 'Bob\'s page to send {note event:"hang-up"}');
      check(note.note.seq === declinedSeq, 'Bob\'s hang-up is for seq ' + declinedSeq + ': ' + show(note));
      const declined = await replacement(from, declinedSeq, 'declined', { sender: bob.uid });
      await hangUpInfos(from, declinedSeq, declined.A.data.seq);
      await meInfo(meFrom, 'hang-up', declinedSeq, bob.uid);
      check(meCallInfos().slice(meFrom).every((m) => m.info.event === 'hang-up'),
        'Bob\'s other session hears only the hang-up of a declined call: ' + meCallInfos().slice(meFrom).map(show).join(' '));
      // Alice's panel plays the end tone, then closes.
      await panel(pa).waitFor({ state: 'detached' });
      await historyShows('declined', { A: ['Outgoing call', 'declined'], B: ['Incoming call', 'declined'] });
    });

    // 09: what the server stored: each call message and its replacements, read back by a fresh client.
    await steps.step('history', 'a fresh SDK client reads both calls\' final states from the server', ['hang-up', 'decline'],
      async () => {
        const t = await connect(host, 'ws');
        try {
          const got = [];
          let end = null;
          t.onRawMessage = (text) => {
            const m = JSON.parse(text);
            if (m.data) {
              got.push(m.data);
            } else if (m.ctrl && m.ctrl.params && m.ctrl.params.what === 'data') {
              end = m.ctrl;
            }
          };
          await t.loginBasic(alice.login, 'secret-' + suffix);
          const tp = t.getTopic(bob.uid);
          await tp.subscribe(tp.startMetaQuery().withLaterData(50).build());
          // The {ctrl what:"data"} closes the batch.
          await eventually(() => end, 'the {ctrl params.what:"data"} after the history');
          check(got.length === declinedSeq + 1, 'the history holds seq 1..' + (declinedSeq + 1) + ': ' + got.map(show).join(' '));
          const bySeq = new Map(got.map((d) => [d.seq, d]));
          // {get data} answers newest first.
          got.sort((x, y) => x.seq - y.seq);
          const versions = (seq) => got.filter((d) => d.head && d.head.replace === ':' + seq).map((d) => d.head.webrtc);
          check(bySeq.get(callSeq).head.webrtc === 'started', 'the first call message is stored as "started"');
          check(canon(versions(callSeq)) === canon(['accepted', 'finished']),
            'the first call was replaced by "accepted" then "finished": ' + JSON.stringify(versions(callSeq)));
          check(canon(versions(declinedSeq)) === canon(['declined']),
            'the second call was replaced by "declined": ' + JSON.stringify(versions(declinedSeq)));
          const fin = got.find((d) => d.head && d.head.replace === ':' + callSeq && d.head.webrtc === 'finished');
          check(fin.head['webrtc-duration'] === finished.A.data.head['webrtc-duration'],
            'the stored duration is the one broadcast: ' + show(fin));
          // The SDK routes each {data} on a timer of its own, after the raw frame.
          const latest = (seq) => eventually(() => tp.latestMsgVersion(seq), 'the SDK to have a later version of seq ' + seq);
          check((await latest(callSeq)).head.webrtc === 'finished', 'the SDK resolves the first call to "finished"');
          check((await latest(declinedSeq)).head.webrtc === 'declined', 'the SDK resolves the second call to "declined"');
        } finally {
          t.disconnect();
        }
      });

    const failed = steps.results.filter((r) => !r.ok);
    steps.save();
    if (failed.length > 0) {
      throw new Error(failed.length + ' of ' + steps.results.length + ' steps did not pass: '
        + failed.map((r) => r.name + (r.skipped ? ' (skipped)' : '')).join(', '));
    }
    return { alice: alice.uid, bob: bob.uid, call: callSeq, declined: declinedSeq,
      duration: finished && finished.A.data.head['webrtc-duration'], steps: steps.results.map((r) => r.name), screenshots: shots };
  } finally {
    if (steps) {
      steps.save();
    }
    await browser.close();
    bob.t.disconnect();
  }
}, 90000);
