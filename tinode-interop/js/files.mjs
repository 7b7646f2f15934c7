// File sharing through the SDK: upload with its large-file helper, reference the upload from a
// message, download it with the SDK-signed URL (apikey/auth/secret in the query); a 5 MiB photo
// round-trips, and one byte over the advertised maxFileUploadSize is refused with 413.
// Usage: node files.mjs HOST:PORT [ws|lp]
import { connect, check, run } from './sdk.mjs';

const host = process.argv[2];
const transport = process.argv[3] || 'ws';
const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1e6).toString(36);

run('files/' + transport, async () => {
  const t = await connect(host, transport);
  await t.createAccountBasic('file' + suffix, 'secret-' + suffix, { login: true });
  const bytes = new TextEncoder().encode('tinodej file ' + suffix + ' ✓');
  const blob = new Blob([bytes], { type: 'text/plain' });
  const url = await t.getLargeFileHelper().upload(blob);
  check(typeof url === 'string' && url.startsWith('/v0/file/s/'), 'relative upload URL: ' + url);

  // Reference the upload from a message so garbage collection keeps it.
  const slf = t.getTopic('slf');
  await slf.subscribe();
  const msg = slf.createMessage('see attachment', false);
  await t.publishMessage(msg, [url]);

  const signed = t.authorizeURL(url);
  check(signed.includes('apikey=') && signed.includes('auth=token'), 'SDK signs the URL: ' + signed);
  const res = await fetch('http://' + host + signed);
  check(res.status === 200, 'download status ' + res.status);
  const got = new Uint8Array(await res.arrayBuffer());
  check(got.length === bytes.length && got.every((b, i) => b === bytes[i]), 'downloaded bytes match');
  check((res.headers.get('content-type') || '').startsWith('text/plain'), 'type from the bytes');

  // Above Undertow's 2 MiB default entity limit, below the 8 MiB that {hi} advertises.
  const photo = new Uint8Array(5 * 1024 * 1024).map((_, i) => (i * 7919 + 13) & 0xff);
  const photoUrl = await t.getLargeFileHelper().upload(new Blob([photo], { type: 'image/jpeg' }));
  const photoRes = await fetch('http://' + host + t.authorizeURL(photoUrl));
  const gotPhoto = new Uint8Array(await photoRes.arrayBuffer());
  check(photoRes.status === 200 && gotPhoto.length === photo.length && gotPhoto.every((b, i) => b === photo[i]),
    '5 MiB photo round-trips: ' + photoRes.status + ', ' + gotPhoto.length + ' bytes');
  const max = t.getServerParam('maxFileUploadSize');
  check(max === 8 * 1024 * 1024, '{hi} advertises 8 MiB: ' + max);
  let refused = null;
  try {
    await t.getLargeFileHelper().upload(new Blob([new Uint8Array(max + 1)], { type: 'application/octet-stream' }));
  } catch (e) {
    refused = e;
  }
  check(refused && refused.code === 413 && refused.message.includes('too large'), 'one byte over the limit: ' + refused);

  const anonymous = await fetch('http://' + host + url + '?apikey=' + 'AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K');
  check(anonymous.status === 401, 'download without credentials refused: ' + anonymous.status);
  return { url };
});
