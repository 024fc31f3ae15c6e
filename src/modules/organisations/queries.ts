// Reads of the organisation directory.
import { and, asc, desc, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor, OrganisationRole } from '../../kernel/actor.ts';
import { themeWithDescendants } from '../taxonomy/themes.ts';
import { visibleStatuses } from './policy.ts';
import type { DirectoryFilter } from './schema.ts';
import { organisationClaims, organisationInvitations, organisationMembers, organisations } from './tables.ts';

export type OrganisationRow = typeof organisations.$inferSelect;

/** Words of a search, unaccented and lower-cased, each as a prefix query: "soro cach" finds "Soroma Cachan". */
function prefixQuery(q: string): string | null {
  const words = q
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/** Full-text condition (names by prefix, descriptions stemmed in French and English), or null when q is empty. */
export function organisationTextMatch(q: string | undefined): { where: SQL; rank: SQL } | null {
  if (!q) return null;
  const prefix = prefixQuery(q);
  if (!prefix) return null;
  const query = sql`(to_tsquery('simple', ${prefix}) || websearch_to_tsquery('french', passerelle_unaccent(${q})) || websearch_to_tsquery('english', passerelle_unaccent(${q})))`;
  return {
    where: sql`(${organisations.search} @@ ${query} or passerelle_unaccent(lower(coalesce(${organisations.nameFr}, '') || ' ' || coalesce(${organisations.nameEn}, ''))) like ${'%' + q.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[%_\\]/g, '') + '%'})`,
    rank: sql`ts_rank(${organisations.search}, ${query})`,
  };
}

function directoryConditions(actor: Actor, filter: Omit<DirectoryFilter, 'page' | 'pageSize'>): SQL[] {
  const conditions: SQL[] = [inArray(organisations.status, visibleStatuses(actor))];
  if (filter.subtype) conditions.push(eq(organisations.subtype, filter.subtype));
  if (filter.country) conditions.push(sql`${organisations.countries} @> array[${filter.country}]::text[]`);
  if (filter.theme) {
    const codes = themeWithDescendants(filter.theme);
    conditions.push(sql`${organisations.themes} && array[${sql.join(codes.map((c) => sql`${c}`), sql`, `)}]::text[]`);
  }
  if (filter.partners) conditions.push(eq(organisations.lookingForPartners, true));
  // Network membership lives in the networks module; read by table name to keep the two modules acyclic.
  if (filter.network) conditions.push(sql`${organisations.id} in (select nm.organisation_id from network_members nm join networks n on n.id = nm.network_id where n.slug = ${filter.network} and nm.left_on is null)`);
  const text = organisationTextMatch(filter.q);
  if (text) conditions.push(text.where);
  return conditions;
}

export interface DirectoryPage {
  items: OrganisationRow[];
  total: number;
}

const displayNameOrder = sql`lower(coalesce(nullif(${organisations.nameFr}, ''), ${organisations.nameEn}))`;

export async function searchOrganisations(db: DbOrTx, actor: Actor, filter: DirectoryFilter): Promise<DirectoryPage> {
  const where = and(...directoryConditions(actor, filter));
  const text = organisationTextMatch(filter.q);
  const [items, [counted]] = await Promise.all([
    db
      .select()
      .from(organisations)
      .where(where)
      .orderBy(...(text ? [desc(text.rank), asc(displayNameOrder)] : [asc(displayNameOrder)]))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(organisations).where(where),
  ]);
  return { items, total: counted?.total ?? 0 };
}

/** Every matching organisation (for exports), in name order, capped to keep memory bounded. */
export async function listOrganisationsForExport(db: DbOrTx, actor: Actor, filter: Omit<DirectoryFilter, 'page' | 'pageSize'>, cap = 20_000): Promise<OrganisationRow[]> {
  return db
    .select()
    .from(organisations)
    .where(and(...directoryConditions(actor, filter)))
    .orderBy(asc(displayNameOrder))
    .limit(cap);
}

/** Number of visible organisations per sub-type (the directory's filter shows them). */
export async function countBySubtype(db: DbOrTx, actor: Actor): Promise<Map<string, number>> {
  const rows = await db
    .select({ subtype: organisations.subtype, n: sql<number>`count(*)::int` })
    .from(organisations)
    .where(inArray(organisations.status, visibleStatuses(actor)))
    .groupBy(organisations.subtype);
  return new Map(rows.map((r) => [r.subtype, r.n]));
}

export async function findOrganisationBySlug(db: DbOrTx, slug: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.slug, slug));
  return row;
}

export async function findOrganisationById(db: DbOrTx, id: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

export async function findOrganisationsByIds(db: DbOrTx, ids: readonly string[]): Promise<OrganisationRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(organisations).where(inArray(organisations.id, [...ids]));
}

/** The organisations a user belongs to, with their role in each (builds the actor). */
export async function membershipsOf(db: DbOrTx, userId: string): Promise<Map<string, OrganisationRole>> {
  const rows = await db
    .select({ organisationId: organisationMembers.organisationId, role: organisationMembers.role })
    .from(organisationMembers)
    .where(eq(organisationMembers.userId, userId));
  return new Map(rows.map((r) => [r.organisationId, r.role]));
}

export async function countOrganisations(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(organisations);
  return row?.n ?? 0;
}

/** Networks for the directory's filter (slug and names), read by table name (see directoryConditions). */
export async function networkFilterOptions(db: DbOrTx): Promise<{ slug: string; nameFr: string | null; nameEn: string | null }[]> {
  const result = await db.execute(sql`select slug, name_fr as "nameFr", name_en as "nameEn" from networks order by slug`);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { slug: string; nameFr: string | null; nameEn: string | null }[];
}

/** Slugs of the organisations where the user is the only administrator (they cannot leave nor erase their account). */
export async function organisationsWhereLastAdmin(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db
    .select({ slug: organisations.slug })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .where(
      and(
        eq(organisationMembers.userId, userId),
        eq(organisationMembers.role, 'admin'),
        sql`(select count(*) from ${organisationMembers} m where m.organisation_id = ${organisationMembers.organisationId} and m.role = 'admin') = 1`,
      ),
    );
  return rows.map((r) => r.slug);
}

export async function countAdmins(db: DbOrTx, organisationId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(organisationMembers)
    .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.role, 'admin')));
  return row?.n ?? 0;
}

export async function listMembers(db: DbOrTx, organisationId: string) {
  return db
    .select({ userId: organisationMembers.userId, role: organisationMembers.role, since: organisationMembers.createdAt })
    .from(organisationMembers)
    .where(eq(organisationMembers.organisationId, organisationId))
    .orderBy(asc(organisationMembers.createdAt));
}

/** Invitations not yet accepted nor revoked (expired ones included, marked by their date). */
export async function listOpenInvitations(db: DbOrTx, organisationId: string) {
  return db
    .select({ id: organisationInvitations.id, email: organisationInvitations.email, role: organisationInvitations.role, expiresAt: organisationInvitations.expiresAt, createdAt: organisationInvitations.createdAt })
    .from(organisationInvitations)
    .where(and(eq(organisationInvitations.organisationId, organisationId), isNull(organisationInvitations.acceptedAt), isNull(organisationInvitations.revokedAt)))
    .orderBy(desc(organisationInvitations.createdAt));
}

/** A usable invitation behind a link's token, with its organisation. */
export async function findInvitationByToken(db: DbOrTx, token: string) {
  if (typeof token !== 'string' || token.length < 20 || token.length > 100) return undefined;
  const hash = createHash('sha256').update(token).digest('hex');
  const [row] = await db
    .select({ id: organisationInvitations.id, email: organisationInvitations.email, role: organisationInvitations.role, organisationId: organisationInvitations.organisationId, slug: organisations.slug, nameFr: organisations.nameFr, nameEn: organisations.nameEn })
    .from(organisationInvitations)
    .innerJoin(organisations, eq(organisations.id, organisationInvitations.organisationId))
    .where(and(eq(organisationInvitations.tokenHash, hash), isNull(organisationInvitations.acceptedAt), isNull(organisationInvitations.revokedAt), gt(organisationInvitations.expiresAt, new Date())));
  return row;
}

/** The organisations of a user with their role ("my organisations"). */
export async function organisationsOfUser(db: DbOrTx, userId: string) {
  return db
    .select({ id: organisations.id, slug: organisations.slug, nameFr: organisations.nameFr, nameEn: organisations.nameEn, status: organisations.status, role: organisationMembers.role })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .where(eq(organisationMembers.userId, userId))
    .orderBy(asc(displayNameOrder));
}

export async function listClaims(db: DbOrTx, status: 'pending' | 'approved' | 'refused' = 'pending') {
  return db
    .select({ id: organisationClaims.id, userId: organisationClaims.userId, message: organisationClaims.message, status: organisationClaims.status, createdAt: organisationClaims.createdAt, slug: organisations.slug, nameFr: organisations.nameFr, nameEn: organisations.nameEn })
    .from(organisationClaims)
    .innerJoin(organisations, eq(organisations.id, organisationClaims.organisationId))
    .where(eq(organisationClaims.status, status))
    .orderBy(asc(organisationClaims.createdAt));
}

export async function hasPendingClaim(db: DbOrTx, organisationId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: organisationClaims.id })
    .from(organisationClaims)
    .where(and(eq(organisationClaims.organisationId, organisationId), eq(organisationClaims.userId, userId), eq(organisationClaims.status, 'pending')));
  return !!row;
}

/** User ids of an organisation's members (projects send offers of help to them). */
export async function organisationMemberIds(db: DbOrTx, organisationId: string): Promise<string[]> {
  const rows = await db.select({ userId: organisationMembers.userId }).from(organisationMembers).where(eq(organisationMembers.organisationId, organisationId));
  return rows.map((r) => r.userId);
}

// ── Matching organisations named in imported files (IATI import) ─────────────────────────────────────────

const legalForms = new Set([
  'ltd', 'limited', 'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'llc', 'llp', 'plc', 'cic', 'lp',
  'sa', 'sas', 'sasu', 'sarl', 'eurl', 'sci', 'scop', 'asbl', 'aisbl', 'vzw', 'gmbh', 'ggmbh', 'ag', 'ev', 'bv', 'nv',
  'srl', 'spa', 'ab', 'as', 'oy', 'the',
]);

/**
 * A name reduced to what identifies it: accents, case, punctuation and legal forms left out
 * ("Save the Children UK Ltd." and "save-the-children (UK)" both give "save children uk").
 */
export function normaliseOrganisationName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\b([a-z])\.(?=[a-z]\.)/g, '$1') // e.V. → ev, S.A. → sa
    .replace(/\b([a-z])\.(?=\s|$)/g, '$1')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && !legalForms.has(w))
    .join(' ');
}

/** What identifies a directory entry when matching imported organisations: id, IATI identifier, names. */
export interface OrganisationIdentity {
  id: string;
  slug: string;
  iatiId: string | null;
  nameFr: string | null;
  nameEn: string | null;
}

/** Every directory entry's identity (small rows; the directory of a territory holds thousands at most). */
export async function organisationIdentities(db: DbOrTx): Promise<OrganisationIdentity[]> {
  return db.select({ id: organisations.id, slug: organisations.slug, iatiId: organisations.iatiId, nameFr: organisations.nameFr, nameEn: organisations.nameEn }).from(organisations);
}
