// A video call between two TinodeWeb sessions (two users, two browser contexts, headless Chromium
// with fake camera and microphone) through a launcher with calls on (tinode.conf 'webrtc'):
// Alice calls Bob from the chat's menu, Bob's page rings and he accepts, the browsers negotiate
// WebRTC through the server's {note}/{info} relay and connect, Alice hangs up; then she calls
// again and Bob declines. Every step checks both pages, the frames each page exchanged with the
// server (protocol.md section 10, Tinode's server/calls.go) and what a third session of Bob's (the
// SDK, on 'me' only) hears; at the end the stored history, read back with the SDK.
// Screenshots (NN-step-A.png for Alice, NN-step-B.png for Bob), frames.log and failures.json go to
// SCREENSHOT_DIR. With FIRSTDAY_CONTINUE=1 the scenario goes on past a failed step.
// The steps are in call-steps.mjs, what they do in the pages and the checks of each call state in
// call-page.mjs, the frame queries in call-frames.mjs.
// Usage: node calls.mjs HOST:PORT SCREENSHOT_DIR ICE_SERVERS_JSON CALL_TIMEOUT_SECONDS
import { connect, check, eventually, run, uniqueSuffix } from './sdk.mjs';
import { Steps } from './steps.mjs';
import { launchChromium } from './chromium.mjs';
import { callFrames } from './call-frames.mjs';
import { recordPeerConnections } from './peer-connections.mjs';
import { callPage } from './call-page.mjs';
import { callSteps } from './call-steps.mjs';

const host = process.argv[2];
const shots = process.argv[3];
// The ICE servers tinode.conf configures: {hi} must carry them and TinodeWeb must hand them to
// RTCPeerConnection.
const iceServers = JSON.parse(process.argv[4] || 'null');
// webrtc.call_establishment_timeout, which {hi} reports as callTimeout.
const callTimeout = Number(process.argv[5]);
const keepGoing = process.env.FIRSTDAY_CONTINUE === '1';
const suffix = uniqueSuffix();
const WAIT = 10000;

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

  const browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
  let steps;
  try {
    const pages = {};
    for (const who of ['A', 'B']) {
      const ctx = await browser.newContext({ viewport: { width: 1100, height: 760 } });
      await ctx.addInitScript(recordPeerConnections);
      pages[who] = await ctx.newPage();
      pages[who].setDefaultTimeout(WAIT);
    }
    const user = { A: alice, B: bob };
    const peerOf = { A: bob, B: alice };
    steps = new Steps(pages, shots, { keepGoing });

    // The scenario's context: what the page helpers and the steps share.
    const c = {
      host, suffix, iceServers, callTimeout, alice, bob, hello, pages, user, peerOf, steps, observed, meCallInfos,
      // Polls a probe every 100 ms for up to WAIT; a probe that throws fails at once.
      eventually: (probe, what, ms = WAIT) => eventually(probe, what, { ms, every: 100 }),
    };
    c.frames = callFrames(steps, c.eventually);
    c.ui = callPage(c);

    const { callSeq, declinedSeq, finished } = await callSteps(c);

    steps.throwIfAnyFailed();
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
