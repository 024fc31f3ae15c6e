// Alliance administration through HTTP on the demo data: the edit screen (texts, dates, territories, coordinator,
// members' roles; optimistic version; audit), mail to every member (outbox, daily limit, audit), joint projects
// as normal project rows shown both ways with the members' linked projects, news and events on the alliance page,
// and the policy table of the new actions.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { systemActor, visitor, type Actor, type OrganisationRole } from '../../kernel/actor.ts';
import { auditLog, mailOutbox } from '../../kernel/tables.ts';
import { addOrganisationMember } from '../organisations/commands.ts';
import { findOrganisationBySlug } from '../organisations/queries.ts';
import { findProjectById, findProjectBySlug } from '../projects/queries.ts';
import { createTestApp, makeUser, signIn, type TestApp } from '../../../tests/support/app.ts';
import { can, type AllianceAction } from './policy.ts';
import { findAllianceBySlug, memberIdsOf } from './queries.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/\s+/g, ' ');
async function editorOf(slug: string, role: OrganisationRole = 'editor') {
  const user = await makeUser(t.db);
  const org = (await findOrganisationBySlug(t.db, slug))!;
  assert.ok((await addOrganisationMember(t.db, systemActor, org.id, user.id, role)).ok);
  return { browser: await signIn(t.app, user.email), org, email: user.email };
}
const alliance = async () => (await findAllianceBySlug(t.db, 'alliance-education'))!;

/** The edit form's fields as the page fills them (what a browser would send back unchanged). */
function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) if (m[1] !== '_csrf') fields[m[1]!] = m[2]!.replace(/&amp;/g, '&').replace(/&#39;/g, "'");
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) fields[m[1]!] = m[2]!.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
  for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) fields[m[1]!] = /<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? '';
  return fields;
}

describe('policy of the administration actions', () => {
  test('edit and mail: the coordinator’s editors (second factor) or platform roles; joint projects and links: editors of a member', async () => {
    const a = await alliance();
    const memberIds = await memberIdsOf(t.db, a.id);
    const ref = { memberIds, coordinatorOrganisationId: a.coordinatorOrganisationId };
    const coordinator = a.coordinatorOrganisationId!;
    const otherMember = memberIds.find((id) => id !== coordinator)!;
    const outsider = (await findOrganisationBySlug(t.db, 'niger-avenir'))!.id;
    const actor = (memberships: [string, OrganisationRole][], extra: Partial<Actor> = {}): Actor => ({ ...visitor, userId: 'u', secondFactorDone: true, memberships: new Map(memberships), platformRoles: new Set(), ...extra });
    const rows: [string, Actor, AllianceAction, string | undefined, boolean][] = [
      ['visitor edits', visitor, 'edit', undefined, false],
      ['coordinator editor edits', actor([[coordinator, 'editor']]), 'edit', undefined, true],
      ['coordinator plain member edits', actor([[coordinator, 'member']]), 'edit', undefined, false],
      ['coordinator editor without second factor edits', actor([[coordinator, 'editor']], { secondFactorDone: false }), 'edit', undefined, false],
      ['other member editor edits', actor([[otherMember, 'editor']]), 'edit', undefined, false],
      ['other member editor mails', actor([[otherMember, 'admin']]), 'mail_members', undefined, false],
      ['network coordinator mails', actor([], { platformRoles: new Set(['network_coordinator']) }), 'mail_members', undefined, true],
      ['member editor creates a joint project for its organisation', actor([[otherMember, 'editor']]), 'create_joint_project', otherMember, true],
      ['member editor creates one for another member', actor([[otherMember, 'editor']]), 'create_joint_project', coordinator, false],
      ['outsider editor creates one', actor([[outsider, 'editor']]), 'create_joint_project', outsider, false],
      ['member editor links its project', actor([[otherMember, 'editor']]), 'link_project', otherMember, true],
      ['outsider links its project', actor([[outsider, 'admin']]), 'link_project', outsider, false],
    ];
    for (const [name, who, action, org, expected] of rows) assert.equal(can(who, action, ref, undefined, org), expected, name);
  });
});

describe('editing an alliance', () => {
  test('only its administrators reach the screen', async () => {
    assert.equal((await get('/fr/alliances/alliance-education/edit')).statusCode, 303, 'a visitor is sent to sign in');
    const member = await editorOf('solidarite-laique');
    assert.equal((await member.browser.get('/fr/alliances/alliance-education/edit')).statusCode, 403);
    assert.doesNotMatch((await member.browser.get('/fr/alliances/alliance-education')).body, /Modifier l’alliance/);
  });

  test('the coordinator edits texts, date, territories and a member’s role; stale versions are refused; audited', async () => {
    const { browser } = await editorOf('aide-et-action');
    const page = await browser.get('/fr/alliances/alliance-education');
    assert.match(page.body, /Modifier l’alliance/);
    const form = await browser.get('/fr/alliances/alliance-education/edit');
    assert.equal(form.statusCode, 200);
    const fields = formFields(form.body);
    assert.equal(fields.countries, 'MG HT');
    const sl = (await findOrganisationBySlug(t.db, 'solidarite-laique'))!;
    assert.equal(fields[`role_${sl.id}`], 'founding');

    const bad = await browser.post('/fr/alliances/alliance-education/edit', { ...fields, foundedOn: '2021-02-30', countries: 'MG ZZ', nameFr: 'Alliance Éducation (typed)' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Saisissez une date valide/);
    assert.match(bad.body, /Alliance Éducation \(typed\)/, 'what was typed comes back');

    const saved = await browser.post('/fr/alliances/alliance-education/edit', { ...fields, summaryFr: 'Une alliance ouverte à de nouveaux membres.', countries: 'mg ht sn', foundedOn: '2021-12-01', [`role_${sl.id}`]: 'member' });
    assert.equal(saved.statusCode, 303);
    const shown = text((await get('/fr/alliances/alliance-education')).body);
    assert.match(shown, /Une alliance ouverte à de nouveaux membres\./);
    assert.match(shown, /Créée le 1 décembre 2021/);
    assert.match(shown, /Sénégal/);
    const a = await alliance();
    assert.deepEqual(a.countries, ['MG', 'HT', 'SN']);
    assert.equal(a.version, 2);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.subjectId, a.id), eq(auditLog.action, 'alliance.member_role')));
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0]!.after, { role: 'member' });
    assert.equal((await t.db.select().from(auditLog).where(and(eq(auditLog.subjectId, a.id), eq(auditLog.action, 'alliance.updated')))).length, 1);

    const stale = await browser.post('/fr/alliances/alliance-education/edit', { ...fields, summaryFr: 'Trop tard' });
    assert.equal(stale.statusCode, 409, 'the form still names version 1');
    assert.match(stale.body, /Quelqu’un a modifié l’alliance/);

    const leaving = await browser.post('/fr/alliances/alliance-education/edit', { ...fields, version: '2', [`role_${a.coordinatorOrganisationId}`]: 'leave' });
    assert.equal(leaving.statusCode, 422, 'the coordinator cannot leave');
    assert.match(leaving.body, /ne peut pas quitter/);
  });
});

describe('mail to the members', () => {
  test('goes to each member organisation (its contact address, else its editors) through the outbox, is audited, and is limited per day', async () => {
    const { browser } = await editorOf('aide-et-action');
    const sl = await editorOf('solidarite-laique');
    const plain = await editorOf('ens-solidarite-sud', 'member');
    const outsider = await editorOf('niger-avenir', 'admin');
    assert.equal((await browser.get('/en/alliances/alliance-education/mail')).statusCode, 200);
    const empty = await browser.post('/en/alliances/alliance-education/mail', { subject: '', body: 'x' });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /x<\/textarea>/, 'what was typed comes back');
    const a = await alliance();
    const before = (await t.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'alliance.members_mail'))).length;
    const sent = await browser.post('/en/alliances/alliance-education/mail', { subject: 'General assembly', body: 'The general assembly meets on 10 December.' });
    assert.equal(sent.statusCode, 303);
    const batch = (await t.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'alliance.members_mail'))).slice(before);
    const to = batch.map((m) => m.to);
    assert.ok(to.includes(sl.email), 'an editor of a member without contact address receives it');
    assert.ok(!to.includes(plain.email), 'a plain member of a member organisation does not');
    assert.ok(!to.includes(outsider.email), 'nor anyone outside the alliance');
    assert.match(batch[0]!.subject, /^\[Alliance Éducation\] General assembly$/);
    assert.match(batch[0]!.text, /10 December/);
    const audited = await t.db.select().from(auditLog).where(and(eq(auditLog.subjectId, a.id), eq(auditLog.action, 'alliance.members_mailed')));
    assert.equal(audited.length, 1);
    assert.equal((audited[0]!.after as { recipients: number }).recipients, batch.length);
    for (let i = 0; i < 2; i++) assert.equal((await browser.post('/en/alliances/alliance-education/mail', { subject: `Again ${i}`, body: 'x' })).statusCode, 303);
    const refused = await browser.post('/en/alliances/alliance-education/mail', { subject: 'Fourth', body: 'x' });
    assert.equal(refused.statusCode, 429);
    assert.match(refused.body, /At most 3 mailings/);
    assert.equal((await sl.browser.post('/en/alliances/alliance-education/mail', { subject: 'Hi', body: 'x' })).statusCode, 403, 'a member that does not coordinate');
  });
});

describe('joint projects of the alliance', () => {
  test('the demo joint project is a published project row, shown both ways with the members’ linked projects', async () => {
    const page = text((await get('/fr/alliances/alliance-education')).body);
    assert.match(page, /Éducation inclusive à Madagascar et en Haïti — projet commun de l’Alliance Éducation/);
    assert.match(page, /Projets liés .*Sandrata/i);
    const linked = (await findProjectBySlug(t.db, 'sandrata-madagascar'))!;
    const linkedPage = text((await get(`/fr/projects/${linked.slug}`)).body);
    assert.match(linkedPage, /Lié au projet commun Éducation inclusive/);
    const jointSlug = /href="\/fr\/projects\/([^"]+)"[^>]*>Éducation inclusive/.exec((await get('/fr/alliances/alliance-education')).body)![1]!;
    const jointPage = await get(`/fr/projects/${jointSlug}`);
    assert.equal(jointPage.statusCode, 200);
    assert.match(text(jointPage.body), /Projet commun de l’alliance Alliance Éducation/);
    assert.match(text(jointPage.body), /Projets des membres liés .*Sandrata/i);
  });

  test('a member creates a joint project (a normal project row it owns: a consortium application can name it) and links its project', async () => {
    const { browser, org } = await editorOf('solidarite-laique');
    assert.equal((await browser.get('/fr/alliances/alliance-education/joint-projects/new')).statusCode, 200);
    const refused = await browser.post('/fr/alliances/alliance-education/joint-projects/new', { leadOrganisationId: org.id, titleFr: '', titleEn: '' });
    assert.equal(refused.statusCode, 422);
    const created = await browser.post('/fr/alliances/alliance-education/joint-projects/new', { leadOrganisationId: org.id, titleFr: 'Consortium pour l’éducation en Haïti', descriptionFr: 'Réponse commune à un appel.' });
    assert.equal(created.statusCode, 303);
    const slug = /\/fr\/projects\/([^?]+)/.exec(created.headers.location as string)![1]!;
    const project = (await findProjectBySlug(t.db, slug))!;
    assert.equal(project.organisationId, org.id);
    assert.equal(project.publication, 'draft');
    assert.equal((await findProjectById(t.db, project.id))!.titleFr, 'Consortium pour l’éducation en Haïti');
    const projectPage = await browser.get(`/fr/projects/${slug}`);
    assert.match(projectPage.body, new RegExp(`<code>${project.id}</code>`), 'the id a funding application names');
    assert.match(projectPage.body, /Lier un projet de votre organisation/);
    const own = (await findProjectBySlug(t.db, 'crisis-resilient-public-education'))!;
    assert.equal((await browser.post(`/fr/alliances/alliance-education/joint-projects/${project.id}/link`, { memberProjectId: own.id })).statusCode, 303);
    assert.match(text((await browser.get(`/fr/projects/${own.slug}`)).body), /Lié au projet commun Consortium pour l’éducation en Haïti/);
    const foreign = (await findProjectBySlug(t.db, 'maraichage-femmes-podor'))!;
    assert.equal((await browser.post(`/fr/alliances/alliance-education/joint-projects/${project.id}/link`, { memberProjectId: foreign.id })).statusCode, 403, 'not a project of a member it manages');
    const outsider = await editorOf('niger-avenir');
    assert.equal((await outsider.browser.get('/fr/alliances/alliance-education/joint-projects/new')).statusCode, 403);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'alliance.joint_project_created'));
    assert.ok(audit.some((r) => (r.after as { projectId: string }).projectId === project.id));
  });
});

describe('news and events on the alliance page', () => {
  test('the founding press release is listed with the press contact', async () => {
    const page = text((await get('/fr/alliances/alliance-education')).body);
    assert.match(page, /Communiqué de presse Aide et Action et Solidarité Laïque fondent l’Alliance Éducation/);
    assert.match(page, /Contact presse/);
    assert.match(page, /Événements à venir/);
  });
});
