// Generated input against every account form and endpoint: never a 5xx, never a stack trace.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, csrfFrom, formBody, makeUser, signIn, type Browser, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';

let t: TestApp;
let user: Browser;
before(async () => {
  t = await createTestApp({ withDemo: false });
  user = await signIn(t.app, (await makeUser(t.db)).email);
});
after(() => t.close());

test('account settings forms', async () => {
  const headers = { cookie: user.cookie };
  const extra = { _csrf: user.csrf };
  for (const [url, fields] of [
    ['/fr/account/profile', ['displayName']],
    ['/fr/account/two-factor', ['code']],
    ['/fr/account/two-factor/disable', ['code']],
    ['/fr/account/tokens', ['name', 'scope']],
    ['/fr/account/tokens/00000000-0000-4000-8000-000000000000/revoke', ['id']],
    ['/fr/account/sessions/0123456789abcdef0123456789abcdef/revoke', ['handle']],
  ] as const) {
    await fuzzRoute(t.app, { method: 'POST', url, fields, headers, extra });
  }
  assert.equal((await user.get('/fr/account')).statusCode, 200, 'still signed in: nothing erased the account');
});

test('the second-factor form of a session waiting for its code', async () => {
  await makeUser(t.db, ['reviewer'], 'reviewer.fuzz@example.org');
  const res = await t.app.inject({ method: 'POST', url: '/fr/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ email: 'reviewer.fuzz@example.org', password: 'correct horse battery staple' }) });
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  const csrf = csrfFrom((await t.app.inject({ method: 'GET', url: '/fr/two-factor', headers: { cookie } })).body);
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/two-factor', fields: ['code', 'next'], headers: { cookie }, extra: { _csrf: csrf } });
});

