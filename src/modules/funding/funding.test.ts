// Funding through HTTP on the demo data (a fresh database per file; PostgreSQL when DATABASE_URL is set):
// apply with a partner → submit → staff and reviewers → committee → agreement PDF → payments and reports;
// refusals a user would meet (deadline, overspend, overdue report, concurrent decision, duplicate payment).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, signIn, type TestApp } from '../../../tests/support/app.ts';
import { runDueJobs } from '../../kernel/jobs.ts';
import { auditLog, jobs, mailOutbox } from '../../kernel/tables.ts';
import { organisations } from '../organisations/tables.ts';
import { fundingActor, fundingJobHandlers, recordDecisions, recordPayment, startApplication, transitionApplication } from './commands.ts';
import { findApplication, fundingTransactionsForProject, lineFigures, reportsOf, tranchesOf } from './queries.ts';
import { DEMO_PASSWORD, demoAccounts } from './seed.ts';
import { parseCsv, validateScdlCsv } from './scdl.ts';
import { applications, awards, calls, lines, payments, reviews, tranches as trancheTable } from './tables.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const browsers = new Map<string, ReturnType<typeof signIn>>();
/** One session per demo account for the whole file (sign-in is rate-limited). */
const as = (email: string) => {
  if (!browsers.has(email)) browsers.set(email, signIn(t.app, email, DEMO_PASSWORD));
  return browsers.get(email)!;
};
const orgId = async (slugStart: string) => (await t.db.select({ id: organisations.id }).from(organisations).where(sql`${organisations.slug} like ${slugStart + '%'}`))[0]!.id;
const callBySlug = async (slug: string) => (await t.db.select().from(calls).where(eq(calls.slug, slug)))[0]!;
const appByTitle = async (title: string) => (await t.db.select().from(applications).where(eq(applications.title, title)))[0]!;
const actorOf = async (email: string) => {
  const [u] = (await t.db.execute<{ id: string }>(sql`select id from users where email = ${email}`)) as unknown as { rows: { id: string }[] } extends infer R ? [R] : never;
  return u;
};
void actorOf;
const userId = async (email: string) => ((await t.db.execute(sql`select id from users where email = ${email}`)) as unknown as { rows: { id: string }[] }).rows[0]!.id;
const staffActor = async (email: string) => ({ userId: await userId(email), displayName: email, email, platformRoles: new Set<never>(), memberships: new Map(), secondFactorDone: true });

test('public calls: open calls listed with their Paris deadline; a closed call is not listed but its page says closed', async () => {
  const list = await t.app.inject({ method: 'GET', url: '/fr/calls' });
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Projets de jeunes solidaires/);
  assert.match(list.body, /Inondations dans la vallée du fleuve Sénégal/);
  assert.doesNotMatch(list.body, /session d’hiver/);
  const closed = await t.app.inject({ method: 'GET', url: '/fr/calls/projets-de-solidarite-internationale-session-d-hiver' });
  assert.equal(closed.statusCode, 200);
  assert.match(closed.body, /Clos/);
  assert.doesNotMatch(closed.body, /Commencer une demande/);
  const en = await t.app.inject({ method: 'GET', url: '/en/calls/projets-de-jeunes-solidaires' });
  assert.match(en.body, /Young people’s solidarity projects/);
  assert.match(en.body, /Sign in to apply/);
});

test('association applies: draft with eligibility shown, partner confirms, submit; read-only afterwards; staff and partner notified', async () => {
  const jeunes = await as(demoAccounts.jeunes);
  const call = await callBySlug('projets-de-jeunes-solidaires');
  const orgJeunes = await orgId('jeunes-solidaires');
  const orgEquisol = await orgId('equi');
  const start = await jeunes.post(`/fr/calls/${call.slug}/apply`, { organisationId: orgJeunes });
  assert.equal(start.statusCode, 303);
  const editUrl = String(start.headers.location).replace(/\?.*/, '');
  const id = editUrl.split('/')[4]!;
  const form = await jeunes.get(editUrl);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /À vérifier avant de déposer/);
  // A refused form comes back with what was typed.
  const bad = await jeunes.post(editUrl, { version: '1', title: 'Chantier de jeunes à Saint-Louis', requestedCents: 'beaucoup' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Chantier de jeunes à Saint-Louis/);
  const saved = await jeunes.post(editUrl, {
    version: '1', title: 'Chantier de jeunes à Saint-Louis', summary: 'Rénovation d’une bibliothèque avec des jeunes sénégalais.', countries: 'SN', themes: 'culture-youth',
    requestedCents: '5 000', totalBudgetCents: '8 000', budgetLines: 'Voyage | 5 000\nMatériaux | 3 000', otherFunders: 'Fonds propres | 3 000',
    answer_partenaire: 'Le conseil municipal des jeunes de Saint-Louis.',
    coApplicantId: orgEquisol, coApplicantPart: '1 000',
  });
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));
  const page = await jeunes.get(`/fr/funding/applications/${id}`);
  assert.match(page.body, /confirmation attendue/);
  assert.match(page.body, /Chaque co-demandeur doit confirmer sa part/);
  // Submitting before the partner confirms is refused with the reason.
  const early = await jeunes.post(`/fr/funding/applications/${id}/transition`, { action: 'submit' });
  assert.equal(early.statusCode, 409);
  assert.match(early.body, /Chaque co-demandeur doit confirmer sa part/);
  const equisol = await as(demoAccounts.equisol);
  assert.equal((await equisol.post(`/fr/funding/applications/${id}/confirm`, { organisationId: orgEquisol })).statusCode, 303);
  const submitted = await jeunes.post(`/fr/funding/applications/${id}/transition`, { action: 'submit' });
  assert.equal(submitted.statusCode, 303);
  assert.equal((await findApplication(t.db, id))!.state, 'submitted');
  assert.equal((await jeunes.get(editUrl)).statusCode, 403);
  const mails = await t.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'funding.submit'));
  assert.ok(mails.some((m) => m.to === demoAccounts.staff));
  assert.ok(mails.some((m) => m.to === demoAccounts.equisol));
  const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.subjectId, id), eq(auditLog.action, 'funding.application_submit')));
  assert.equal(audit.length, 1);
});

test('submission is refused after the deadline, and a draft cannot be started on a closed call', async () => {
  const call = await callBySlug('projets-de-jeunes-solidaires');
  const actor = { ...(await staffActor(demoAccounts.jeunes)), memberships: new Map([[await orgId('jeunes-solidaires'), 'admin' as const]]) };
  const draft = (await t.db.select().from(applications).where(and(eq(applications.callId, call.id), eq(applications.state, 'draft'))))[0]!;
  const late = new Date(call.closesAt.getTime() + 1000);
  const refused = await transitionApplication(t.db, actor, draft.id, 'submit', undefined, {}, late);
  assert.equal(refused.ok, false);
  assert.ok(!refused.ok && refused.error.reasons?.includes('deadline_passed'));
  const started = await startApplication(t.db, actor, call.id, await orgId('jeunes-solidaires'), late);
  assert.equal(started.ok, false);
});

test('reviewers see only their assignments, a conflict stops scoring, scores freeze when the phase closes; staff see the ranking', async () => {
  const staff = await as(demoAccounts.staff);
  const app = await appByTitle('Rencontres régionales des acteurs de la solidarité');
  assert.equal(app.state, 'in_review');
  const [mine] = await t.db.select().from(reviews).where(eq(reviews.applicationId, app.id));
  const reviewer = await as(demoAccounts.reviewer);
  const reviewer2 = await as(demoAccounts.reviewer2);
  // reviewer 2 is not assigned: neither the review nor the application is visible
  assert.equal((await reviewer2.get(`/fr/funding/reviews/${mine!.id}`)).statusCode, 404);
  assert.equal((await reviewer2.get(`/fr/funding/applications/${app.id}`)).statusCode, 404);
  assert.equal((await reviewer.get(`/fr/funding/applications/${app.id}`)).statusCode, 200);
  const form = await reviewer.get(`/fr/funding/reviews/${mine!.id}`);
  assert.match(form.body, /Pertinence au regard des besoins/);
  const incomplete = await reviewer.post(`/fr/funding/reviews/${mine!.id}`, { score_pertinence: '4' });
  assert.equal(incomplete.statusCode, 422);
  const scored = await reviewer.post(`/fr/funding/reviews/${mine!.id}`, {
    score_pertinence: '4', comment_pertinence: 'Très pertinent',
    score_partenariat: '3', score_budget: '5',
  });
  assert.equal(scored.statusCode, 303);
  // staff assigns reviewer 2, who declares a conflict and can then no longer score
  assert.equal((await staff.post(`/fr/funding/applications/${app.id}/reviewers`, { reviewerId: await userId(demoAccounts.reviewer2) })).statusCode, 303);
  const [second] = await t.db.select().from(reviews).where(and(eq(reviews.applicationId, app.id), eq(reviews.reviewerId, await userId(demoAccounts.reviewer2))));
  assert.equal((await reviewer2.post(`/fr/funding/reviews/${second!.id}`, { conflict: 'on', conflictNote: 'Je suis adhérent.' })).statusCode, 303);
  assert.equal((await reviewer2.post(`/fr/funding/reviews/${second!.id}`, { score_pertinence: '1', score_partenariat: '1', score_budget: '1' })).statusCode, 403);
  // recommending needs the phase closed
  const early = await staff.post(`/fr/funding/applications/${app.id}/transition`, { action: 'recommend' });
  assert.equal(early.statusCode, 409);
  assert.match(early.body, /phase d’évaluation/);
  const ranking = await staff.get(`/fr/funding/calls/${app.callId}`);
  assert.match(ranking.body, /Rencontres régionales/);
  assert.match(ranking.body, /76\.7 \/ 100/);
  assert.equal((await staff.post(`/fr/funding/calls/${app.callId}/close-review`, {})).statusCode, 303);
  assert.equal((await reviewer.post(`/fr/funding/reviews/${mine!.id}`, { score_pertinence: '0', score_partenariat: '0', score_budget: '0' })).statusCode, 403);
  assert.match((await reviewer.get(`/fr/funding/reviews/${mine!.id}`)).body, /ne peut plus être modifiée/);
  assert.equal((await staff.post(`/fr/funding/applications/${app.id}/transition`, { action: 'recommend' })).statusCode, 303);
  // the reviewer cannot see the ranking
  assert.equal((await reviewer.get(`/fr/funding/calls/${app.callId}`)).statusCode, 403);
});

test('staff awards and pays: committee decision → agreement PDF with accents → signed → tranche paid → report → next tranche', async () => {
  const staff = await as(demoAccounts.staff);
  const finance = await as(demoAccounts.finance);
  const app = await appByTitle('Rencontres régionales des acteurs de la solidarité');
  assert.equal(app.state, 'recommended');
  // more than requested is refused, with the reason
  const tooMuch = await staff.post(`/fr/funding/calls/${app.callId}/committee`, { reference: 'CP-TEST-1', heldOn: '2026-11-20', [`decision_${app.id}`]: 'award', [`amount_${app.id}`]: '20 000', [`version_${app.id}`]: String(app.version) });
  assert.equal(tooMuch.statusCode, 409);
  assert.match(tooMuch.body, /dépasse le montant demandé/);
  const ok = await staff.post(`/fr/funding/calls/${app.callId}/committee`, { reference: 'CP-TEST-2', heldOn: '2026-11-20', [`decision_${app.id}`]: 'award', [`amount_${app.id}`]: '12 000', [`conditions_${app.id}`]: 'Associer les lycées de la Drôme.', [`version_${app.id}`]: String(app.version) });
  assert.equal(ok.statusCode, 303);
  const pdf = await staff.get(`/fr/funding/applications/${app.id}/agreement.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agreement-'));
  const file = path.join(dir, 'c.pdf');
  writeFileSync(file, pdf.rawPayload);
  const text = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).stdout;
  assert.match(text, /Convention de subvention/);
  assert.match(text, /RESACOOP — Réseau régional multi-acteurs de la coopération internationale/);
  assert.match(text, /Région Auvergne-Rhône-Alpes/);
  assert.match(text, /12 000,00 €/);
  assert.match(text, /Associer les lycées de la Drôme/);
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
  assert.match(info, /Title:\s+Convention de subvention/);
  assert.match(info, /Tagged:\s+yes/);
  const fonts = spawnSync('pdffonts', [file], { encoding: 'utf8' }).stdout;
  assert.match(fonts, /DejaVuSans/);
  assert.match(fonts, /yes\s+yes\s+yes/); // embedded, subset, unicode map
  // paying before the agreement is signed is refused
  const [t1, t2] = await tranchesOf(t.db, (await t.db.select().from(awards).where(eq(awards.applicationId, app.id)))[0]!.id);
  const early = await finance.post(`/fr/funding/applications/${app.id}/pay`, { trancheId: t1!.id, idempotencyKey: 'early-key-0001', paidOn: '2026-11-21', reference: 'VIR-1' });
  assert.equal(early.statusCode, 409);
  assert.equal((await staff.post(`/fr/funding/applications/${app.id}/sign`, { signedOn: '2026-11-21' })).statusCode, 303);
  assert.equal((await findApplication(t.db, app.id))!.state, 'in_progress');
  // staff cannot pay; finance can
  assert.equal((await staff.post(`/fr/funding/applications/${app.id}/pay`, { trancheId: t1!.id, idempotencyKey: 'staff-key-0001', paidOn: '2026-11-21', reference: 'VIR-1' })).statusCode, 403);
  assert.equal((await finance.post(`/fr/funding/applications/${app.id}/pay`, { trancheId: t1!.id, idempotencyKey: 'pay-key-0001', paidOn: '2026-11-21', reference: 'VIR-1' })).statusCode, 303);
  // the report, handed in and accepted, lets the next tranche go
  const reports = await reportsOf(t.db, t1!.awardId);
  const applicant = await as(demoAccounts.savoie);
  assert.equal((await applicant.post(`/fr/funding/reports/${reports[0]!.id}`, { narrative: 'Deux rencontres tenues.', financial: 'Conforme.', results: '240 participants.' })).statusCode, 303);
  assert.equal((await staff.post(`/fr/funding/reports/${reports[0]!.id}/review`, { verdict: 'accepted' })).statusCode, 303);
  assert.equal((await finance.post(`/fr/funding/applications/${app.id}/pay`, { trancheId: t2!.id, idempotencyKey: 'pay-key-0002', paidOn: '2026-11-22', reference: 'VIR-2' })).statusCode, 303);
  const paid = await t.db.select().from(payments).where(sql`${payments.trancheId} in (${t1!.id}, ${t2!.id})`);
  assert.equal(paid.reduce((s, p) => s + p.amountCents, 0), 1_200_000);
  // money is published without retyping: commitment and disbursements per project
  const projectId = ((await t.db.execute(sql`select id from projects where slug = 'skills-for-tomorrow'`)) as unknown as { rows: { id: string }[] }).rows[0]!.id;
  await t.db.update(applications).set({ projectId }).where(eq(applications.id, app.id));
  const tx = await fundingTransactionsForProject(t.db, projectId);
  assert.deepEqual(tx.map((x) => [x.type, x.amountCents]), [['2', 1_200_000], ['3', 600_000], ['3', 600_000]]);
});

test('idempotent payment: the same key twice, and two concurrent requests, record one row and give the same answer', async () => {
  const app = await appByTitle('Écotourisme solidaire au pays dogon');
  const award = (await t.db.select().from(awards).where(eq(awards.applicationId, app.id)))[0]!;
  // a fresh award to pay: the resacoop one from the closed call
  const resacoop = await appByTitle('Coopération décentralisée Rhône-Alpes — Sénégal : formation des élus');
  const finance = await staffActor(demoAccounts.finance);
  const staff = await as(demoAccounts.staff);
  assert.equal((await staff.post(`/fr/funding/applications/${resacoop.id}/sign`, { signedOn: '2026-04-01' })).statusCode, 303);
  const resAward = (await t.db.select().from(awards).where(eq(awards.applicationId, resacoop.id)))[0]!;
  const [first] = await tranchesOf(t.db, resAward.id);
  // its interim report (due 6 months after the decision) was handed in and accepted
  await t.db.execute(sql`update funding_reports set status = 'accepted' where award_id = ${resAward.id} and sequence = 1`);
  const input = { trancheId: first!.id, idempotencyKey: 'same-key-123456', paidOn: '2026-04-02', reference: 'VIR-77' };
  const a = await recordPayment(t.db, finance, input);
  const b = await recordPayment(t.db, finance, input);
  assert.ok(a.ok && b.ok);
  assert.equal(a.ok && a.value.payment.id, b.ok && b.value.payment.id);
  assert.equal(b.ok && b.value.replayed, true);
  // two concurrent requests with one key on the second tranche (after its report is accepted)
  const [, second] = await tranchesOf(t.db, resAward.id);
  const concurrent = { trancheId: second!.id, idempotencyKey: 'concurrent-key-1', paidOn: '2026-10-02', reference: 'VIR-78' };
  const [c1, c2] = await Promise.all([recordPayment(t.db, finance, concurrent), recordPayment(t.db, finance, concurrent)]);
  assert.ok(c1.ok && c2.ok, JSON.stringify([c1, c2]));
  assert.equal(c1.ok && c1.value.payment.id, c2.ok && c2.value.payment.id);
  const rows = await t.db.select().from(payments).where(eq(payments.idempotencyKey, 'concurrent-key-1'));
  assert.equal(rows.length, 1);
  // the same key for another tranche is a conflict, never a second payment
  const reused = await recordPayment(t.db, finance, { ...concurrent, trancheId: first!.id });
  assert.equal(reused.ok, false);
  void award;
});

test('an overdue report blocks the next tranche and staff see "report overdue"', async () => {
  const app = await appByTitle('Écotourisme solidaire au pays dogon');
  const award = (await t.db.select().from(awards).where(eq(awards.applicationId, app.id)))[0]!;
  const [, second] = await tranchesOf(t.db, award.id);
  const finance = await as(demoAccounts.finance);
  const res = await finance.post(`/fr/funding/applications/${app.id}/pay`, { trancheId: second!.id, idempotencyKey: 'blocked-key-01', paidOn: '2026-11-22', reference: 'VIR-9' });
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /compte rendu est en retard/);
  assert.equal((await t.db.select().from(payments).where(eq(payments.trancheId, second!.id))).length, 0);
  const staff = await as(demoAccounts.staff);
  assert.match((await staff.get(`/fr/funding/applications/${app.id}`)).body, /Compte rendu en retard/);
  const envelopeId = ((await t.db.execute(sql`select e.id from funding_envelopes e join funding_lines l on l.envelope_id = e.id where l.id = (select line_id from funding_calls where id = ${app.callId})`)) as unknown as { rows: { id: string }[] }).rows[0]!.id;
  const dash = await staff.get(`/fr/funding/envelopes/${envelopeId}`);
  assert.equal(dash.statusCode, 200);
  assert.match(dash.body, /\d — Compte rendu en retard/);
  // the applicant does not see the staff badge
  assert.doesNotMatch((await (await as(demoAccounts.tetraktys)).get(`/fr/funding/applications/${app.id}`)).body, /badge danger/);
  const csv = await staff.get(`/fr/funding/envelopes/${envelopeId}/export.csv`);
  assert.equal(csv.statusCode, 200);
  assert.match(csv.body, /Projets de solidarité internationale/);
});

test('reminders are jobs in PostgreSQL: before and after the due date, once each, run with SKIP LOCKED', async () => {
  const app = await appByTitle('Écotourisme solidaire au pays dogon');
  const award = (await t.db.select().from(awards).where(eq(awards.applicationId, app.id)))[0]!;
  const [report] = await reportsOf(t.db, award.id);
  const due = await t.db.select().from(jobs).where(sql`${jobs.dedupeKey} like ${'funding.report:' + report!.id + '%'}`);
  assert.equal(due.length, 2);
  const before = (await t.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'funding.report_reminder_after'))).length;
  await runDueJobs(t.db, fundingJobHandlers, new Date(), 200);
  const after = await t.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'funding.report_reminder_after'));
  assert.ok(after.length > before);
  assert.ok(after.some((m) => m.to === demoAccounts.tetraktys));
  const again = await runDueJobs(t.db, fundingJobHandlers, new Date(), 200);
  assert.equal(again, 0);
});

test('a commitment exceeding the line is refused; finance moves amounts between lines (audited); concurrent decisions: one wins', async () => {
  const youth = await callBySlug('projets-de-jeunes-solidaires');
  const app = await appByTitle('Chantier de jeunes à Saint-Louis');
  const staff = await staffActor(demoAccounts.staff);
  // bring the application to "recommended" the quick way (the HTTP path is covered above)
  for (const action of ['declare_eligible'] as const) assert.ok((await transitionApplication(t.db, staff, app.id, action, undefined)).ok);
  const finance = await as(demoAccounts.finance);
  const [line] = await t.db.select().from(lines).where(eq(lines.id, youth.lineId));
  const [other] = await t.db.select().from(lines).where(and(eq(lines.envelopeId, line!.envelopeId), sql`${lines.id} <> ${line!.id}`, eq(lines.isEmergency, false)));
  const envelopeUrl = `/fr/funding/envelopes/${line!.envelopeId}`;
  const moveAll = await finance.post(`${envelopeUrl}/transfer`, { fromLineId: line!.id, toLineId: other!.id, amountCents: String((line!.earmarkedCents - 300_000) / 100), reason: 'Redéploiement vers les projets de solidarité' });
  assert.equal(moveAll.statusCode, 303);
  const tooMuch = await finance.post(`${envelopeUrl}/transfer`, { fromLineId: line!.id, toLineId: other!.id, amountCents: '5 000', reason: 'Encore' });
  assert.equal(tooMuch.statusCode, 422);
  assert.match(tooMuch.body, /dépasse ce qui reste disponible/);
  assert.equal((await t.db.select().from(auditLog).where(eq(auditLog.action, 'funding.line_transfer'))).length, 1);
  assert.equal((await lineFigures(t.db, [line!.id])).get(line!.id)!.remainingCents, 300_000);
  await t.db.update(applications).set({ state: 'recommended' }).where(eq(applications.id, app.id));
  const fresh = (await findApplication(t.db, app.id))!;
  const over = await recordDecisions(t.db, staff, youth.funderId, { reference: 'CP-X', heldOn: '2026-11-22' }, [{ applicationId: app.id, version: fresh.version, decision: 'award', amountCents: 400_000, conditions: undefined }]);
  assert.ok(over.ok);
  const outcome = over.ok ? over.value.outcomes[0]! : null;
  assert.ok(outcome && !outcome.ok && outcome.reasons.includes('amount_exceeds_line'));
  // two committee sessions decide the same application at once: one wins, the other is told
  const [d1, d2] = await Promise.all([
    recordDecisions(t.db, staff, youth.funderId, { reference: 'CP-A', heldOn: '2026-11-22' }, [{ applicationId: app.id, version: fresh.version, decision: 'award', amountCents: 200_000, conditions: undefined }]),
    recordDecisions(t.db, staff, youth.funderId, { reference: 'CP-B', heldOn: '2026-11-22' }, [{ applicationId: app.id, version: fresh.version, decision: 'reject', conditions: undefined }]),
  ]);
  const outcomes = [d1, d2].map((d) => (d.ok ? d.value.outcomes[0]! : null));
  assert.equal(outcomes.filter((o) => o?.ok).length, 1, JSON.stringify(outcomes));
  assert.equal(outcomes.filter((o) => o && !o.ok).length, 1);
  assert.equal((await t.db.select().from(awards).where(eq(awards.applicationId, app.id))).length <= 1, true);
  // the committee without the second factor cannot decide
  const noTwoFactor = await recordDecisions(t.db, { ...staff, secondFactorDone: false }, youth.funderId, { reference: 'CP-C', heldOn: '2026-11-22' }, []);
  assert.equal(noTwoFactor.ok, false);
});

test('SCDL file generated from awards and payments: valid against the format, beneficiaries without SIRET left out and counted', async () => {
  const staff = await as(demoAccounts.staff);
  const region = await orgId('region-rhone-alpes');
  const year = (await t.db.select().from(awards))[0]!.decidedOn.slice(0, 4);
  const res = await staff.get(`/fr/funding/funders/${region}/scdl.csv?year=${year}`);
  assert.equal(res.statusCode, 200);
  assert.deepEqual(validateScdlCsv(res.body, parseCsv), []);
  const rows = parseCsv(res.body);
  assert.ok(rows.length >= 3, res.body);
  assert.ok(rows.some((r) => r[4] === 'Tétraktys' && r[5] === '41234567800021' && r[6] === 'W381000123' && r[8] === '20000' && r[10] === 'échelonné'));
  assert.ok(Number(res.headers['x-scdl-left-out']) >= 0);
  assert.equal((await (await as(demoAccounts.reviewer)).get(`/fr/funding/funders/${region}/scdl.csv`)).statusCode, 403);
});

test('emergency fast track: one-step call, only pre-qualified organisations, humanitarian codes, one tranche, report at 3 months', async () => {
  const staff = await as(demoAccounts.staff);
  const [line] = await t.db.select().from(lines).where(and(eq(lines.isEmergency, true), eq(lines.nameFr, 'Fonds d’urgence')));
  const form = await staff.get(`/fr/funding/lines/${line!.id}/emergency`);
  assert.equal(form.statusCode, 200);
  const bad = await staff.post(`/fr/funding/lines/${line!.id}/emergency`, { titleFr: 'Séisme', kind: 'disaster', decisionHours: '1', glide: 'xx' });
  assert.equal(bad.statusCode, 422);
  const created = await staff.post(`/fr/funding/lines/${line!.id}/emergency`, { titleFr: 'Cyclone à Madagascar', titleEn: 'Cyclone in Madagascar', textFr: 'Le cyclone a détruit des écoles et des puits.', kind: 'disaster', countries: 'MG', glide: 'TC-2026-000201-MDG', decisionHours: '48', maxAmountCents: '30 000' });
  assert.equal(created.statusCode, 303);
  const call = await callBySlug('cyclone-a-madagascar');
  assert.equal(call.isEmergency, true);
  assert.deepEqual(call.trancheShares, [1]);
  assert.equal(call.closesAt.getTime() - call.opensAt.getTime(), 24 * 3_600_000);
  const savoie = await as(demoAccounts.savoie);
  // Bioforce was vetted more than two years ago: refused
  const refused = await savoie.post(`/fr/calls/${call.slug}/apply`, { organisationId: await orgId('institut-bioforce') });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /pré-qualifiées/);
  const started = await savoie.post(`/fr/calls/${call.slug}/apply`, { organisationId: await orgId('secours-savoyard') });
  assert.equal(started.statusCode, 303);
  const id = String(started.headers.location).split('/')[4]!;
  const app = (await findApplication(t.db, id))!;
  assert.equal(app.humanitarian, true);
  assert.deepEqual(app.sectorCodes, ['72010', '72040', '72050']);
  const saved = await savoie.post(`/fr/funding/applications/${id}/edit`, { version: String(app.version), title: 'Abris et eau pour Toamasina', countries: 'MG', themes: 'emergency', requestedCents: '25 000', totalBudgetCents: '25 000', answer_needs: '300 familles sinistrées.' });
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
  assert.equal((await savoie.post(`/fr/funding/applications/${id}/transition`, { action: 'submit' })).statusCode, 303);
  const staffActorValue = await staffActor(demoAccounts.staff);
  for (const action of ['declare_eligible'] as const) assert.ok((await transitionApplication(t.db, staffActorValue, id, action, undefined)).ok);
  assert.equal((await staff.post(`/fr/funding/applications/${id}/reviewers`, { reviewerId: await userId(demoAccounts.reviewer) })).statusCode, 303);
  assert.ok((await transitionApplication(t.db, staffActorValue, id, 'start_review', undefined)).ok);
  const [review] = await t.db.select().from(reviews).where(eq(reviews.applicationId, id));
  assert.equal((await (await as(demoAccounts.reviewer)).post(`/fr/funding/reviews/${review!.id}`, { score_relevance: '5' })).statusCode, 303);
  assert.equal((await staff.post(`/fr/funding/calls/${call.id}/close-review`, {})).statusCode, 303);
  assert.ok((await transitionApplication(t.db, staffActorValue, id, 'recommend', undefined)).ok);
  const v = (await findApplication(t.db, id))!.version;
  const decided = await recordDecisions(t.db, staffActorValue, call.funderId, { reference: 'URG-1', heldOn: '2026-11-23' }, [{ applicationId: id, version: v, decision: 'award', amountCents: 2_500_000, conditions: undefined }]);
  assert.ok(decided.ok && decided.value.outcomes[0]!.ok);
  const award = (await t.db.select().from(awards).where(eq(awards.applicationId, id)))[0]!;
  const tr = await t.db.select().from(trancheTable).where(eq(trancheTable.awardId, award.id));
  assert.equal(tr.length, 1);
  const [report] = await reportsOf(t.db, award.id);
  assert.equal(report!.dueAt.toISOString().slice(0, 10), '2027-02-23');
});

test('a signed-in stranger sees no application and no dashboard; visitors are sent to sign in', async () => {
  const app = await appByTitle('Écotourisme solidaire au pays dogon');
  const stranger = await as(demoAccounts.djiguiya);
  assert.equal((await stranger.get(`/fr/funding/applications/${app.id}`)).statusCode, 404);
  const visitor = await t.app.inject({ method: 'GET', url: `/fr/funding/applications/${app.id}` });
  assert.equal(visitor.statusCode, 303);
  const who = await fundingActor(t.db, await staffActor(demoAccounts.djiguiya), app.callId);
  assert.equal(who.team.size, 0);
});
