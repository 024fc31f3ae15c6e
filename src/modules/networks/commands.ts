// Writes of networks: creating one, members joining and leaving (audited: membership changes).
import { and, eq, sql } from 'drizzle-orm';
import { inTransaction } from '../../db/transaction.ts';
import { queueMail } from '../../kernel/mail.ts';
import type { Db, Tx } from '../../db/client.ts';
import type { Actor } from '../../kernel/actor.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { failure, type Failure } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { can } from './policy.ts';
import { countMailingsSince, findNetworkById, memberRowsOf, membersOf, organisationRecipients } from './queries.ts';
import type { MemberMailInput, NetworkEditInput } from './schema.ts';
import { networkMembers, networks } from './tables.ts';

export async function createNetwork(db: Db | Tx, actor: Actor, input: { slug: string; nameFr: string; nameEn: string; summaryFr?: string; summaryEn?: string; organisationId?: string | null; region?: string }): Promise<Result<{ id: string }, Failure>> {
  if (!can(actor, 'manage_members', { organisationId: null })) return err(failure('forbidden'));
  const id = newId();
  await db.insert(networks).values({ id, ...input });
  return ok({ id });
}

export async function setNetworkMember(db: Db | Tx, actor: Actor, networkId: string, organisationId: string, dates: { joinedOn: string; leftOn?: string | null }): Promise<Result<void, Failure>> {
  const [network] = await db.select().from(networks).where(eq(networks.id, networkId));
  if (!network) return err(failure('not_found'));
  if (!can(actor, 'manage_members', network)) return err(failure('forbidden'));
  if (dates.leftOn && dates.leftOn < dates.joinedOn) return err(failure('validation', { leftOn: 'networks.error.dates' }));
  await db
    .insert(networkMembers)
    .values({ networkId, organisationId, joinedOn: dates.joinedOn, leftOn: dates.leftOn ?? null })
    .onConflictDoUpdate({ target: [networkMembers.networkId, networkMembers.organisationId], set: { joinedOn: dates.joinedOn, leftOn: dates.leftOn ?? null } });
  await recordAudit(db, actor, { action: dates.leftOn ? 'network.member_left' : 'network.member_joined', subjectType: 'network', subjectId: networkId, organisationId, after: dates });
  return ok(undefined);
}

export async function removeNetworkMember(db: Db | Tx, actor: Actor, networkId: string, organisationId: string): Promise<Result<void, Failure>> {
  const [network] = await db.select().from(networks).where(eq(networks.id, networkId));
  if (!network) return err(failure('not_found'));
  if (!can(actor, 'manage_members', network)) return err(failure('forbidden'));
  await db.delete(networkMembers).where(and(eq(networkMembers.networkId, networkId), eq(networkMembers.organisationId, organisationId)));
  return ok(undefined);
}

/**
 * The network's administrators edit its texts and region and, for each member, the joining and leaving dates
 * and the role. One transaction, optimistic version; membership and role changes are audited.
 */
export async function updateNetwork(db: Db, actor: Actor, networkId: string, input: NetworkEditInput): Promise<Result<{ version: number }, Failure>> {
  const network = await findNetworkById(db, networkId);
  if (!network) return err(failure('not_found'));
  if (!can(actor, 'edit', network)) return err(failure('forbidden'));
  const rows = await memberRowsOf(db, networkId);
  const known = new Set(rows.map((r) => r.organisationId));
  for (const [id, m] of Object.entries(input.members)) {
    if (!known.has(id)) return err(failure('validation', { members: 'validation.choice' }));
    if (m.leftOn && m.leftOn < m.joinedOn) return err(failure('validation', { [`left_${id}`]: 'networks.error.dates' }));
  }
  return inTransaction(db, async (tx) => {
    const values = { nameFr: input.nameFr ?? null, nameEn: input.nameEn ?? null, summaryFr: input.summaryFr ?? null, summaryEn: input.summaryEn ?? null, region: input.region ?? null };
    const [row] = await tx
      .update(networks)
      .set({ ...values, version: sql`${networks.version} + 1` })
      .where(and(eq(networks.id, networkId), eq(networks.version, input.version)))
      .returning({ version: networks.version });
    if (!row) return err(failure('conflict'));
    await recordAudit(tx, actor, { action: 'network.updated', subjectType: 'network', subjectId: networkId, before: { nameFr: network.nameFr, nameEn: network.nameEn, region: network.region }, after: values });
    for (const r of rows) {
      const m = input.members[r.organisationId];
      if (!m) continue;
      const next = { joinedOn: m.joinedOn, leftOn: m.leftOn ?? null, role: m.role };
      if (next.joinedOn === r.joinedOn && next.leftOn === r.leftOn && next.role === r.role) continue;
      await tx.update(networkMembers).set(next).where(and(eq(networkMembers.networkId, networkId), eq(networkMembers.organisationId, r.organisationId)));
      await recordAudit(tx, actor, { action: next.leftOn && !r.leftOn ? 'network.member_left' : 'network.member_changed', subjectType: 'network', subjectId: networkId, organisationId: r.organisationId, before: { joinedOn: r.joinedOn, leftOn: r.leftOn, role: r.role }, after: next });
    }
    return ok({ version: row.version });
  });
}

export const memberMailLimit = { perDay: 3 };

/** The administrators write to every current member (its contact address): outbox, at most 3 a day, audited. */
export async function mailNetworkMembers(db: Db, actor: Actor, networkId: string, input: MemberMailInput, now = new Date()): Promise<Result<{ recipients: number }, Failure>> {
  const network = await findNetworkById(db, networkId);
  if (!network) return err(failure('not_found'));
  if (!can(actor, 'mail_members', network)) return err(failure('forbidden'));
  if ((await countMailingsSince(db, networkId, new Date(now.getTime() - 86_400_000))) >= memberMailLimit.perDay) return err(failure('rate_limited'));
  const today = now.toISOString().slice(0, 10);
  const current = (await membersOf(db, networkId)).filter((m) => m.leftOn === null || m.leftOn > today);
  const addresses = (await organisationRecipients(db, current.map((m) => m.organisation.id))).map((r) => r.email);
  if (addresses.length === 0) return err(failure('validation', { body: 'networks.error.no_recipients' }));
  const name = network.nameFr ?? network.nameEn ?? network.slug;
  return inTransaction(db, async (tx) => {
    for (const to of addresses) await queueMail(tx, { to, kind: 'network.members_mail', subject: `[${name}] ${input.subject}`, text: `${input.body}\n\n— ${name}` });
    await recordAudit(tx, actor, { action: 'network.members_mailed', subjectType: 'network', subjectId: networkId, after: { subject: input.subject, recipients: addresses.length } });
    return ok({ recipients: addresses.length });
  });
}
