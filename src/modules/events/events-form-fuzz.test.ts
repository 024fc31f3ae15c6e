// Fuzzing of the event form (own file: it takes most of a minute).
import { after, before, test } from 'node:test';
import { createTestApp, makeUser, signIn, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

test('fuzz: the event form (administrator)', async () => {
  const admin = await makeUser(t.db, ['platform_admin']);
  const browser = await signIn(t.app, admin.email);
  const fields = ['titleFr', 'titleEn', 'descriptionFr', 'startsAt', 'endsAt', 'timeZone', 'placeName', 'address', 'city', 'latitude', 'longitude', 'onlineUrl', 'organiserIds', 'themes', 'capacity', 'seriesId', 'status'];
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/events/new', fields, headers: { cookie: browser.cookie }, extra: { _csrf: browser.csrf } }, 1000);
});
