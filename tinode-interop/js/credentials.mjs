// Issue scenario: sign-up with e-mail validation (the codes come from the test's SMTP server
// through CODE_URL), login with the code, a second address added, answered and deleted, the only
// validated address protected, and a password reset by a mailed code.
// Usage: node credentials.mjs HOST:PORT ws|lp CODE_URL
import { connect, check, run, until, uniqueSuffix } from './sdk.mjs';

const host = process.argv[2];
const transport = process.argv[3] || 'ws';
const codeUrl = process.argv[4];
const login = 'c' + uniqueSuffix();
const password = 'pass-' + login;
const addr = login + '@example.com';
const addr2 = login + '.two@example.com';

/** The code in the n-th message to `to` (the test's mailbox waits for it). */
async function mailedCode(to, n) {
  const r = await fetch(`${codeUrl}/code?to=${encodeURIComponent(to)}&n=${n}`);
  check(r.ok, `code ${n} for ${to}: HTTP ${r.status}`);
  return (await r.text()).trim();
}

/** The {ctrl} error code a rejected request carries, or 0 if it succeeded. */
async function errorCode(promise) {
  try {
    await promise;
    return 0;
  } catch (err) {
    return err.code;
  }
}

run('credentials/' + transport, async () => {
  // 1. The server asks for an e-mail at sign-up; the account waits for its code.
  let t = await connect(host, transport);
  const req = t.getServerInfo().reqCred;
  check(req && Array.isArray(req.auth) && req.auth.includes('email'), 'reqCred ' + JSON.stringify(req));
  const created = await t.createAccountBasic(login, password, { login: true, cred: [{ meth: 'email', val: addr }] });
  check(created.code === 300 && created.text === 'validate credentials', 'sign-up asks for validation: '
    + JSON.stringify(created));
  check(JSON.stringify(created.params.cred) === '["email"]', 'missing methods ' + JSON.stringify(created.params.cred));
  check(!t.isAuthenticated(), 'not logged in before validation');
  const code1 = await mailedCode(addr, 1);

  // 2. A wrong code keeps asking; the mailed one logs in.
  const wrong = await t.loginBasic(login, password, [{ meth: 'email', resp: code1 === '000000' ? '111111' : '000000' }]);
  check(wrong.code === 300, 'wrong code still 300, got ' + wrong.code);
  const ok = await t.loginBasic(login, password, [{ meth: 'email', resp: code1 }]);
  check(ok.code === 200 && t.isAuthenticated(), 'login with the code: ' + ok.code);

  // 3. The validated address is listed on 'me' and became a tag.
  const me = t.getMeTopic();
  await me.subscribe(me.startMetaQuery().withDesc().withTags().withCred().build());
  await until(() => me.getCredentials() && me.getCredentials().length === 1 && me.tags()
    && me.tags().length > 0, 'credentials and tags on me');
  const first = me.getCredentials()[0];
  check(first.meth === 'email' && first.val === addr && first.done === true, 'credential ' + JSON.stringify(first));
  check(me.tags().includes('email:' + addr), 'email tag ' + JSON.stringify(me.tags()));

  // 4. A second address: added, a wrong answer refused (406), the mailed code accepted.
  const added = await me.setMeta({ cred: { meth: 'email', val: addr2 } });
  check(added.code === 200, 'second address added: ' + added.code);
  const code2 = await mailedCode(addr2, 1);
  check(await errorCode(me.setMeta({ cred: { meth: 'email', resp: 'x' + code2 } })) === 406, 'wrong answer 406');
  const answered = await me.setMeta({ cred: { meth: 'email', resp: code2 } });
  check(answered.code === 200, 'second address validated: ' + answered.code);
  await me.getMeta(me.startMetaQuery().withCred().build());
  await until(() => me.getCredentials().filter((c) => c.done).length === 2, 'two validated addresses');
  // The SDK re-reads the tags on {pres what:"tags"}; wait for that read, so no request is pending
  // when the connection closes (the SDK would reject it unhandled).
  await until(() => me.tags().includes('email:' + addr2), 'tag of the second address');

  // 5. The second one deleted; then the only validated address cannot be (422).
  const deleted = await me.delCredential('email', addr2);
  check(deleted.code === 200, 'second address deleted: ' + deleted.code);
  await until(() => !me.tags().includes('email:' + addr2), 'tag of the deleted address gone');
  check(await errorCode(me.delCredential('email', addr)) === 422, 'the last validated address is kept');
  t.disconnect();

  // 6. Password reset: a code by mail, then a new password with it; the session stays anonymous.
  t = await connect(host, transport);
  const reset = await t.requestResetAuthSecret('basic', 'email', addr);
  check(reset.code === 301 && reset.text === 'auth reset', 'reset requested: ' + JSON.stringify(reset));
  const code3 = await mailedCode(addr, 2);
  const secret = Buffer.from(code3 + ':email:' + addr).toString('base64');
  const changed = await t.updateAccountBasic(null, null, password + '-new', { scheme: 'code', secret });
  check(changed.code === 200, 'new password set with the code: ' + changed.code);
  check(!t.isAuthenticated(), 'the code does not log in');
  t.disconnect();
  t = await connect(host, transport);
  const again = await t.loginBasic(login, password + '-new');
  check(again.code === 200, 'login with the new password: ' + again.code);
  t.disconnect();
  return { user: ok.params.user };
});
