// Fuzzing of the event edit form and the organisers' erase endpoint (own file: it takes most of a minute).
import { after, before, test } from 'node:test';
import { createTestApp, makeUser, signIn, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

test('fuzz: the event edit form and the erase endpoint (administrator) never answer 5xx', async () => {
  const admin = await makeUser(t.db, ['platform_admin']);
  const browser = await signIn(t.app, admin.email);
  const list = await t.app.inject({ method: 'GET', url: '/fr/events?organiser=ens-solidarite-sud' });
  const slug = /href="\/fr\/events\/(conference-[^"]+)"/.exec(list.body)![1]!;
  const fields = ['version', 'titleFr', 'descriptionFr', 'startsAt', 'endsAt', 'timeZone', 'city', 'latitude', 'longitude', 'onlineUrl', 'organiserIds', 'themes', 'capacity', 'seriesId', 'status'];
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/events/${slug}/edit`, fields, headers: { cookie: browser.cookie }, extra: { _csrf: browser.csrf } }, 1000);
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/events/${slug}/registrations/00000000-0000-4000-8000-000000000000/erase`, fields: ['x'], headers: { cookie: browser.cookie }, extra: { _csrf: browser.csrf } }, 100);
});
