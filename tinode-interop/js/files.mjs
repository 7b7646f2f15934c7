// File sharing through the SDK: upload with its large-file helper, reference the upload from a
// message, download it with the SDK-signed URL (apikey/auth/secret in the query).
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

  const anonymous = await fetch('http://' + host + url + '?apikey=' + 'AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K');
  check(anonymous.status === 401, 'download without credentials refused: ' + anonymous.status);
  return { url };
});
