// A new user's first day in TinodeWeb (served by the launcher, in headless Chromium), clicked
// through as a user would, over the transport TinodeWeb is set to in its own settings (ws or lp).
// The other people are accounts driven by the official SDK (over WebSocket); every step checks the
// outcome on both sides: what the page shows and what the peer got from the server.
// Screenshots (NN-step.png, NN-step-FAILED.png), frames.log and failures.json go to SCREENSHOT_DIR.
// With FIRSTDAY_CONTINUE=1 the scenario goes on past a failed step and reports every failure.
// The steps are in firstday-signup-chats.mjs (01-08) and firstday-groups-contacts.mjs (09-16), what
// they do in the page in firstday-page.mjs, the peers' side in peers.mjs.
// Usage: node firstday.mjs HOST:PORT ws|lp SCREENSHOT_DIR
import { eventually, run, uniqueSuffix } from './sdk.mjs';
import { Steps } from './steps.mjs';
import { launchChromium } from './chromium.mjs';
import { peer } from './peers.mjs';
import { firstDayPage } from './firstday-page.mjs';
import { signUpAndChatSteps } from './firstday-signup-chats.mjs';
import { groupAndContactSteps } from './firstday-groups-contacts.mjs';

const host = process.argv[2];
const transport = process.argv[3] || 'ws';
const shots = process.argv[4];
const keepGoing = process.env.FIRSTDAY_CONTINUE === '1';
const suffix = uniqueSuffix();
// How long the page or a peer may take to show an outcome; long polling is a little slower.
const WAIT = transport === 'lp' ? 10000 : 8000;

const web = { login: 'web' + suffix, password: 'secret-' + suffix, name: 'Web ' + suffix, renamed: 'Webster ' + suffix };

run('firstday/' + transport, async () => {
  const [bob, carol, dave] = await Promise.all([
    peer(host, suffix, 'bob', ['fdbob' + suffix]),
    peer(host, suffix, 'carol', ['fdcarol' + suffix]),
    peer(host, suffix, 'dave', ['fddave' + suffix]),
  ]);
  const browser = await launchChromium();
  let steps;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(WAIT);
    steps = new Steps(page, shots, { keepGoing });
    // The scenario's context: what the steps share. webUid and groupName are set by the steps that
    // learn them (sign-up, group-create-invite).
    const fd = {
      host, transport, suffix, web, bob, carol, dave, page, steps, wait: WAIT,
      // Polls an async probe every 200 ms for up to WAIT; a probe that throws is tried again.
      eventually: (probe, what, ms = WAIT) => eventually(probe, what, { ms, every: 200, retry: true }),
      webUid: null,
      groupName: null,
    };
    fd.ui = firstDayPage(fd);

    const sent = await signUpAndChatSteps(fd);
    await groupAndContactSteps(fd, sent);

    steps.throwIfAnyFailed();
    return { transport, web: fd.webUid, steps: steps.results.map((r) => r.name), screenshots: shots };
  } finally {
    if (steps) {
      steps.save();
    }
    await browser.close();
    for (const p of [bob, carol, dave]) {
      p.t.disconnect();
    }
  }
}, 110000);
