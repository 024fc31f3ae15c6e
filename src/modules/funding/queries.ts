// Reads of the funding module. Figures (committed, paid, remaining…) are always computed from the records, never
// stored. "Money is published without retyping": the IATI and stats modules read awards and payments through
// `fundingTransactionsForProject` / `fundingTransactionsByFunder` and the SCDL file through `scdlExport`.
import { and, asc, desc, eq, gt, inArray, isNotNull, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { findFile } from '../files/queries.ts';
import { findOrganisationBySlug, findOrganisationsByIds, type OrganisationRow } from '../organisations/queries.ts';
import type { TeamRole } from './policy.ts';
import { isPrequalified } from './rules.ts';
import { scdlAmount, scdlShare, type ScdlRow } from './scdl.ts';
import {
  applicationDocuments, applications, awards, calls, coApplicants, committeeSessions, envelopes, funderTeam, lines, payments,
  prequalifications, reports, reviews, tranches,
} from './tables.ts';
import { isReportOverdue } from './tranches.ts';

export type EnvelopeRow = typeof envelopes.$inferSelect;
export type LineRow = typeof lines.$inferSelect;
export type CallRow = typeof calls.$inferSelect;
export type ApplicationRow = typeof applications.$inferSelect;
export type CoApplicantRow = typeof coApplicants.$inferSelect;
export type DocumentRow = typeof applicationDocuments.$inferSelect;
export type ReviewRow = typeof reviews.$inferSelect;
export type AwardRow = typeof awards.$inferSelect;
export type TrancheRow = typeof tranches.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type ReportRow = typeof reports.$inferSelect;
export type PrequalificationRow = typeof prequalifications.$inferSelect;
export type { IndicatorResult } from './tables.ts';

// ─── Team ────────────────────────────────────────────────────────────────────────────────────────────────

export async function teamRolesOf(db: DbOrTx, userId: string | null, funderId: string): Promise<Set<TeamRole>> {
  if (!userId) return new Set();
  const rows = await db.select({ role: funderTeam.role }).from(funderTeam).where(and(eq(funderTeam.userId, userId), eq(funderTeam.funderId, funderId)));
  return new Set(rows.map((r) => r.role));
}

/** The funders a user acts for, with the roles held in each. */
export async function fundersOfUser(db: DbOrTx, userId: string | null): Promise<Map<string, Set<TeamRole>>> {
  const out = new Map<string, Set<TeamRole>>();
  if (!userId) return out;
  const rows = await db.select().from(funderTeam).where(eq(funderTeam.userId, userId));
  for (const r of rows) (out.get(r.funderId) ?? out.set(r.funderId, new Set()).get(r.funderId)!).add(r.role);
  return out;
}

export async function organisationsByIds(db: DbOrTx, ids: readonly string[]): Promise<Map<string, OrganisationRow>> {
  const rows = await findOrganisationsByIds(db, [...new Set(ids)]);
  return new Map(rows.map((r) => [r.id, r]));
}

// ─── Envelopes and lines ─────────────────────────────────────────────────────────────────────────────────

export async function findEnvelope(db: DbOrTx, id: string): Promise<EnvelopeRow | undefined> {
  const [row] = await db.select().from(envelopes).where(eq(envelopes.id, id));
  return row;
}

export async function listEnvelopes(db: DbOrTx, funderIds: readonly string[]): Promise<EnvelopeRow[]> {
  if (funderIds.length === 0) return [];
  return db.select().from(envelopes).where(inArray(envelopes.funderId, [...funderIds])).orderBy(desc(envelopes.year), asc(envelopes.nameFr));
}

export async function findLine(db: DbOrTx, id: string): Promise<(LineRow & { envelope: EnvelopeRow }) | undefined> {
  const [row] = await db.select().from(lines).innerJoin(envelopes, eq(envelopes.id, lines.envelopeId)).where(eq(lines.id, id));
  return row ? { ...row.funding_lines, envelope: row.funding_envelopes } : undefined;
}

export async function linesOfEnvelope(db: DbOrTx, envelopeId: string): Promise<LineRow[]> {
  return db.select().from(lines).where(eq(lines.envelopeId, envelopeId)).orderBy(asc(lines.position), asc(lines.nameFr));
}

export interface LineFigures {
  earmarkedCents: number;
  committedCents: number;
  paidCents: number;
  remainingCents: number;
}

/** Committed = awards on the line's calls (a declined award no longer counts); paid = payments on them. */
export async function lineFigures(db: DbOrTx, lineIds: readonly string[]): Promise<Map<string, LineFigures>> {
  const out = new Map<string, LineFigures>();
  if (lineIds.length === 0) return out;
  const ids = [...lineIds];
  const [lineRows, committed, paid] = await Promise.all([
    db.select({ id: lines.id, earmarked: lines.earmarkedCents }).from(lines).where(inArray(lines.id, ids)),
    db
      .select({ lineId: calls.lineId, total: sql<string>`coalesce(sum(${awards.amountCents}), 0)` })
      .from(awards)
      .innerJoin(applications, eq(applications.id, awards.applicationId))
      .innerJoin(calls, eq(calls.id, applications.callId))
      .where(and(inArray(calls.lineId, ids), ne(applications.state, 'withdrawn')))
      .groupBy(calls.lineId),
    db
      .select({ lineId: calls.lineId, total: sql<string>`coalesce(sum(${payments.amountCents}), 0)` })
      .from(payments)
      .innerJoin(tranches, eq(tranches.id, payments.trancheId))
      .innerJoin(awards, eq(awards.id, tranches.awardId))
      .innerJoin(applications, eq(applications.id, awards.applicationId))
      .innerJoin(calls, eq(calls.id, applications.callId))
      .where(inArray(calls.lineId, ids))
      .groupBy(calls.lineId),
  ]);
  const c = new Map(committed.map((r) => [r.lineId, Number(r.total)]));
  const p = new Map(paid.map((r) => [r.lineId, Number(r.total)]));
  for (const l of lineRows) {
    const committedCents = c.get(l.id) ?? 0;
    out.set(l.id, { earmarkedCents: l.earmarked, committedCents, paidCents: p.get(l.id) ?? 0, remainingCents: l.earmarked - committedCents });
  }
  return out;
}

// ─── Calls ───────────────────────────────────────────────────────────────────────────────────────────────

export async function findCallBySlug(db: DbOrTx, slug: string): Promise<CallRow | undefined> {
  const [row] = await db.select().from(calls).where(eq(calls.slug, slug));
  return row;
}

export async function findCall(db: DbOrTx, id: string): Promise<CallRow | undefined> {
  const [row] = await db.select().from(calls).where(eq(calls.id, id));
  return row;
}

/** Calls open at `now` (a call closes by itself at its deadline: the dates decide, no job needed). */
export async function listOpenCalls(db: DbOrTx, now: Date): Promise<CallRow[]> {
  return db.select().from(calls).where(and(lte(calls.opensAt, now), gt(calls.closesAt, now))).orderBy(asc(calls.closesAt));
}

export async function listCalls(db: DbOrTx, filter: { funderIds?: readonly string[]; lineIds?: readonly string[] } = {}): Promise<CallRow[]> {
  const where = [
    filter.funderIds ? inArray(calls.funderId, filter.funderIds.length ? [...filter.funderIds] : ['00000000-0000-0000-0000-000000000000']) : undefined,
    filter.lineIds ? inArray(calls.lineId, filter.lineIds.length ? [...filter.lineIds] : ['00000000-0000-0000-0000-000000000000']) : undefined,
  ].filter((w) => w !== undefined);
  return db.select().from(calls).where(and(...where)).orderBy(desc(calls.closesAt));
}

// ─── Applications ────────────────────────────────────────────────────────────────────────────────────────

export async function findApplication(db: DbOrTx, id: string): Promise<ApplicationRow | undefined> {
  const [row] = await db.select().from(applications).where(eq(applications.id, id));
  return row;
}

export async function coApplicantsOf(db: DbOrTx, applicationId: string): Promise<CoApplicantRow[]> {
  return db.select().from(coApplicants).where(eq(coApplicants.applicationId, applicationId));
}

export async function documentsOf(db: DbOrTx, applicationId: string): Promise<DocumentRow[]> {
  return db.select().from(applicationDocuments).where(eq(applicationDocuments.applicationId, applicationId)).orderBy(asc(applicationDocuments.docKey));
}

export async function applicationsOfCall(db: DbOrTx, callId: string): Promise<ApplicationRow[]> {
  return db.select().from(applications).where(eq(applications.callId, callId)).orderBy(asc(applications.createdAt));
}

/** Applications led by, or with as co-applicant, one of these organisations. */
export async function applicationsOfOrganisations(db: DbOrTx, organisationIds: readonly string[]): Promise<ApplicationRow[]> {
  if (organisationIds.length === 0) return [];
  const ids = [...organisationIds];
  const partnerOf = db.select({ id: coApplicants.applicationId }).from(coApplicants).where(inArray(coApplicants.organisationId, ids));
  return db
    .select()
    .from(applications)
    .where(sql`${applications.organisationId} in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) or ${applications.id} in (${partnerOf})`)
    .orderBy(desc(applications.updatedAt));
}

export async function findPrequalification(db: DbOrTx, funderId: string, organisationId: string): Promise<PrequalificationRow | undefined> {
  const [row] = await db.select().from(prequalifications).where(and(eq(prequalifications.funderId, funderId), eq(prequalifications.organisationId, organisationId)));
  return row;
}

export async function listPrequalifications(db: DbOrTx, funderId: string): Promise<PrequalificationRow[]> {
  return db.select().from(prequalifications).where(eq(prequalifications.funderId, funderId)).orderBy(desc(prequalifications.vettedOn));
}

/** Organisations pre-qualified by a funder at `now` (vetted within the last two years). */
export async function prequalifiedOrganisationIds(db: DbOrTx, funderId: string, now: Date): Promise<Set<string>> {
  const rows = await listPrequalifications(db, funderId);
  return new Set(rows.filter((r) => isPrequalified(r.vettedOn, now)).map((r) => r.organisationId));
}

// ─── Reviews ─────────────────────────────────────────────────────────────────────────────────────────────

export async function reviewsOf(db: DbOrTx, applicationIds: readonly string[]): Promise<ReviewRow[]> {
  if (applicationIds.length === 0) return [];
  return db.select().from(reviews).where(inArray(reviews.applicationId, [...applicationIds]));
}

export async function findReview(db: DbOrTx, id: string): Promise<ReviewRow | undefined> {
  const [row] = await db.select().from(reviews).where(eq(reviews.id, id));
  return row;
}

/** A reviewer sees only their assignments. */
export async function assignmentsOf(db: DbOrTx, reviewerId: string): Promise<{ review: ReviewRow; application: ApplicationRow }[]> {
  const rows = await db.select().from(reviews).innerJoin(applications, eq(applications.id, reviews.applicationId)).where(eq(reviews.reviewerId, reviewerId)).orderBy(asc(reviews.createdAt));
  return rows.map((r) => ({ review: r.funding_reviews, application: r.funding_applications }));
}

export async function teamMembers(db: DbOrTx, funderId: string, role: TeamRole): Promise<{ userId: string; displayName: string; email: string }[]> {
  const rows = await db.execute<{ user_id: string; display_name: string; email: string }>(
    sql`select t.user_id, u.display_name, u.email from funding_funder_team t join users u on u.id = t.user_id where t.funder_id = ${funderId} and t.role = ${role} order by u.display_name`,
  );
  return (rows as unknown as { rows: { user_id: string; display_name: string; email: string }[] }).rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, email: r.email }));
}

/** E-mail addresses of the people concerned by an application: the lead's and co-applicants' members, or a funder role. */
export async function emailsOfOrganisations(db: DbOrTx, organisationIds: readonly string[]): Promise<string[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db.execute<{ email: string }>(
    sql`select distinct u.email from organisation_members m join users u on u.id = m.user_id where u.status = 'active' and m.organisation_id in (${sql.join(organisationIds.map((i) => sql`${i}`), sql`, `)})`,
  );
  return (rows as unknown as { rows: { email: string }[] }).rows.map((r) => r.email);
}

export async function emailsOfTeam(db: DbOrTx, funderId: string, role: TeamRole): Promise<string[]> {
  return (await teamMembers(db, funderId, role)).map((m) => m.email);
}

export async function emailOfUser(db: DbOrTx, userId: string): Promise<string | undefined> {
  const rows = await db.execute<{ email: string }>(sql`select email from users where id = ${userId}`);
  return (rows as unknown as { rows: { email: string }[] }).rows[0]?.email;
}

// ─── Awards, tranches, payments, reports ─────────────────────────────────────────────────────────────────

export async function awardOf(db: DbOrTx, applicationId: string): Promise<AwardRow | undefined> {
  const [row] = await db.select().from(awards).where(eq(awards.applicationId, applicationId));
  return row;
}

export async function findAward(db: DbOrTx, id: string): Promise<AwardRow | undefined> {
  const [row] = await db.select().from(awards).where(eq(awards.id, id));
  return row;
}

export async function tranchesOf(db: DbOrTx, awardId: string): Promise<TrancheRow[]> {
  return db.select().from(tranches).where(eq(tranches.awardId, awardId)).orderBy(asc(tranches.sequence));
}

export async function findTranche(db: DbOrTx, id: string): Promise<TrancheRow | undefined> {
  const [row] = await db.select().from(tranches).where(eq(tranches.id, id));
  return row;
}

export async function paymentsOfAward(db: DbOrTx, awardId: string): Promise<PaymentRow[]> {
  return (await paymentsOfAwards(db, [awardId])).get(awardId) ?? [];
}

/** The payments of several awards in one query, by award, in the order they were paid. */
async function paymentsOfAwards(db: DbOrTx, awardIds: readonly string[]): Promise<Map<string, PaymentRow[]>> {
  const byAward = new Map<string, PaymentRow[]>();
  if (awardIds.length === 0) return byAward;
  const rows = await db
    .select({ p: payments, awardId: tranches.awardId })
    .from(payments)
    .innerJoin(tranches, eq(tranches.id, payments.trancheId))
    .where(inArray(tranches.awardId, [...awardIds]))
    .orderBy(asc(payments.paidOn), asc(payments.id));
  for (const r of rows) {
    const list = byAward.get(r.awardId) ?? [];
    list.push(r.p);
    byAward.set(r.awardId, list);
  }
  return byAward;
}

export async function findPaymentByKey(db: DbOrTx, key: string): Promise<PaymentRow | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.idempotencyKey, key));
  return row;
}

export async function reportsOf(db: DbOrTx, awardId: string): Promise<ReportRow[]> {
  return db.select().from(reports).where(eq(reports.awardId, awardId)).orderBy(asc(reports.sequence));
}

export async function findReport(db: DbOrTx, id: string): Promise<ReportRow | undefined> {
  const [row] = await db.select().from(reports).where(eq(reports.id, id));
  return row;
}

export async function findSession(db: DbOrTx, id: string) {
  const [row] = await db.select().from(committeeSessions).where(eq(committeeSessions.id, id));
  return row;
}

// ─── Dashboards ──────────────────────────────────────────────────────────────────────────────────────────

export interface LineDashboard {
  line: LineRow;
  figures: LineFigures;
  byState: Record<string, number>;
  requestedCents: number;
  awardedCents: number;
  paidCents: number;
  reportsDue: number;
  reportsOverdue: number;
  byCountry: Record<string, number>;
  byTheme: Record<string, number>;
  overdueApplications: string[];
}

/** Per line of an envelope: applications by state, amounts, reports due and overdue, distribution by country and theme. */
export async function envelopeDashboard(db: DbOrTx, envelopeId: string, now: Date): Promise<LineDashboard[]> {
  const lineRows = await linesOfEnvelope(db, envelopeId);
  const figures = await lineFigures(db, lineRows.map((l) => l.id));
  const apps = lineRows.length
    ? await db
        .select({ app: applications, lineId: calls.lineId })
        .from(applications)
        .innerJoin(calls, eq(calls.id, applications.callId))
        .where(inArray(calls.lineId, lineRows.map((l) => l.id)))
    : [];
  const appIds = apps.map((a) => a.app.id);
  const awardRows = appIds.length ? await db.select().from(awards).where(inArray(awards.applicationId, appIds)) : [];
  const awardIds = awardRows.map((a) => a.id);
  const reportRows = awardIds.length ? await db.select().from(reports).where(inArray(reports.awardId, awardIds)) : [];
  const awardByApp = new Map(awardRows.map((a) => [a.applicationId, a]));
  const appByAward = new Map(awardRows.map((a) => [a.id, a.applicationId]));
  return lineRows.map((line) => {
    const mine = apps.filter((a) => a.lineId === line.id).map((a) => a.app);
    const mineIds = new Set(mine.map((a) => a.id));
    const myReports = reportRows.filter((r) => mineIds.has(appByAward.get(r.awardId) ?? ''));
    const byState: Record<string, number> = {};
    const byCountry: Record<string, number> = {};
    const byTheme: Record<string, number> = {};
    let requestedCents = 0;
    for (const a of mine) {
      byState[a.state] = (byState[a.state] ?? 0) + 1;
      if (a.state !== 'draft') requestedCents += a.requestedCents;
      const award = awardByApp.get(a.id);
      if (award && a.state !== 'withdrawn') {
        const share = a.countries.length ? Math.floor(award.amountCents / a.countries.length) : 0;
        for (const c of a.countries) byCountry[c] = (byCountry[c] ?? 0) + share;
        const tshare = a.themes.length ? Math.floor(award.amountCents / a.themes.length) : 0;
        for (const t of a.themes) byTheme[t] = (byTheme[t] ?? 0) + tshare;
      }
    }
    const overdue = myReports.filter((r) => isReportOverdue({ status: r.status, dueAt: r.dueAt }, now));
    const f = figures.get(line.id) ?? { earmarkedCents: line.earmarkedCents, committedCents: 0, paidCents: 0, remainingCents: line.earmarkedCents };
    return {
      line,
      figures: f,
      byState,
      requestedCents,
      awardedCents: f.committedCents,
      paidCents: f.paidCents,
      reportsDue: myReports.filter((r) => r.status === 'expected' && !isReportOverdue({ status: r.status, dueAt: r.dueAt }, now)).length,
      reportsOverdue: overdue.length,
      byCountry,
      byTheme,
      overdueApplications: [...new Set(overdue.map((r) => appByAward.get(r.awardId) ?? ''))].filter(Boolean),
    };
  });
}

// ─── Published money ─────────────────────────────────────────────────────────────────────────────────────

export interface FundingTransaction {
  /** IATI transaction type: 2 = outgoing commitment (the award), 3 = disbursement (a payment). */
  type: '2' | '3';
  date: string;
  amountCents: number;
  currency: string;
  funderId: string;
  recipientOrganisationId: string;
  projectId: string | null;
  applicationId: string;
  humanitarian: boolean;
  sectorCodes: string[];
}

async function transactions(db: DbOrTx, where: SQL): Promise<FundingTransaction[]> {
  const rows = await db
    .select({ award: awards, app: applications, call: calls, currency: envelopes.currency })
    .from(awards)
    .innerJoin(applications, eq(applications.id, awards.applicationId))
    .innerJoin(calls, eq(calls.id, applications.callId))
    .innerJoin(lines, eq(lines.id, calls.lineId))
    .innerJoin(envelopes, eq(envelopes.id, lines.envelopeId))
    .where(and(where, ne(applications.state, 'withdrawn')));
  // Every award's payments in one query (an export of many projects reads them all at once).
  const paid = await paymentsOfAwards(db, rows.map((r) => r.award.id));
  const out: FundingTransaction[] = [];
  for (const r of rows) {
    const base = { currency: r.currency, funderId: r.call.funderId, recipientOrganisationId: r.app.organisationId, projectId: r.app.projectId, applicationId: r.app.id, humanitarian: r.app.humanitarian, sectorCodes: r.app.sectorCodes };
    out.push({ ...base, type: '2', date: r.award.decidedOn, amountCents: r.award.amountCents });
    for (const p of paid.get(r.award.id) ?? []) out.push({ ...base, type: '3', date: p.paidOn, amountCents: p.amountCents });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

/** The project's commitment (award) and disbursements (payments), with the funder as funding participating organisation. */
export const fundingTransactionsForProject = (db: DbOrTx, projectId: string) => transactions(db, eq(applications.projectId, projectId));
/** The same for many projects at once (IATI export of a list), in two queries. */
export const fundingTransactionsForProjects = async (db: DbOrTx, projectIds: readonly string[]): Promise<FundingTransaction[]> =>
  projectIds.length ? transactions(db, inArray(applications.projectId, [...projectIds])) : [];
export const fundingTransactionsByFunder = (db: DbOrTx, funderId: string) => transactions(db, eq(calls.funderId, funderId));

export interface ScdlExport {
  rows: ScdlRow[];
  /** Awards or co-beneficiaries not in the file, and why (no SIRET: a partner abroad, say). */
  leftOut: { applicationId: string; organisationId: string; reason: 'no_siret' }[];
}

/** The funder's SCDL "subventions" rows for a year (by decision date), one per beneficiary holding a SIRET. */
export async function scdlExport(db: DbOrTx, funderId: string, year: number): Promise<ScdlExport> {
  const rows = await db
    .select({ award: awards, app: applications, call: calls, line: lines, envelope: envelopes, session: committeeSessions })
    .from(awards)
    .innerJoin(applications, eq(applications.id, awards.applicationId))
    .innerJoin(calls, eq(calls.id, applications.callId))
    .innerJoin(lines, eq(lines.id, calls.lineId))
    .innerJoin(envelopes, eq(envelopes.id, lines.envelopeId))
    .leftJoin(committeeSessions, eq(committeeSessions.id, awards.sessionId))
    .where(and(eq(calls.funderId, funderId), ne(applications.state, 'withdrawn'), sql`substr(${awards.decidedOn}, 1, 4) = ${String(year)}`))
    .orderBy(asc(awards.decidedOn));
  const out: ScdlExport = { rows: [], leftOut: [] };
  const partners = rows.length ? await db.select().from(coApplicants).where(inArray(coApplicants.applicationId, rows.map((r) => r.app.id))) : [];
  const orgs = await organisationsByIds(db, [...rows.map((r) => r.app.organisationId), ...partners.map((p) => p.organisationId)]);
  for (const r of rows) {
    const trancheRows = await tranchesOf(db, r.award.id);
    const dates = trancheRows.map((t) => t.plannedAt.toISOString().slice(0, 10)).sort();
    const period = dates.length <= 1 ? (dates[0] ?? r.award.startOn) : `${dates[0]}/${dates[dates.length - 1]}`;
    const mine = partners.filter((p) => p.applicationId === r.app.id);
    const partnerTotal = mine.reduce((s, p) => s + p.partCents, 0);
    const whole = Math.max(r.app.requestedCents, partnerTotal);
    const beneficiaries = [
      { organisationId: r.app.organisationId, siret: r.app.applicantSiret ?? orgs.get(r.app.organisationId)?.siret ?? null, rna: r.app.applicantRna ?? orgs.get(r.app.organisationId)?.rna ?? null, share: mine.length ? scdlShare(whole - partnerTotal, whole) : '1' },
      ...mine.map((p) => ({ organisationId: p.organisationId, siret: orgs.get(p.organisationId)?.siret ?? null, rna: orgs.get(p.organisationId)?.rna ?? null, share: scdlShare(p.partCents, whole) })),
    ];
    for (const b of beneficiaries) {
      const org = orgs.get(b.organisationId);
      if (!b.siret || !/^\d{14}$/.test(b.siret)) {
        out.leftOut.push({ applicationId: r.app.id, organisationId: b.organisationId, reason: 'no_siret' });
        continue;
      }
      out.rows.push({
        nomAttribuant: r.envelope.grantorName,
        idAttribuant: r.envelope.grantorSiret,
        dateConvention: r.award.agreementSignedOn ?? r.award.decidedOn,
        referenceDecision: r.session?.reference ?? '',
        nomBeneficiaire: org?.nameFr ?? org?.nameEn ?? '',
        idBeneficiaire: b.siret,
        rnaBeneficiaire: b.rna && /^W[0-9A-Z]{9}$/.test(b.rna) ? b.rna : '',
        objet: r.app.title.slice(0, 255),
        montant: scdlAmount(r.award.amountCents),
        nature: 'aide en numéraire',
        conditionsVersement: trancheRows.length <= 1 ? 'unique' : 'échelonné',
        datesPeriodeVersement: period,
        idRAE: '',
        notificationUE: 'non',
        pourcentageSubvention: b.share,
        dispositifAide: (r.line.nameFr + ' — ' + r.call.titleFr).slice(0, 255),
      });
    }
  }
  return out;
}

export async function awardedApplications(db: DbOrTx, callId: string): Promise<{ app: ApplicationRow; award: AwardRow }[]> {
  const rows = await db.select({ app: applications, award: awards }).from(awards).innerJoin(applications, eq(applications.id, awards.applicationId)).where(eq(applications.callId, callId));
  return rows;
}

export async function reportsDueBetween(db: DbOrTx, from: Date, to: Date): Promise<ReportRow[]> {
  return db.select().from(reports).where(and(eq(reports.status, 'expected'), gt(reports.dueAt, from), lte(reports.dueAt, to), isNotNull(reports.dueAt)));
}

/** Everything the agreement PDF shows, read from the award, its schedule and the organisations. */
export async function agreementFor(db: DbOrTx, applicationId: string) {
  const app = await findApplication(db, applicationId);
  const award = app ? await awardOf(db, applicationId) : undefined;
  if (!app || !award) return undefined;
  const call = (await findCall(db, app.callId))!;
  const line = (await findLine(db, call.lineId))!;
  const partners = await coApplicantsOf(db, applicationId);
  const orgs = await organisationsByIds(db, [app.organisationId, ...partners.map((p) => p.organisationId)]);
  const name = (id: string) => orgs.get(id)?.nameFr ?? orgs.get(id)?.nameEn ?? '';
  const session = award.sessionId ? await findSession(db, award.sessionId) : undefined;
  const trancheRows = await tranchesOf(db, award.id);
  const reportRows = await reportsOf(db, award.id);
  return {
    reference: `${line.envelope.year}-${award.id.slice(0, 8).toUpperCase()}`,
    funderName: line.envelope.grantorName,
    grantorSiret: line.envelope.grantorSiret,
    beneficiaryName: name(app.organisationId),
    beneficiarySiret: app.applicantSiret,
    partners: partners.map((p) => ({ name: name(p.organisationId), partCents: p.partCents })),
    projectTitle: app.title,
    callTitle: call.titleFr,
    lineName: line.nameFr,
    amountCents: award.amountCents,
    currency: line.envelope.currency,
    conditions: award.conditions,
    decidedOn: award.decidedOn,
    sessionReference: session?.reference ?? null,
    tranches: trancheRows.map((t) => ({ sequence: t.sequence, amountCents: t.amountCents, plannedOn: t.plannedAt.toISOString().slice(0, 10) })),
    reports: reportRows.map((r) => ({ sequence: r.sequence, kind: r.kind, dueOn: r.dueAt.toISOString().slice(0, 10) })),
    humanitarian: app.humanitarian,
  };
}

/** Members of an organisation may act for it; this lists the organisations an actor can apply for. */
export async function organisationsForApplying(db: DbOrTx, organisationIds: readonly string[]): Promise<OrganisationRow[]> {
  return findOrganisationsByIds(db, [...organisationIds]);
}

export async function allOrganisationsBrief(db: DbOrTx): Promise<{ id: string; name: string }[]> {
  const rows = await db.execute<{ id: string; name: string }>(sql`select id, coalesce(name_fr, name_en, slug) as name from organisations where status = 'active' order by 2`);
  return (rows as unknown as { rows: { id: string; name: string }[] }).rows;
}

// ─── Back office ─────────────────────────────────────────────────────────────────────────────────────────

/** Everyone in a funder's team with all their roles, by name. */
export async function teamOf(db: DbOrTx, funderId: string): Promise<{ userId: string; displayName: string; email: string; role: TeamRole }[]> {
  const rows = await db.execute<{ user_id: string; display_name: string; email: string; role: TeamRole }>(
    sql`select t.user_id, u.display_name, u.email, t.role from funding_funder_team t join users u on u.id = t.user_id where t.funder_id = ${funderId} order by u.display_name, t.role`,
  );
  return (rows as unknown as { rows: { user_id: string; display_name: string; email: string; role: TeamRole }[] }).rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, email: r.email, role: r.role }));
}

/** The active account with this e-mail address (case-insensitive). */
export async function activeUserIdByEmail(db: DbOrTx, email: string): Promise<string | undefined> {
  const rows = await db.execute<{ id: string }>(sql`select id from users where lower(email) = lower(${email}) and status = 'active'`);
  return (rows as unknown as { rows: { id: string }[] }).rows[0]?.id;
}

// ─── Public open data (API) ──────────────────────────────────────────────────────────────────────────────

export async function funderBySlug(db: DbOrTx, slug: string): Promise<OrganisationRow | undefined> {
  return findOrganisationBySlug(db, slug);
}

export interface PublicCallFilter {
  status?: 'upcoming' | 'open' | 'closed' | undefined;
  funderId?: string | undefined;
  theme?: string | undefined;
  country?: string | undefined;
  page: number;
  pageSize: number;
}

/** Calls for the public (every call is public once published), newest closing date first. */
export async function publicCalls(db: DbOrTx, filter: PublicCallFilter, now: Date): Promise<{ items: CallRow[]; total: number }> {
  const where = [
    filter.status === 'upcoming' ? gt(calls.opensAt, now) : undefined,
    filter.status === 'open' ? and(lte(calls.opensAt, now), gt(calls.closesAt, now)) : undefined,
    filter.status === 'closed' ? lte(calls.closesAt, now) : undefined,
    filter.funderId ? eq(calls.funderId, filter.funderId) : undefined,
    filter.theme ? sql`${filter.theme} = any(${calls.themes})` : undefined,
    filter.country ? sql`${filter.country} = any(${calls.countries})` : undefined,
  ].filter((w) => w !== undefined);
  const cond = where.length ? and(...where) : undefined;
  const [items, [count]] = await Promise.all([
    db.select().from(calls).where(cond).orderBy(desc(calls.closesAt), asc(calls.slug)).limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(calls).where(cond),
  ]);
  return { items, total: Number(count?.n ?? 0) };
}

export interface PublicAward {
  id: string;
  amountCents: number;
  currency: string;
  decidedOn: string;
  agreementSignedOn: string | null;
  title: string;
  projectId: string | null;
  applicationId: string;
  beneficiaryId: string;
  funderId: string;
  callId: string;
  callSlug: string;
  callTitleFr: string;
  callTitleEn: string | null;
}

export interface PublicAwardFilter {
  funderId?: string | undefined;
  year?: number | undefined;
  page: number;
  pageSize: number;
}

/** Awards the public may know (what the SCDL file publishes): every award not declined, by decision date. */
export async function publicAwards(db: DbOrTx, filter: PublicAwardFilter): Promise<{ items: PublicAward[]; total: number }> {
  const cond = and(
    ne(applications.state, 'withdrawn'),
    filter.funderId ? eq(calls.funderId, filter.funderId) : undefined,
    filter.year ? sql`substr(${awards.decidedOn}, 1, 4) = ${String(filter.year)}` : undefined,
  );
  const base = db
    .select({ award: awards, app: applications, call: calls, envelope: envelopes })
    .from(awards)
    .innerJoin(applications, eq(applications.id, awards.applicationId))
    .innerJoin(calls, eq(calls.id, applications.callId))
    .innerJoin(lines, eq(lines.id, calls.lineId))
    .innerJoin(envelopes, eq(envelopes.id, lines.envelopeId))
    .where(cond);
  const [rows, [count]] = await Promise.all([
    base.orderBy(desc(awards.decidedOn), asc(awards.id)).limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(awards).innerJoin(applications, eq(applications.id, awards.applicationId)).innerJoin(calls, eq(calls.id, applications.callId)).where(cond),
  ]);
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      id: r.award.id, amountCents: r.award.amountCents, currency: r.envelope.currency, decidedOn: r.award.decidedOn, agreementSignedOn: r.award.agreementSignedOn,
      title: r.app.title, projectId: r.app.projectId, applicationId: r.app.id, beneficiaryId: r.app.organisationId, funderId: r.call.funderId,
      callId: r.call.id, callSlug: r.call.slug, callTitleFr: r.call.titleFr, callTitleEn: r.call.titleEn,
    })),
  };
}

// ─── Projects: the link of an application to its project, indicators, the project page ──────────────────
// The projects module's tables are read here with plain SQL (as users and memberships are above): funding
// depends on projects, never the other way round (the project page shows funding through a page section).

export type ProjectChoice = {
  id: string;
  slug: string;
  title: string;
};

/** The projects an organisation reports (the choices of the application form), by title. */
export async function projectChoicesOf(db: DbOrTx, organisationId: string): Promise<ProjectChoice[]> {
  const rows = await db.execute<ProjectChoice>(
    sql`select id, slug, coalesce(nullif(title_fr, ''), nullif(title_en, ''), slug) as title from projects where organisation_id = ${organisationId} order by 3 limit 500`,
  );
  return (rows as unknown as { rows: ProjectChoice[] }).rows;
}

/** The project with its reporting organisation, or undefined. */
export async function projectBrief(db: DbOrTx, projectId: string): Promise<{ id: string; slug: string; title: string; organisationId: string; publication: string } | undefined> {
  const rows = await db.execute<{ id: string; slug: string; title: string; organisation_id: string; publication: string }>(
    sql`select id, slug, coalesce(nullif(title_fr, ''), nullif(title_en, ''), slug) as title, organisation_id, publication from projects where id = ${projectId}`,
  );
  const r = (rows as unknown as { rows: { id: string; slug: string; title: string; organisation_id: string; publication: string }[] }).rows[0];
  return r ? { id: r.id, slug: r.slug, title: r.title, organisationId: r.organisation_id, publication: r.publication } : undefined;
}

export interface ProjectIndicator {
  resultId: string;
  indicator: number;
  resultTitleFr: string | null;
  resultTitleEn: string | null;
  titleFr: string | null;
  titleEn: string | null;
  /** The target of the indicator's latest period (what the report's actual value is compared with). */
  target: string | null;
  actual: string | null;
}

/** The indicators of a project's results, in order (a report gives an actual value for each). */
export async function projectIndicators(db: DbOrTx, projectId: string): Promise<ProjectIndicator[]> {
  type Stored = { titleFr?: string; titleEn?: string; periods?: { target?: string; actual?: string }[] };
  const rows = await db.execute<{ id: string; title_fr: string | null; title_en: string | null; indicators: Stored[] }>(
    sql`select id, title_fr, title_en, indicators from project_results where project_id = ${projectId} order by position, id`,
  );
  const out: ProjectIndicator[] = [];
  for (const r of (rows as unknown as { rows: { id: string; title_fr: string | null; title_en: string | null; indicators: Stored[] }[] }).rows) {
    (Array.isArray(r.indicators) ? r.indicators : []).forEach((ind, i) => {
      const last = Array.isArray(ind.periods) && ind.periods.length ? ind.periods[ind.periods.length - 1] : undefined;
      out.push({ resultId: r.id, indicator: i, resultTitleFr: r.title_fr, resultTitleEn: r.title_en, titleFr: ind.titleFr ?? null, titleEn: ind.titleEn ?? null, target: last?.target ?? null, actual: last?.actual ?? null });
    });
  }
  return out;
}

export interface ProjectFunding {
  application: ApplicationRow;
  call: CallRow;
  currency: string;
  award: AwardRow | undefined;
  paidCents: number;
  reports: ReportRow[];
  transactions: FundingTransaction[];
  /** Roles the viewer holds in the funder's team (staff see "report overdue"). */
  viewerTeam: ReadonlySet<TeamRole>;
}

/** The applications linked to a project that reached a decision (or all of them for the viewer's own organisations and the funder's team). */
export async function fundingOfProject(db: DbOrTx, projectId: string, viewer: { userId: string | null; organisationIds: readonly string[] }): Promise<ProjectFunding[]> {
  const rows = await db
    .select({ app: applications, call: calls, currency: envelopes.currency })
    .from(applications)
    .innerJoin(calls, eq(calls.id, applications.callId))
    .innerJoin(lines, eq(lines.id, calls.lineId))
    .innerJoin(envelopes, eq(envelopes.id, lines.envelopeId))
    .where(eq(applications.projectId, projectId))
    .orderBy(asc(applications.createdAt));
  if (rows.length === 0) return [];
  const teams = await fundersOfUser(db, viewer.userId);
  const money = await fundingTransactionsForProject(db, projectId);
  const out: ProjectFunding[] = [];
  for (const r of rows) {
    const team = teams.get(r.call.funderId) ?? new Set<TeamRole>();
    const own = viewer.organisationIds.includes(r.app.organisationId);
    const decided = ['awarded', 'in_progress', 'closed'].includes(r.app.state);
    const staffSees = r.app.state !== 'draft' && (team.has('staff') || team.has('finance') || team.has('committee'));
    if (!decided && !own && !staffSees) continue;
    const award = await awardOf(db, r.app.id);
    const payments = award ? await paymentsOfAward(db, award.id) : [];
    out.push({
      application: r.app, call: r.call, currency: r.currency, award, paidCents: payments.reduce((s, p) => s + p.amountCents, 0),
      reports: award ? await reportsOf(db, award.id) : [], transactions: money.filter((m) => m.applicationId === r.app.id), viewerTeam: team,
    });
  }
  return out;
}

// ─── Attachments (application and report documents) ─────────────────────────────────────────────────────

export async function findDocument(db: DbOrTx, id: string): Promise<DocumentRow | undefined> {
  const [row] = await db.select().from(applicationDocuments).where(eq(applicationDocuments.id, id));
  return row;
}

/** The stored file of a document (bytes, type, name). */
export const documentFile = (db: DbOrTx, fileId: string) => findFile(db, fileId);

// ─── Emergency decisions ─────────────────────────────────────────────────────────────────────────────────

/** States in which an application waits for the funder (an emergency one must be decided by its due instant). */
export const awaitingDecisionStates = ['submitted', 'completion_requested', 'eligible', 'in_review', 'recommended', 'not_recommended'] as const;

/** Emergency applications of these funders still waiting past their decision deadline at `now`, oldest first. */
export async function overdueEmergencyDecisions(db: DbOrTx, funderIds: readonly string[], now: Date): Promise<{ application: ApplicationRow; call: CallRow }[]> {
  if (funderIds.length === 0) return [];
  const rows = await db
    .select({ application: applications, call: calls })
    .from(applications)
    .innerJoin(calls, eq(calls.id, applications.callId))
    .where(and(inArray(calls.funderId, [...funderIds]), eq(calls.isEmergency, true), inArray(applications.state, [...awaitingDecisionStates]), isNotNull(applications.decisionDueAt), lte(applications.decisionDueAt, now)))
    .orderBy(asc(applications.decisionDueAt));
  return rows;
}
