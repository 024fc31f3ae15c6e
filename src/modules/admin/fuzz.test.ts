// Generated input against the administration and membership forms: never a 5xx, never a stack trace.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, makeUser, signIn, type Browser, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';

let t: TestApp;
let admin: Browser;
let member: Browser;
before(async () => {
  t = await createTestApp({ withDemo: true });
  admin = await signIn(t.app, (await makeUser(t.db, ['platform_admin'])).email);
  member = await signIn(t.app, (await makeUser(t.db)).email);
});
after(() => t.close());

test('administration lists take any query string', async () => {
  for (const url of ['/fr/admin/users', '/fr/admin/audit', '/en/admin/outbox', '/fr/organisations/la-cimade/audit']) {
    const { statuses } = await fuzzRoute(t.app, { method: 'GET', url, fields: ['q', 'page', 'action', 'actor', 'organisation', 'subjectType', 'from', 'to'], headers: { cookie: admin.cookie } });
    assert.ok(statuses.get(200), url);
  }
});

test('settings, invitation, role, claim and decision forms', async () => {
  const headers = { cookie: admin.cookie };
  const extra = { _csrf: admin.csrf };
  const { statuses } = await fuzzRoute(t.app, { method: 'POST', url: '/fr/admin/settings', fields: ['territoryName', 'defaultLocale', 'contactEmail', 'removeLogo'], headers, extra });
  assert.ok(statuses.get(422));
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/organisations/la-cimade/members/invite', fields: ['email', 'role'], headers, extra });
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/organisations/la-cimade/members/00000000-0000-4000-8000-000000000000/role', fields: ['role'], headers, extra });
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/admin/claims/00000000-0000-4000-8000-000000000000/approve', fields: ['id'], headers, extra });
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/organisations/niger-avenir/claim', fields: ['message'], headers: { cookie: member.cookie }, extra: { _csrf: member.csrf } });
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/invitations/not-a-real-token-but-long-enough', fields: ['token'], headers: { cookie: member.cookie }, extra: { _csrf: member.csrf } });
});
