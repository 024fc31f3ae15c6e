// Reads of accounts: the user's own data, API tokens, the administrators' user list, the data export.
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor } from '../../kernel/actor.ts';
import { auditLog } from '../../kernel/tables.ts';
import { findOrganisationsByIds, membershipsOf } from '../organisations/queries.ts';
import { apiTokens, sessions, users } from './tables.ts';

export type UserRow = typeof users.$inferSelect;

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function hasTwoFactor(db: DbOrTx, userId: string): Promise<boolean> {
  const [row] = await db.select({ secret: users.totpSecret }).from(users).where(eq(users.id, userId));
  return !!row?.secret;
}

export async function listApiTokens(db: DbOrTx, actor: Actor) {
  if (!actor.userId) return [];
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, scope: apiTokens.scope, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, actor.userId))
    .orderBy(desc(apiTokens.createdAt));
}

/** What identifies a session in a form: derived from the stored id (itself a hash), so it opens nothing. */
export const sessionHandle = (storedId: string): string => createHash('sha256').update(`session-handle:${storedId}`).digest('hex').slice(0, 32);

export interface SessionView {
  handle: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  /** The session of the browser asking. */
  current: boolean;
}

/** The account's open sessions, most recently used first. */
export async function listSessions(db: DbOrTx, userId: string, currentToken: string): Promise<SessionView[]> {
  const currentId = createHash('sha256').update(currentToken).digest('hex');
  const rows = await db
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, userAgent: sessions.userAgent })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.lastSeenAt));
  return rows.map((r) => ({ handle: sessionHandle(r.id), createdAt: r.createdAt, lastSeenAt: r.lastSeenAt, userAgent: r.userAgent, current: r.id === currentId }));
}

export async function countSessions(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(sessions).where(eq(sessions.userId, userId));
  return row?.n ?? 0;
}

/** Users matching a search on name or address (platform administrators only; the page checks the policy). */
export async function searchUsers(db: DbOrTx, q: string | undefined, page: number, pageSize = 50) {
  const where = q ? or(ilike(users.email, `%${q.replace(/[%_\\]/g, '')}%`), ilike(users.displayName, `%${q.replace(/[%_\\]/g, '')}%`)) : undefined;
  const [items, [counted]] = await Promise.all([
    db
      .select({ id: users.id, email: users.email, displayName: users.displayName, status: users.status, platformRoles: users.platformRoles, createdAt: users.createdAt, twoFactor: sql<boolean>`${users.totpSecret} is not null` })
      .from(users)
      .where(where)
      .orderBy(asc(sql`lower(${users.email})`))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(users).where(where),
  ]);
  return { items, total: counted?.n ?? 0 };
}

/** Display names of users (audit log, members), by id. Erased accounts have an empty name. */
export async function userNames(db: DbOrTx, ids: readonly string[]): Promise<Map<string, { name: string; email: string }>> {
  const unique = [...new Set(ids)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (!unique.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName, email: users.email, status: users.status }).from(users).where(sql`${users.id} in ${unique}`);
  return new Map(rows.map((r) => [r.id, { name: r.status === 'erased' ? '' : r.name, email: r.status === 'erased' ? '' : r.email }]));
}

export async function findUserIdByEmail(db: DbOrTx, email: string): Promise<string | undefined> {
  const [row] = await db.select({ id: users.id }).from(users).where(and(sql`lower(${users.email}) = lower(${email})`));
  return row?.id;
}

/** Everything the platform holds about the user (for "download my data"). */
export async function personalData(db: DbOrTx, userId: string) {
  const [user] = await db
    .select({ id: users.id, email: users.email, displayName: users.displayName, status: users.status, preferredLocale: users.preferredLocale, platformRoles: users.platformRoles, emailConfirmedAt: users.emailConfirmedAt, twoFactor: sql<boolean>`${users.totpSecret} is not null`, createdAt: users.createdAt, updatedAt: users.updatedAt })
    .from(users)
    .where(eq(users.id, userId));
  const sessionRows = await db.select({ createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, userAgent: sessions.userAgent }).from(sessions).where(eq(sessions.userId, userId));
  const tokens = await db.select({ name: apiTokens.name, scope: apiTokens.scope, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.userId, userId));
  const memberships = await membershipsOf(db, userId);
  const orgs = await findOrganisationsByIds(db, [...memberships.keys()]);
  const activity = await db
    .select({ at: auditLog.at, action: auditLog.action, subjectType: auditLog.subjectType, subjectId: auditLog.subjectId })
    .from(auditLog)
    .where(eq(auditLog.actorUserId, userId))
    .orderBy(desc(auditLog.at))
    .limit(10_000);
  return {
    user,
    sessions: sessionRows,
    apiTokens: tokens,
    organisations: orgs.map((o) => ({ slug: o.slug, name: o.nameFr ?? o.nameEn ?? o.slug, role: memberships.get(o.id) ?? '' })),
    activity,
  };
}
export type PersonalData = Awaited<ReturnType<typeof personalData>>;

/** E-mail addresses and languages of active accounts among these ids. */
export async function contactsOfUsers(db: DbOrTx, ids: readonly string[]): Promise<{ id: string; email: string; locale: 'fr' | 'en' }[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: users.id, email: users.email, locale: users.preferredLocale })
    .from(users)
    .where(and(inArray(users.id, [...ids]), eq(users.status, 'active')));
  return rows;
}
