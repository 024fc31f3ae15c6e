// Funding ↔ projects and the edges of the workflow, through HTTP on the demo data: an application linked to its
// organisation's project (form, award page, demo) makes the award and payments the project's IATI transactions and
// shows them on the project page with the report's results against the project's indicators; emergency decisions
// past their deadline are flagged and mailed; attachments are served only to who may read them; mail links are
// absolute.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, gt, like, sql } from 'drizzle-orm';
import { createTestApp, multipartBody, signIn, type TestApp } from '../../../tests/support/app.ts';
import { newId } from '../../kernel/ids.ts';
import { runDueJobs } from '../../kernel/jobs.ts';
import { mailOutbox } from '../../kernel/tables.ts';
import { files } from '../files/tables.ts';
import { projects } from '../projects/tables.ts';
import { fundingJobHandlers } from './commands.ts';
import { projectIndicators } from './queries.ts';
import { DEMO_PASSWORD, demoAccounts } from './seed.ts';
import { applicationDocuments, applications, awards, reports, reviews } from './tables.ts';

let t: TestApp;
let started: Date;
before(async () => {
  t = await createTestApp({ withDemo: true });
  started = new Date();
});
after(() => t.close());

const sessions = new Map<string, ReturnType<typeof signIn>>();
const as = (email: string) => {
  if (!sessions.has(email)) sessions.set(email, signIn(t.app, email, DEMO_PASSWORD));
  return sessions.get(email)!;
};
const appByTitle = async (title: string) => (await t.db.select().from(applications).where(eq(applications.title, title)))[0]!;
const projectBySlug = async (slug: string) => (await t.db.select().from(projects).where(eq(projects.slug, slug)))[0]!;
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const BASE = 'http://localhost:3000';

test('demo: the award and payments of a linked application are the project’s IATI transactions and show on its page with indicator results', async () => {
  const project = await projectBySlug('crisis-resilient-public-education');
  const app = await appByTitle('Écoles résilientes aux crises : plans de continuité au Sahel');
  assert.equal(app.projectId, project.id);
  const xml = await t.app.inject({ method: 'GET', url: `/iati/activities/${project.id}.xml` });
  assert.equal(xml.statusCode, 200);
  const commitments = xml.body.match(/<transaction>\s*<transaction-type code="2"\/>[\s\S]*?<\/transaction>/g) ?? [];
  const disbursements = xml.body.match(/<transaction>\s*<transaction-type code="3"\/>[\s\S]*?<\/transaction>/g) ?? [];
  assert.ok(commitments.some((c) => /<value[^>]*>20000(\.0+)?<\/value>/.test(c)), 'the 20 000 € award is a commitment');
  assert.ok(disbursements.filter((d) => /<value[^>]*>10000(\.0+)?<\/value>/.test(d)).length >= 2, 'both 10 000 € tranches are disbursements');

  const page = await t.app.inject({ method: 'GET', url: '/fr/projects/crisis-resilient-public-education' });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Financements reçus par appel à projets/);
  assert.match(page.body, /Subvention accordée : 20.000.€ ; versé : 20.000.€\./);
  assert.match(page.body, /Engagement \(subvention accordée\)/);
  assert.match(page.body, /<td>Écoles avec un plan de continuité<\/td><td>80<\/td><td>41<\/td>/);
  assert.doesNotMatch(page.body, /Voir la demande de subvention/, 'a visitor gets no link to the application');
  const en = await t.app.inject({ method: 'GET', url: '/en/projects/crisis-resilient-public-education' });
  assert.match(en.body, /Grants received through calls for projects/);
});

test('project link: the form offers the organisation’s projects only; another organisation’s project is refused; the award page links one', async () => {
  const soroma = await as(demoAccounts.soroma);
  const kayes = await appByTitle('Un forage pour le village de Diéma');
  const soromaProject = await projectBySlug('fournitures-scolaires-soroma');
  const form = await soroma.get(`/fr/funding/applications/${kayes.id}/edit`);
  assert.equal(form.statusCode, 200);
  assert.doesNotMatch(form.body, new RegExp(`value="${soromaProject.id}"`), 'Kayes does not report the Soroma project');
  const refused = await soroma.post(`/fr/funding/applications/${kayes.id}/edit`, { version: String(kayes.version), title: kayes.title, requestedCents: '12 000', projectId: soromaProject.id });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /Choisissez un projet de l’organisation qui dépose la demande/);
  assert.equal((await appByTitle(kayes.title)).projectId, null);

  const soromaApp = await appByTitle('Équiper l’école de Soroma en tables-bancs et manuels');
  assert.equal(soromaApp.projectId, soromaProject.id, 'the demo links the Soroma application to its project');
  const view = await soroma.get(`/fr/funding/applications/${soromaApp.id}`);
  assert.match(view.body, /href="\/fr\/projects\/fournitures-scolaires-soroma"/);
  const unlinked = await soroma.post(`/fr/funding/applications/${soromaApp.id}/project`, { projectId: '' });
  assert.equal(unlinked.statusCode, 303);
  assert.equal((await appByTitle(soromaApp.title)).projectId, null);
  const relinked = await soroma.post(`/fr/funding/applications/${soromaApp.id}/project`, { projectId: soromaProject.id });
  assert.equal(relinked.statusCode, 303);
  assert.equal((await appByTitle(soromaApp.title)).projectId, soromaProject.id);
  // Someone else cannot link it; nor to a project of another organisation.
  const jeunes = await as(demoAccounts.jeunes);
  assert.ok([403, 404].includes((await jeunes.post(`/fr/funding/applications/${soromaApp.id}/project`, { projectId: '' })).statusCode));
  const other = await projectBySlug('sandrata-madagascar');
  assert.equal((await soroma.post(`/fr/funding/applications/${soromaApp.id}/project`, { projectId: other.id })).statusCode, 422);
  // Drafts and submitted applications are not public money: the project page shows them to the applicant only.
  assert.doesNotMatch((await t.app.inject({ method: 'GET', url: '/fr/projects/fournitures-scolaires-soroma' })).body, /Financements reçus par appel à projets/);
  assert.match((await soroma.get('/fr/projects/fournitures-scolaires-soroma')).body, /Voir la demande de subvention/);
});

test('report: narrative, financial, results against the project’s indicators and an attachment; staff see it, the project shows it once accepted', async () => {
  const app = await appByTitle('Écoles résilientes aux crises : plans de continuité au Sahel');
  const award = (await t.db.select().from(awards).where(eq(awards.applicationId, app.id)))[0]!;
  const final = (await t.db.select().from(reports).where(and(eq(reports.awardId, award.id), eq(reports.kind, 'final'))))[0]!;
  const [indicator] = await projectIndicators(t.db, app.projectId!);
  const savoie = await as(demoAccounts.savoie);
  const view = await savoie.get(`/fr/funding/applications/${app.id}`);
  assert.match(view.body, new RegExp(`name="actual_${indicator!.resultId}_0"`));
  assert.match(view.body, /Cible : 80/);
  const body = multipartBody(
    { _csrf: savoie.csrf, narrative: 'Tous les plans sont adoptés.', financial: 'Budget exécuté à 98 %.', results: '78 écoles.', [`actual_${indicator!.resultId}_0`]: '78', [`comment_${indicator!.resultId}_0`]: 'Deux écoles fermées par l’insécurité.' },
    { attachment: { name: 'bilan final.pdf', type: 'application/pdf', data: pdf } },
  );
  const sent = await t.app.inject({ method: 'POST', url: `/fr/funding/reports/${final.id}`, headers: { cookie: savoie.cookie, 'content-type': body.contentType }, payload: body.payload });
  assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
  const stored = (await t.db.select().from(reports).where(eq(reports.id, final.id)))[0]!;
  assert.deepEqual(stored.indicatorResults.map((r) => [r.target, r.actual, r.comment]), [['80', '78', 'Deux écoles fermées par l’insécurité.']]);
  const staff = await as(demoAccounts.staff);
  const staffView = await staff.get(`/fr/funding/applications/${app.id}`);
  assert.match(staffView.body, /<td>Écoles avec un plan de continuité<\/td><td>80<\/td><td>78<\/td>/);
  assert.match(staffView.body, /Pièce jointe du compte rendu : bilan_final\.pdf/);
  // Not on the project until staff accept it.
  assert.doesNotMatch((await t.app.inject({ method: 'GET', url: '/fr/projects/crisis-resilient-public-education' })).body, /<td>78<\/td>/);
  assert.equal((await staff.post(`/fr/funding/reports/${final.id}/review`, { verdict: 'accepted', note: '' })).statusCode, 303);
  assert.match((await t.app.inject({ method: 'GET', url: '/fr/projects/crisis-resilient-public-education' })).body, /<td>80<\/td><td>78<\/td>/);
  // An indicator that is not the project's is refused.
  const interim = (await t.db.select().from(reports).where(and(eq(reports.awardId, award.id), eq(reports.kind, 'interim'))))[0]!;
  await t.db.update(reports).set({ status: 'rejected' }).where(eq(reports.id, interim.id));
  const forged = await savoie.post(`/fr/funding/reports/${interim.id}`, { narrative: 'x', financial: 'y', results: 'z', [`actual_${newId()}_0`]: '3' });
  assert.equal(forged.statusCode, 422);
  await t.db.update(reports).set({ status: 'accepted' }).where(eq(reports.id, interim.id));
});

test('emergency: past its decision deadline an application is flagged in the back office and staff are mailed (job), with an absolute link', async () => {
  const flood = await appByTitle('Kits d’hygiène et eau potable pour 600 familles de Podor');
  assert.equal(flood.state, 'submitted');
  assert.ok(flood.decisionDueAt && Math.abs(flood.decisionDueAt.getTime() - flood.submittedAt!.getTime() - 72 * 3_600_000) < 1000, 'due 72 hours after submission');
  const staff = await as(demoAccounts.staff);
  assert.doesNotMatch((await staff.get('/fr/funding')).body, /Demandes d’urgence en attente/);
  // The job runs at the deadline (here: the clock moved past it).
  const later = new Date(flood.decisionDueAt!.getTime() + 60_000);
  await runDueJobs(t.db as never, fundingJobHandlers, later, 50);
  const mails = await t.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'funding.emergency_decision_overdue'));
  assert.ok(mails.some((m) => m.to === demoAccounts.staff), 'staff told');
  for (const m of mails) assert.ok(m.text.includes(`${BASE}/fr/funding/applications/${flood.id}`), m.text);
  // Read time: the back office lists it as soon as the instant passed, whether or not the job ran.
  await t.db.update(applications).set({ decisionDueAt: new Date(Date.now() - 60_000) }).where(eq(applications.id, flood.id));
  const home = await staff.get('/fr/funding');
  assert.match(home.body, /Demandes d’urgence en attente au-delà du délai de décision/);
  assert.match(home.body, /Kits d’hygiène et eau potable pour 600 familles de Podor/);
  assert.match((await staff.get(`/fr/funding/applications/${flood.id}`)).body, /Décision d’urgence en retard/);
  assert.doesNotMatch((await (await as(demoAccounts.savoie)).get(`/fr/funding/applications/${flood.id}`)).body, /Décision d’urgence en retard/, 'the applicant does not see the staff flag');
  // Once decided, no longer flagged, and a late job run mails nobody.
  await t.db.update(applications).set({ state: 'in_review' }).where(eq(applications.id, flood.id));
  assert.match((await staff.get('/fr/funding')).body, /Demandes d’urgence en attente/);
  await t.db.update(applications).set({ state: 'awarded' }).where(eq(applications.id, flood.id));
  assert.doesNotMatch((await staff.get('/fr/funding')).body, /Demandes d’urgence en attente/);
  await t.db.update(applications).set({ state: 'submitted', decisionDueAt: flood.decisionDueAt }).where(eq(applications.id, flood.id));
});

test('attachments: role × state, deny by default; safe headers; never through /files/:id', async () => {
  const app = await appByTitle('Rencontres régionales des acteurs de la solidarité');
  const fileId = newId();
  await t.db.insert(files).values({ id: fileId, sha256: 'x', mediaType: 'application/pdf', fileName: 'budget.pdf', size: pdf.length, content: pdf, restricted: true });
  const docId = newId();
  await t.db.insert(applicationDocuments).values({ id: docId, applicationId: app.id, docKey: 'other', fileId, fileName: 'budget détaillé.pdf' });
  const reviewer2 = ((await t.db.execute(sql`select id from users where email = ${demoAccounts.reviewer2}`)) as unknown as { rows: { id: string }[] }).rows[0]!.id;
  const conflictReview = newId();
  await t.db.insert(reviews).values({ id: conflictReview, applicationId: app.id, reviewerId: reviewer2, conflict: true, conflictNote: 'Ancien administrateur.' });
  const who = {
    visitor: null,
    applicant: demoAccounts.savoie, // admin of RESACOOP, the applicant
    otherOrganisation: demoAccounts.jeunes,
    staff: demoAccounts.staff,
    finance: demoAccounts.finance,
    assignedReviewer: demoAccounts.reviewer,
    conflictedReviewer: demoAccounts.reviewer2,
    otherFunderStaff: demoAccounts.cityStaff,
  } as const;
  const allowed: Record<keyof typeof who, readonly string[]> = {
    visitor: [],
    applicant: ['draft', 'submitted', 'in_review', 'awarded', 'withdrawn'],
    otherOrganisation: [],
    staff: ['submitted', 'in_review', 'awarded', 'withdrawn'],
    finance: [],
    assignedReviewer: ['in_review'],
    conflictedReviewer: [],
    otherFunderStaff: [],
  };
  let checked = 0;
  for (const state of ['draft', 'submitted', 'in_review', 'awarded', 'withdrawn']) {
    await t.db.update(applications).set({ state }).where(eq(applications.id, app.id));
    for (const [role, email] of Object.entries(who) as [keyof typeof who, string | null][]) {
      const res = email ? await (await as(email)).get(`/fr/funding/documents/${docId}`) : await t.app.inject({ method: 'GET', url: `/fr/funding/documents/${docId}` });
      const ok = allowed[role].includes(state);
      if (ok) {
        assert.equal(res.statusCode, 200, `${role} in ${state}`);
        assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
        assert.equal(res.headers['content-type'], 'application/pdf');
        assert.match(String(res.headers['content-disposition']), /^attachment; filename="budget_d_taill_\.pdf"; filename\*=UTF-8''budget%20d%C3%A9taill%C3%A9\.pdf$/);
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
        assert.equal(res.headers['cache-control'], 'private, no-store');
        assert.match(String(res.headers['content-security-policy']), /sandbox/);
      } else {
        assert.ok(email ? res.statusCode === 404 : [302, 303, 401].includes(res.statusCode), `${role} in ${state}: ${res.statusCode}`);
        assert.ok(!res.rawPayload.includes('%PDF-'), `${role} in ${state} got the bytes`);
      }
      checked++;
    }
  }
  assert.equal(checked, 40);
  await t.db.update(applications).set({ state: 'in_review' }).where(eq(applications.id, app.id));
  await t.db.delete(reviews).where(eq(reviews.id, conflictReview));
  assert.equal((await t.app.inject({ method: 'GET', url: `/files/${fileId}` })).statusCode, 404, 'a restricted file is never served by /files/:id');
  assert.equal((await (await as(demoAccounts.staff)).get(`/fr/funding/documents/${newId()}`)).statusCode, 404);
  // Uploads through the form are stored restricted.
  const jeunes = await as(demoAccounts.jeunes);
  const draft = await appByTitle('Échanges de jeunes Grenoble — Saint-Louis');
  const body = multipartBody({ _csrf: jeunes.csrf, version: String(draft.version), title: draft.title, requestedCents: '6 000' }, { doc_other: { name: 'devis.pdf', type: 'application/pdf', data: pdf } });
  assert.equal((await t.app.inject({ method: 'POST', url: `/fr/funding/applications/${draft.id}/edit`, headers: { cookie: jeunes.cookie, 'content-type': body.contentType }, payload: body.payload })).statusCode, 303);
  const [uploaded] = await t.db.select({ restricted: files.restricted, id: files.id }).from(applicationDocuments).innerJoin(files, eq(files.id, applicationDocuments.fileId)).where(eq(applicationDocuments.applicationId, draft.id));
  assert.equal(uploaded!.restricted, true);
  assert.equal((await t.app.inject({ method: 'GET', url: `/files/${uploaded!.id}` })).statusCode, 404);
});

test('mail: every funding mail queued while the site runs carries absolute links (BASE_URL), none relative', async () => {
  const staff = await as(demoAccounts.staff);
  const app = await appByTitle('Rencontres régionales des acteurs de la solidarité');
  const reviewer2 = ((await t.db.execute(sql`select id from users where email = ${demoAccounts.reviewer2}`)) as unknown as { rows: { id: string }[] }).rows[0]!.id;
  assert.equal((await staff.post(`/fr/funding/applications/${app.id}/reviewers`, { reviewerId: reviewer2 })).statusCode, 303);
  const equisol = await as(demoAccounts.equisol);
  const fair = await appByTitle('Une filière de karité équitable au Burkina Faso');
  assert.equal((await equisol.post(`/fr/funding/applications/${fair.id}/transition`, { action: 'withdraw', version: String(fair.version) })).statusCode, 303);
  const mails = await t.db.select().from(mailOutbox).where(and(like(mailOutbox.kind, 'funding.%'), gt(mailOutbox.createdAt, started)));
  const kinds = new Set(mails.map((m) => m.kind));
  for (const kind of ['funding.review_assigned', 'funding.withdraw', 'funding.report_submitted', 'funding.report_accepted', 'funding.emergency_decision_overdue']) assert.ok(kinds.has(kind), `${kind} mailed`);
  for (const m of mails) {
    const links = m.text.match(/\S*\/(fr|en)\/funding\/\S+/g) ?? [];
    assert.ok(links.length > 0, `${m.kind} has a link`);
    for (const l of links) assert.ok(l.startsWith(`${BASE}/fr/funding/`), `${m.kind}: ${l}`);
  }
});
