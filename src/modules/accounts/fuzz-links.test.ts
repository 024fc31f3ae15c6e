// Generated input against every account form and endpoint: never a 5xx, never a stack trace.
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: false });
});
after(() => t.close());

test('links from mails take any token', async () => {
  for (const url of ['/fr/confirm-email', '/fr/password-reset/new', '/en/account/email/confirm', '/fr/sign-in', '/fr/admin/users']) {
    await fuzzRoute(t.app, { method: 'GET', url, fields: ['token', 'next', 'q', 'page', 'notice', 'lang'] });
  }
});

