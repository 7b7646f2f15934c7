// The call scenario's steps 01-09: both users sign in, open their chat, Alice calls, Bob's page
// rings, he accepts, WebRTC connects, Alice hangs up, a second call is declined, and the stored
// history. `c` is the scenario's context (see calls.mjs).
import { connect, check } from './sdk.mjs';
import { canon, show } from './call-frames.mjs';
import { peerConnections } from './peer-connections.mjs';

/** Runs the steps; returns the two calls' seq and the "finished" replacement of the first, per page. */
export async function callSteps(c) {
  const { host, suffix, iceServers, callTimeout, alice, bob, hello, pages, user, steps, eventually, meCallInfos } = c;
  const { infos, notes, awaitFrame } = c.frames;
  const { bubbles, callBubbles, panel, incoming, signIn, openChat, placeCall, ringing, replacement, hangUpInfos, meInfo,
    historyShows } = c.ui;
  const { A: pa, B: pb } = pages;

  let callSeq = 0;
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

  return { callSeq, declinedSeq, finished };
}
