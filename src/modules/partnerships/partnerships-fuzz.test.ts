// Fuzzing the public cooperation search and contact form (part 1 of 2; the signed-in forms are in part 2):
// no server error, no stack trace, whatever is sent.
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

test('fuzz: the public search and contact form', async () => {
  await fuzzRoute(t.app, { method: 'GET', url: '/fr/partnerships', fields: ['country', 'theme'] });
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/partnerships/contact/solidarite-cachan-soroma', fields: ['senderName', 'senderOrganisation', 'senderEmail', 'senderCountry', 'themes', 'subject', 'message', 'consent', 'website'] });
});
