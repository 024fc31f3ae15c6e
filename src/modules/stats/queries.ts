// Key figures, computed from the records on every request (never typed in, never stored). A read-only module:
// it reads the funding, organisations and partnerships tables directly (ARCHITECTURE.md, rule 3) and reuses the
// funding module's `lineFigures` for the per-line amounts, so the figures pages and the funders' dashboards agree.
import { and, asc, desc, eq, gt, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { applications, awards, calls, coApplicants, envelopes, lines, payments, tranches } from '../funding/tables.ts';
import { lineFigures, listOpenCalls, type CallRow } from '../funding/queries.ts';
import { organisations } from '../organisations/tables.ts';
import { jointProjectParticipants } from '../partnerships/tables.ts';
import { projectFacetCounts, projects } from '../projects/tables.ts';

/** Only amounts in this currency are summed (an envelope in another currency is left out, and the page says so). */
export const FIGURES_CURRENCY = 'EUR';

/** Whose figures: the whole territory, or one funder's programme. */
export interface Scope {
  funderId?: string | undefined;
}

export interface MoneyRow {
  key: string;
  label: { fr: string | null; en: string | null } | null;
  committedCents: number;
  paidCents: number;
}

export interface CountRow {
  key: string;
  count: number;
}

export interface Figures {
  totals: { committedCents: number; paidCents: number; awards: number };
  byYear: MoneyRow[];
  byLine: MoneyRow[];
  byCountry: MoneyRow[];
  byTheme: MoneyRow[];
  organisationsBySubtype: CountRow[];
  projectsByStatus: CountRow[];
  /** Published projects of the atlas by IATI activity status (for a funder: those its applications name). */
  atlasByStatus: CountRow[];
  jobs: { staff: number; volunteers: number; declaring: number; organisations: number };
}

/** Splits `amount` cents over `n` parts exactly: the first parts take the remainder, one cent each. */
export function splitCents(amount: number, n: number): number[] {
  if (n <= 0) return [];
  const base = Math.floor(amount / n);
  const rest = amount - base * n;
  return Array.from({ length: n }, (_, i) => base + (i < rest ? 1 : 0));
}

const funderWhere = (scope: Scope) => (scope.funderId ? eq(calls.funderId, scope.funderId) : undefined);

interface AwardFact {
  awardId: string;
  applicationId: string;
  organisationId: string;
  title: string;
  lineId: string;
  decidedOn: string;
  amountCents: number;
  countries: string[];
  themes: string[];
}

/** Awards that count as committed: every award whose application was not withdrawn (as funding's lineFigures). */
async function awardFacts(db: DbOrTx, scope: Scope): Promise<AwardFact[]> {
  return db
    .select({
      awardId: awards.id,
      applicationId: applications.id,
      organisationId: applications.organisationId,
      title: applications.title,
      lineId: calls.lineId,
      decidedOn: awards.decidedOn,
      amountCents: awards.amountCents,
      countries: applications.countries,
      themes: applications.themes,
    })
    .from(awards)
    .innerJoin(applications, eq(applications.id, awards.applicationId))
    .innerJoin(calls, eq(calls.id, applications.callId))
    .innerJoin(lines, eq(lines.id, calls.lineId))
    .innerJoin(envelopes, eq(envelopes.id, lines.envelopeId))
    .where(and(ne(applications.state, 'withdrawn'), eq(envelopes.currency, FIGURES_CURRENCY), funderWhere(scope)));
}

/** Payments recorded on those awards. */
async function paymentFacts(db: DbOrTx, scope: Scope): Promise<{ awardId: string; paidOn: string; amountCents: number }[]> {
  return db
    .select({ awardId: awards.id, paidOn: payments.paidOn, amountCents: payments.amountCents })
    .from(payments)
    .innerJoin(tranches, eq(tranches.id, payments.trancheId))
    .innerJoin(awards, eq(awards.id, tranches.awardId))
    .innerJoin(applications, eq(applications.id, awards.applicationId))
    .innerJoin(calls, eq(calls.id, applications.callId))
    .innerJoin(lines, eq(lines.id, calls.lineId))
    .innerJoin(envelopes, eq(envelopes.id, lines.envelopeId))
    .where(and(ne(applications.state, 'withdrawn'), eq(envelopes.currency, FIGURES_CURRENCY), funderWhere(scope)));
}

function addTo(map: Map<string, MoneyRow>, key: string, committed: number, paid: number, label: MoneyRow['label'] = null) {
  const row = map.get(key) ?? { key, label, committedCents: 0, paidCents: 0 };
  row.committedCents += committed;
  row.paidCents += paid;
  map.set(key, row);
}

/** Spreads an award and its payments over its countries (or themes), equally, to the cent. */
function spread(map: Map<string, MoneyRow>, keys: readonly string[], committed: number, paid: number) {
  const list = keys.length ? keys : ['none'];
  const c = splitCents(committed, list.length);
  const p = splitCents(paid, list.length);
  list.forEach((k, i) => addTo(map, k, c[i] ?? 0, p[i] ?? 0));
}

const byAmount = (a: MoneyRow, b: MoneyRow) => b.committedCents - a.committedCents || a.key.localeCompare(b.key);

/**
 * Funded projects by status: the funding applications that left the draft state, by workflow state. The
 * projects of the atlas (projects module) are counted by `atlasProjectsByStatus` below.
 */
export async function projectsByStatus(db: DbOrTx, scope: Scope): Promise<CountRow[]> {
  const rows = await db
    .select({ key: applications.state, count: sql<number>`count(*)::int` })
    .from(applications)
    .innerJoin(calls, eq(calls.id, applications.callId))
    .where(and(ne(applications.state, 'draft'), funderWhere(scope)))
    .groupBy(applications.state)
    .orderBy(asc(applications.state));
  return rows;
}

export async function atlasProjectsByStatus(db: DbOrTx, scope: Scope): Promise<CountRow[]> {
  // The whole territory: the counts the projects module maintains (a million projects are not counted per page).
  if (!scope.funderId) {
    return db
      .select({ key: projectFacetCounts.value, count: projectFacetCounts.n })
      .from(projectFacetCounts)
      .where(and(eq(projectFacetCounts.publication, 'published'), eq(projectFacetCounts.facet, 'status'), gt(projectFacetCounts.n, 0)))
      .orderBy(asc(projectFacetCounts.value));
  }
  const funded = scope.funderId
    ? sql`${projects.id} in (select a.project_id from ${applications} a join ${calls} c on c.id = a.call_id where c.funder_id = ${scope.funderId} and a.state <> 'draft' and a.project_id is not null)`
    : undefined;
  return db
    .select({ key: projects.activityStatus, count: sql<number>`count(*)::int` })
    .from(projects)
    .where(and(eq(projects.publication, 'published'), funded))
    .groupBy(projects.activityStatus)
    .orderBy(asc(projects.activityStatus));
}

/** The organisations the figures speak of: all active ones, or those a funder has awarded (lead or partner). */
async function organisationsInScope(db: DbOrTx, scope: Scope): Promise<{ subtype: string; staffCount: number | null; volunteerCount: number | null }[]> {
  const cols = { subtype: organisations.subtype, staffCount: organisations.staffCount, volunteerCount: organisations.volunteerCount };
  if (!scope.funderId) return db.select(cols).from(organisations).where(eq(organisations.status, 'active'));
  const funded = sql`(
    select a.organisation_id from ${applications} a join ${awards} w on w.application_id = a.id join ${calls} c on c.id = a.call_id
      where c.funder_id = ${scope.funderId} and a.state <> 'withdrawn'
    union
    select p.organisation_id from ${coApplicants} p join ${applications} a on a.id = p.application_id join ${awards} w on w.application_id = a.id
      join ${calls} c on c.id = a.call_id where c.funder_id = ${scope.funderId} and a.state <> 'withdrawn')`;
  return db.select(cols).from(organisations).where(and(eq(organisations.status, 'active'), sql`${organisations.id} in ${funded}`));
}

export async function keyFigures(db: DbOrTx, scope: Scope): Promise<Figures> {
  const [facts, paid, lineRows, orgs, projectRows, atlas] = await Promise.all([
    awardFacts(db, scope),
    paymentFacts(db, scope),
    db
      .select({ id: lines.id, nameFr: lines.nameFr, nameEn: lines.nameEn, year: envelopes.year, position: lines.position })
      .from(lines)
      .innerJoin(envelopes, eq(envelopes.id, lines.envelopeId))
      .where(and(eq(envelopes.currency, FIGURES_CURRENCY), scope.funderId ? eq(envelopes.funderId, scope.funderId) : undefined))
      .orderBy(desc(envelopes.year), asc(lines.position), asc(lines.nameFr)),
    organisationsInScope(db, scope),
    projectsByStatus(db, scope),
    atlasProjectsByStatus(db, scope),
  ]);
  const paidByAward = new Map<string, number>();
  for (const p of paid) paidByAward.set(p.awardId, (paidByAward.get(p.awardId) ?? 0) + p.amountCents);

  // Per year: a commitment counts in the year of its decision, a payment in the year it was paid.
  const byYear = new Map<string, MoneyRow>();
  for (const f of facts) addTo(byYear, f.decidedOn.slice(0, 4), f.amountCents, 0);
  for (const p of paid) addTo(byYear, p.paidOn.slice(0, 4), 0, p.amountCents);

  // Per line: the funding module's own figures (the same numbers as the funders' dashboards).
  const perLine = await lineFigures(db, lineRows.map((l) => l.id));
  const byLine: MoneyRow[] = lineRows.map((l) => ({
    key: l.id,
    label: { fr: `${l.nameFr} (${l.year})`, en: l.nameEn ? `${l.nameEn} (${l.year})` : null },
    committedCents: perLine.get(l.id)?.committedCents ?? 0,
    paidCents: perLine.get(l.id)?.paidCents ?? 0,
  }));

  const byCountry = new Map<string, MoneyRow>();
  const byTheme = new Map<string, MoneyRow>();
  for (const f of facts) {
    const p = paidByAward.get(f.awardId) ?? 0;
    spread(byCountry, f.countries, f.amountCents, p);
    spread(byTheme, f.themes, f.amountCents, p);
  }

  const subtypes = new Map<string, number>();
  let staff = 0;
  let volunteers = 0;
  let declaring = 0;
  for (const o of orgs) {
    subtypes.set(o.subtype, (subtypes.get(o.subtype) ?? 0) + 1);
    if (o.staffCount !== null || o.volunteerCount !== null) declaring += 1;
    staff += o.staffCount ?? 0;
    volunteers += o.volunteerCount ?? 0;
  }

  return {
    totals: { committedCents: facts.reduce((s, f) => s + f.amountCents, 0), paidCents: paid.reduce((s, p) => s + p.amountCents, 0), awards: facts.length },
    byYear: [...byYear.values()].sort((a, b) => a.key.localeCompare(b.key)),
    byLine,
    byCountry: [...byCountry.values()].sort(byAmount),
    byTheme: [...byTheme.values()].sort(byAmount),
    organisationsBySubtype: [...subtypes.entries()].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
    projectsByStatus: projectRows,
    atlasByStatus: atlas,
    jobs: { staff, volunteers, declaring, organisations: orgs.length },
  };
}

export interface FunderBrief {
  id: string;
  slug: string;
  nameFr: string | null;
  nameEn: string | null;
}

/** Funders with at least one envelope (those that have a figures page). */
export async function listFunders(db: DbOrTx): Promise<FunderBrief[]> {
  return db
    .selectDistinct({ id: organisations.id, slug: organisations.slug, nameFr: organisations.nameFr, nameEn: organisations.nameEn })
    .from(organisations)
    .innerJoin(envelopes, eq(envelopes.funderId, organisations.id))
    .where(eq(organisations.status, 'active'))
    .orderBy(organisations.nameFr, organisations.slug);
}

export async function findFunderBySlug(db: DbOrTx, slug: string): Promise<FunderBrief | undefined> {
  return (await listFunders(db)).find((f) => f.slug === slug);
}

export async function openCallsOf(db: DbOrTx, funderId: string | undefined, now: Date): Promise<CallRow[]> {
  const open = await listOpenCalls(db, now);
  return funderId ? open.filter((c) => c.funderId === funderId) : open;
}

export interface HighlightedAward {
  title: string;
  organisationName: { fr: string | null; en: string | null };
  amountCents: number;
  countries: string[];
  decidedOn: string;
}

/** The largest awards of a funder, newest decisions first among equals. */
export async function highlightedAwards(db: DbOrTx, funderId: string, limit = 5): Promise<HighlightedAward[]> {
  const rows = await db
    .select({ title: applications.title, nameFr: organisations.nameFr, nameEn: organisations.nameEn, amountCents: awards.amountCents, countries: applications.countries, decidedOn: awards.decidedOn })
    .from(awards)
    .innerJoin(applications, eq(applications.id, awards.applicationId))
    .innerJoin(calls, eq(calls.id, applications.callId))
    .innerJoin(organisations, eq(organisations.id, applications.organisationId))
    .where(and(eq(calls.funderId, funderId), ne(applications.state, 'withdrawn')))
    .orderBy(desc(awards.amountCents), desc(awards.decidedOn))
    .limit(limit);
  return rows.map((r) => ({ title: r.title, organisationName: { fr: r.nameFr, en: r.nameEn }, amountCents: r.amountCents, countries: r.countries, decidedOn: r.decidedOn }));
}

export interface OrganisationLeafletData {
  slug: string;
  name: { fr: string | null; en: string | null };
  summary: { fr: string | null; en: string | null };
  subtype: string;
  city: string | null;
  website: string | null;
  countries: string[];
  themes: string[];
  staffCount: number | null;
  volunteerCount: number | null;
  partners: { fr: string | null; en: string | null }[];
  awarded: { title: string; amountCents: number }[];
}

/** What an organisation's leaflet shows: its profile, its partners (joint projects, and consortia of awarded
 * applications: what is already public) and its funded projects. */
export async function organisationLeaflet(db: DbOrTx, slug: string): Promise<OrganisationLeafletData | undefined> {
  const [org] = await db.select().from(organisations).where(and(eq(organisations.slug, slug), eq(organisations.status, 'active')));
  if (!org) return undefined;
  const partnerIds = sql`(
    select p2.organisation_id from ${jointProjectParticipants} p1 join ${jointProjectParticipants} p2 on p2.joint_project_id = p1.joint_project_id
      where p1.organisation_id = ${org.id} and p2.organisation_id <> ${org.id}
    union
    select c.organisation_id from ${coApplicants} c join ${applications} a on a.id = c.application_id join ${awards} w on w.application_id = a.id
      where a.organisation_id = ${org.id} and a.state <> 'withdrawn'
    union
    select a.organisation_id from ${coApplicants} c join ${applications} a on a.id = c.application_id join ${awards} w on w.application_id = a.id
      where c.organisation_id = ${org.id} and a.state <> 'withdrawn')`;
  const [partners, awarded] = await Promise.all([
    db.select({ fr: organisations.nameFr, en: organisations.nameEn }).from(organisations).where(and(eq(organisations.status, 'active'), sql`${organisations.id} in ${partnerIds}`)).orderBy(organisations.nameFr),
    db
      .select({ title: applications.title, amountCents: awards.amountCents })
      .from(awards)
      .innerJoin(applications, eq(applications.id, awards.applicationId))
      .where(and(eq(applications.organisationId, org.id), ne(applications.state, 'withdrawn')))
      .orderBy(desc(awards.decidedOn)),
  ]);
  return {
    slug: org.slug,
    name: { fr: org.nameFr, en: org.nameEn },
    summary: { fr: org.summaryFr, en: org.summaryEn },
    subtype: org.subtype,
    city: org.city,
    website: org.website,
    countries: org.countries,
    themes: org.themes,
    staffCount: org.staffCount,
    volunteerCount: org.volunteerCount,
    partners,
    awarded,
  };
}

/** A few numbers for the home page. */
export async function territoryKpis(db: DbOrTx): Promise<{ committedCents: number; paidCents: number; projects: number; jobs: number }> {
  const f = await keyFigures(db, {});
  return {
    committedCents: f.totals.committedCents,
    paidCents: f.totals.paidCents,
    projects: f.atlasByStatus.reduce((s, r) => s + r.count, 0),
    jobs: f.jobs.staff,
  };
}

