// Generated input against every account form and endpoint: never a 5xx, never a stack trace.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, makeUser, signIn, type Browser, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';

let t: TestApp;
let user: Browser;
before(async () => {
  t = await createTestApp({ withDemo: false });
  user = await signIn(t.app, (await makeUser(t.db)).email);
});
after(() => t.close());

test('forms that check the current password (argon2 on every well-formed input)', async () => {
  const headers = { cookie: user.cookie };
  const extra = { _csrf: user.csrf };
  for (const [url, fields] of [
    ['/fr/account/password', ['current', 'password']],
    ['/fr/account/email', ['email', 'current']],
    ['/fr/account/delete', ['password']],
  ] as const) {
    await fuzzRoute(t.app, { method: 'POST', url, fields, headers, extra });
  }
  assert.equal((await user.get('/fr/account')).statusCode, 200, 'still signed in: nothing erased the account');
});
