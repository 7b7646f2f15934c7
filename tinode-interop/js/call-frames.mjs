// The frames of a call as the pages exchanged them with the server (recorded by Steps): JSON
// compared regardless of key order, shown briefly, and the call {note}s and {info}s of one page.

// JSON with sorted keys: the server may re-serialise a payload with its keys in another order.
export function canon(v) {
  if (Array.isArray(v)) {
    return '[' + v.map(canon).join(',') + ']';
  }
  if (v && typeof v === 'object') {
    return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}';
  }
  return JSON.stringify(v);
}

export const show = (m) => JSON.stringify(m).substring(0, 400);

/** Queries over the frames `steps` recorded for pages 'A' and 'B'; `eventually(probe, what)` waits. */
export function callFrames(steps, eventually) {
  // What a page received since `from`: call {info}, {data} of the p2p topic.
  const infos = (from, who, event) => steps.received(from, who)
    .filter((m) => m.info && m.info.what === 'call' && (!event || m.info.event === event));
  const notes = (from, who, event) => steps.sent(from, 'ws', who)
    .filter((m) => m.note && m.note.what === 'call' && (!event || m.note.event === event));
  const framesOf = (from, who) => steps.received(from, who).map(show).join('\n        ');
  // The first frame received since `from` matching `pred`, waited for.
  const awaitFrame = (from, who, pred, what) => eventually(() => steps.received(from, who).find(pred),
    () => who + ' to receive ' + what + '; it received:\n        ' + framesOf(from, who));
  return { infos, notes, framesOf, awaitFrame };
}
