// Reads of news and press releases. Visitors see published articles whose publication date has come.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { isPlatformAdmin, type Actor } from '../../kernel/actor.ts';
import { findOrganisationBySlug, findOrganisationsByIds, listOrganisationsForExport, type OrganisationRow } from '../organisations/queries.ts';
import { themeWithDescendants } from '../taxonomy/themes.ts';
import type { NewsFilter } from './schema.ts';
import { newsArticles } from './tables.ts';

export type NewsRow = typeof newsArticles.$inferSelect;
export type ListFilter = Omit<NewsFilter, 'page' | 'pageSize'>;

const publishedNow = sql`(${newsArticles.status} = 'published' and ${newsArticles.publishedAt} <= now())`;

/** Published articles for everyone; drafts too for administrators and the editors of the signing organisation. */
function visibility(actor: Actor): SQL {
  if (isPlatformAdmin(actor)) return sql`true`;
  const editable = [...actor.memberships.entries()].filter(([, role]) => role !== 'member').map(([id]) => id);
  if (!actor.secondFactorDone || editable.length === 0) return publishedNow;
  return sql`(${publishedNow} or ${newsArticles.authorOrganisationId} in (${sql.join(editable.map((id) => sql`${id}::uuid`), sql`, `)}))`;
}

async function conditions(db: DbOrTx, actor: Actor, filter: ListFilter, publicOnly: boolean): Promise<SQL[] | null> {
  const where: SQL[] = [publicOnly ? publishedNow : visibility(actor)];
  if (filter.type) where.push(eq(newsArticles.type, filter.type));
  if (filter.country) where.push(sql`${newsArticles.countries} @> array[${filter.country}]::text[]`);
  if (filter.theme) {
    const codes = themeWithDescendants(filter.theme);
    where.push(sql`${newsArticles.themes} && array[${sql.join(codes.map((c) => sql`${c}`), sql`, `)}]::text[]`);
  }
  if (filter.project) where.push(sql`${newsArticles.projectIds} @> array[${filter.project}]::uuid[]`);
  if (filter.campaign) where.push(sql`${newsArticles.campaignIds} @> array[${filter.campaign}]::uuid[]`);
  if (filter.author) {
    const org = await findOrganisationBySlug(db, filter.author);
    if (!org) return null;
    where.push(eq(newsArticles.authorOrganisationId, org.id));
  }
  return where;
}

const newestFirst = [desc(sql`coalesce(${newsArticles.publishedAt}, ${newsArticles.createdAt})`), desc(newsArticles.createdAt)];

export async function listNews(db: DbOrTx, actor: Actor, filter: NewsFilter): Promise<{ items: NewsRow[]; total: number }> {
  const where = await conditions(db, actor, filter, false);
  if (!where) return { items: [], total: 0 };
  const [items, [counted]] = await Promise.all([
    db.select().from(newsArticles).where(and(...where)).orderBy(...newestFirst).limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(newsArticles).where(and(...where)),
  ]);
  return { items, total: counted?.total ?? 0 };
}

/** Published articles only, newest first (feeds and exports: the same for everyone). */
export async function listPublishedNews(db: DbOrTx, filter: ListFilter, limit = 50): Promise<NewsRow[]> {
  const where = await conditions(db, { userId: null, displayName: null, email: null, platformRoles: new Set(), memberships: new Map(), secondFactorDone: false }, filter, true);
  if (!where) return [];
  return db.select().from(newsArticles).where(and(...where)).orderBy(...newestFirst).limit(limit);
}

/** News linked to a project (for the projects module's pages). */
export const listNewsForProject = (db: DbOrTx, projectId: string, limit = 10): Promise<NewsRow[]> => listPublishedNews(db, { project: projectId }, limit);
/** News linked to a campaign (for the campaigns module's pages). */
export const listNewsForCampaign = (db: DbOrTx, campaignId: string, limit = 10): Promise<NewsRow[]> => listPublishedNews(db, { campaign: campaignId }, limit);

export async function findNewsBySlug(db: DbOrTx, slug: string): Promise<NewsRow | undefined> {
  const [row] = await db.select().from(newsArticles).where(eq(newsArticles.slug, slug));
  return row;
}

export async function findNewsById(db: DbOrTx, id: string): Promise<NewsRow | undefined> {
  const [row] = await db.select().from(newsArticles).where(eq(newsArticles.id, id));
  return row;
}

/** The signing organisations of a set of articles, by id. */
export async function authorsOf(db: DbOrTx, rows: readonly NewsRow[]): Promise<Map<string, OrganisationRow>> {
  const ids = [...new Set(rows.map((r) => r.authorOrganisationId).filter((id): id is string => id !== null))];
  return new Map((await findOrganisationsByIds(db, ids)).map((o) => [o.id, o]));
}

/** The organisation a news list is filtered on (author=slug). */
export const findAuthorBySlug = (db: DbOrTx, slug: string): Promise<OrganisationRow | undefined> => findOrganisationBySlug(db, slug);

/** Organisations the actor may sign articles for (all of them for an administrator), by name. */
export async function authorChoices(db: DbOrTx, actor: Actor): Promise<OrganisationRow[]> {
  if (isPlatformAdmin(actor)) return listOrganisationsForExport(db, actor, { partners: false });
  if (!actor.secondFactorDone) return [];
  const ids = [...actor.memberships.entries()].filter(([, role]) => role !== 'member').map(([id]) => id);
  return findOrganisationsByIds(db, ids);
}

/** Organisations that signed at least one published article (the list's author filter). */
export async function newsAuthors(db: DbOrTx): Promise<OrganisationRow[]> {
  const rows = await db
    .selectDistinct({ id: newsArticles.authorOrganisationId })
    .from(newsArticles)
    .where(and(publishedNow, sql`${newsArticles.authorOrganisationId} is not null`));
  return findOrganisationsByIds(db, rows.map((r) => r.id!));
}

/** The organisation that signs an article, as present.ts and pages see it. */
export type AuthorRow = OrganisationRow;
