// The alliance charter page through HTTP on the demo data: who may open it, the coordinator adopts a new version
// (per-field errors, 422 with what was typed), members sign the version in force (once), audit; policy table of
// `sign_charter`; fuzz of both forms.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { systemActor, type Actor, type OrganisationRole } from '../../kernel/actor.ts';
import { auditLog } from '../../kernel/tables.ts';
import { addOrganisationMember } from '../organisations/commands.ts';
import { findOrganisationBySlug } from '../organisations/queries.ts';
import { createTestApp, makeUser, signIn, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';
import { can } from './policy.ts';
import { currentCharter, findAllianceBySlug, memberIdsOf } from './queries.ts';
import { allianceSignatures } from './tables.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

async function editorOfId(organisationId: string, role: OrganisationRole = 'editor') {
  const user = await makeUser(t.db);
  assert.ok((await addOrganisationMember(t.db, systemActor, organisationId, user.id, role)).ok);
  return signIn(t.app, user.email);
}
const URL = '/fr/alliances/alliance-education/charter';
const adoptFields = {
  valuesFr: 'Solidarité, laïcité, éducation émancipatrice.', valuesEn: 'Solidarity, secularism, emancipatory education.',
  priorityAreas: 'Éducation de base | Basic education\nFormation professionnelle | Vocational training', priorityThemes: 'education', crossCuttingThemes: 'environment',
  admissionCriteria: 'Association de droit français | French association\nNon confessionnelle | Non-denominational', decisionRule: 'coordinator', adoptedOn: '2026-11-20',
};

test('sign_charter policy: an editor (second factor) of a member only', () => {
  const ref = { memberIds: ['m1'], coordinatorOrganisationId: 'c1' };
  const actor = (memberships: [string, OrganisationRole][], secondFactorDone = true): Actor => ({ userId: 'u', displayName: 'u', email: 'u@example.org', platformRoles: new Set(), memberships: new Map(memberships), secondFactorDone });
  const cases: [string, Actor, string, boolean][] = [
    ['editor of a member', actor([['m1', 'editor']]), 'm1', true],
    ['admin of a member', actor([['m1', 'admin']]), 'm1', true],
    ['plain member of a member', actor([['m1', 'member']]), 'm1', false],
    ['editor without second factor', actor([['m1', 'editor']], false), 'm1', false],
    ['editor of a non-member', actor([['x1', 'editor']]), 'x1', false],
    ['editor of the coordinator signing for a member it does not edit', actor([['c1', 'editor']]), 'm1', false],
    ['visitor', { ...actor([]), userId: null }, 'm1', false],
  ];
  for (const [label, a, org, expected] of cases) assert.equal(can(a, 'sign_charter', ref, undefined, org), expected, label);
});

test('who may open the charter page: the coordinator and members’ editors; others refused', async () => {
  const alliance = (await findAllianceBySlug(t.db, 'alliance-education'))!;
  const [member] = (await memberIdsOf(t.db, alliance.id)).filter((id) => id !== alliance.coordinatorOrganisationId);
  const outsider = (await findOrganisationBySlug(t.db, 'ville-de-cachan-comite-des-relations-internationales-et-du-jumelage-crij'))!;
  const stranger = await makeUser(t.db);
  const cases: [string, () => Promise<{ get: (u: string) => Promise<{ statusCode: number }> } | null>, number][] = [
    ['visitor', async () => null, 303],
    ['signed-in stranger', () => signIn(t.app, stranger.email), 403],
    ['editor of a non-member', () => editorOfId(outsider.id), 403],
    ['plain member of a member', () => editorOfId(member!, 'member'), 403],
    ['editor of a member', () => editorOfId(member!), 200],
    ['editor of the coordinator', () => editorOfId(alliance.coordinatorOrganisationId!), 200],
  ];
  for (const [label, browser, status] of cases) {
    const b = await browser();
    const res = b ? await b.get(URL) : await t.app.inject({ method: 'GET', url: URL });
    assert.equal(res.statusCode === 302 ? 303 : res.statusCode, status, label);
  }
});

test('the coordinator adopts a new version; members sign it once; audited', async () => {
  const alliance = (await findAllianceBySlug(t.db, 'alliance-education'))!;
  const before = (await currentCharter(t.db, alliance.id))!;
  const coordinator = await editorOfId(alliance.coordinatorOrganisationId!);
  const page = await coordinator.get(URL);
  assert.match(page.body, new RegExp(`Adopter la version ${before.version + 1}`));

  const bad = await coordinator.post(URL, { ...adoptFields, valuesFr: '', priorityAreas: '', decisionRule: 'dictator', adoptedOn: '2026-02-30', priorityThemes: 'nope' });
  assert.equal(bad.statusCode, 422);
  for (const f of ['valuesFr', 'priorityAreas', 'decisionRule', 'adoptedOn', 'priorityThemes']) assert.match(bad.body, new RegExp(`href="#f-${f}"`), f);
  assert.match(bad.body, /Solidarity, secularism/);

  const ok = await coordinator.post(URL, adoptFields);
  assert.equal(ok.statusCode, 303, ok.body);
  const after = (await currentCharter(t.db, alliance.id))!;
  assert.equal(after.version, before.version + 1);
  assert.equal(after.decisionRule, 'coordinator');
  assert.deepEqual(after.priorityAreas[1], { fr: 'Formation professionnelle', en: 'Vocational training' });
  assert.deepEqual(after.crossCuttingThemes, ['environment']);
  assert.equal((await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'alliance.charter_adopted'), eq(auditLog.subjectId, alliance.id)))).length >= 1, true);

  const [member] = (await memberIdsOf(t.db, alliance.id)).filter((id) => id !== alliance.coordinatorOrganisationId);
  const editor = await editorOfId(member!);
  const form = await editor.get(URL);
  assert.match(form.body, new RegExp(`charte v${after.version}`));
  const missing = await editor.post(`${URL}/sign`, { organisationId: member!, signatoryName: '', signatoryRole: 'Présidente' });
  assert.equal(missing.statusCode, 422);
  assert.match(missing.body, /href="#f-signatoryName"/);
  assert.match(missing.body, /value="Présidente"/);
  const foreign = await editor.post(`${URL}/sign`, { organisationId: alliance.coordinatorOrganisationId!, signatoryName: 'X', signatoryRole: 'Y' });
  assert.equal(foreign.statusCode, 422);
  const signed = await editor.post(`${URL}/sign`, { organisationId: member!, signatoryName: 'Marie Curie', signatoryRole: 'Présidente' });
  assert.equal(signed.statusCode, 303, signed.body);
  const rows = await t.db.select().from(allianceSignatures).where(and(eq(allianceSignatures.allianceId, alliance.id), eq(allianceSignatures.organisationId, member!), eq(allianceSignatures.charterVersion, after.version)));
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.signatoryName, 'Marie Curie');
  const twice = await editor.post(`${URL}/sign`, { organisationId: member!, signatoryName: 'Marie Curie', signatoryRole: 'Présidente' });
  assert.equal(twice.statusCode, 422);
  assert.equal((await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'alliance.charter_signed'), eq(auditLog.organisationId, member!)))).length, 1);
  const pub = await t.app.inject({ method: 'GET', url: '/api/v1/alliances/alliance-education' });
  assert.ok(pub.json().members.some((m: { organisation: { id: string }; signedCurrentCharter: boolean }) => m.organisation.id === member && m.signedCurrentCharter));
});

test('fuzz: adopt and sign forms', async () => {
  const alliance = (await findAllianceBySlug(t.db, 'alliance-education'))!;
  const coordinator = await editorOfId(alliance.coordinatorOrganisationId!);
  const [member] = (await memberIdsOf(t.db, alliance.id)).filter((id) => id !== alliance.coordinatorOrganisationId);
  const editor = await editorOfId(member!);
  await fuzzRoute(t.app, { method: 'POST', url: URL, fields: Object.keys(adoptFields), headers: { cookie: coordinator.cookie }, extra: { _csrf: coordinator.csrf } });
  await fuzzRoute(t.app, { method: 'POST', url: `${URL}/sign`, fields: ['organisationId', 'signatoryName', 'signatoryRole'], headers: { cookie: editor.cookie }, extra: { _csrf: editor.csrf } });
});
