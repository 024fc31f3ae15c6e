// Fuzz of the cooperation administration forms (alliance, network and campaign edit screens, mail to members,
// joint projects, event series) signed in as a platform administrator: never a 5xx nor a stack trace.
import { after, before, test } from 'node:test';
import { createTestApp, makeUser, signIn, type TestApp } from './support/app.ts';
import { fuzzRoute } from './support/fuzz.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

test('fuzz: the cooperation edit screens, member mail, joint projects and the series form', async () => {
  const admin = await makeUser(t.db, ['platform_admin']);
  const browser = await signIn(t.app, admin.email);
  const signedIn = { headers: { cookie: browser.cookie }, extra: { _csrf: browser.csrf } };
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/alliances/alliance-education/edit', fields: ['version', 'nameFr', 'nameEn', 'summaryFr', 'summaryEn', 'foundedOn', 'countries', 'regions', 'pressContactName', 'pressContactEmail', 'coordinatorOrganisationId'], ...signedIn });
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/alliances/alliance-education/mail', fields: ['subject', 'body'], ...signedIn });
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/alliances/alliance-education/joint-projects/new', fields: ['leadOrganisationId', 'titleFr', 'titleEn', 'descriptionFr', 'descriptionEn'], ...signedIn });
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/networks/resacoop/edit', fields: ['version', 'nameFr', 'nameEn', 'descriptionFr', 'descriptionEn', 'region'], ...signedIn });
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/networks/resacoop/mail', fields: ['subject', 'body'], ...signedIn });
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/campaigns/frontexit/edit', fields: ['version', 'titleFr', 'titleEn', 'goalsFr', 'goalsEn', 'startsOn', 'endsOn', 'themes', 'countries', 'website'], ...signedIn });
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/events/series/new', fields: ['titleFr', 'titleEn', 'descriptionFr', 'descriptionEn', 'organiserIds', 'themes', 'timeZone', 'status'], ...signedIn });
});
