// Alliances through HTTP on the demo data: the Education Alliance page, admission by member vote and by the
// coordinator as each charter version says, notification and audit, the policy table, fuzzing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { systemActor, type Actor, type OrganisationRole } from '../../kernel/actor.ts';
import { auditLog, mailOutbox } from '../../kernel/tables.ts';
import { addOrganisationMember } from '../organisations/commands.ts';
import { organisations } from '../organisations/tables.ts';
import { findOrganisationBySlug } from '../organisations/queries.ts';
import { createTestApp, makeUser, signIn, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';
import { adoptCharterVersion } from './commands.ts';
import { can, type AdmissionRef, type AllianceAction, type AllianceRef } from './policy.ts';
import { findAllianceBySlug } from './queries.ts';
import { educationAllianceCriteria } from './seed.ts';
import { allianceAdmissions } from './tables.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const org = async (slug: string) => (await findOrganisationBySlug(t.db, slug))!;
async function editorOf(slug: string, role: OrganisationRole = 'editor') {
  const user = await makeUser(t.db);
  assert.ok((await addOrganisationMember(t.db, systemActor, (await org(slug)).id, user.id, role)).ok);
  return signIn(t.app, user.email);
}
const answers = { answer_0: 'Association loi 1901, Lyon.', answer_1: 'Oui.', answer_2: 'Oui, éducation émancipatrice.', answer_3: 'Formation humanitaire.' };

describe('the Education Alliance page', () => {
  test('shows founders with logos and signatures, the charter, territories, campaigns and placeholders', async () => {
    const page = (await get('/fr/alliances/alliance-education')).body;
    const words = text(page);
    assert.match(words, /Aide et Action Membre fondateur Acte d’engagement signé par Charles-Emmanuel Ballanger \(Directeur général international\) le 30 novembre 2021 — charte v1/);
    assert.match(words, /Alain Canonne/);
    assert.match(words, /Afrique subsaharienne, Madagascar, Haïti/);
    assert.match(words, /Non confessionnelle/);
    assert.match(words, /Association ou organisation de droit français/);
    assert.match(words, /Axes transversaux Paix et réconciliation Environnement et climat/);
    assert.match(words, /Les adhésions sont décidées à la majorité des membres/);
    assert.match(words, /ENS Solidarité Sud/, 'the accepted admission is a member');
    assert.match(page, /<img src="\/files\/[0-9a-f-]+" alt="" width="64" height="64"/);
    assert.match(words, /Contact presse/);
    const en = text((await get('/en/alliances/alliance-education')).body);
    assert.match(en, /Cross-cutting areas/);
    assert.match(en, /Sub-Saharan Africa/);
  });

  test('the pending admission is shown with its answers to each criterion', async () => {
    const words = text((await get('/fr/alliances/alliance-education')).body);
    assert.match(words, /Demandes d’adhésion en cours IUT de Cachan sans frontières/);
    assert.match(words, /Votes : 0 pour, 0 contre, sur 3 membres/);
  });
});

describe('admission rules per charter', () => {
  test('member vote: a majority of members admits; the signature of the deed appears; notified and audited', async () => {
    const iut = await org('iut-de-cachan-sans-frontieres');
    const [pending] = await t.db.select().from(allianceAdmissions).where(and(eq(allianceAdmissions.organisationId, iut.id), eq(allianceAdmissions.status, 'pending')));
    assert.equal(pending?.decisionRule, 'member_vote');
    await t.db.update(organisations).set({ contactEmail: 'bureau@iut-sf.example' }).where(eq(organisations.id, iut.id));
    const aea = await editorOf('aide-et-action');
    const coordinatorDecides = await aea.post(`/fr/alliances/alliance-education/admissions/${pending!.id}/decide`, { decision: 'accept' });
    assert.equal(coordinatorDecides.statusCode, 403, 'under this charter the coordinator does not decide alone');
    const stranger = await editorOf('niger-avenir');
    assert.equal((await stranger.post(`/fr/alliances/alliance-education/admissions/${pending!.id}/vote`, { organisationId: (await org('niger-avenir')).id, vote: 'yes' })).statusCode, 403);
    const page = await aea.get('/fr/alliances/alliance-education');
    assert.match(text(page.body), /Voter pour, au nom de Aide et Action/);
    const first = await aea.post(`/fr/alliances/alliance-education/admissions/${pending!.id}/vote`, { organisationId: (await org('aide-et-action')).id, vote: 'yes' });
    assert.equal(first.headers.location, '/fr/alliances/alliance-education?notice=alliances.voted');
    assert.equal((await aea.post(`/fr/alliances/alliance-education/admissions/${pending!.id}/vote`, { organisationId: (await org('aide-et-action')).id, vote: 'yes' })).statusCode, 409, 'one vote per member');
    const sl = await editorOf('solidarite-laique');
    const second = await sl.post(`/fr/alliances/alliance-education/admissions/${pending!.id}/vote`, { organisationId: (await org('solidarite-laique')).id, vote: 'yes' });
    assert.equal(second.headers.location, '/fr/alliances/alliance-education?notice=alliances.admitted');
    const words = text((await get('/fr/alliances/alliance-education')).body);
    assert.match(words, /IUT de Cachan sans frontières Acte d’engagement signé par Bureau de l’association \(démo\) \(Trésorier\) le .* — charte v1/);
    const mails = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'bureau@iut-sf.example'));
    assert.equal(mails[0]?.kind, 'alliance.admission_accepted');
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.subjectId, pending!.id), eq(auditLog.action, 'alliance.admission_accepted')));
    assert.deepEqual((audit[0]?.after as { decidedBy: string }).decidedBy, 'member_vote');
  });

  test('a blocking minority refuses by vote', async () => {
    const bioforce = await editorOf('institut-bioforce');
    const id = (await org('institut-bioforce')).id;
    const request = await bioforce.post('/fr/alliances/alliance-education/join', { organisationId: id, ...answers, signatoryName: 'Direction', signatoryRole: 'Directrice', contactEmail: 'direction@bioforce.example' });
    assert.equal(request.statusCode, 303);
    const [admission] = await t.db.select().from(allianceAdmissions).where(and(eq(allianceAdmissions.organisationId, id), eq(allianceAdmissions.status, 'pending')));
    // 4 members now: 2 "no" votes make a majority impossible.
    for (const slug of ['aide-et-action', 'solidarite-laique']) {
      const b = await editorOf(slug);
      await b.post(`/fr/alliances/alliance-education/admissions/${admission!.id}/vote`, { organisationId: (await org(slug)).id, vote: 'no' });
    }
    const [after] = await t.db.select().from(allianceAdmissions).where(eq(allianceAdmissions.id, admission!.id));
    assert.equal(after?.status, 'refused');
    const mails = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'direction@bioforce.example'));
    assert.equal(mails[0]?.kind, 'alliance.admission_refused');
  });

  test('coordinator rule (charter v2): members cannot vote, the coordinator decides; the request keeps its charter version’s rule', async () => {
    const alliance = (await findAllianceBySlug(t.db, 'alliance-education'))!;
    const adopted = await adoptCharterVersion(t.db, systemActor, alliance.id, { valuesFr: 'v2', valuesEn: 'v2', priorityAreas: [], priorityThemes: ['education'], crossCuttingThemes: ['peace'], admissionCriteria: educationAllianceCriteria, decisionRule: 'coordinator', adoptedOn: '2026-01-15' });
    assert.ok(adopted.ok && adopted.value.version === 2);
    assert.match(text((await get('/fr/alliances/alliance-education')).body), /Les adhésions sont décidées par la coordination/);
    const equisol = await editorOf('equi-sol');
    const id = (await org('equi-sol')).id;
    const incomplete = await equisol.post('/fr/alliances/alliance-education/join', { organisationId: id, answer_0: 'Oui', signatoryName: '', signatoryRole: 'Présidente' });
    assert.equal(incomplete.statusCode, 422);
    assert.match(incomplete.body, /value="Présidente"/);
    assert.equal((await equisol.post('/fr/alliances/alliance-education/join', { organisationId: id, ...answers, signatoryName: 'Camille Martin', signatoryRole: 'Présidente' })).statusCode, 303);
    const [admission] = await t.db.select().from(allianceAdmissions).where(and(eq(allianceAdmissions.organisationId, id), eq(allianceAdmissions.status, 'pending')));
    assert.equal(admission?.decisionRule, 'coordinator');
    assert.equal(admission?.charterVersion, 2);
    const sl = await editorOf('solidarite-laique');
    assert.equal((await sl.post(`/fr/alliances/alliance-education/admissions/${admission!.id}/vote`, { organisationId: (await org('solidarite-laique')).id, vote: 'yes' })).statusCode, 403);
    assert.equal((await sl.post(`/fr/alliances/alliance-education/admissions/${admission!.id}/decide`, { decision: 'accept' })).statusCode, 403, 'a member that is not the coordinator');
    const coordinator = await editorOf('aide-et-action');
    const decided = await coordinator.post(`/fr/alliances/alliance-education/admissions/${admission!.id}/decide`, { decision: 'accept' });
    assert.equal(decided.headers.location, '/fr/alliances/alliance-education?notice=alliances.admitted');
    assert.match(text((await get('/fr/alliances/alliance-education')).body), /Camille Martin \(Présidente\) le .* — charte v2/);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.subjectId, admission!.id), eq(auditLog.action, 'alliance.admission_accepted')));
    assert.equal((audit[0]?.after as { decidedBy: string }).decidedBy, 'coordinator');
    assert.equal((await equisol.get('/fr/alliances/alliance-education/join')).statusCode, 403, 'a member cannot apply again');
  });
});

describe('policy', () => {
  const M = 'a0000000-0000-4000-8000-000000000001';
  const C = 'c0000000-0000-4000-8000-000000000003';
  const X = 'e0000000-0000-4000-8000-000000000005';
  const alliance: AllianceRef = { memberIds: [M, C], coordinatorOrganisationId: C };
  const actor = (memberships: [string, OrganisationRole][] = [], roles: string[] = [], userId: string | null = 'u'): Actor => ({ ...systemActor, userId, platformRoles: new Set(roles as never[]), memberships: new Map(memberships), secondFactorDone: true });
  const actors: Record<string, Actor> = {
    visitor: actor([], [], null),
    stranger: actor(),
    admin: actor([], ['platform_admin']),
    networkCoordinator: actor([], ['network_coordinator']),
    memberEditor: actor([[M, 'editor']]),
    memberPlain: actor([[M, 'member']]),
    coordinatorEditor: actor([[C, 'editor']]),
    applicantEditor: actor([[X, 'editor']]),
  };
  const admission = (decisionRule: AdmissionRef['decisionRule'], status: AdmissionRef['status'] = 'pending'): AdmissionRef => ({ decisionRule, status, organisationId: X });
  const table: [AllianceAction, AdmissionRef | undefined, string | undefined, string[]][] = [
    ['view', undefined, undefined, Object.keys(actors)],
    ['request_admission', undefined, X, ['applicantEditor']],
    ['request_admission', undefined, M, []],
    ['vote', admission('member_vote'), M, ['memberEditor']],
    ['vote', admission('member_vote'), C, ['coordinatorEditor']],
    ['vote', admission('member_vote', 'accepted'), M, []],
    ['vote', admission('coordinator'), M, []],
    ['vote', admission('member_vote'), X, []],
    ['decide', admission('coordinator'), undefined, ['admin', 'networkCoordinator', 'coordinatorEditor']],
    ['decide', admission('member_vote'), undefined, []],
    ['decide', admission('coordinator', 'refused'), undefined, []],
    ['manage', undefined, undefined, ['admin', 'networkCoordinator', 'coordinatorEditor']],
  ];
  for (const [action, adm, organisationId, allowed] of table) {
    test(`${action} (${adm ? `${adm.decisionRule}, ${adm.status}` : '-'}, for ${organisationId?.slice(0, 1) ?? '-'}): ${allowed.join(', ') || 'nobody'}`, () => {
      for (const [name, who] of Object.entries(actors)) {
        assert.equal(can(who, action, alliance, adm, organisationId), allowed.includes(name), `${name} ${action}`);
      }
    });
  }
  test('unknown actions and missing alliances are refused', () => {
    assert.equal(can(actors.admin!, 'dissolve' as AllianceAction, alliance), false);
    assert.equal(can(actors.admin!, 'manage'), false);
  });
});

describe('fuzz', () => {
  test('admission request, vote and decision forms', async () => {
    const browser = await editorOf('tetraktys');
    const headers = { cookie: browser.cookie };
    const extra = { _csrf: browser.csrf };
    const [admission] = await t.db.select().from(allianceAdmissions);
    await fuzzRoute(t.app, { method: 'POST', url: '/fr/alliances/alliance-education/join', fields: ['organisationId', 'answer_0', 'answer_1', 'answer_2', 'answer_3', 'motivation', 'signatoryName', 'signatoryRole', 'contactEmail'], headers, extra });
    await fuzzRoute(t.app, { method: 'POST', url: `/fr/alliances/alliance-education/admissions/${admission!.id}/vote`, fields: ['organisationId', 'vote'], headers, extra }, 300);
    await fuzzRoute(t.app, { method: 'POST', url: `/fr/alliances/alliance-education/admissions/${admission!.id}/decide`, fields: ['decision'], headers, extra }, 300);
  });
});
