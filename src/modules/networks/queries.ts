// Reads of networks and their members (current and former, with dates).
import { and, asc, count, eq, gte } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { auditLog } from '../../kernel/tables.ts';
import { contactsOfUsers } from '../accounts/queries.ts';
import { findOrganisationsByIds, listMembers, type OrganisationRow } from '../organisations/queries.ts';
import { networkMembers, networks } from './tables.ts';

export type NetworkRow = typeof networks.$inferSelect;

export async function listNetworks(db: DbOrTx): Promise<NetworkRow[]> {
  return db.select().from(networks).orderBy(asc(networks.slug));
}

export async function findNetworkBySlug(db: DbOrTx, slug: string): Promise<NetworkRow | undefined> {
  const [row] = await db.select().from(networks).where(eq(networks.slug, slug));
  return row;
}

export interface NetworkMemberView {
  organisation: OrganisationRow;
  joinedOn: string;
  leftOn: string | null;
  role: 'member' | 'coordinator';
}

export async function membersOf(db: DbOrTx, networkId: string): Promise<NetworkMemberView[]> {
  const rows = await db.select().from(networkMembers).where(eq(networkMembers.networkId, networkId)).orderBy(asc(networkMembers.joinedOn));
  const orgs = new Map((await findOrganisationsByIds(db, rows.map((r) => r.organisationId))).map((o) => [o.id, o]));
  return rows.flatMap((r) => {
    const organisation = orgs.get(r.organisationId);
    return organisation && organisation.status === 'active' ? [{ organisation, joinedOn: r.joinedOn, leftOn: r.leftOn, role: r.role }] : [];
  });
}

export async function networkOrganisation(db: DbOrTx, network: NetworkRow): Promise<OrganisationRow | undefined> {
  if (!network.organisationId) return undefined;
  return (await findOrganisationsByIds(db, [network.organisationId]))[0];
}

export async function findNetworkById(db: DbOrTx, id: string): Promise<NetworkRow | undefined> {
  const [row] = await db.select().from(networks).where(eq(networks.id, id));
  return row;
}

export async function memberRowsOf(db: DbOrTx, networkId: string) {
  return db.select().from(networkMembers).where(eq(networkMembers.networkId, networkId));
}

/** Mailings to the members since a moment (the limit reads the audit log). */
export async function countMailingsSince(db: DbOrTx, networkId: string, since: Date): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.action, 'network.members_mailed'), eq(auditLog.subjectId, networkId), gte(auditLog.at, since)));
  return row?.n ?? 0;
}

/**
 * Where a message to member organisations goes: each organisation's contact address, or, when it has none, the
 * addresses of its administrators and editors. One entry per address.
 */
export async function organisationRecipients(db: DbOrTx, organisationIds: readonly string[]): Promise<{ organisationId: string; email: string }[]> {
  const orgs = await findOrganisationsByIds(db, organisationIds);
  const out = new Map<string, { organisationId: string; email: string }>();
  for (const o of orgs) {
    if (o.contactEmail) {
      out.set(o.contactEmail.toLowerCase(), { organisationId: o.id, email: o.contactEmail });
      continue;
    }
    const people = (await listMembers(db, o.id)).filter((m) => m.role !== 'member').map((m) => m.userId);
    for (const c of await contactsOfUsers(db, people)) out.set(c.email.toLowerCase(), { organisationId: o.id, email: c.email });
  }
  return [...out.values()];
}
