// Reads for IATI export: the activity of a published project (with the funding module's awards and payments as
// transactions), the published activities of an organisation one at a time, and its organisation file record.
import type { DbOrTx } from '../../db/client.ts';
import { visitor } from '../../kernel/actor.ts';
import { asc, eq } from 'drizzle-orm';
import { fundingTransactionsByFunder, fundingTransactionsForProjects, listEnvelopes, type FundingTransaction } from '../funding/queries.ts';
import { findOrganisationBySlug, findOrganisationsByIds, type OrganisationRow } from '../organisations/queries.ts';
import { findProjectById, findProjectsByIds, loadBundles, projectsOfOrganisation, type ProjectRow } from '../projects/queries.ts';
import { projectFilterSchema, searchProjects, type ProjectFilter } from '../search/queries.ts';
import type { Translate } from '../../kernel/i18n.ts';
import { validate } from '../../kernel/validation.ts';
import { organisationBudgetsFromRows, organisationRef, toIatiActivity, type ActivityLinks, type OrganisationBudgetRow } from './map.ts';
import { checkActivity, type Problem } from './rules.ts';
import { iatiOrganisationBudgets, iatiOrganisationDocuments } from './tables.ts';
import type { IatiActivity, IatiOrganisation, Narratives, OrgDocumentLink, Transaction } from './model.ts';

const names = (o: OrganisationRow | undefined): Narratives => {
  const n: Narratives = {};
  if (o?.nameFr) n.fr = o.nameFr;
  if (o?.nameEn) n.en = o.nameEn;
  return n;
};

/** Awards (2, outgoing commitment) and payments (3, disbursement) as IATI transactions, funder → recipient, per project. */
async function fundingTransactions(db: DbOrTx, projectIds: readonly string[]): Promise<Map<string, Transaction[]>> {
  const rows: FundingTransaction[] = await fundingTransactionsForProjects(db, projectIds);
  const out = new Map<string, Transaction[]>();
  if (rows.length === 0) return out;
  const orgs = new Map((await findOrganisationsByIds(db, [...new Set(rows.flatMap((r) => [r.funderId, r.recipientOrganisationId]))])).map((o) => [o.id, o]));
  for (const r of rows) {
    const funder = orgs.get(r.funderId);
    const recipient = orgs.get(r.recipientOrganisationId);
    const transaction: Transaction = {
      type: r.type,
      date: r.date,
      value: { amount: r.amountCents / 100, currency: r.currency, valueDate: r.date },
      description: {},
      ...(funder ? { providerOrg: { ref: organisationRef(funder), name: names(funder) } } : {}),
      ...(recipient ? { receiverOrg: { ref: organisationRef(recipient), name: names(recipient) } } : {}),
      ...(r.humanitarian ? { humanitarian: true } : {}),
      sectors: [],
      aidTypes: [],
    };
    const list = out.get(r.projectId!) ?? [];
    list.push(transaction);
    out.set(r.projectId!, list);
  }
  return out;
}

/** The activity of a project, whatever its publication (callers decide what may be exported). */
export async function activityOfProject(db: DbOrTx, project: ProjectRow, links: ActivityLinks = {}): Promise<IatiActivity> {
  return (await activitiesOfProjects(db, [project], links))[0]!;
}

/** The activities of many projects, in a handful of statements whatever their number (exports read 100 at a time). */
export async function activitiesOfProjects(db: DbOrTx, list: readonly ProjectRow[], links: ActivityLinks = {}): Promise<IatiActivity[]> {
  const [bundles, money] = await Promise.all([loadBundles(db, list), fundingTransactions(db, list.map((p) => p.id))]);
  return bundles.map((bundle) => toIatiActivity(bundle, money.get(bundle.project.id) ?? [], links));
}

/** A published project's activity; undefined for an unknown id or a draft. */
export async function publishedActivity(db: DbOrTx, projectId: string, links: ActivityLinks = {}): Promise<IatiActivity | undefined> {
  const project = await findProjectById(db, projectId);
  if (!project || project.publication !== 'published') return undefined;
  return activityOfProject(db, project, links);
}

/** The organisation's published projects, as activities, one at a time (memory: one activity). */
export async function* publishedActivitiesOf(db: DbOrTx, organisationId: string, links: ActivityLinks = {}): AsyncGenerator<IatiActivity> {
  const projects = (await projectsOfOrganisation(db, visitor, organisationId)).filter((p) => p.publication === 'published');
  for (let i = 0; i < projects.length; i += 100) yield* await activitiesOfProjects(db, projects.slice(i, i + 100), links);
}

/**
 * The organisation file record: identifier, name, reporting organisation (itself), and its budgets and
 * expenditure — those its last imported organisation file stated, completed for a funder, year by year, by its
 * envelopes (total budget, committed) and the payments it made (total expenditure), computed from the records.
 */
export async function organisationRecord(db: DbOrTx, org: OrganisationRow, links: { baseUrl?: string } = {}): Promise<IatiOrganisation> {
  const name = names(org);
  const ref = organisationRef(org);
  const [stored, documents, envelopes, money] = await Promise.all([
    db.select().from(iatiOrganisationBudgets).where(eq(iatiOrganisationBudgets.organisationId, org.id)),
    db.select().from(iatiOrganisationDocuments).where(eq(iatiOrganisationDocuments.organisationId, org.id)).orderBy(asc(iatiOrganisationDocuments.position)),
    listEnvelopes(db, [org.id]),
    fundingTransactionsByFunder(db, org.id),
  ]);
  const budgets = organisationBudgetsFromRows(stored as OrganisationBudgetRow[]);
  const envelopeYears = envelopes.map((e) => ({ year: String(e.year), currency: e.currency, cents: e.amountCents }));
  for (const y of yearlySums(envelopeYears, budgets.totalBudgets)) budgets.totalBudgets.push({ status: '2', ...calendarYear(y), lines: [] });
  const paymentYears = money.filter((m) => m.type === '3').map((m) => ({ year: m.date.slice(0, 4), currency: m.currency, cents: m.amountCents }));
  for (const y of yearlySums(paymentYears, budgets.totalExpenditures)) budgets.totalExpenditures.push({ ...calendarYear(y), lines: [] });
  return {
    identifier: ref,
    name: Object.keys(name).length ? name : { fr: org.slug },
    reportingOrg: { ref, ...(org.kind ? { type: org.kind } : {}), name: Object.keys(name).length ? name : { fr: org.slug } },
    defaultLanguage: 'fr',
    lastUpdated: org.updatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...budgets,
    documentLinks: [...documents.map((d) => d.link as OrgDocumentLink), ...webPages(org, documents.map((d) => (d.link as OrgDocumentLink).url), links.baseUrl)],
  };
}

interface YearSum {
  year: string;
  currency: string;
  cents: number;
}

/** Amounts summed per year and currency, leaving out the years the organisation's own file already states. */
function yearlySums(entries: readonly YearSum[], stated: readonly { periodStart?: string }[]): YearSum[] {
  const skip = new Set(stated.map((b) => b.periodStart?.slice(0, 4)));
  const sums = new Map<string, YearSum>();
  for (const e of entries) {
    if (skip.has(e.year)) continue;
    const key = `${e.year}/${e.currency}`;
    const sum = sums.get(key) ?? { ...e, cents: 0 };
    sum.cents += e.cents;
    sums.set(key, sum);
  }
  return [...sums.values()].sort((a, b) => a.year.localeCompare(b.year) || a.currency.localeCompare(b.currency));
}

/** A yearly sum as a calendar-year period and its value (dated 1 January, for currency conversion). */
const calendarYear = (y: YearSum) => ({
  periodStart: `${y.year}-01-01`,
  periodEnd: `${y.year}-12-31`,
  value: { amount: y.cents / 100, currency: y.currency, valueDate: `${y.year}-01-01` },
});

/** The organisation's web pages (OrganisationDocumentCategory B16): its page here and its own site, unless the file states them. */
function webPages(org: OrganisationRow, stated: readonly string[], baseUrl: string | undefined): OrgDocumentLink[] {
  const page = (url: string, title: Narratives): OrgDocumentLink => ({ url, format: 'text/html', title, description: {}, categories: ['B16'], languages: [], recipientCountries: [] });
  const out: OrgDocumentLink[] = [];
  const displayed = names(org);
  if (baseUrl) {
    const base = baseUrl.replace(/\/$/, '');
    out.push(page(`${base}/fr/organisations/${org.slug}`, { fr: `${displayed.fr ?? org.slug} sur Passerelle`, en: `${displayed.en ?? displayed.fr ?? org.slug} on Passerelle` }));
  }
  if (org.website && /^https?:\/\//.test(org.website)) out.push(page(org.website, { fr: 'Site de l’organisation', en: 'Organisation website' }));
  return out.filter((d) => !stated.includes(d.url));
}

/** An active organisation of the directory by its slug (the public IATI URLs name organisations by slug). */
export async function activeOrganisationBySlug(db: DbOrTx, slug: string): Promise<OrganisationRow | undefined> {
  if (!/^[a-z0-9-]{1,120}$/.test(slug)) return undefined;
  const org = await findOrganisationBySlug(db, slug);
  return org?.status === 'active' ? org : undefined;
}

/** The published projects matching the list filters (those of /api/v1/projects), as activities, 100 a batch. */
export async function* filteredActivities(db: DbOrTx, filter: ProjectFilter, max = 100_000, links: ActivityLinks = {}): AsyncGenerator<IatiActivity> {
  for (let offset = 0; offset < max; offset += 100) {
    const { items } = await searchProjects(db, visitor, { ...filter, sort: filter.sort ?? 'date' }, { withFacets: false, limit: 100, offset });
    const rows = new Map((await findProjectsByIds(db, items.map((row) => row.id))).map((p) => [p.id, p]));
    const page = items.map((row) => rows.get(row.id)).filter((p): p is ProjectRow => p?.publication === 'published');
    yield* await activitiesOfProjects(db, page, links);
    if (items.length < 100) return;
  }
}

/** The list filters read from a query string, as /api/v1/projects reads them. */
export const activityFilter = (query: Record<string, unknown>, t: Translate) => validate(projectFilterSchema, query, t);

/** What the upload page names an organisation by: id, slug and names. */
export interface ImportTarget {
  id: string;
  slug: string;
  nameFr: string | null;
  nameEn: string | null;
}

/** The active organisations among these ids (those whose projects the actor may import), by name. */
export async function importTargets(db: DbOrTx, ids: readonly string[]): Promise<ImportTarget[]> {
  if (ids.length === 0) return [];
  const rows = await findOrganisationsByIds(db, ids);
  return rows
    .filter((o) => o.status === 'active')
    .map((o) => ({ id: o.id, slug: o.slug, nameFr: o.nameFr, nameEn: o.nameEn }))
    .sort((a, b) => (a.nameFr ?? a.nameEn ?? a.slug).localeCompare(b.nameFr ?? b.nameEn ?? b.slug, 'fr'));
}

/**
 * What IATI would say of a project before it is published in the open-data files: the 2.03 schema's requirements
 * and the official rules that apply (rules.ts), checked on the activity the project would export.
 */
export async function iatiCheckOfProject(db: DbOrTx, projectId: string, today?: string): Promise<{ published: boolean; problems: Problem[] } | undefined> {
  const project = await findProjectById(db, projectId);
  if (!project) return undefined;
  const activity = await activityOfProject(db, project);
  return { published: project.publication === 'published', problems: checkActivity(activity, today ? { today } : {}) };
}
