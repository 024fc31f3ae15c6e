// Organisation members through HTTP: a signed-in user creates an organisation and becomes its administrator,
// invites by e-mail (expiring link), changes roles, removes members but never the last administrator; claims of
// existing entries go through a platform administrator; each organisation sees its own audit log.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog } from '../../kernel/tables.ts';
import { createTestApp, makeUser, signIn, uniqueEmail, type TestApp } from '../../../tests/support/app.ts';
import { lastMailTo, linkIn } from '../../../tests/support/mail.ts';
import { organisationInvitations, organisationMembers, organisations } from './tables.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const orgId = async (slug: string) => (await t.db.select().from(organisations).where(eq(organisations.slug, slug)))[0]!.id;
const roleOf = async (slug: string, userId: string) =>
  (await t.db.select().from(organisationMembers).where(and(eq(organisationMembers.organisationId, await orgId(slug)), eq(organisationMembers.userId, userId))))[0]?.role;

test('a user creates an organisation, invites a colleague who joins with the role, then manages roles', async () => {
  const founder = await makeUser(t.db);
  const browser = await signIn(t.app, founder.email);
  assert.equal((await browser.post('/fr/organisations/new', { nameFr: 'Les Amis du Fleuve', subtype: 'citizen' })).statusCode, 303);
  assert.equal(await roleOf('les-amis-du-fleuve', founder.id), 'admin');
  const mine = await browser.get('/fr/account/organisations');
  assert.match(mine.body, /Les Amis du Fleuve/);
  assert.match(mine.body, /\(Administrateur\)/);

  const colleagueEmail = uniqueEmail('colleague');
  const bad = await browser.post('/fr/organisations/les-amis-du-fleuve/members/invite', { email: 'not an address', role: 'boss' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /value="not an address"/);
  assert.equal((await browser.post('/fr/organisations/les-amis-du-fleuve/members/invite', { email: colleagueEmail, role: 'editor' })).statusCode, 303);
  const mail = await lastMailTo(t.db, colleagueEmail);
  assert.equal(mail?.kind, 'organisation.invitation');
  assert.match(mail!.subject, /Les Amis du Fleuve/);
  const link = linkIn(mail!.text);

  // A visitor sees the invitation and is offered to sign in or sign up.
  const visitorView = await t.app.inject({ method: 'GET', url: link });
  assert.equal(visitorView.statusCode, 200);
  assert.match(visitorView.body, /Se connecter pour accepter/);
  // Someone else signed in cannot accept it.
  const stranger = await signIn(t.app, (await makeUser(t.db)).email);
  assert.match((await stranger.get(link)).body, /connectez-vous avec ce compte/);
  assert.equal((await stranger.post(link, {})).statusCode, 403);
  // The colleague (account with the invited address) accepts.
  const colleague = await makeUser(t.db, [], colleagueEmail);
  const colleagueBrowser = await signIn(t.app, colleagueEmail);
  const accepted = await colleagueBrowser.post(link, {});
  assert.equal(accepted.statusCode, 303);
  assert.equal(accepted.headers.location, '/fr/organisations/les-amis-du-fleuve?notice=members.joined');
  assert.equal(await roleOf('les-amis-du-fleuve', colleague.id), 'editor');
  assert.equal((await t.app.inject({ method: 'GET', url: link })).statusCode, 410, 'the link works once');
  // An editor does not manage members.
  assert.equal((await colleagueBrowser.get('/fr/organisations/les-amis-du-fleuve/members')).statusCode, 403);

  // Role change and removal; the last administrator stays.
  const base = '/fr/organisations/les-amis-du-fleuve/members';
  assert.equal((await browser.post(`${base}/${colleague.id}/role`, { role: 'admin' })).statusCode, 303);
  assert.equal(await roleOf('les-amis-du-fleuve', colleague.id), 'admin');
  assert.equal((await browser.post(`${base}/${colleague.id}/role`, { role: 'member' })).statusCode, 303);
  const demoteSelf = await browser.post(`${base}/${founder.id}/role`, { role: 'member' });
  assert.equal(demoteSelf.statusCode, 409);
  assert.match(demoteSelf.body, /au moins un administrateur/);
  const removeSelf = await browser.post(`${base}/${founder.id}/remove`, {});
  assert.equal(removeSelf.statusCode, 409);
  assert.equal((await browser.post('/fr/organisations/les-amis-du-fleuve/leave', {})).statusCode, 409);
  assert.equal((await browser.post(`${base}/${colleague.id}/remove`, {})).statusCode, 303);
  assert.equal(await roleOf('les-amis-du-fleuve', colleague.id), undefined);
  const actions = (await t.db.select().from(auditLog).where(eq(auditLog.organisationId, await orgId('les-amis-du-fleuve')))).map((a) => a.action);
  for (const a of ['organisation.created', 'membership.invited', 'membership.joined', 'membership.role_changed', 'membership.removed']) assert.ok(actions.includes(a), a);
  // The organisation's administrator reads its log; a non-member cannot.
  const log = await browser.get('/fr/organisations/les-amis-du-fleuve/audit');
  assert.equal(log.statusCode, 200);
  assert.match(log.body, /membership\.removed/);
  assert.equal((await stranger.get('/fr/organisations/les-amis-du-fleuve/audit')).statusCode, 403);
});

test('invitations expire, can be sent again with a new link, or cancelled', async () => {
  const founder = await makeUser(t.db);
  const browser = await signIn(t.app, founder.email);
  await browser.post('/fr/organisations/new', { nameFr: 'Puits pour Tous', subtype: 'citizen' });
  const email = uniqueEmail('late');
  await browser.post('/fr/organisations/puits-pour-tous/members/invite', { email, role: 'member' });
  const oldLink = linkIn((await lastMailTo(t.db, email))!.text);
  await t.db.update(organisationInvitations).set({ expiresAt: sql`now() - interval '1 day'` }).where(eq(organisationInvitations.email, email));
  assert.equal((await t.app.inject({ method: 'GET', url: oldLink })).statusCode, 410, 'expired');
  const page = await browser.get('/fr/organisations/puits-pour-tous/members');
  assert.match(page.body, /Expirée/);
  const id = /invitations\/([0-9a-f-]{36})\/resend/.exec(page.body)![1]!;
  assert.equal((await browser.post(`/fr/organisations/puits-pour-tous/invitations/${id}/resend`, {})).statusCode, 303);
  const newLink = linkIn((await lastMailTo(t.db, email))!.text);
  assert.notEqual(newLink, oldLink);
  assert.equal((await t.app.inject({ method: 'GET', url: newLink })).statusCode, 200);
  assert.equal((await browser.post(`/fr/organisations/puits-pour-tous/invitations/${id}/revoke`, {})).statusCode, 303);
  assert.equal((await t.app.inject({ method: 'GET', url: newLink })).statusCode, 410, 'cancelled');
});

test('invitations are rate-limited per invited address', async () => {
  const founder = await makeUser(t.db);
  const browser = await signIn(t.app, founder.email);
  await browser.post('/fr/organisations/new', { nameFr: 'Spam Test', subtype: 'citizen' });
  const codes: number[] = [];
  for (let i = 0; i < 4; i++) codes.push((await browser.post('/fr/organisations/spam-test/members/invite', { email: 'target@example.org', role: 'member' })).statusCode);
  assert.deepEqual(codes, [303, 303, 303, 429]);
});

test('claiming an existing entry: request, platform administrator approves, the claimant administers it', async () => {
  const claimant = await makeUser(t.db);
  const browser = await signIn(t.app, claimant.email);
  const page = await browser.get('/fr/organisations/niger-avenir');
  assert.match(page.body, /Demandez à la gérer/);
  assert.equal((await browser.post('/fr/organisations/niger-avenir/claim', { message: 'court' })).statusCode, 422);
  assert.equal((await browser.post('/fr/organisations/niger-avenir/claim', { message: 'Je suis la trésorière, joignable au siège.' })).statusCode, 303);
  assert.equal((await browser.post('/fr/organisations/niger-avenir/claim', { message: 'Je suis la trésorière, joignable au siège.' })).statusCode, 409, 'one pending claim at a time');
  assert.equal((await browser.get('/fr/organisations/niger-avenir/members')).statusCode, 403);
  assert.equal((await browser.get('/fr/admin/claims')).statusCode, 403);

  const admin = await makeUser(t.db, ['platform_admin']);
  const adminBrowser = await signIn(t.app, admin.email);
  const claims = await adminBrowser.get('/fr/admin/claims');
  assert.match(claims.body, /Je suis la trésorière/);
  const id = /\/fr\/admin\/claims\/([0-9a-f-]{36})\/approve/.exec(claims.body)![1]!;
  assert.equal((await browser.post(`/fr/admin/claims/${id}/approve`, {})).statusCode, 403, 'only platform administrators decide');
  assert.equal((await adminBrowser.post(`/fr/admin/claims/${id}/approve`, {})).statusCode, 303);
  assert.equal(await roleOf('niger-avenir', claimant.id), 'admin');
  assert.equal((await lastMailTo(t.db, claimant.email))?.kind, 'organisation.claim_decided');
  assert.equal((await browser.get('/fr/organisations/niger-avenir/members')).statusCode, 200);
  assert.equal((await adminBrowser.post(`/fr/admin/claims/${id}/approve`, {})).statusCode, 404, 'decided once');
});

test('visitors are sent to sign in; unknown organisations and ids are 404', async () => {
  for (const url of ['/fr/account/organisations', '/fr/organisations/la-cimade/members', '/fr/organisations/la-cimade/claim', '/fr/organisations/la-cimade/audit']) {
    const res = await t.app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 303, url);
    assert.match(String(res.headers.location), /^\/fr\/sign-in\?next=/);
  }
  const admin = await makeUser(t.db, ['platform_admin']);
  const browser = await signIn(t.app, admin.email);
  assert.equal((await browser.get('/fr/organisations/nope/members')).statusCode, 404);
  assert.equal((await browser.post('/fr/organisations/la-cimade/members/not-a-uuid/remove', {})).statusCode, 404);
  assert.equal((await browser.post('/fr/organisations/la-cimade/members/00000000-0000-4000-8000-000000000000/remove', {})).statusCode, 404);
  assert.equal((await browser.post('/fr/admin/claims/nope/approve', {})).statusCode, 404);
});
