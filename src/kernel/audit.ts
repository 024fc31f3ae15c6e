// Writes to the append-only audit log, inside the caller's transaction so the record and its trace land together.
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { auditLog } from './tables.ts';
import type { Actor } from './actor.ts';

type Writer = Pick<PgDatabase<PgQueryResultHKT, Record<string, never>>, 'insert'>;

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string;
  organisationId?: string | null;
  actingForOrganisationId?: string | null;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(tx: Writer, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorUserId: actor.userId,
    actingForOrganisationId: entry.actingForOrganisationId ?? null,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    organisationId: entry.organisationId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
