// The role × action × state table through HTTP: each role opens each page of the directory's back-office, the
// members' pages and the administration, on an active and an archived organisation, and gets the expected answer
// (303 = sent to sign in, 403 = refused, 404 = not visible, 200 = allowed).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { createTestApp, makeUser, signIn, type TestApp } from '../../../tests/support/app.ts';
import { organisationMembers, organisations } from './tables.ts';

let t: TestApp;
type Role = 'visitor' | 'user' | 'member' | 'editor' | 'org_admin' | 'platform_admin';
const roles: Role[] = ['visitor', 'user', 'member', 'editor', 'org_admin', 'platform_admin'];
const cookies = new Map<Role, string | undefined>();

before(async () => {
  t = await createTestApp({ withDemo: true });
  const [active] = await t.db.select().from(organisations).where(eq(organisations.slug, 'la-cimade'));
  const [archived] = await t.db.select().from(organisations).where(eq(organisations.slug, 'amities-cachan-vietnam'));
  await t.db.update(organisations).set({ status: 'archived' }).where(eq(organisations.id, archived!.id));
  cookies.set('visitor', undefined);
  for (const role of roles.filter((r) => r !== 'visitor')) {
    const user = await makeUser(t.db, role === 'platform_admin' ? ['platform_admin'] : []);
    const orgRole = role === 'member' ? 'member' : role === 'editor' ? 'editor' : role === 'org_admin' ? 'admin' : undefined;
    if (orgRole) for (const org of [active!, archived!]) await t.db.insert(organisationMembers).values({ organisationId: org.id, userId: user.id, role: orgRole });
    cookies.set(role, (await signIn(t.app, user.email)).cookie);
  }
});
after(() => t.close());

// Expected status per role, in the order of `roles`.
const table: [string, number[]][] = [
  ['/fr/organisations/new', [303, 200, 200, 200, 200, 200]],
  ['/fr/organisations/la-cimade/edit', [303, 403, 403, 200, 200, 200]],
  ['/fr/organisations/amities-cachan-vietnam/edit', [404, 404, 403, 200, 200, 200]], // archived entries are not revealed to visitors
  ['/fr/organisations/amities-cachan-vietnam', [404, 404, 200, 200, 200, 200]],
  ['/fr/organisations/la-cimade/members', [303, 403, 403, 403, 200, 200]],
  ['/fr/organisations/amities-cachan-vietnam/members', [303, 404, 403, 403, 200, 200]],
  ['/fr/organisations/la-cimade/audit', [303, 403, 403, 403, 200, 200]],
  ['/fr/organisations/amities-cachan-vietnam/audit', [303, 404, 403, 403, 200, 200]],
  ['/fr/organisations/la-cimade/claim', [303, 200, 403, 403, 403, 200]],
  ['/fr/organisations/amities-cachan-vietnam/claim', [303, 404, 403, 403, 403, 403]],
  ['/fr/account', [303, 200, 200, 200, 200, 200]],
  ['/fr/account/organisations', [303, 200, 200, 200, 200, 200]],
  ['/fr/account/data.zip', [303, 200, 200, 200, 200, 200]],
  ['/fr/admin', [303, 403, 403, 403, 403, 200]],
  ['/fr/admin/users', [303, 403, 403, 403, 403, 200]],
  ['/fr/admin/audit', [303, 403, 403, 403, 403, 200]],
  ['/fr/admin/outbox', [303, 403, 403, 403, 403, 200]],
  ['/fr/admin/claims', [303, 403, 403, 403, 403, 200]],
  ['/fr/admin/settings', [303, 403, 403, 403, 403, 200]],
];

test('every role × page × organisation state answers as the permission table says', async () => {
  const wrong: string[] = [];
  for (const [url, expected] of table) {
    for (const [i, role] of roles.entries()) {
      const cookie = cookies.get(role);
      const res = await t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
      if (res.statusCode !== expected[i]) wrong.push(`${role} GET ${url}: ${res.statusCode}, expected ${expected[i]}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('writes follow the same table: inviting, changing roles, archiving', async () => {
  const post = async (role: Role, url: string, fields: Record<string, string>) => {
    const cookie = cookies.get(role);
    const page = cookie ? await t.app.inject({ method: 'GET', url: '/fr/account', headers: { cookie } }) : undefined;
    const csrf = page ? (/name="_csrf" value="([^"]*)"/.exec(page.body)?.[1] ?? '') : '';
    return (await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }, payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString() })).statusCode;
  };
  const invite = [];
  for (const role of roles) invite.push(await post(role, '/fr/organisations/la-cimade/members/invite', { email: `${role}.invitee@example.org`, role: 'member' }));
  assert.deepEqual(invite, [401, 403, 403, 403, 303, 303]);
  const archive = [];
  for (const role of ['visitor', 'user', 'member', 'editor'] as Role[]) archive.push(await post(role, '/fr/organisations/la-cimade/archive', {}));
  assert.deepEqual(archive, [403, 403, 403, 403]);
});
