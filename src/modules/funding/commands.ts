// Writes of the funding module: `verbNoun(db, actor, …)` → Result. Policy first, one transaction, audit entry for
// every change to money, decisions and roles, mail to the people concerned. Every application state change goes
// through workflow.ts `decide` (built from the records by `workflowContext`).
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { isPlatformAdmin, type Actor } from '../../kernel/actor.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { failure, type Failure } from '../../kernel/errors.ts';
import { newId, slugify } from '../../kernel/ids.ts';
import { enqueueJob } from '../../kernel/jobs.ts';
import { queueMail } from '../../kernel/mail.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { storeDocument } from '../files/commands.ts';
import { findOrganisationById } from '../organisations/queries.ts';
import { absoluteUrl, simpleMail, transitionMail } from './mails.ts';
import { can, workflowRoleFor, type FundingActor, type TeamRole } from './policy.ts';
import {
  activeUserIdByEmail, awardOf, coApplicantsOf, documentsOf, emailOfUser, emailsOfOrganisations, emailsOfTeam, findApplication, findCall, findLine,
  findPaymentByKey, findPrequalification, findReport, findReview, findTranche, lineFigures, paymentsOfAward, reportsOf, reviewsOf,
  teamRolesOf, tranchesOf, awaitingDecisionStates, projectBrief, projectIndicators, type ApplicationRow, type CallRow, type PaymentRow,
} from './queries.ts';
import { blockingProblems, checkEligibility, EMERGENCY_SECTOR_CODES, isPrequalified, SCORE_MAX } from './rules.ts';
import type { ApplicationInput, CallEdit, CallInput, EmergencyCallInput, EnvelopeEdit, EnvelopeInput, ReviewInput } from './schema.ts';
import {
  type IndicatorResult, applicationDocuments, applications, awards, calls, coApplicants, committeeSessions, envelopes, funderTeam, lineTransfers, lines, payments,
  prequalifications, reports, reviews, tranches,
} from './tables.ts';
import { canPayTranche, scheduleEmergencyTranche, scheduleTranches } from './tranches.ts';
import { decide, type WorkflowAction, type WorkflowContext } from './workflow.ts';

const appUrl = (id: string) => absoluteUrl(`/fr/funding/applications/${id}`);

export async function fundingActor(db: Db | Tx, actor: Actor, funderId: string): Promise<FundingActor> {
  return { actor, team: await teamRolesOf(db, actor.userId, funderId) };
}

const applicationRef = (app: ApplicationRow, partnerIds: readonly string[]) => ({ organisationId: app.organisationId, coApplicantIds: partnerIds, state: app.state });

// ─── Team and prequalification ───────────────────────────────────────────────────────────────────────────

/** Names a user in a funder's team. Staff of the funder (or a platform administrator, to bootstrap) only. */
export async function addTeamMember(db: Db, actor: Actor, funderId: string, userId: string, role: TeamRole): Promise<Result<void, Failure>> {
  const who = await fundingActor(db, actor, funderId);
  if (!can(who, 'manage_team') && !isPlatformAdmin(actor)) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    await tx.insert(funderTeam).values({ funderId, userId, role }).onConflictDoNothing();
    await recordAudit(tx, actor, { action: 'funding.team_member_added', subjectType: 'user', subjectId: userId, organisationId: funderId, after: { role } });
    return ok(undefined);
  });
}

export async function setPrequalification(db: Db, actor: Actor, funderId: string, organisationId: string, vettedOn: string, note: string | undefined): Promise<Result<void, Failure>> {
  const who = await fundingActor(db, actor, funderId);
  if (!can(who, 'manage_prequalification')) return err(failure('forbidden'));
  if (!(await findOrganisationById(db, organisationId))) return err(failure('validation', { organisationId: 'funding.error.organisation_unknown' }));
  return inTransaction(db, async (tx) => {
    await tx
      .insert(prequalifications)
      .values({ id: newId(), funderId, organisationId, vettedOn, note: note ?? null, createdBy: actor.userId })
      .onConflictDoUpdate({ target: [prequalifications.funderId, prequalifications.organisationId], set: { vettedOn, note: note ?? null } });
    await recordAudit(tx, actor, { action: 'funding.prequalified', subjectType: 'organisation', subjectId: organisationId, organisationId: funderId, after: { vettedOn } });
    return ok(undefined);
  });
}

// ─── Envelopes and lines ─────────────────────────────────────────────────────────────────────────────────

export async function createEnvelope(db: Db, actor: Actor, input: EnvelopeInput): Promise<Result<{ id: string; lineIds: string[] }, Failure>> {
  const who = await fundingActor(db, actor, input.funderId);
  if (!can(who, 'manage_envelope')) return err(failure('forbidden'));
  const earmarked = input.lines.reduce((s, l) => s + l.earmarkedCents, 0);
  if (earmarked > input.amountCents) return err(failure('validation', { lines: 'funding.error.lines_exceed_envelope' }));
  return inTransaction(db, async (tx) => {
    const id = newId();
    await tx.insert(envelopes).values({ id, funderId: input.funderId, year: input.year, nameFr: input.nameFr, nameEn: input.nameEn ?? null, amountCents: input.amountCents, currency: input.currency, grantorName: input.grantorName, grantorSiret: input.grantorSiret });
    const lineIds: string[] = [];
    for (const [i, l] of input.lines.entries()) {
      const lineId = newId();
      lineIds.push(lineId);
      await tx.insert(lines).values({ id: lineId, envelopeId: id, nameFr: l.nameFr, nameEn: l.nameEn ?? null, earmarkedCents: l.earmarkedCents, isEmergency: l.isEmergency, position: i });
    }
    await recordAudit(tx, actor, { action: 'funding.envelope_created', subjectType: 'envelope', subjectId: id, organisationId: input.funderId, after: { year: input.year, amountCents: input.amountCents, lines: input.lines } });
    return ok({ id, lineIds });
  });
}

/** Finance moves an earmarked amount from one line to another of the same envelope; never below what is committed. */
export async function transferBetweenLines(db: Db, actor: Actor, input: { fromLineId: string; toLineId: string; amountCents: number; reason: string }): Promise<Result<void, Failure>> {
  const from = await findLine(db, input.fromLineId);
  const to = await findLine(db, input.toLineId);
  if (!from || !to) return err(failure('not_found'));
  const who = await fundingActor(db, actor, from.envelope.funderId);
  if (!can(who, 'transfer_between_lines')) return err(failure('forbidden'));
  if (from.envelopeId !== to.envelopeId || from.id === to.id) return err(failure('validation', { toLineId: 'funding.error.transfer_same_envelope' }));
  return inTransaction(db, async (tx) => {
    await tx.execute(sql`select id from funding_lines where id in (${from.id}, ${to.id}) order by id for update`);
    const figures = (await lineFigures(tx, [from.id])).get(from.id)!;
    if (input.amountCents > figures.remainingCents) return err(failure('validation', { amount: 'funding.error.transfer_exceeds_remaining' }));
    await tx.update(lines).set({ earmarkedCents: sql`${lines.earmarkedCents} - ${input.amountCents}`, version: sql`${lines.version} + 1` }).where(eq(lines.id, from.id));
    await tx.update(lines).set({ earmarkedCents: sql`${lines.earmarkedCents} + ${input.amountCents}`, version: sql`${lines.version} + 1` }).where(eq(lines.id, to.id));
    const id = newId();
    await tx.insert(lineTransfers).values({ id, fromLineId: from.id, toLineId: to.id, amountCents: input.amountCents, reason: input.reason, createdBy: actor.userId });
    await recordAudit(tx, actor, { action: 'funding.line_transfer', subjectType: 'envelope', subjectId: from.envelopeId, organisationId: from.envelope.funderId, before: { from: from.earmarkedCents, to: to.earmarkedCents }, after: { from: from.earmarkedCents - input.amountCents, to: to.earmarkedCents + input.amountCents, amountCents: input.amountCents, reason: input.reason } });
    return ok(undefined);
  });
}

// ─── Calls ───────────────────────────────────────────────────────────────────────────────────────────────

async function uniqueCallSlug(tx: Tx, base: string): Promise<string> {
  const taken = await tx.select({ slug: calls.slug }).from(calls).where(sql`${calls.slug} = ${base} or ${calls.slug} like ${base + '-%'}`);
  const used = new Set(taken.map((r) => r.slug));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

export async function createCall(db: Db, actor: Actor, input: CallInput): Promise<Result<{ id: string; slug: string }, Failure>> {
  const line = await findLine(db, input.lineId);
  if (!line) return err(failure('validation', { lineId: 'funding.error.line_unknown' }));
  const who = await fundingActor(db, actor, line.envelope.funderId);
  if (!can(who, 'manage_call')) return err(failure('forbidden'));
  if (input.closesAt.getTime() <= input.opensAt.getTime()) return err(failure('validation', { closesAt: 'funding.error.closes_before_opens' }));
  if (input.minAmountCents !== undefined && input.maxAmountCents !== undefined && input.minAmountCents > input.maxAmountCents) return err(failure('validation', { maxAmount: 'funding.error.max_below_min' }));
  return inTransaction(db, async (tx) => {
    const id = newId();
    const slug = await uniqueCallSlug(tx, slugify(input.titleFr, 60));
    await tx.insert(calls).values({
      id, slug, lineId: line.id, funderId: line.envelope.funderId, titleFr: input.titleFr, titleEn: input.titleEn ?? null, textFr: input.textFr, textEn: input.textEn ?? null,
      opensAt: input.opensAt, closesAt: input.closesAt, eligibleSubtypes: input.eligibleSubtypes, countries: input.countries, themes: input.themes,
      minAmountCents: input.minAmountCents ?? null, maxAmountCents: input.maxAmountCents ?? null, coFinancingMinPercent: input.coFinancingMinPercent,
      criteria: input.criteria, requiredDocuments: input.requiredDocuments, questions: input.questions, trancheShares: input.trancheShares, trancheIntervalMonths: input.trancheIntervalMonths,
      isEmergency: false, createdBy: actor.userId,
    });
    await recordAudit(tx, actor, { action: 'funding.call_published', subjectType: 'call', subjectId: id, organisationId: line.envelope.funderId, after: { slug, opensAt: input.opensAt, closesAt: input.closesAt } });
    return ok({ id, slug });
  });
}

/** An emergency call in one step, on an emergency line: open now, closing before the decision deadline. */
export async function openEmergencyCall(db: Db, actor: Actor, input: EmergencyCallInput, now = new Date()): Promise<Result<{ id: string; slug: string }, Failure>> {
  const line = await findLine(db, input.lineId);
  if (!line) return err(failure('validation', { lineId: 'funding.error.line_unknown' }));
  const who = await fundingActor(db, actor, line.envelope.funderId);
  if (!can(who, 'manage_call')) return err(failure('forbidden'));
  if (!line.isEmergency) return err(failure('validation', { lineId: 'funding.error.line_not_emergency' }));
  const closesAt = new Date(now.getTime() + Math.max(1, Math.floor(input.decisionHours / 2)) * 3_600_000);
  return inTransaction(db, async (tx) => {
    const id = newId();
    const slug = await uniqueCallSlug(tx, slugify(input.titleFr, 60));
    await tx.insert(calls).values({
      id, slug, lineId: line.id, funderId: line.envelope.funderId, titleFr: input.titleFr, titleEn: input.titleEn ?? null,
      textFr: input.textFr, textEn: input.textEn ?? null, opensAt: now, closesAt, countries: input.countries, themes: ['emergency'],
      maxAmountCents: input.maxAmountCents ?? null, trancheShares: [1], isEmergency: true,
      emergency: { kind: input.kind, glide: input.glide ?? null, decisionHours: input.decisionHours },
      criteria: [{ key: 'relevance', labelFr: 'Pertinence de la réponse', labelEn: 'Relevance of the response', weight: 1 }],
      questions: [{ key: 'needs', labelFr: 'Besoins constatés et personnes aidées', labelEn: 'Needs observed and people helped', required: true }],
      createdBy: actor.userId,
    });
    await recordAudit(tx, actor, { action: 'funding.emergency_call_opened', subjectType: 'call', subjectId: id, organisationId: line.envelope.funderId, after: { slug, kind: input.kind, glide: input.glide ?? null, decisionHours: input.decisionHours, countries: input.countries } });
    return ok({ id, slug });
  });
}

export async function closeReviewPhase(db: Db, actor: Actor, callId: string): Promise<Result<void, Failure>> {
  const call = await findCall(db, callId);
  if (!call) return err(failure('not_found'));
  if (!can(await fundingActor(db, actor, call.funderId), 'close_review_phase')) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    await tx.update(calls).set({ reviewPhaseClosed: true }).where(eq(calls.id, callId));
    await recordAudit(tx, actor, { action: 'funding.review_phase_closed', subjectType: 'call', subjectId: callId, organisationId: call.funderId });
    return ok(undefined);
  });
}

// ─── Applications ────────────────────────────────────────────────────────────────────────────────────────

export async function startApplication(db: Db, actor: Actor, callId: string, organisationId: string, now = new Date()): Promise<Result<{ id: string }, Failure>> {
  const call = await findCall(db, callId);
  if (!call) return err(failure('not_found'));
  const who = await fundingActor(db, actor, call.funderId);
  if (!can(who, 'apply', { organisationId })) return err(failure('forbidden'));
  if (now.getTime() >= call.closesAt.getTime()) return err(failure('validation', { _form: 'funding.guard.deadline_passed' }));
  const org = await findOrganisationById(db, organisationId);
  if (!org) return err(failure('not_found'));
  if (call.isEmergency) {
    const pq = await findPrequalification(db, call.funderId, organisationId);
    if (!isPrequalified(pq?.vettedOn, now)) return err(failure('validation', { _form: 'funding.guard.organisation_not_prequalified' }));
  }
  return inTransaction(db, async (tx) => {
    const id = newId();
    await tx.insert(applications).values({
      id, callId, organisationId, title: call.isEmergency ? `${call.titleFr}` : '', countries: org.countries.filter((c) => call.countries.length === 0 || call.countries.includes(c)),
      themes: call.isEmergency ? ['emergency'] : org.themes, applicantSiret: org.siret, applicantRna: org.rna, createdBy: actor.userId,
      humanitarian: call.isEmergency, sectorCodes: call.isEmergency ? [...EMERGENCY_SECTOR_CODES] : [],
    });
    await recordAudit(tx, actor, { action: 'funding.application_started', subjectType: 'application', subjectId: id, organisationId, actingForOrganisationId: organisationId });
    return ok({ id });
  });
}

export interface DocumentUpload {
  key: string;
  fileName: string;
  data: Buffer;
}

const documentErrorKey = { too_large: 'funding.error.document_size', not_a_document: 'funding.error.document_type', empty: 'funding.error.document_type' } as const;

/** Saves a draft (or a completion). Read-only once submitted, unless staff asked for a completion. */
export async function saveApplication(db: Db, actor: Actor, id: string, expectedVersion: number, input: ApplicationInput, uploads: readonly DocumentUpload[] = []): Promise<Result<{ version: number }, Failure>> {
  const app = await findApplication(db, id);
  if (!app) return err(failure('not_found'));
  const call = (await findCall(db, app.callId))!;
  const partners = await coApplicantsOf(db, id);
  const who = await fundingActor(db, actor, call.funderId);
  if (!can(who, 'edit_application', { application: applicationRef(app, partners.map((p) => p.organisationId)) })) return err(failure('forbidden'));
  const partnerIds = input.coApplicants.map((p) => p.organisationId);
  if (partnerIds.includes(app.organisationId) || new Set(partnerIds).size !== partnerIds.length) return err(failure('validation', { coApplicants: 'funding.error.co_applicant_duplicate' }));
  for (const pid of partnerIds) if (!(await findOrganisationById(db, pid))) return err(failure('validation', { coApplicants: 'funding.error.organisation_unknown' }));
  if (input.projectId && (await projectBrief(db, input.projectId))?.organisationId !== app.organisationId) return err(failure('validation', { projectId: 'funding.error.project_not_ours' }));
  const allowedKeys = new Set(call.requiredDocuments.map((d) => d.key).concat(['other']));
  return inTransaction(db, async (tx) => {
    for (const upload of uploads) {
      if (!allowedKeys.has(upload.key)) continue;
      const stored = await storeDocument(tx, actor.userId, upload, { restricted: true });
      if (!stored.ok) return err(failure('validation', { [`doc_${upload.key}`]: documentErrorKey[stored.error] }));
      await tx.delete(applicationDocuments).where(and(eq(applicationDocuments.applicationId, id), eq(applicationDocuments.docKey, upload.key)));
      await tx.insert(applicationDocuments).values({ id: newId(), applicationId: id, docKey: upload.key, fileId: stored.value.id, fileName: stored.value.fileName });
    }
    const updated = await tx
      .update(applications)
      .set({
        title: input.title ?? '', summary: input.summary ?? null, countries: input.countries, themes: input.themes, requestedCents: input.requestedCents ?? 0,
        totalBudgetCents: input.totalBudgetCents ?? 0, budgetLines: input.budgetLines, otherFunders: input.otherFunders, answers: input.answers,
        applicantSiret: input.applicantSiret ?? null, applicantRna: input.applicantRna ?? null, projectId: input.projectId ?? null,
        version: sql`${applications.version} + 1`, updatedAt: new Date(),
      })
      .where(and(eq(applications.id, id), eq(applications.version, expectedVersion)))
      .returning({ version: applications.version });
    if (!updated[0]) return err(failure('conflict'));
    // Partners whose part changed must confirm again.
    const before = new Map(partners.map((p) => [p.organisationId, p]));
    await tx.delete(coApplicants).where(eq(coApplicants.applicationId, id));
    for (const p of input.coApplicants) {
      const old = before.get(p.organisationId);
      const keep = old && old.partCents === p.partCents;
      await tx.insert(coApplicants).values({ applicationId: id, organisationId: p.organisationId, partCents: p.partCents, confirmedAt: keep ? old.confirmedAt : null, confirmedBy: keep ? old.confirmedBy : null });
      if (!keep) {
        for (const to of await emailsOfOrganisations(tx, [p.organisationId])) {
          await queueMail(tx, { to, kind: 'funding.co_applicant_invited', ...simpleMail('Votre organisation est co-demandeuse : confirmez votre part', 'Your organisation is a co-applicant: confirm your part', appUrl(id)) });
        }
      }
    }
    return ok({ version: updated[0].version });
  });
}

export async function confirmCoApplicant(db: Db, actor: Actor, applicationId: string, organisationId: string): Promise<Result<void, Failure>> {
  const app = await findApplication(db, applicationId);
  if (!app) return err(failure('not_found'));
  const call = (await findCall(db, app.callId))!;
  const partners = await coApplicantsOf(db, applicationId);
  const who = await fundingActor(db, actor, call.funderId);
  if (!can(who, 'confirm_co_applicant', { application: applicationRef(app, partners.map((p) => p.organisationId)), coApplicantId: organisationId })) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    await tx.update(coApplicants).set({ confirmedAt: new Date(), confirmedBy: actor.userId }).where(and(eq(coApplicants.applicationId, applicationId), eq(coApplicants.organisationId, organisationId)));
    await recordAudit(tx, actor, { action: 'funding.co_applicant_confirmed', subjectType: 'application', subjectId: applicationId, organisationId: app.organisationId, actingForOrganisationId: organisationId });
    for (const to of await emailsOfOrganisations(tx, [app.organisationId])) {
      await queueMail(tx, { to, kind: 'funding.co_applicant_confirmed', ...simpleMail('Un co-demandeur a confirmé sa part', 'A co-applicant confirmed its part', appUrl(applicationId)) });
    }
    return ok(undefined);
  });
}

/** Everything workflow.ts looks at, read from the records for one application at one instant. */
export async function workflowContext(db: Db | Tx, app: ApplicationRow, call: CallRow, now: Date, secondFactorDone: boolean, extra: { awardedAmountCents?: number | null } = {}): Promise<WorkflowContext & { eligibility: ReturnType<typeof checkEligibility> }> {
  const [partners, docs, reviewRows, award, org, pq, line] = await Promise.all([
    coApplicantsOf(db, app.id), documentsOf(db, app.id), reviewsOf(db, [app.id]), awardOf(db, app.id), findOrganisationById(db, app.organisationId),
    call.isEmergency ? findPrequalification(db, call.funderId, app.organisationId) : Promise.resolve(undefined), lineFigures(db, [call.lineId]),
  ]);
  const eligibility = checkEligibility(call, { ...app, organisationSubtype: org?.subtype ?? '', documentKeys: docs.map((d) => d.docKey) });
  const paid = award ? (await paymentsOfAward(db, award.id)).reduce((s, p) => s + p.amountCents, 0) : 0;
  const reportRows = award ? await reportsOf(db, award.id) : [];
  const reviewsComplete = reviewRows.length > 0 && reviewRows.every((r) => r.conflict || (r.completedAt !== null && call.criteria.every((c) => r.scores[c.key] !== undefined)));
  return {
    now, callOpensAt: call.opensAt, callClosesAt: call.closesAt, isEmergencyCall: call.isEmergency, organisationPrequalified: isPrequalified(pq?.vettedOn, now),
    requestedAmountCents: app.requestedCents, minAmountCents: call.minAmountCents, maxAmountCents: call.maxAmountCents,
    requiredAnswersComplete: app.title.trim() !== '' && blockingProblems(eligibility).length === 0, coApplicantsAllConfirmed: partners.every((p) => p.confirmedAt !== null),
    completionDueAt: app.completionDueAt, reviewersAssigned: reviewRows.length, reviewsComplete, reviewPhaseClosed: call.reviewPhaseClosed,
    awardedAmountCents: extra.awardedAmountCents ?? null, lineRemainingCents: line.get(call.lineId)?.remainingCents ?? 0,
    agreementSigned: award?.agreementSignedOn != null, paidCents: paid, outstandingReports: reportRows.filter((r) => r.status !== 'accepted').length,
    secondFactorDone, eligibility,
  };
}

export interface TransitionExtra {
  completionDueAt?: Date | undefined;
  note?: string | undefined;
}

export interface Refusal extends Failure {
  reasons?: readonly string[];
}

async function notifyTransition(tx: Tx, app: ApplicationRow, call: CallRow, action: WorkflowAction, note?: string | null): Promise<void> {
  const mail = transitionMail(action, app.title || call.titleFr, appUrl(app.id), note);
  const partners = await coApplicantsOf(tx, app.id);
  const recipients = new Set(await emailsOfOrganisations(tx, [app.organisationId, ...partners.map((p) => p.organisationId)]));
  if (action === 'submit' || action === 'resubmit' || action === 'withdraw') for (const e of await emailsOfTeam(tx, call.funderId, 'staff')) recipients.add(e);
  for (const to of recipients) await queueMail(tx, { to, kind: `funding.${action}`, ...mail });
}

/**
 * Moves an application by one workflow action (all but `award`, which needs an amount: see `recordDecisions`).
 * The update names the version read: a concurrent change makes this one fail with `conflict`.
 */
export async function transitionApplication(db: Db, actor: Actor, id: string, action: WorkflowAction, expectedVersion: number | undefined, extra: TransitionExtra = {}, now = new Date()): Promise<Result<{ state: string }, Refusal>> {
  if (action === 'award') return err({ code: 'bad_request' });
  const app = await findApplication(db, id);
  if (!app) return err(failure('not_found'));
  const call = (await findCall(db, app.callId))!;
  const partners = await coApplicantsOf(db, id);
  const who = await fundingActor(db, actor, call.funderId);
  const ref = applicationRef(app, partners.map((p) => p.organisationId));
  if (!can(who, 'view_application', { application: ref, assigned: false })) return err(failure('not_found'));
  const role = workflowRoleFor(who, ref, action);
  const ctx = await workflowContext(db, app, call, now, actor.secondFactorDone);
  const decision = decide(app.state as never, action, role, ctx);
  if (!decision.ok) return err({ code: decision.reason === 'not_allowed_for_role' ? 'forbidden' : 'conflict', reasons: decision.reasons });
  if (action === 'request_completion' && !extra.completionDueAt) return err(failure('validation', { completionDueAt: 'validation.required' }));
  // Emergency calls: the decision is due `decisionHours` after submission; a job tells staff when it passes.
  const decisionDueAt = call.isEmergency && call.emergency ? new Date(now.getTime() + call.emergency.decisionHours * 3_600_000) : null;
  return inTransaction(db, async (tx) => {
    const updated = await tx
      .update(applications)
      .set({
        state: decision.to, version: sql`${applications.version} + 1`, updatedAt: now,
        ...(action === 'submit' || action === 'resubmit' ? { submittedAt: now } : {}),
        ...(action === 'submit' && decisionDueAt ? { decisionDueAt } : {}),
        ...(action === 'request_completion' ? { completionDueAt: extra.completionDueAt ?? null, completionNote: extra.note ?? null } : {}),
      })
      .where(and(eq(applications.id, id), eq(applications.version, expectedVersion ?? app.version), eq(applications.state, app.state)))
      .returning({ state: applications.state });
    if (!updated[0]) return err(failure('conflict'));
    await recordAudit(tx, actor, { action: `funding.application_${action}`, subjectType: 'application', subjectId: id, organisationId: app.organisationId, before: { state: app.state }, after: { state: decision.to, note: extra.note ?? null } });
    await notifyTransition(tx, app, call, action, extra.note);
    if (action === 'submit' && decisionDueAt) {
      await enqueueJob(tx, { kind: 'funding.emergency_deadline', payload: { applicationId: id }, runAt: decisionDueAt, dedupeKey: `funding.emergency:${id}:${decisionDueAt.toISOString()}` });
    }
    return ok({ state: decision.to });
  });
}

// ─── Reviews ─────────────────────────────────────────────────────────────────────────────────────────────

export async function assignReviewer(db: Db, actor: Actor, applicationId: string, reviewerId: string): Promise<Result<{ id: string }, Failure>> {
  const app = await findApplication(db, applicationId);
  if (!app) return err(failure('not_found'));
  const call = (await findCall(db, app.callId))!;
  if (!can(await fundingActor(db, actor, call.funderId), 'assign_reviewers')) return err(failure('forbidden'));
  if (!(await teamRolesOf(db, reviewerId, call.funderId)).has('reviewer')) return err(failure('validation', { reviewerId: 'funding.error.not_a_reviewer' }));
  if (['draft', 'ineligible', 'rejected', 'withdrawn', 'closed'].includes(app.state)) return err(failure('conflict'));
  return inTransaction(db, async (tx) => {
    const id = newId();
    const inserted = await tx.insert(reviews).values({ id, applicationId, reviewerId, assignedBy: actor.userId }).onConflictDoNothing().returning({ id: reviews.id });
    if (!inserted[0]) return ok({ id: (await reviewsOf(tx, [applicationId])).find((r) => r.reviewerId === reviewerId)!.id });
    await recordAudit(tx, actor, { action: 'funding.reviewer_assigned', subjectType: 'application', subjectId: applicationId, organisationId: call.funderId, after: { reviewerId } });
    const to = await emailOfUser(tx, reviewerId);
    if (to) await queueMail(tx, { to, kind: 'funding.review_assigned', ...simpleMail('Une demande vous est confiée pour évaluation', 'An application was assigned to you for review', absoluteUrl(`/fr/funding/reviews/${id}`)) });
    return ok({ id });
  });
}

/** A reviewer scores each criterion (0..5) with a comment, or declares a conflict of interest (then cannot score). */
export async function saveReview(db: Db, actor: Actor, reviewId: string, input: ReviewInput): Promise<Result<void, Failure>> {
  const review = await findReview(db, reviewId);
  if (!review || review.reviewerId !== actor.userId) return err(failure('not_found'));
  const app = (await findApplication(db, review.applicationId))!;
  const call = (await findCall(db, app.callId))!;
  const who = await fundingActor(db, actor, call.funderId);
  if (!can(who, 'review', { assigned: true, conflict: review.conflict, reviewPhaseClosed: call.reviewPhaseClosed })) return err(failure('forbidden'));
  if (app.state !== 'in_review' && app.state !== 'eligible') return err(failure('conflict'));
  if (input.conflict) {
    return inTransaction(db, async (tx) => {
      await tx.update(reviews).set({ conflict: true, conflictNote: input.conflictNote ?? null, scores: {}, completedAt: new Date() }).where(eq(reviews.id, reviewId));
      await recordAudit(tx, actor, { action: 'funding.conflict_declared', subjectType: 'application', subjectId: app.id, organisationId: call.funderId });
      return ok(undefined);
    });
  }
  const fields: Record<string, string> = {};
  const scores: Record<string, { score: number; comment: string }> = {};
  for (const c of call.criteria) {
    const s = input.scores[c.key];
    if (!s || s.score === undefined || !Number.isInteger(s.score) || s.score < 0 || s.score > SCORE_MAX) fields[`score_${c.key}`] = 'funding.error.score_range';
    else scores[c.key] = { score: s.score, comment: s.comment ?? '' };
  }
  if (Object.keys(fields).length) return err(failure('validation', fields));
  return inTransaction(db, async (tx) => {
    await tx.update(reviews).set({ scores, completedAt: new Date() }).where(eq(reviews.id, reviewId));
    await recordAudit(tx, actor, { action: 'funding.review_scored', subjectType: 'application', subjectId: app.id, organisationId: call.funderId, after: { scores } });
    return ok(undefined);
  });
}

// ─── Committee decisions and awards ──────────────────────────────────────────────────────────────────────

export interface DecisionInput {
  applicationId: string;
  version: number;
  decision: 'award' | 'reject';
  amountCents?: number | undefined;
  conditions?: string | undefined;
}

export type DecisionOutcome = { applicationId: string; ok: true; state: string } | { applicationId: string; ok: false; code: string; reasons: readonly string[] };

async function createAwardRecords(tx: Tx, app: ApplicationRow, call: CallRow, amountCents: number, conditions: string | null, sessionId: string, decidedOn: string): Promise<void> {
  const awardId = newId();
  const start = new Date(`${decidedOn}T00:00:00Z`);
  await tx.insert(awards).values({ id: awardId, applicationId: app.id, sessionId, amountCents, conditions, decidedOn, startOn: decidedOn });
  const schedule = call.isEmergency ? scheduleEmergencyTranche(amountCents, start) : scheduleTranches(amountCents, call.trancheShares.length ? call.trancheShares : [1], start, { intervalMonths: call.trancheIntervalMonths });
  if (!schedule.ok) throw new Error(`schedule: ${schedule.error}`);
  for (const t of schedule.value) {
    await tx.insert(tranches).values({ id: newId(), awardId, sequence: t.sequence, amountCents: t.amountCents, plannedAt: t.plannedAt });
    const reportId = newId();
    await tx.insert(reports).values({ id: reportId, awardId, sequence: t.sequence, kind: t.reportKind, dueAt: t.reportDueAt });
    // Reminders: 14 days before the due date, and 7 days after it if still not handed in.
    await enqueueJob(tx, { kind: 'funding.report_reminder', payload: { reportId, when: 'before' }, runAt: new Date(t.reportDueAt.getTime() - 14 * 86_400_000), dedupeKey: `funding.report:${reportId}:before` });
    await enqueueJob(tx, { kind: 'funding.report_reminder', payload: { reportId, when: 'after' }, runAt: new Date(t.reportDueAt.getTime() + 7 * 86_400_000), dedupeKey: `funding.report:${reportId}:after` });
  }
}

/**
 * A committee session records decisions for several applications at once. Each decision is its own transaction:
 * the line is locked while its remaining amount is checked, and the application update names the version the
 * committee saw — a concurrent decision on the same application makes the later one fail with `conflict`.
 */
export async function recordDecisions(db: Db, actor: Actor, funderId: string, session: { reference: string; heldOn: string }, decisions: readonly DecisionInput[], now = new Date()): Promise<Result<{ sessionId: string; outcomes: DecisionOutcome[] }, Failure>> {
  const who = await fundingActor(db, actor, funderId);
  if (!can(who, 'decide')) return err(failure('forbidden'));
  const sessionId = newId();
  await inTransaction(db, async (tx) => {
    await tx.insert(committeeSessions).values({ id: sessionId, funderId, reference: session.reference, heldOn: session.heldOn, createdBy: actor.userId });
    await recordAudit(tx, actor, { action: 'funding.committee_session', subjectType: 'committee_session', subjectId: sessionId, organisationId: funderId, after: session });
  });
  const outcomes: DecisionOutcome[] = [];
  for (const d of decisions) {
    const outcome = await inTransaction(db, async (tx): Promise<DecisionOutcome> => {
      const app = await findApplication(tx, d.applicationId);
      if (!app) return { applicationId: d.applicationId, ok: false, code: 'not_found', reasons: [] };
      const call = (await findCall(tx, app.callId))!;
      if (call.funderId !== funderId) return { applicationId: d.applicationId, ok: false, code: 'forbidden', reasons: [] };
      await tx.execute(sql`select id from funding_lines where id = ${call.lineId} for update`);
      await tx.execute(sql`select id from funding_applications where id = ${app.id} for update`);
      const ctx = await workflowContext(tx, app, call, now, actor.secondFactorDone, { awardedAmountCents: d.decision === 'award' ? (d.amountCents ?? null) : null });
      const decision = decide(app.state as never, d.decision, 'committee', ctx);
      if (!decision.ok) return { applicationId: app.id, ok: false, code: 'refused', reasons: decision.reasons };
      const updated = await tx
        .update(applications)
        .set({ state: decision.to, version: sql`${applications.version} + 1`, updatedAt: now })
        .where(and(eq(applications.id, app.id), eq(applications.version, d.version)))
        .returning({ id: applications.id });
      if (!updated[0]) return { applicationId: app.id, ok: false, code: 'conflict', reasons: ['concurrent_decision'] };
      if (d.decision === 'award') await createAwardRecords(tx, app, call, d.amountCents!, d.conditions ?? null, sessionId, session.heldOn);
      await recordAudit(tx, actor, { action: `funding.application_${d.decision}`, subjectType: 'application', subjectId: app.id, organisationId: app.organisationId, before: { state: app.state }, after: { state: decision.to, amountCents: d.amountCents ?? null, conditions: d.conditions ?? null, sessionId } });
      await notifyTransition(tx, app, call, d.decision, d.conditions);
      return { applicationId: app.id, ok: true, state: decision.to };
    });
    outcomes.push(outcome);
  }
  return ok({ sessionId, outcomes });
}

/** Staff record the agreement signed by both parties; the grant then starts (workflow `start`). */
export async function signAgreement(db: Db, actor: Actor, applicationId: string, signedOn: string, now = new Date()): Promise<Result<{ state: string }, Refusal>> {
  const app = await findApplication(db, applicationId);
  if (!app) return err(failure('not_found'));
  const call = (await findCall(db, app.callId))!;
  if (!can(await fundingActor(db, actor, call.funderId), 'sign_agreement')) return err(failure('forbidden'));
  const award = await awardOf(db, applicationId);
  if (!award || app.state !== 'awarded') return err(failure('conflict'));
  await inTransaction(db, async (tx) => {
    await tx.update(awards).set({ agreementSignedOn: signedOn }).where(eq(awards.id, award.id));
    await recordAudit(tx, actor, { action: 'funding.agreement_signed', subjectType: 'application', subjectId: applicationId, organisationId: app.organisationId, after: { signedOn } });
  });
  return transitionApplication(db, actor, applicationId, 'start', undefined, {}, now);
}

// ─── Payments and reports ────────────────────────────────────────────────────────────────────────────────

export interface PaymentInput {
  trancheId: string;
  idempotencyKey: string;
  paidOn: string;
  reference: string;
}

export type PaymentFailure = Refusal;

/**
 * Finance records the payment of a tranche. The idempotency key is unique in the table: the same payment sent
 * twice, or two concurrent requests, record one row and both get it back. An overdue or rejected report, an
 * earlier unpaid tranche or a grant not running refuse it (tranches.ts `canPayTranche`).
 */
export async function recordPayment(db: Db, actor: Actor, input: PaymentInput, now = new Date()): Promise<Result<{ payment: PaymentRow; replayed: boolean }, PaymentFailure>> {
  const existing = await findPaymentByKey(db, input.idempotencyKey);
  if (existing) return existing.trancheId === input.trancheId ? ok({ payment: existing, replayed: true }) : err(failure('conflict'));
  const tranche = await findTranche(db, input.trancheId);
  if (!tranche) return err(failure('not_found'));
  const award = (await tranchesOf(db, tranche.awardId)) && (await db.select().from(awards).where(eq(awards.id, tranche.awardId)))[0]!;
  const app = (await findApplication(db, award.applicationId))!;
  const call = (await findCall(db, app.callId))!;
  if (!can(await fundingActor(db, actor, call.funderId), 'record_payment')) return err(failure('forbidden'));
  const result = await inTransaction(db, async (tx): Promise<Result<{ payment: PaymentRow; replayed: boolean }, PaymentFailure>> => {
    await tx.execute(sql`select id from funding_tranches where id = ${tranche.id} for update`);
    const again = await findPaymentByKey(tx, input.idempotencyKey);
    if (again) return again.trancheId === input.trancheId ? ok({ payment: again, replayed: true }) : err(failure('conflict'));
    const [current] = await tx.select().from(tranches).where(eq(tranches.id, tranche.id));
    const all = await tranchesOf(tx, tranche.awardId);
    const reportRows = await reportsOf(tx, tranche.awardId);
    const [appNow] = await tx.select({ state: applications.state }).from(applications).where(eq(applications.id, app.id));
    const decision = canPayTranche({ applicationState: appNow!.state as never, tranche: current!, previousTranches: all.filter((t) => t.id !== tranche.id), reports: reportRows, now });
    if (!decision.ok) return err({ code: 'conflict', reasons: decision.reasons });
    const id = newId();
    const inserted = await tx
      .insert(payments)
      .values({ id, idempotencyKey: input.idempotencyKey, trancheId: tranche.id, amountCents: current!.amountCents, paidOn: input.paidOn, reference: input.reference, recordedBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!inserted[0]) {
      const winner = await findPaymentByKey(tx, input.idempotencyKey);
      return winner ? ok({ payment: winner, replayed: true }) : err(failure('conflict'));
    }
    await tx.update(tranches).set({ paidAt: now }).where(eq(tranches.id, tranche.id));
    await recordAudit(tx, actor, { action: 'funding.payment_recorded', subjectType: 'application', subjectId: app.id, organisationId: app.organisationId, after: { trancheSequence: current!.sequence, amountCents: current!.amountCents, paidOn: input.paidOn, reference: input.reference } });
    for (const to of await emailsOfOrganisations(tx, [app.organisationId])) {
      await queueMail(tx, { to, kind: 'funding.payment_recorded', ...simpleMail(`Versement de la tranche ${current!.sequence} enregistré`, `Payment of tranche ${current!.sequence} recorded`, appUrl(app.id)) });
    }
    return ok({ payment: inserted[0], replayed: false });
  }).catch(async (error: unknown) => {
    // Two requests raced past the first check on a server that does not serialise them: the unique key decides.
    const winner = await findPaymentByKey(db, input.idempotencyKey);
    if (winner) return ok({ payment: winner, replayed: true });
    throw error;
  });
  return result;
}

export interface ReportInput {
  narrative: string;
  financial: string;
  results: string;
  /** Actual values against the linked project's indicators, by `resultId:indicator`. */
  indicators?: readonly { resultId: string; indicator: number; actual: string; comment?: string | undefined }[];
  /** A document attached to the report (PDF, ODT, DOCX). */
  attachment?: DocumentUpload | undefined;
}

export async function submitReport(db: Db, actor: Actor, reportId: string, input: ReportInput, now = new Date()): Promise<Result<void, Failure>> {
  const report = await findReport(db, reportId);
  if (!report) return err(failure('not_found'));
  const award = (await db.select().from(awards).where(eq(awards.id, report.awardId)))[0]!;
  const app = (await findApplication(db, award.applicationId))!;
  const call = (await findCall(db, app.callId))!;
  const partners = await coApplicantsOf(db, app.id);
  if (!can(await fundingActor(db, actor, call.funderId), 'submit_report', { application: applicationRef(app, partners.map((p) => p.organisationId)) })) return err(failure('forbidden'));
  if (report.status !== 'expected' && report.status !== 'rejected') return err(failure('conflict'));
  // Results against the project's indicators: the target is copied from the project at the time of the report.
  const known = app.projectId ? await projectIndicators(db, app.projectId) : [];
  const indicatorResults: IndicatorResult[] = [];
  for (const given of input.indicators ?? []) {
    const ind = known.find((k) => k.resultId === given.resultId && k.indicator === given.indicator);
    if (!ind) return err(failure('validation', { indicators: 'funding.error.indicator_unknown' }));
    if (given.actual.trim() === '') continue;
    indicatorResults.push({ resultId: ind.resultId, indicator: ind.indicator, titleFr: ind.titleFr, titleEn: ind.titleEn, target: ind.target, actual: given.actual.trim(), comment: given.comment?.trim() || null });
  }
  return inTransaction(db, async (tx) => {
    if (input.attachment) {
      const stored = await storeDocument(tx, actor.userId, input.attachment, { restricted: true });
      if (!stored.ok) return err(failure('validation', { attachment: documentErrorKey[stored.error] }));
      const docKey = `report-${report.sequence}`;
      await tx.delete(applicationDocuments).where(and(eq(applicationDocuments.applicationId, app.id), eq(applicationDocuments.docKey, docKey)));
      await tx.insert(applicationDocuments).values({ id: newId(), applicationId: app.id, reportId, docKey, fileId: stored.value.id, fileName: stored.value.fileName });
    }
    await tx.update(reports).set({ narrative: input.narrative, financial: input.financial, results: input.results, indicatorResults, status: 'submitted', submittedAt: now }).where(eq(reports.id, reportId));
    await recordAudit(tx, actor, { action: 'funding.report_submitted', subjectType: 'application', subjectId: app.id, organisationId: app.organisationId, after: { reportId, sequence: report.sequence } });
    for (const to of await emailsOfTeam(tx, call.funderId, 'staff')) await queueMail(tx, { to, kind: 'funding.report_submitted', ...simpleMail('Un compte rendu a été remis', 'A report was handed in', appUrl(app.id)) });
    return ok(undefined);
  });
}

export async function reviewReport(db: Db, actor: Actor, reportId: string, verdict: 'accepted' | 'rejected', note: string | undefined, now = new Date()): Promise<Result<void, Failure>> {
  const report = await findReport(db, reportId);
  if (!report) return err(failure('not_found'));
  const award = (await db.select().from(awards).where(eq(awards.id, report.awardId)))[0]!;
  const app = (await findApplication(db, award.applicationId))!;
  const call = (await findCall(db, app.callId))!;
  if (!can(await fundingActor(db, actor, call.funderId), 'review_report')) return err(failure('forbidden'));
  if (report.status !== 'submitted') return err(failure('conflict'));
  return inTransaction(db, async (tx) => {
    await tx.update(reports).set({ status: verdict, reviewNote: note ?? null, reviewedAt: now }).where(eq(reports.id, reportId));
    await recordAudit(tx, actor, { action: `funding.report_${verdict}`, subjectType: 'application', subjectId: app.id, organisationId: app.organisationId, after: { reportId, note: note ?? null } });
    for (const to of await emailsOfOrganisations(tx, [app.organisationId])) {
      await queueMail(tx, { to, kind: `funding.report_${verdict}`, ...(verdict === 'accepted' ? simpleMail('Votre compte rendu est accepté', 'Your report was accepted', appUrl(app.id)) : simpleMail('Votre compte rendu est à reprendre', 'Your report must be revised', appUrl(app.id))) });
    }
    return ok(undefined);
  });
}

/** Job handler: reminds the applicant of a report due soon, or overdue (and tells staff), unless already handed in. */
export async function remindReport(tx: Tx, payload: Record<string, unknown>): Promise<void> {
  const reportId = typeof payload.reportId === 'string' ? payload.reportId : '';
  const report = await findReport(tx, reportId);
  if (!report || report.status !== 'expected') return;
  const award = (await tx.select().from(awards).where(eq(awards.id, report.awardId)))[0];
  if (!award) return;
  const app = (await findApplication(tx, award.applicationId))!;
  const call = (await findCall(tx, app.callId))!;
  const before = payload.when === 'before';
  const mail = before
    ? simpleMail('Rappel : un compte rendu est attendu bientôt', 'Reminder: a report is due soon', appUrl(app.id))
    : simpleMail('Compte rendu en retard : la tranche suivante est bloquée', 'Report overdue: the next tranche is blocked', appUrl(app.id));
  const recipients = await emailsOfOrganisations(tx, [app.organisationId]);
  if (!before) recipients.push(...(await emailsOfTeam(tx, call.funderId, 'staff')));
  for (const to of new Set(recipients)) await queueMail(tx, { to, kind: `funding.report_reminder_${before ? 'before' : 'after'}`, ...mail });
}

/**
 * Job handler, at an emergency application's decision deadline: if it still waits for a decision, staff and the
 * committee are told (the back office lists it as overdue from that instant on, whether or not the job ran).
 */
export async function remindEmergencyDecision(tx: Tx, payload: Record<string, unknown>, now: Date = new Date()): Promise<void> {
  const app = await findApplication(tx, typeof payload.applicationId === 'string' ? payload.applicationId : '');
  if (!app || !app.decisionDueAt || app.decisionDueAt.getTime() > now.getTime()) return;
  if (!(awaitingDecisionStates as readonly string[]).includes(app.state)) return;
  const call = (await findCall(tx, app.callId))!;
  const title = app.title || call.titleFr;
  const mail = simpleMail(`Urgence : la décision sur « ${title} » est en retard`, `Emergency: the decision on "${title}" is overdue`, appUrl(app.id));
  const recipients = new Set([...(await emailsOfTeam(tx, call.funderId, 'staff')), ...(await emailsOfTeam(tx, call.funderId, 'committee'))]);
  for (const to of recipients) await queueMail(tx, { to, kind: 'funding.emergency_decision_overdue', ...mail });
}

export const fundingJobHandlers = { 'funding.report_reminder': remindReport, 'funding.emergency_deadline': remindEmergencyDecision } as const;

// ─── The project of an application ───────────────────────────────────────────────────────────────────────

/**
 * The applicant links its application to one of its organisation's projects (or unlinks it, `projectId` null),
 * at any time but after a withdrawal: the award and its payments then appear as the project's IATI transactions.
 */
export async function linkProject(db: Db, actor: Actor, applicationId: string, projectId: string | null): Promise<Result<void, Failure>> {
  const app = await findApplication(db, applicationId);
  if (!app) return err(failure('not_found'));
  const call = (await findCall(db, app.callId))!;
  const partners = await coApplicantsOf(db, applicationId);
  if (!can(await fundingActor(db, actor, call.funderId), 'link_project', { application: applicationRef(app, partners.map((p) => p.organisationId)) })) return err(failure('forbidden'));
  if (projectId && (await projectBrief(db, projectId))?.organisationId !== app.organisationId) return err(failure('validation', { projectId: 'funding.error.project_not_ours' }));
  return inTransaction(db, async (tx) => {
    await tx.update(applications).set({ projectId, updatedAt: new Date(), version: sql`${applications.version} + 1` }).where(eq(applications.id, applicationId));
    await recordAudit(tx, actor, { action: 'funding.project_linked', subjectType: 'application', subjectId: applicationId, organisationId: app.organisationId, actingForOrganisationId: app.organisationId, before: { projectId: app.projectId }, after: { projectId } });
    return ok(undefined);
  });
}

// ─── Back office: team by e-mail, envelope edit, call edit ───────────────────────────────────────────────

/** Staff name a person (found by the e-mail of their account) in the funder team with a role. */
export async function addTeamMemberByEmail(db: Db, actor: Actor, funderId: string, email: string, role: TeamRole): Promise<Result<{ userId: string }, Failure>> {
  const who = await fundingActor(db, actor, funderId);
  if (!can(who, 'manage_team') && !isPlatformAdmin(actor)) return err(failure('forbidden'));
  const userId = await activeUserIdByEmail(db, email);
  if (!userId) return err(failure('validation', { email: 'funding.error.user_unknown' }));
  if ((await teamRolesOf(db, userId, funderId)).has(role)) return err(failure('validation', { role: 'funding.error.already_in_team' }));
  return inTransaction(db, async (tx) => {
    await tx.insert(funderTeam).values({ funderId, userId, role }).onConflictDoNothing();
    await recordAudit(tx, actor, { action: 'funding.team_member_added', subjectType: 'user', subjectId: userId, organisationId: funderId, after: { role } });
    return ok({ userId });
  });
}

/** Staff take a role away from someone in the team; the funder always keeps at least one staff member. */
export async function removeTeamMember(db: Db, actor: Actor, funderId: string, userId: string, role: TeamRole): Promise<Result<void, Failure>> {
  const who = await fundingActor(db, actor, funderId);
  if (!can(who, 'manage_team') && !isPlatformAdmin(actor)) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    await tx.execute(sql`select 1 from funding_funder_team where funder_id = ${funderId} for update`);
    const removed = await tx.delete(funderTeam).where(and(eq(funderTeam.funderId, funderId), eq(funderTeam.userId, userId), eq(funderTeam.role, role))).returning();
    if (removed.length === 0) return err(failure('not_found'));
    if (role === 'staff') {
      const [left] = await tx.select({ n: sql<number>`count(*)::int` }).from(funderTeam).where(and(eq(funderTeam.funderId, funderId), eq(funderTeam.role, 'staff')));
      if (!left || Number(left.n) === 0) throw new KeepLastStaff();
    }
    await recordAudit(tx, actor, { action: 'funding.team_member_removed', subjectType: 'user', subjectId: userId, organisationId: funderId, before: { role } });
    return ok(undefined);
  }).catch((e: unknown) => {
    if (e instanceof KeepLastStaff) return err(failure('validation', { _form: 'funding.error.last_staff' }));
    throw e;
  });
}
class KeepLastStaff extends Error {}

/**
 * Creates (no `envelopeId`) or edits an envelope with its earmarked lines. A line named with its id is updated
 * (never below what is already committed on it); a row without id adds a line; lines are never deleted here
 * (their calls and awards point at them). The lines together never exceed the envelope.
 */
export async function saveEnvelope(db: Db, actor: Actor, funderId: string, envelopeId: string | undefined, expectedVersion: number | undefined, input: EnvelopeEdit): Promise<Result<{ id: string }, Failure>> {
  const who = await fundingActor(db, actor, funderId);
  if (!can(who, 'manage_envelope')) return err(failure('forbidden'));
  if (input.lines.length === 0 && !envelopeId) return err(failure('validation', { line0_nameFr: 'funding.error.lines_required' }));
  return inTransaction(db, async (tx) => {
    const id = envelopeId ?? newId();
    const [clash] = await tx.select({ id: envelopes.id }).from(envelopes).where(and(eq(envelopes.funderId, funderId), eq(envelopes.year, input.year), eq(envelopes.nameFr, input.nameFr)));
    if (clash && clash.id !== id) return err(failure('validation', { nameFr: 'funding.error.envelope_exists' }));
    let before: Record<string, unknown> | undefined;
    const existing = envelopeId ? (await tx.execute(sql`select id from funding_envelopes where id = ${envelopeId} for update`), await tx.select().from(envelopes).where(eq(envelopes.id, envelopeId)))[0] : undefined;
    const current = envelopeId ? await tx.select().from(lines).where(eq(lines.envelopeId, envelopeId)) : [];
    if (envelopeId) {
      if (!existing || existing.funderId !== funderId) return err(failure('not_found'));
      if (expectedVersion !== existing.version) return err(failure('conflict'));
      before = { year: existing.year, amountCents: existing.amountCents, lines: current.map((l) => ({ id: l.id, nameFr: l.nameFr, earmarkedCents: l.earmarkedCents, isEmergency: l.isEmergency })) };
    }
    const byId = new Map(current.map((l) => [l.id, l]));
    const figures = await lineFigures(tx, current.map((l) => l.id));
    const fields: Record<string, string> = {};
    const named = new Set<string>();
    input.lines.forEach((l, i) => {
      if (!l.id) return;
      const row = byId.get(l.id);
      if (!row || named.has(l.id)) fields[`line${i}_nameFr`] = 'funding.error.line_unknown';
      else if (l.earmarkedCents < (figures.get(l.id)?.committedCents ?? 0)) fields[`line${i}_earmarked`] = 'funding.error.below_committed';
      named.add(l.id);
    });
    const kept = current.filter((l) => !named.has(l.id)).reduce((s, l) => s + l.earmarkedCents, 0);
    const total = kept + input.lines.reduce((s, l) => s + l.earmarkedCents, 0);
    if (total > input.amountCents) fields.amountCents = 'funding.error.lines_exceed_envelope';
    if (Object.keys(fields).length) return err(failure('validation', fields));
    const values = { year: input.year, nameFr: input.nameFr, nameEn: input.nameEn ?? null, amountCents: input.amountCents, currency: input.currency, grantorName: input.grantorName, grantorSiret: input.grantorSiret };
    if (existing) await tx.update(envelopes).set({ ...values, version: existing.version + 1 }).where(eq(envelopes.id, id));
    else await tx.insert(envelopes).values({ id, funderId, ...values });
    let position = current.length;
    for (const l of input.lines) {
      if (l.id) {
        await tx.update(lines).set({ nameFr: l.nameFr, nameEn: l.nameEn ?? null, earmarkedCents: l.earmarkedCents, isEmergency: l.isEmergency, version: sql`${lines.version} + 1` }).where(eq(lines.id, l.id));
      } else {
        await tx.insert(lines).values({ id: newId(), envelopeId: id, nameFr: l.nameFr, nameEn: l.nameEn ?? null, earmarkedCents: l.earmarkedCents, isEmergency: l.isEmergency, position: position++ });
      }
    }
    await recordAudit(tx, actor, {
      action: existing ? 'funding.envelope_updated' : 'funding.envelope_created', subjectType: 'envelope', subjectId: id, organisationId: funderId,
      ...(before ? { before } : {}), after: { year: input.year, amountCents: input.amountCents, lines: input.lines },
    });
    return ok({ id });
  });
}

/** Staff correct a call until it opens (then applicants rely on it: it no longer changes). */
export async function updateCall(db: Db, actor: Actor, callId: string, input: CallEdit, now = new Date()): Promise<Result<{ slug: string }, Failure>> {
  const call = await findCall(db, callId);
  if (!call) return err(failure('not_found'));
  if (!can(await fundingActor(db, actor, call.funderId), 'manage_call')) return err(failure('forbidden'));
  if (call.isEmergency || call.opensAt.getTime() <= now.getTime()) return err(failure('conflict'));
  if (input.closesAt.getTime() <= input.opensAt.getTime()) return err(failure('validation', { closesAt: 'funding.error.closes_before_opens' }));
  if (input.minAmountCents !== undefined && input.maxAmountCents !== undefined && input.minAmountCents > input.maxAmountCents) return err(failure('validation', { maxAmountCents: 'funding.error.max_below_min' }));
  return inTransaction(db, async (tx) => {
    const updated = await tx
      .update(calls)
      .set({
        titleFr: input.titleFr, titleEn: input.titleEn ?? null, textFr: input.textFr, textEn: input.textEn ?? null, opensAt: input.opensAt, closesAt: input.closesAt,
        eligibleSubtypes: input.eligibleSubtypes, countries: input.countries, themes: input.themes, minAmountCents: input.minAmountCents ?? null, maxAmountCents: input.maxAmountCents ?? null,
        coFinancingMinPercent: input.coFinancingMinPercent, criteria: input.criteria, requiredDocuments: input.requiredDocuments, questions: input.questions,
        trancheShares: input.trancheShares, trancheIntervalMonths: input.trancheIntervalMonths, version: sql`${calls.version} + 1`,
      })
      .where(and(eq(calls.id, callId), eq(calls.version, input.version), sql`${calls.opensAt} > ${now}`))
      .returning({ slug: calls.slug });
    if (updated.length === 0) return err(failure('conflict'));
    await recordAudit(tx, actor, { action: 'funding.call_updated', subjectType: 'call', subjectId: callId, organisationId: call.funderId, before: { opensAt: call.opensAt, closesAt: call.closesAt }, after: { opensAt: input.opensAt, closesAt: input.closesAt } });
    return ok({ slug: updated[0]!.slug });
  });
}
