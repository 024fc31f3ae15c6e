// Writes of alliances. Admission: the applicant states how it meets each criterion of the current charter;
// the charter version's rule says who decides — a majority of members (vote) or the coordinator. The decision
// is mailed to the applicant and audited; an admitted organisation becomes a member and its signature of the
// deed of commitment (signatory, date, charter version) is recorded.
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Actor } from '../../kernel/actor.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { failure, type Failure } from '../../kernel/errors.ts';
import { isoDate } from '../../kernel/format.ts';
import { newId } from '../../kernel/ids.ts';
import { queueMail } from '../../kernel/mail.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { findOrganisationById } from '../organisations/queries.ts';
import { createProject } from '../projects/commands.ts';
import { can } from './policy.ts';
import { countMailingsSince, currentCharter, findAdmission, findAllianceById, findProject, isAllianceJointProject, memberContacts, memberIdsOf, memberRows, votesOf, type AdmissionRow } from './queries.ts';
import type { AdmissionInput, AllianceEditInput, JointProjectInput, MemberMailInput } from './schema.ts';
import { allianceAdmissions, allianceCharters, allianceJointProjects, allianceMembers, allianceProjectLinks, alliances, allianceSignatures, allianceVotes, type BilingualItem, type DecisionRule } from './tables.ts';

export interface AllianceSeed {
  slug: string;
  nameFr: string;
  nameEn: string;
  summaryFr?: string;
  summaryEn?: string;
  organisationId?: string | null;
  coordinatorOrganisationId?: string | null;
  countries: string[];
  regions: BilingualItem[];
  pressContactName?: string;
  pressContactEmail?: string;
  foundedOn: string;
}

export async function createAlliance(db: Db | Tx, actor: Actor, input: AllianceSeed): Promise<Result<{ id: string }, Failure>> {
  if (!can(actor, 'manage', { memberIds: [], coordinatorOrganisationId: null })) return err(failure('forbidden'));
  const id = newId();
  await db.insert(alliances).values({ id, ...input });
  await recordAudit(db, actor, { action: 'alliance.created', subjectType: 'alliance', subjectId: id, after: { slug: input.slug } });
  return ok({ id });
}

export interface CharterInput {
  valuesFr: string;
  valuesEn: string;
  priorityAreas: BilingualItem[];
  priorityThemes: string[];
  crossCuttingThemes: string[];
  admissionCriteria: BilingualItem[];
  decisionRule: DecisionRule;
  adoptedOn: string;
}

export async function adoptCharterVersion(db: Db | Tx, actor: Actor, allianceId: string, input: CharterInput): Promise<Result<{ version: number }, Failure>> {
  const alliance = await findAllianceById(db, allianceId);
  if (!alliance) return err(failure('not_found'));
  if (!can(actor, 'manage', { memberIds: await memberIdsOf(db, allianceId), coordinatorOrganisationId: alliance.coordinatorOrganisationId })) return err(failure('forbidden'));
  const version = ((await currentCharter(db, allianceId))?.version ?? 0) + 1;
  await db.insert(allianceCharters).values({ id: newId(), allianceId, version, ...input });
  await recordAudit(db, actor, { action: 'alliance.charter_adopted', subjectType: 'alliance', subjectId: allianceId, after: { version, decisionRule: input.decisionRule } });
  return ok({ version });
}

/** A founding member joins with its signature of the deed of commitment. */
export async function addFoundingMember(db: Db | Tx, actor: Actor, allianceId: string, organisationId: string, signature: { name: string; role: string; signedOn: string }): Promise<Result<void, Failure>> {
  const alliance = await findAllianceById(db, allianceId);
  if (!alliance) return err(failure('not_found'));
  if (!can(actor, 'manage', { memberIds: await memberIdsOf(db, allianceId), coordinatorOrganisationId: alliance.coordinatorOrganisationId })) return err(failure('forbidden'));
  const charter = await currentCharter(db, allianceId);
  await db.insert(allianceMembers).values({ allianceId, organisationId, founding: true, joinedOn: signature.signedOn });
  if (charter) await db.insert(allianceSignatures).values({ allianceId, organisationId, charterVersion: charter.version, signatoryName: signature.name, signatoryRole: signature.role, signedOn: signature.signedOn });
  await recordAudit(db, actor, { action: 'alliance.member_added', subjectType: 'alliance', subjectId: allianceId, organisationId, after: { founding: true } });
  return ok(undefined);
}

export async function requestAdmission(db: Db, actor: Actor, allianceId: string, input: AdmissionInput): Promise<Result<{ id: string }, Failure>> {
  const alliance = await findAllianceById(db, allianceId);
  if (!alliance) return err(failure('not_found'));
  const memberIds = await memberIdsOf(db, allianceId);
  if (!can(actor, 'request_admission', { memberIds, coordinatorOrganisationId: alliance.coordinatorOrganisationId }, undefined, input.organisationId)) {
    return err(failure(memberIds.includes(input.organisationId) ? 'validation' : 'forbidden', memberIds.includes(input.organisationId) ? { organisationId: 'alliances.error.already_member' } : undefined));
  }
  const charter = await currentCharter(db, allianceId);
  if (!charter) return err(failure('conflict'));
  if (input.answers.length !== charter.admissionCriteria.length) return err(failure('validation', { answers: 'alliances.error.answers' }));
  const pending = await db
    .select({ id: allianceAdmissions.id })
    .from(allianceAdmissions)
    .where(and(eq(allianceAdmissions.allianceId, allianceId), eq(allianceAdmissions.organisationId, input.organisationId), eq(allianceAdmissions.status, 'pending')));
  if (pending.length) return err(failure('validation', { organisationId: 'alliances.error.pending' }));
  return inTransaction(db, async (tx) => {
    const id = newId();
    await tx.insert(allianceAdmissions).values({
      id,
      allianceId,
      organisationId: input.organisationId,
      charterVersion: charter.version,
      decisionRule: charter.decisionRule,
      answers: input.answers.map((answer, criterion) => ({ criterion, answer })),
      motivation: input.motivation ?? null,
      signatoryName: input.signatoryName,
      signatoryRole: input.signatoryRole,
      contactEmail: input.contactEmail ?? null,
      requestedBy: actor.userId,
    });
    await recordAudit(tx, actor, { action: 'alliance.admission_requested', subjectType: 'alliance_admission', subjectId: id, organisationId: input.organisationId, after: { allianceId, charterVersion: charter.version, decisionRule: charter.decisionRule } });
    return ok({ id });
  });
}

async function settle(tx: Tx, actor: Actor, admission: AdmissionRow, outcome: 'accepted' | 'refused', how: DecisionRule, today = isoDate(new Date())): Promise<void> {
  await tx.update(allianceAdmissions).set({ status: outcome, decidedAt: new Date() }).where(eq(allianceAdmissions.id, admission.id));
  if (outcome === 'accepted') {
    await tx.insert(allianceMembers).values({ allianceId: admission.allianceId, organisationId: admission.organisationId, founding: false, joinedOn: today }).onConflictDoUpdate({ target: [allianceMembers.allianceId, allianceMembers.organisationId], set: { leftOn: null, joinedOn: today } });
    await tx
      .insert(allianceSignatures)
      .values({ allianceId: admission.allianceId, organisationId: admission.organisationId, charterVersion: admission.charterVersion, signatoryName: admission.signatoryName, signatoryRole: admission.signatoryRole, signedOn: today })
      .onConflictDoNothing();
  }
  const [alliance, org] = await Promise.all([findAllianceById(tx, admission.allianceId), findOrganisationById(tx, admission.organisationId)]);
  const to = admission.contactEmail ?? org?.contactEmail;
  if (to && alliance) {
    await queueMail(tx, {
      to,
      kind: `alliance.admission_${outcome}`,
      subject: `${alliance.nameFr ?? alliance.nameEn} — ${outcome === 'accepted' ? 'adhésion acceptée / admission accepted' : 'adhésion refusée / admission refused'}`,
      text:
        outcome === 'accepted'
          ? `${org?.nameFr ?? ''} est désormais membre de ${alliance.nameFr ?? ''}. La signature de l’acte d’engagement (charte v${admission.charterVersion}) par ${admission.signatoryName} est enregistrée.\n\n${org?.nameEn ?? org?.nameFr ?? ''} is now a member of ${alliance.nameEn ?? ''}.`
          : `La demande d’adhésion de ${org?.nameFr ?? ''} à ${alliance.nameFr ?? ''} n’a pas été retenue.\n\nThe admission request was not accepted.`,
    });
  }
  await recordAudit(tx, actor, {
    action: `alliance.admission_${outcome}`,
    subjectType: 'alliance_admission',
    subjectId: admission.id,
    organisationId: admission.organisationId,
    before: { status: 'pending' },
    after: { status: outcome, decidedBy: how, charterVersion: admission.charterVersion },
  });
}

/** A member organisation votes; a majority of members admits, a blocking minority refuses. */
export async function voteOnAdmission(db: Db, actor: Actor, admissionId: string, memberOrganisationId: string, vote: 'yes' | 'no'): Promise<Result<{ status: AdmissionRow['status'] }, Failure>> {
  const admission = await findAdmission(db, admissionId);
  if (!admission) return err(failure('not_found'));
  const alliance = await findAllianceById(db, admission.allianceId);
  if (!alliance) return err(failure('not_found'));
  const memberIds = await memberIdsOf(db, alliance.id);
  if (!can(actor, 'vote', { memberIds, coordinatorOrganisationId: alliance.coordinatorOrganisationId }, admission, memberOrganisationId)) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    const inserted = await tx.insert(allianceVotes).values({ admissionId, memberOrganisationId, vote, votedBy: actor.userId }).onConflictDoNothing().returning({ id: allianceVotes.admissionId });
    if (!inserted.length) return err(failure('conflict'));
    await recordAudit(tx, actor, { action: 'alliance.vote', subjectType: 'alliance_admission', subjectId: admissionId, actingForOrganisationId: memberOrganisationId, after: { vote } });
    const votes = (await votesOf(tx, admissionId)).filter((v) => memberIds.includes(v.memberOrganisationId));
    const yes = votes.filter((v) => v.vote === 'yes').length;
    const no = votes.length - yes;
    const outcome = yes * 2 > memberIds.length ? 'accepted' : no * 2 >= memberIds.length ? 'refused' : null;
    if (outcome) await settle(tx, actor, admission, outcome, 'member_vote');
    return ok({ status: outcome ?? 'pending' });
  });
}

/** The coordinator decides alone, when the charter version of the request says so. */
export async function decideAdmission(db: Db, actor: Actor, admissionId: string, decision: 'accept' | 'refuse'): Promise<Result<void, Failure>> {
  const admission = await findAdmission(db, admissionId);
  if (!admission) return err(failure('not_found'));
  const alliance = await findAllianceById(db, admission.allianceId);
  if (!alliance) return err(failure('not_found'));
  const memberIds = await memberIdsOf(db, alliance.id);
  if (!can(actor, 'decide', { memberIds, coordinatorOrganisationId: alliance.coordinatorOrganisationId }, admission)) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    const still = await tx.select({ id: allianceAdmissions.id }).from(allianceAdmissions).where(and(eq(allianceAdmissions.id, admissionId), eq(allianceAdmissions.status, 'pending')));
    if (!still.length) return err(failure('conflict'));
    await settle(tx, actor, admission, decision === 'accept' ? 'accepted' : 'refused', 'coordinator');
    return ok(undefined);
  });
}

/** Demo data: an admission already decided in the past, with the date it was signed. */
export async function recordPastAdmission(db: Db | Tx, actor: Actor, admissionId: string, signedOn: string): Promise<Result<void, Failure>> {
  const admission = await findAdmission(db, admissionId);
  if (!admission) return err(failure('not_found'));
  if (!can(actor, 'manage', { memberIds: [], coordinatorOrganisationId: null })) return err(failure('forbidden'));
  await inTransaction(db as Db, (tx) => settle(tx, actor, admission, 'accepted', admission.decisionRule, signedOn));
  return ok(undefined);
}


/** The coordinator adopts a new charter version (one transaction; the alliance row is locked so versions follow). */
export async function adoptCharter(db: Db, actor: Actor, allianceId: string, input: CharterInput): Promise<Result<{ version: number }, Failure>> {
  const alliance = await findAllianceById(db, allianceId);
  if (!alliance) return err(failure('not_found'));
  if (!can(actor, 'manage', { memberIds: await memberIdsOf(db, allianceId), coordinatorOrganisationId: alliance.coordinatorOrganisationId })) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    await tx.select({ id: alliances.id }).from(alliances).where(eq(alliances.id, allianceId)).for('update');
    return adoptCharterVersion(tx, actor, allianceId, input);
  });
}

/** A member signs the deed of commitment of the charter version in force (once per version). */
export async function signCharter(db: Db, actor: Actor, allianceId: string, organisationId: string, signature: { name: string; role: string }, today = isoDate(new Date())): Promise<Result<{ version: number }, Failure>> {
  const alliance = await findAllianceById(db, allianceId);
  if (!alliance) return err(failure('not_found'));
  const memberIds = await memberIdsOf(db, allianceId);
  if (!can(actor, 'sign_charter', { memberIds, coordinatorOrganisationId: alliance.coordinatorOrganisationId }, undefined, organisationId)) return err(failure('validation', { organisationId: 'alliances.error.sign_organisation' }));
  const charter = await currentCharter(db, allianceId);
  if (!charter) return err(failure('not_found'));
  return inTransaction(db, async (tx) => {
    const inserted = await tx
      .insert(allianceSignatures)
      .values({ allianceId, organisationId, charterVersion: charter.version, signatoryName: signature.name, signatoryRole: signature.role, signedOn: today })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) return err(failure('validation', { organisationId: 'alliances.error.already_signed' }));
    await recordAudit(tx, actor, { action: 'alliance.charter_signed', subjectType: 'alliance', subjectId: allianceId, organisationId, after: { version: charter.version, signatoryName: signature.name, signatoryRole: signature.role } });
    return ok({ version: charter.version });
  });
}

// ─── Administration: editing, mailing the members, joint projects ────────────────────────────────────────

const refOf = async (db: Db | Tx, alliance: { id: string; coordinatorOrganisationId: string | null }) => ({ memberIds: await memberIdsOf(db, alliance.id), coordinatorOrganisationId: alliance.coordinatorOrganisationId });

/**
 * The alliance's administrators edit its texts, founding date, territories, press contact and coordinator, and
 * the members' roles (founding or admitted member, or leaving today). One transaction, optimistic version,
 * audited (roles and memberships are decisions).
 */
export async function updateAlliance(db: Db, actor: Actor, allianceId: string, input: AllianceEditInput, today = isoDate(new Date())): Promise<Result<{ version: number }, Failure>> {
  const alliance = await findAllianceById(db, allianceId);
  if (!alliance) return err(failure('not_found'));
  const ref = await refOf(db, alliance);
  if (!can(actor, 'edit', ref)) return err(failure('forbidden'));
  if (!ref.memberIds.includes(input.coordinatorOrganisationId)) return err(failure('validation', { coordinatorOrganisationId: 'alliances.error.coordinator' }));
  if (input.roles[input.coordinatorOrganisationId] === 'leave') return err(failure('validation', { coordinatorOrganisationId: 'alliances.error.coordinator_leaves' }));
  const unknown = Object.keys(input.roles).filter((id) => !ref.memberIds.includes(id));
  if (unknown.length) return err(failure('validation', { roles: 'validation.choice' }));
  return inTransaction(db, async (tx) => {
    const values = {
      nameFr: input.nameFr ?? null,
      nameEn: input.nameEn ?? null,
      summaryFr: input.summaryFr ?? null,
      summaryEn: input.summaryEn ?? null,
      foundedOn: input.foundedOn ?? null,
      countries: [...new Set(input.countries)],
      regions: input.regions,
      pressContactName: input.pressContactName ?? null,
      pressContactEmail: input.pressContactEmail ?? null,
      coordinatorOrganisationId: input.coordinatorOrganisationId,
    };
    const [row] = await tx
      .update(alliances)
      .set({ ...values, version: sql`${alliances.version} + 1` })
      .where(and(eq(alliances.id, allianceId), eq(alliances.version, input.version)))
      .returning({ version: alliances.version });
    if (!row) return err(failure('conflict'));
    const members = await memberRows(tx, allianceId);
    const changes: { organisationId: string; from: string; to: string }[] = [];
    for (const m of members) {
      const wanted = input.roles[m.organisationId];
      const current = m.founding ? 'founding' : 'member';
      if (!wanted || wanted === current) continue;
      if (wanted === 'leave') await tx.update(allianceMembers).set({ leftOn: today }).where(and(eq(allianceMembers.allianceId, allianceId), eq(allianceMembers.organisationId, m.organisationId)));
      else await tx.update(allianceMembers).set({ founding: wanted === 'founding' }).where(and(eq(allianceMembers.allianceId, allianceId), eq(allianceMembers.organisationId, m.organisationId)));
      changes.push({ organisationId: m.organisationId, from: current, to: wanted });
    }
    const before = { nameFr: alliance.nameFr, nameEn: alliance.nameEn, foundedOn: alliance.foundedOn, countries: alliance.countries, coordinatorOrganisationId: alliance.coordinatorOrganisationId, pressContactEmail: alliance.pressContactEmail };
    await recordAudit(tx, actor, { action: 'alliance.updated', subjectType: 'alliance', subjectId: allianceId, before, after: { ...values, summaryFr: undefined, summaryEn: undefined } });
    for (const c of changes) {
      await recordAudit(tx, actor, { action: c.to === 'leave' ? 'alliance.member_left' : 'alliance.member_role', subjectType: 'alliance', subjectId: allianceId, organisationId: c.organisationId, before: { role: c.from }, after: { role: c.to } });
    }
    return ok({ version: row.version });
  });
}

export const memberMailLimit = { perDay: 3 };

/**
 * The administrators write to every member organisation (its contact address), through the mail outbox.
 * At most `memberMailLimit.perDay` mailings a day per alliance; each mailing is audited with its recipients count.
 */
export async function mailAllianceMembers(db: Db, actor: Actor, allianceId: string, input: MemberMailInput, now = new Date()): Promise<Result<{ recipients: number }, Failure>> {
  const alliance = await findAllianceById(db, allianceId);
  if (!alliance) return err(failure('not_found'));
  if (!can(actor, 'mail_members', await refOf(db, alliance))) return err(failure('forbidden'));
  if ((await countMailingsSince(db, 'alliance.members_mailed', allianceId, new Date(now.getTime() - 86_400_000))) >= memberMailLimit.perDay) return err(failure('rate_limited'));
  const contacts = await memberContacts(db, allianceId);
  if (contacts.length === 0) return err(failure('validation', { body: 'alliances.error.no_recipients' }));
  const name = alliance.nameFr ?? alliance.nameEn ?? alliance.slug;
  return inTransaction(db, async (tx) => {
    for (const c of contacts) {
      await queueMail(tx, { to: c.email, kind: 'alliance.members_mail', subject: `[${name}] ${input.subject}`, text: `${input.body}\n\n— ${name}` });
    }
    await recordAudit(tx, actor, { action: 'alliance.members_mailed', subjectType: 'alliance', subjectId: allianceId, after: { subject: input.subject, recipients: contacts.length } });
    return ok({ recipients: contacts.length });
  });
}

/**
 * A member organisation leads a new joint project of the alliance: a normal project row (draft, owned by the
 * lead) that the funding form can pick as the project of a consortium application, linked to the alliance.
 */
export async function createAllianceJointProject(db: Db, actor: Actor, allianceId: string, input: JointProjectInput): Promise<Result<{ id: string; slug: string }, Failure>> {
  const alliance = await findAllianceById(db, allianceId);
  if (!alliance) return err(failure('not_found'));
  if (!can(actor, 'create_joint_project', await refOf(db, alliance), undefined, input.leadOrganisationId)) return err(failure('validation', { leadOrganisationId: 'alliances.error.organisation' }));
  return inTransaction(db, async (tx) => {
    const created = await createProject(tx as unknown as Db, actor, input.leadOrganisationId, {
      titleFr: input.titleFr,
      titleEn: input.titleEn,
      descriptionFr: input.descriptionFr,
      descriptionEn: input.descriptionEn,
      objectivesFr: undefined,
      objectivesEn: undefined,
      targetGroupsFr: undefined,
      targetGroupsEn: undefined,
      activityStatus: '1',
      plannedStart: undefined,
      actualStart: undefined,
      plannedEnd: undefined,
      actualEnd: undefined,
      humanitarian: false,
      defaultCurrency: 'EUR',
      sdgs: [],
    });
    if (!created.ok) return created;
    await tx.insert(allianceJointProjects).values({ allianceId, projectId: created.value.id, createdBy: actor.userId });
    await recordAudit(tx, actor, { action: 'alliance.joint_project_created', subjectType: 'alliance', subjectId: allianceId, organisationId: input.leadOrganisationId, actingForOrganisationId: input.leadOrganisationId, after: { projectId: created.value.id } });
    return ok(created.value);
  });
}

/** A member links one of its own projects to a joint project of the alliance (shown on both project pages). */
export async function linkMemberProject(db: Db, actor: Actor, allianceId: string, jointProjectId: string, memberProjectId: string): Promise<Result<void, Failure>> {
  const alliance = await findAllianceById(db, allianceId);
  if (!alliance) return err(failure('not_found'));
  if (!(await isAllianceJointProject(db, allianceId, jointProjectId))) return err(failure('not_found'));
  const project = await findProject(db, memberProjectId);
  if (!project || project.id === jointProjectId) return err(failure('validation', { memberProjectId: 'validation.choice' }));
  if (!can(actor, 'link_project', await refOf(db, alliance), undefined, project.organisationId)) return err(failure('validation', { memberProjectId: 'alliances.error.link_forbidden' }));
  return inTransaction(db, async (tx) => {
    const inserted = await tx.insert(allianceProjectLinks).values({ jointProjectId, memberProjectId, allianceId, linkedBy: actor.userId }).onConflictDoNothing().returning({ id: allianceProjectLinks.memberProjectId });
    if (!inserted.length) return err(failure('validation', { memberProjectId: 'alliances.error.already_linked' }));
    await recordAudit(tx, actor, { action: 'alliance.project_linked', subjectType: 'alliance', subjectId: allianceId, organisationId: project.organisationId, actingForOrganisationId: project.organisationId, after: { jointProjectId, memberProjectId } });
    return ok(undefined);
  });
}
