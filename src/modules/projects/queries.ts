// Reads of projects and their repeated parts. Lists with facets live in the search module (they join the
// directory); here: one project with everything it holds, an organisation's projects, related projects, offers.
import { and, asc, desc, eq, getTableColumns, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor } from '../../kernel/actor.ts';
import { findOrganisationsByIds, listOrganisationsForExport, type OrganisationRow } from '../organisations/queries.ts';
import { themes as allThemes } from '../taxonomy/themes.ts';
import { draftScope } from './policy.ts';
import {
  helpOfferEvents,
  helpOffers,
  projectBudgets,
  projectCountries,
  projectDocuments,
  projectLocations,
  projectNeeds,
  projectParticipants,
  projectPhotos,
  projectRegions,
  projectResults,
  projects,
  projectSectors,
  projectTransactions,
  projectUpdates,
} from './tables.ts';

export type ProjectRow = typeof projects.$inferSelect;
export type ParticipantRow = typeof projectParticipants.$inferSelect;
export type HelpOfferRow = typeof helpOffers.$inferSelect;

export const sectionTables = {
  countries: projectCountries,
  regions: projectRegions,
  sectors: projectSectors,
  participants: projectParticipants,
  locations: projectLocations,
  budgets: projectBudgets,
  transactions: projectTransactions,
  results: projectResults,
  documents: projectDocuments,
  photos: projectPhotos,
  updates: projectUpdates,
  needs: projectNeeds,
} as const;

export interface ProjectBundle {
  project: ProjectRow;
  countries: (typeof projectCountries.$inferSelect)[];
  regions: (typeof projectRegions.$inferSelect)[];
  sectors: (typeof projectSectors.$inferSelect)[];
  participants: ParticipantRow[];
  locations: (typeof projectLocations.$inferSelect)[];
  budgets: (typeof projectBudgets.$inferSelect)[];
  transactions: (typeof projectTransactions.$inferSelect)[];
  results: (typeof projectResults.$inferSelect)[];
  documents: (typeof projectDocuments.$inferSelect)[];
  photos: (typeof projectPhotos.$inferSelect)[];
  updates: (typeof projectUpdates.$inferSelect)[];
  needs: (typeof projectNeeds.$inferSelect)[];
  /** Directory organisations named anywhere in the project (reporting, participants, transactions). */
  organisations: Map<string, OrganisationRow>;
}

export async function findProjectBySlug(db: DbOrTx, slug: string): Promise<ProjectRow | undefined> {
  const [row] = await db.select().from(projects).where(eq(projects.slug, slug));
  return row;
}

export async function findProjectById(db: DbOrTx, id: string): Promise<ProjectRow | undefined> {
  const [row] = await db.select().from(projects).where(eq(projects.id, id));
  return row;
}

export async function findProjectsByIds(db: DbOrTx, ids: readonly string[]): Promise<ProjectRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(projects).where(inArray(projects.id, [...ids]));
}

export async function findProjectByIatiIdentifier(db: DbOrTx, identifier: string): Promise<ProjectRow | undefined> {
  const [row] = await db.select().from(projects).where(eq(projects.iatiIdentifier, identifier));
  return row;
}

/** One child table's rows of the project `projectId` names, as a JSON array of drizzle-shaped objects (camelCase keys). */
function sectionJson(table: (typeof sectionTables)[keyof typeof sectionTables], projectId: SQL): SQL {
  const config = getTableConfig(table);
  const fields = Object.entries(getTableColumns(table)).flatMap(([key, column]) => [sql.raw(`'${key}'`), sql.raw(`t."${column.name}"`)]);
  const order = table === projectUpdates ? sql.raw('t."date" desc, t."position"') : sql.raw('t."position"');
  return sql`coalesce((select json_agg(json_build_object(${sql.join(fields, sql`, `)}) order by ${order}) from ${sql.raw(`"${config.name}"`)} t where t.project_id = ${projectId}), '[]'::json)`;
}

/**
 * Everything a project holds, in two statements whatever the number of sections (one JSON array per child
 * table, then the directory organisations it names): a project page costs two plans and two round trips.
 */
export async function loadBundle(db: DbOrTx, project: ProjectRow): Promise<ProjectBundle> {
  return (await loadBundles(db, [project]))[0]!;
}

/** The bundles of many projects (an IATI export reads them 100 at a time), still in two statements. */
export async function loadBundles(db: DbOrTx, list: readonly ProjectRow[]): Promise<ProjectBundle[]> {
  if (list.length === 0) return [];
  const names = Object.keys(sectionTables) as (keyof typeof sectionTables)[];
  const ids = sql.join(list.map((p) => sql`${p.id}`), sql`, `);
  const result = await db.execute(
    sql`select p.id::text as id, ${sql.join(names.map((name) => sql`${sectionJson(sectionTables[name], sql.raw('p.id'))} as ${sql.raw(`"${name}"`)}`), sql`, `)}
        from unnest(array[${ids}]::uuid[]) as p(id)`,
  );
  const rows = (result as { rows?: Record<string, unknown>[] }).rows ?? (result as unknown as Record<string, unknown>[]);
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  const parse = (v: unknown): unknown[] => (typeof v === 'string' ? (JSON.parse(v) as unknown[]) : ((v as unknown[] | null) ?? []));
  const sections = list.map((project) => {
    const row = byId.get(project.id) ?? {};
    return Object.fromEntries(names.map((name) => [name, parse(row[name])])) as unknown as Omit<ProjectBundle, 'project' | 'organisations'>;
  });
  const named = list.map((project, i) => namedOrganisationIds(project, sections[i]!));
  const orgs = new Map((await findOrganisationsByIds(db, [...new Set(named.flatMap((ids) => [...ids]))])).map((o) => [o.id, o]));
  return list.map((project, i) => {
    const organisations = new Map([...named[i]!].flatMap((id) => (orgs.has(id) ? [[id, orgs.get(id)!] as const] : [])));
    return { project, ...sections[i]!, organisations } as ProjectBundle;
  });
}

/** The directory organisations a project names: its owner, participants, transactions' providers and receivers. */
function namedOrganisationIds(project: ProjectRow, sections: Omit<ProjectBundle, 'project' | 'organisations'>): Set<string> {
  const ids = new Set<string>([project.organisationId]);
  for (const p of sections.participants as ParticipantRow[]) if (p.organisationId) ids.add(p.organisationId);
  for (const t of sections.transactions as (typeof projectTransactions.$inferSelect)[]) {
    if (t.providerOrganisationId) ids.add(t.providerOrganisationId);
    if (t.receiverOrganisationId) ids.add(t.receiverOrganisationId);
  }
  return ids;
}

/** Published projects, plus the drafts of the actor's organisations. */
export function visibleCondition(actor: Actor): SQL {
  const scope = draftScope(actor);
  if (scope === 'all') return sql`true`;
  if (scope.length === 0) return eq(projects.publication, 'published');
  return or(eq(projects.publication, 'published'), inArray(projects.organisationId, scope))!;
}

/**
 * Projects an organisation reports, or takes part in once it accepted (its page lists them), 200 at most.
 * Two bounded index scans (its own projects in page order; those it takes part in without reporting, through
 * the `array_remove(partner_ids, organisation_id)` index), so a publisher of 50,000 activities costs 200 rows.
 */
export async function projectsOfOrganisation(db: DbOrTx, actor: Actor, organisationId: string): Promise<ProjectRow[]> {
  const order = [sql`${projects.startYear} desc nulls last`, asc(projects.titleFr)];
  const own = db.select({ id: projects.id }).from(projects).where(and(visibleCondition(actor), eq(projects.organisationId, organisationId))).orderBy(...order).limit(200);
  const partner = db
    .select({ id: projects.id })
    .from(projects)
    .where(and(visibleCondition(actor), sql`array_remove(${projects.partnerIds}, ${projects.organisationId}) @> array[${organisationId}]::uuid[]`))
    .orderBy(...order)
    .limit(200);
  return db
    .select()
    .from(projects)
    .where(sql`${projects.id} in (select id from ((${own}) union all (${partner})) u)`)
    .orderBy(...order)
    .limit(200);
}

/** Participations waiting for an organisation's answer (shown to its members). */
export async function pendingParticipations(db: DbOrTx, organisationId: string): Promise<{ participant: ParticipantRow; project: ProjectRow }[]> {
  return db
    .select({ participant: projectParticipants, project: projects })
    .from(projectParticipants)
    .innerJoin(projects, eq(projects.id, projectParticipants.projectId))
    .where(and(eq(projectParticipants.organisationId, organisationId), eq(projectParticipants.acceptance, 'pending'), ne(projects.organisationId, organisationId)))
    .orderBy(asc(projects.titleFr));
}

export async function findParticipant(db: DbOrTx, id: string): Promise<ParticipantRow | undefined> {
  const [row] = await db.select().from(projectParticipants).where(eq(projectParticipants.id, id));
  return row;
}

export interface RelatedProject {
  project: ProjectRow;
  sharedCountries: string[];
  sharedThemes: string[];
  sharedPartners: string[];
  score: number;
}

/**
 * Published projects sharing countries, themes (a theme matches its parent and its sub-themes) or partners with
 * this one, ranked: a shared partner weighs 3, a shared country 2, a shared theme 1. Each says why it is related.
 */
export async function relatedProjects(db: DbOrTx, project: ProjectRow, limit = 6): Promise<RelatedProject[]> {
  // `themes` holds each sector's theme and its parent, so "education-books" and "education-supplies" share "education".
  const arr = (values: string[], type: 'text' | 'uuid') => (values.length ? sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::${sql.raw(type)}[]` : sql`'{}'::${sql.raw(type)}[]`);
  const countries = arr(project.countries, 'text');
  const themes = arr(project.themes, 'text');
  const partners = arr(project.partnerIds, 'uuid');
  // Candidates from bounded index scans (at a million projects, "shares a country" alone matches 100,000):
  // partners first, then country and theme together, then either; ranked below on their shared values.
  const pick = (where: SQL, n: number) =>
    db.select({ id: projects.id }).from(projects).where(and(eq(projects.publication, 'published'), ne(projects.id, project.id), where)).limit(n);
  const candidates = [
    project.partnerIds.length ? pick(sql`${projects.partnerIds} && ${partners}`, 60) : undefined,
    project.countries.length && project.themes.length ? pick(sql`${projects.countries} && ${countries} and ${projects.themes} && ${themes}`, 60) : undefined,
    project.countries.length ? pick(sql`${projects.countries} && ${countries}`, 30) : undefined,
    project.themes.length ? pick(sql`${projects.themes} && ${themes}`, 30) : undefined,
  ].filter((q) => q !== undefined);
  if (candidates.length === 0) return [];
  const rows = await db
    .select({
      project: projects,
      sharedCountries: sql<string[]>`array(select unnest(${projects.countries}) intersect select unnest(${countries}))`,
      sharedThemes: sql<string[]>`array(select unnest(${projects.themes}) intersect select unnest(${themes}))`,
      sharedPartners: sql<string[]>`array(select unnest(${projects.partnerIds}) intersect select unnest(${partners}))`,
    })
    .from(projects)
    .where(sql`${projects.id} in (select id from (${sql.join(candidates.map((q) => sql`(${q})`), sql` union `)}) c)`);
  return rows
    .map((r) => {
      // A parent theme shared only through two different sub-themes counts, but a sub-theme shared counts once.
      const themesShared = r.sharedThemes.filter((t) => !r.sharedThemes.some((o) => o !== t && allThemes.find((x) => x.code === o)?.parent === t));
      return {
        project: r.project,
        sharedCountries: r.sharedCountries,
        sharedThemes: themesShared,
        sharedPartners: r.sharedPartners,
        score: 3 * r.sharedPartners.length + 2 * r.sharedCountries.length + themesShared.length,
      };
    })
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || (a.project.titleFr ?? '').localeCompare(b.project.titleFr ?? ''))
    .slice(0, limit);
}

// ── Help offers ─────────────────────────────────────────────────────────────────────────────────────────
export async function offersOfOrganisation(db: DbOrTx, organisationId: string, status?: 'new' | 'handled'): Promise<{ offer: HelpOfferRow; project: ProjectRow }[]> {
  return db
    .select({ offer: helpOffers, project: projects })
    .from(helpOffers)
    .innerJoin(projects, eq(projects.id, helpOffers.projectId))
    .where(and(eq(helpOffers.organisationId, organisationId), status ? eq(helpOffers.status, status) : undefined))
    .orderBy(desc(helpOffers.createdAt))
    .limit(500);
}

export async function findOffer(db: DbOrTx, id: string): Promise<HelpOfferRow | undefined> {
  const [row] = await db.select().from(helpOffers).where(eq(helpOffers.id, id));
  return row;
}

export async function offerHistory(db: DbOrTx, offerId: string) {
  return db.select().from(helpOfferEvents).where(eq(helpOfferEvents.offerId, offerId)).orderBy(asc(helpOfferEvents.at));
}

/** Offers sent from this e-mail address since `since` (the rate limit of the help form). */
export async function countRecentOffers(db: DbOrTx, email: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(helpOffers)
    .where(and(sql`lower(${helpOffers.email}) = ${email.toLowerCase()}`, sql`${helpOffers.createdAt} > ${since.toISOString()}`));
  return row?.n ?? 0;
}

export async function countOffersOlderThan(db: DbOrTx, cutoff: Date): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(helpOffers).where(lt(helpOffers.createdAt, cutoff));
  return row?.n ?? 0;
}

export async function countProjects(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(projects);
  return row?.n ?? 0;
}

// The code lists other modules (search) filter on.
export { activityStatuses, dacRegions, participantRoles, transactionTypes } from './codes.ts';

/** Active directory organisations by id (the partners related projects name, without listing the directory). */
export async function organisationsByIds(db: DbOrTx, ids: string[]): Promise<OrganisationRow[]> {
  return (await findOrganisationsByIds(db, ids)).filter((o) => o.status === 'active');
}

/** Directory organisations offered in the forms' "organisation" lists (name order). */
export async function organisationChoices(db: DbOrTx, actor: Actor): Promise<OrganisationRow[]> {
  return listOrganisationsForExport(db, actor, { partners: false }, 5000);
}
