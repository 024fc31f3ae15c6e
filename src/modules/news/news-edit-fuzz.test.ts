// Fuzzing of the article edit form (own file: it takes most of a minute).
import { after, before, test } from 'node:test';
import { createTestApp, makeUser, signIn, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

test('fuzz: the article edit form (administrator) never answers 5xx', async () => {
  const admin = await makeUser(t.db, ['platform_admin']);
  const browser = await signIn(t.app, admin.email);
  const list = await t.app.inject({ method: 'GET', url: '/fr/press' });
  const slug = /href="\/fr\/news\/(aide-et-action[^"]+)"/.exec(list.body)![1]!;
  const fields = ['version', 'type', 'authorOrganisationId', 'authorKind', 'titleFr', 'bodyFr', 'themes', 'countries', 'projectIds', 'status', 'publishedOn', 'datelinePlace', 'datelineDate', 'contact2Name', 'contact2Phone'];
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/news/${slug}/edit`, fields, headers: { cookie: browser.cookie }, extra: { _csrf: browser.csrf } }, 1000);
});
