// Fuzzing of the news form (own file: it takes most of a minute).
import { after, before, test } from 'node:test';
import { createTestApp, makeUser, signIn, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

test('fuzz: the article form (administrator) never answers 5xx', async () => {
  const admin = await makeUser(t.db, ['platform_admin']);
  const browser = await signIn(t.app, admin.email);
  const fields = ['type', 'authorOrganisationId', 'authorKind', 'titleFr', 'titleEn', 'summaryFr', 'bodyFr', 'bodyEn', 'themes', 'countries', 'projectIds', 'campaignIds', 'status', 'publishedOn', 'datelinePlace', 'datelineDate', 'contact1Name', 'contact1Email', 'contact1Phone'];
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/news/new', fields, headers: { cookie: browser.cookie }, extra: { _csrf: browser.csrf } }, 1000);
});
