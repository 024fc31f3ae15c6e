// Fuzzing the signed-in cooperation forms (part 2 of 2): no server error, no stack trace, whatever is sent.
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { createTestApp, makeUser, signIn, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute, fuzzRuns } from '../../../tests/support/fuzz.ts';
import { partnershipRequests } from './tables.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

test('fuzz: the signed-in forms: offers, needs, requests, messages, decisions, joint project', async () => {
  const admin = await makeUser(t.db, ['platform_admin']);
  const browser = await signIn(t.app, admin.email);
  const headers = { cookie: browser.cookie };
  const extra = { _csrf: browser.csrf };
  const [req] = await t.db.select().from(partnershipRequests).where(eq(partnershipRequests.status, 'accepted'));
  const runs = fuzzRuns;
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/organisations/niger-avenir/cooperation', fields: ['skills', 'countries', 'themes', 'languages', 'volunteers', 'cofinancingCents', 'noteFr', 'noteEn', 'version'], headers, extra }, runs);
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/organisations/niger-avenir/needs', fields: ['kind', 'titleFr', 'titleEn', 'descriptionFr', 'skills', 'countries', 'themes', 'languages'], headers, extra }, runs);
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/organisations/niger-avenir/request', fields: ['fromOrganisationId', 'needId', 'subject', 'message'], headers, extra }, runs);
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/partnerships/requests/${req!.id}/messages`, fields: ['body'], headers, extra }, runs);
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/partnerships/requests/${req!.id}/decision`, fields: ['decision'], headers, extra }, runs);
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/partnerships/requests/${req!.id}/joint-project`, fields: ['titleFr', 'titleEn', 'summaryFr', 'budgetCents', 'projectId', 'org_1', 'role_1', 'share_1', 'org_2', 'role_2', 'share_2'], headers, extra }, runs);
});
