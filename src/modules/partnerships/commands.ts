// Writes of cooperation records. Each takes the acting user first; the policy decides before anything.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Actor } from '../../kernel/actor.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { failure, type Failure } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { queueMail } from '../../kernel/mail.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { findOrganisationById, findOrganisationsByIds } from '../organisations/queries.ts';
import { can } from './policy.ts';
import { countPublicRequestsSince, findNeed, findOffer, findRequest } from './queries.ts';
import type { JointProjectInput, NeedInput, OfferInput, PublicContactInput, RequestInput } from './schema.ts';
import { cooperationNeeds, cooperationOffers, jointProjectParticipants, jointProjects, partnershipMessages, partnershipRequests } from './tables.ts';

const orgName = (o: { nameFr: string | null; nameEn: string | null }) => o.nameFr ?? o.nameEn ?? '';

export async function saveOffer(db: Db, actor: Actor, organisationId: string, input: OfferInput, expectedVersion?: number): Promise<Result<void, Failure>> {
  if (!can(actor, 'edit_cooperation', organisationId)) return err(failure('forbidden'));
  const org = await findOrganisationById(db, organisationId);
  if (!org) return err(failure('not_found'));
  const values = {
    skills: [...new Set(input.skills)],
    countries: [...new Set(input.countries)],
    themes: [...new Set(input.themes)],
    languages: [...new Set(input.languages)],
    volunteers: input.volunteers ?? null,
    cofinancingCents: input.cofinancingCents ?? null,
    noteFr: input.noteFr ?? null,
    noteEn: input.noteEn ?? null,
  };
  return inTransaction(db, async (tx) => {
    const current = await findOffer(tx, organisationId);
    if (!current) {
      await tx.insert(cooperationOffers).values({ organisationId, ...values });
      return ok(undefined);
    }
    const updated = await tx
      .update(cooperationOffers)
      .set({ ...values, version: sql`${cooperationOffers.version} + 1`, updatedAt: new Date() })
      .where(and(eq(cooperationOffers.organisationId, organisationId), eq(cooperationOffers.version, expectedVersion ?? current.version)))
      .returning({ v: cooperationOffers.version });
    return updated.length ? ok(undefined) : err(failure('conflict'));
  });
}

export async function addNeed(db: Db, actor: Actor, organisationId: string, input: NeedInput): Promise<Result<{ id: string }, Failure>> {
  if (!can(actor, 'edit_cooperation', organisationId)) return err(failure('forbidden'));
  const id = newId();
  await db.insert(cooperationNeeds).values({
    id,
    organisationId,
    kind: input.kind,
    titleFr: input.titleFr ?? null,
    titleEn: input.titleEn ?? null,
    descriptionFr: input.descriptionFr ?? null,
    descriptionEn: input.descriptionEn ?? null,
    skills: [...new Set(input.skills)],
    countries: [...new Set(input.countries)],
    themes: [...new Set(input.themes)],
    languages: [...new Set(input.languages)],
  });
  return ok({ id });
}

export async function closeNeed(db: Db, actor: Actor, needId: string): Promise<Result<void, Failure>> {
  const need = await findNeed(db, needId);
  if (!need) return err(failure('not_found'));
  if (!can(actor, 'edit_cooperation', need.organisationId)) return err(failure('forbidden'));
  await db.update(cooperationNeeds).set({ status: 'closed' }).where(eq(cooperationNeeds.id, needId));
  return ok(undefined);
}

async function notifyOrganisation(tx: Tx, organisationId: string, kind: string, subject: string, text: string): Promise<void> {
  const org = await findOrganisationById(tx, organisationId);
  if (org?.contactEmail) await queueMail(tx, { to: org.contactEmail, subject, text, kind });
}

/** An organisation asks another to become partners. */
export async function sendPartnershipRequest(db: Db, actor: Actor, toOrganisationId: string, input: RequestInput, baseUrl = ''): Promise<Result<{ id: string }, Failure>> {
  if (!can(actor, 'send_request', input.fromOrganisationId)) return err(failure('forbidden'));
  if (input.fromOrganisationId === toOrganisationId) return err(failure('validation', { fromOrganisationId: 'partnerships.error.self' }));
  const [from, to] = await Promise.all([findOrganisationById(db, input.fromOrganisationId), findOrganisationById(db, toOrganisationId)]);
  if (!from || !to || to.status !== 'active') return err(failure('not_found'));
  if (input.needId) {
    const need = await findNeed(db, input.needId);
    if (!need || (need.organisationId !== toOrganisationId && need.organisationId !== from.id)) return err(failure('validation', { needId: 'validation.choice' }));
  }
  const open = await db
    .select({ id: partnershipRequests.id })
    .from(partnershipRequests)
    .where(
      and(
        eq(partnershipRequests.fromOrganisationId, from.id),
        eq(partnershipRequests.toOrganisationId, toOrganisationId),
        sql`${partnershipRequests.status} in ('pending', 'accepted')`,
      ),
    );
  if (open.length) return err(failure('validation', { fromOrganisationId: 'partnerships.error.already' }));
  return inTransaction(db, async (tx) => {
    const id = newId();
    await tx.insert(partnershipRequests).values({ id, fromOrganisationId: from.id, toOrganisationId, needId: input.needId ?? null, subject: input.subject, message: input.message });
    await notifyOrganisation(
      tx,
      toOrganisationId,
      'partnership.request',
      `Passerelle — demande de partenariat de ${orgName(from)} / partnership request`,
      `${orgName(from)} propose un partenariat à ${orgName(to)} / proposes a partnership:\n\n${input.subject}\n\n${input.message}\n\n${baseUrl}/fr/partnerships/requests/${id}`,
    );
    await recordAudit(tx, actor, { action: 'partnership.requested', subjectType: 'partnership_request', subjectId: id, organisationId: toOrganisationId, actingForOrganisationId: from.id });
    return ok({ id });
  });
}

export const ipHash = (ip: string): string => createHash('sha256').update(`passerelle-public-contact:${ip}`).digest('hex');
export const publicContactLimit = { perHour: 5 };

/**
 * An association abroad, not in the directory, writes to a local association through the public form.
 * `honeypot` is the hidden field bots fill: the request is then dropped silently (the sender sees success).
 */
export async function sendPublicContact(
  db: Db,
  toOrganisationId: string,
  input: PublicContactInput,
  meta: { ip: string; honeypot: string | undefined; baseUrl: string },
): Promise<Result<{ id: string | null }, Failure>> {
  const to = await findOrganisationById(db, toOrganisationId);
  if (!to || to.status !== 'active') return err(failure('not_found'));
  if (meta.honeypot) return ok({ id: null });
  const hash = ipHash(meta.ip);
  if ((await countPublicRequestsSince(db, hash, new Date(Date.now() - 3_600_000))) >= publicContactLimit.perHour) return err(failure('rate_limited'));
  return inTransaction(db, async (tx) => {
    const id = newId();
    await tx.insert(partnershipRequests).values({
      id,
      toOrganisationId,
      senderName: input.senderName,
      senderOrganisation: input.senderOrganisation,
      senderEmail: input.senderEmail,
      senderCountry: input.senderCountry,
      senderIpHash: hash,
      themes: [...new Set(input.themes)],
      subject: input.subject,
      message: input.message,
    });
    await notifyOrganisation(
      tx,
      toOrganisationId,
      'partnership.public_contact',
      `Passerelle — ${input.senderOrganisation} (${input.senderCountry}) vous écrit / writes to you`,
      `${input.senderName}, ${input.senderOrganisation} (${input.senderCountry}) <${input.senderEmail}>\n\n${input.subject}\n\n${input.message}\n\n${meta.baseUrl}/fr/partnerships/requests/${id}`,
    );
    await queueMail(tx, {
      to: input.senderEmail,
      kind: 'partnership.public_contact_receipt',
      subject: `Passerelle — ${orgName(to)}`,
      text:
        `Votre message a été transmis à ${orgName(to)}. Créez la fiche de votre association pour être trouvée par d’autres : ${meta.baseUrl}/fr/partnerships/join\n\n` +
        `Your message was sent to ${orgName(to)}. Create your association's profile to be found by others: ${meta.baseUrl}/en/partnerships/join`,
    });
    return ok({ id });
  });
}

export async function decidePartnershipRequest(db: Db, actor: Actor, requestId: string, decision: 'accept' | 'decline' | 'withdraw'): Promise<Result<void, Failure>> {
  const request = await findRequest(db, requestId);
  if (!request) return err(failure('not_found'));
  const action = decision === 'withdraw' ? 'withdraw_request' : 'decide_request';
  if (!can(actor, action, request)) return err(failure(can(actor, 'view_request', request) ? 'conflict' : 'forbidden'));
  const status = decision === 'accept' ? 'accepted' : decision === 'decline' ? 'declined' : 'withdrawn';
  return inTransaction(db, async (tx) => {
    const updated = await tx
      .update(partnershipRequests)
      .set({ status, decidedAt: new Date() })
      .where(and(eq(partnershipRequests.id, requestId), eq(partnershipRequests.status, 'pending')))
      .returning({ id: partnershipRequests.id });
    if (!updated.length) return err(failure('conflict'));
    const to = await findOrganisationById(tx, request.toOrganisationId);
    if (decision !== 'withdraw') {
      if (request.fromOrganisationId) {
        await notifyOrganisation(tx, request.fromOrganisationId, `partnership.${status}`, `Passerelle — ${orgName(to ?? { nameFr: null, nameEn: null })}: ${status}`, `${request.subject}\n\n${status}`);
      } else if (request.senderEmail) {
        await queueMail(tx, { to: request.senderEmail, kind: `partnership.${status}`, subject: `Passerelle — ${orgName(to ?? { nameFr: null, nameEn: null })}`, text: `${request.subject}: ${status === 'accepted' ? 'accepté / accepted' : 'refusé / declined'}` });
      }
    }
    await recordAudit(tx, actor, {
      action: `partnership.${status}`,
      subjectType: 'partnership_request',
      subjectId: requestId,
      organisationId: request.toOrganisationId,
      actingForOrganisationId: decision === 'withdraw' ? request.fromOrganisationId : request.toOrganisationId,
      before: { status: 'pending' },
      after: { status },
    });
    return ok(undefined);
  });
}

export async function postPartnershipMessage(db: Db, actor: Actor, requestId: string, body: string): Promise<Result<void, Failure>> {
  const request = await findRequest(db, requestId);
  if (!request) return err(failure('not_found'));
  if (!can(actor, 'post_message', request)) return err(failure('forbidden'));
  const author = actor.memberships.has(request.toOrganisationId) ? request.toOrganisationId : request.fromOrganisationId;
  const recipient = author === request.toOrganisationId ? request.fromOrganisationId : request.toOrganisationId;
  return inTransaction(db, async (tx) => {
    await tx.insert(partnershipMessages).values({ id: newId(), requestId, authorOrganisationId: author, authorUserId: actor.userId, body });
    if (recipient) await notifyOrganisation(tx, recipient, 'partnership.message', `Passerelle — ${request.subject}`, body);
    else if (request.senderEmail) await queueMail(tx, { to: request.senderEmail, kind: 'partnership.message', subject: `Passerelle — ${request.subject}`, text: body });
    return ok(undefined);
  });
}

/** An accepted partnership becomes a joint project: participants with roles and budget shares summing to 100. */
export async function createJointProject(db: Db, actor: Actor, requestId: string, input: JointProjectInput): Promise<Result<{ id: string }, Failure>> {
  const request = await findRequest(db, requestId);
  if (!request) return err(failure('not_found'));
  if (!can(actor, 'create_joint_project', request)) return err(failure('forbidden'));
  const ids = input.participants.map((p) => p.organisationId);
  const found = await findOrganisationsByIds(db, ids);
  if (found.length !== ids.length) return err(failure('validation', { participants: 'partnerships.error.participant_unknown' }));
  if (!ids.includes(request.toOrganisationId) || !request.fromOrganisationId || !ids.includes(request.fromOrganisationId)) {
    return err(failure('validation', { participants: 'partnerships.error.participants_partners' }));
  }
  return inTransaction(db, async (tx) => {
    const id = newId();
    await tx.insert(jointProjects).values({
      id,
      partnershipId: requestId,
      projectId: input.projectId ?? null,
      titleFr: input.titleFr ?? null,
      titleEn: input.titleEn ?? null,
      summaryFr: input.summaryFr ?? null,
      summaryEn: input.summaryEn ?? null,
      budgetCents: input.budgetCents ?? null,
    });
    await tx.insert(jointProjectParticipants).values(input.participants.map((p) => ({ jointProjectId: id, ...p })));
    await recordAudit(tx, actor, {
      action: 'joint_project.created',
      subjectType: 'joint_project',
      subjectId: id,
      organisationId: request.toOrganisationId,
      after: { budgetCents: input.budgetCents ?? null, participants: input.participants },
    });
    return ok({ id });
  });
}
