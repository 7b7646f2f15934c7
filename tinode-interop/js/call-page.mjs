// What the call scenario does in the two TinodeWeb pages (A: Alice, the caller; B: Bob) and how it
// checks each state of a call: placed, ringing, replaced by its new state, hung up, heard by Bob's
// other session, shown in the history. `c` is the scenario's context (see calls.mjs).
import { check } from './sdk.mjs';
import { canon, show } from './call-frames.mjs';

export function callPage(c) {
  const { host, suffix, alice, bob, pages, user, peerOf, steps, eventually, observed, meCallInfos } = c;
  const { infos, notes, awaitFrame } = c.frames;
  const { A: pa, B: pb } = pages;
  // The call message placeCall() saw published, for the checks of its later states.
  let callContent = null;
  let callNoEcho = false;

  const bubbles = (page) => page.locator('#messages-panel li');
  const callBubbles = (page) => bubbles(page).filter({ has: page.locator('.call-message') });
  const panel = (page) => page.locator('#video-container');
  const incoming = (page) => page.locator('.incoming-call');

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

  return {
    bubbles, callBubbles, panel, incoming,
    signIn, openChat, placeCall, ringing, replacement, hangUpInfos, meInfo, historyShows,
  };
}
