// Issue scenario: connect, create a basic account, log in by password and then by the returned
// token, read and update the own profile, change the password.
// Usage: node basic-account.mjs HOST:PORT [ws|lp]
import { connect, check, run, until } from './sdk.mjs';

const host = process.argv[2];
const transport = process.argv[3] || 'ws';
const login = 'u' + Date.now().toString(36) + Math.floor(Math.random() * 1e6).toString(36);
const password = 'pass-' + login;

run('basic-account/' + transport, async () => {
  // 1. Sign up and log in at once.
  let t = await connect(host, transport);
  const created = await t.createAccountBasic(login, password, {
    public: { fn: 'Interop ' + login },
    tags: ['interop'],
    login: true,
  });
  check(created.code === 200, 'account created and logged in, got ' + created.code);
  const uid = created.params.user;
  check(/^usr[-_A-Za-z0-9]{11}$/.test(uid), 'user id ' + uid);
  check(typeof created.params.token === 'string' && created.params.token.length > 0, 'token in the sign-up ctrl');
  check(t.getCurrentUserID() === uid, 'SDK knows who it is');
  check(t.getServerInfo().ver === '0.25', 'server version from {hi}');
  t.disconnect();

  // 2. Log in by password.
  t = await connect(host, transport);
  const byPassword = await t.loginBasic(login, password);
  check(byPassword.code === 200 && byPassword.params.user === uid, 'password login');
  const token = t.getAuthToken();
  check(token && token.token && token.expires instanceof Date, 'token with a parsed expiry date');
  t.disconnect();

  // 3. Log in by the token the server returned.
  t = await connect(host, transport);
  const byToken = await t.loginToken(token.token);
  check(byToken.code === 200 && byToken.params.user === uid, 'token login');

  // 4. Read the own profile on 'me'.
  const me = t.getMeTopic();
  await me.subscribe(me.startMetaQuery().withDesc().withSub().withTags().build());
  // The {sub} ctrl resolves the promise; the {meta} replies follow it.
  await until(() => me.public && me.tags() && me.tags().length > 0, 'profile and tags on me');
  check(me.public && me.public.fn === 'Interop ' + login, 'profile read back: ' + JSON.stringify(me.public));
  check(me.tags().includes('basic:' + login), 'basic tag present: ' + JSON.stringify(me.tags()));

  // 5. Update it and read it again.
  await me.setMeta({ desc: { public: { fn: 'Renamed ' + login } } });
  // getMeta resolves with the {meta} reply itself (it carries the request id).
  const meta = await me.getMeta(me.startMetaQuery().withDesc().build());
  check(meta && meta.desc && meta.desc.public && meta.desc.public.fn === 'Renamed ' + login,
    'updated profile in the {meta} reply: ' + JSON.stringify(meta && meta.desc));
  check(me.public.fn === 'Renamed ' + login, 'profile updated: ' + JSON.stringify(me.public));

  // 6. Change the password and log in with the new one.
  const changed = await t.updateAccountBasic(null, login, password + '-new');
  check(changed.code === 200, 'password changed');
  t.disconnect();
  t = await connect(host, transport);
  const again = await t.loginBasic(login, password + '-new');
  check(again.code === 200, 'login with the new password');
  let oldRejected = false;
  const t2 = await connect(host, transport);
  try {
    await t2.loginBasic(login, password);
  } catch (err) {
    oldRejected = err.code === 401;
  }
  check(oldRejected, 'old password rejected with 401');
  t.disconnect();
  t2.disconnect();
  return { user: uid };
});
