// Generated input against every account form and endpoint: never a 5xx, never a stack trace.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: false });
});
after(() => t.close());

test('visitor forms: sign-in, sign-up, password reset', async () => {
  for (const [url, fields] of [
    ['/fr/sign-in', ['email', 'password', 'next']],
    ['/en/sign-up', ['displayName', 'email', 'password']],
    ['/fr/password-reset', ['email']],
    ['/fr/password-reset/new', ['token', 'password']],
  ] as const) {
    const { statuses } = await fuzzRoute(t.app, { method: 'POST', url, fields });
    assert.ok(statuses.get(422), `${url} refuses bad input with 422`);
  }
});

