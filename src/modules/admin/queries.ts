// Reads for the administration: the audit log (filtered), the mail outbox, the platform settings.
import { and, desc, eq, gte, ilike, like, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { auditLog, mailOutbox } from '../../kernel/tables.ts';
import { findUserIdByEmail, userNames } from '../accounts/queries.ts';
import { findOrganisationBySlug, findOrganisationsByIds } from '../organisations/queries.ts';
import type { AuditFilter } from './schema.ts';
import { platformSettings } from './tables.ts';

export const AUDIT_PAGE_SIZE = 50;

export interface AuditEntryView {
  id: number;
  at: Date;
  action: string;
  subjectType: string;
  subjectId: string;
  actorName: string | null;
  actorErased: boolean;
  organisationSlug: string | null;
  organisationName: string | null;
  before: unknown;
  after: unknown;
}

/** Audit entries matching the filter, newest first; `organisationId` restricts to one organisation's entries. */
export async function searchAudit(db: DbOrTx, filter: AuditFilter, organisationId?: string): Promise<{ items: AuditEntryView[]; total: number }> {
  const conditions: SQL[] = [];
  if (organisationId) conditions.push(eq(auditLog.organisationId, organisationId));
  if (filter.action) conditions.push(like(auditLog.action, `${filter.action.replace(/[%_\\]/g, (m) => `\\${m}`)}%`));
  if (filter.subjectType) conditions.push(eq(auditLog.subjectType, filter.subjectType));
  if (filter.from) conditions.push(gte(auditLog.at, new Date(`${filter.from}T00:00:00Z`)));
  if (filter.to) conditions.push(lt(auditLog.at, new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000)));
  if (filter.actor) {
    const id = await findUserIdByEmail(db, filter.actor);
    conditions.push(id ? eq(auditLog.actorUserId, id) : sql`false`);
  }
  if (filter.organisation && !organisationId) {
    const org = await findOrganisationBySlug(db, filter.organisation);
    conditions.push(org ? eq(auditLog.organisationId, org.id) : sql`false`);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [counted]] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(AUDIT_PAGE_SIZE).offset((filter.page - 1) * AUDIT_PAGE_SIZE),
    db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ]);
  const names = await userNames(db, rows.map((r) => r.actorUserId).filter((x): x is string => !!x));
  const orgs = new Map((await findOrganisationsByIds(db, [...new Set(rows.map((r) => r.organisationId).filter((x): x is string => !!x))])).map((o) => [o.id, o]));
  return {
    total: counted?.n ?? 0,
    items: rows.map((r) => {
      const who = r.actorUserId ? names.get(r.actorUserId) : undefined;
      const org = r.organisationId ? orgs.get(r.organisationId) : undefined;
      return {
        id: r.id,
        at: r.at,
        action: r.action,
        subjectType: r.subjectType,
        subjectId: r.subjectId,
        actorName: who ? who.name || null : null,
        actorErased: !!who && who.name === '',
        organisationSlug: org?.slug ?? null,
        organisationName: org ? (org.nameFr ?? org.nameEn ?? org.slug) : null,
        before: r.before,
        after: r.after,
      };
    }),
  };
}

export const OUTBOX_PAGE_SIZE = 50;

export async function listOutbox(db: DbOrTx, to: string | undefined, page: number) {
  const where = to ? ilike(mailOutbox.to, `%${to.replace(/[%_\\]/g, '')}%`) : undefined;
  const [items, [counted]] = await Promise.all([
    db.select().from(mailOutbox).where(where).orderBy(desc(mailOutbox.createdAt)).limit(OUTBOX_PAGE_SIZE).offset((page - 1) * OUTBOX_PAGE_SIZE),
    db.select({ n: sql<number>`count(*)::int` }).from(mailOutbox).where(where),
  ]);
  return { items, total: counted?.n ?? 0 };
}

export interface PlatformSettings {
  territoryName: string | null;
  defaultLocale: 'fr' | 'en' | null;
  contactEmail: string | null;
  /** The uploaded logo (served at /files/:id), or null for the default one. */
  logoFileId: string | null;
}

const cache = new WeakMap<object, { at: number; value: PlatformSettings }>();
const TTL_MS = 30_000;

/** The settings row (cached for 30 s per database; saving clears the cache). */
export async function readPlatformSettings(db: DbOrTx): Promise<PlatformSettings> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const [row] = await db.select().from(platformSettings).where(eq(platformSettings.id, 1));
  const value: PlatformSettings = { territoryName: row?.territoryName ?? null, defaultLocale: row?.defaultLocale ?? null, contactEmail: row?.contactEmail ?? null, logoFileId: row?.logoFileId ?? null };
  cache.set(db, { at: Date.now(), value });
  return value;
}

export function forgetPlatformSettings(db: DbOrTx): void {
  cache.delete(db);
}
