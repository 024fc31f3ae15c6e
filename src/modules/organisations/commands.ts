// Writes to the organisation directory. Each takes the acting user first; the policy decides before anything.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Actor, OrganisationRole } from '../../kernel/actor.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { failure, type Failure } from '../../kernel/errors.ts';
import { newId, slugify } from '../../kernel/ids.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import type { Locale, Translate } from '../../kernel/i18n.ts';
import { queueMail } from '../../kernel/mail.ts';
import { storeImage, storeInitialsLogo, type ImageRefusal, type Upload } from '../files/commands.ts';
import { defaultIatiType } from './kinds.ts';
import { can } from './policy.ts';
import { countAdmins, findInvitationByToken, findOrganisationById, hasPendingClaim, type OrganisationIdentity, type OrganisationRow } from './queries.ts';
import type { OrganisationInput } from './schema.ts';
import { organisationClaims, organisationInvitations, organisationMembers, organisations } from './tables.ts';

function columns(input: OrganisationInput) {
  return {
    nameFr: input.nameFr ?? null,
    nameEn: input.nameEn ?? null,
    subtype: input.subtype,
    kind: input.kind ?? defaultIatiType[input.subtype],
    website: input.website ?? null,
    summaryFr: input.summaryFr ?? null,
    summaryEn: input.summaryEn ?? null,
    descriptionFr: input.descriptionFr ?? null,
    descriptionEn: input.descriptionEn ?? null,
    address: input.address ?? null,
    postcode: input.postcode ?? null,
    city: input.city ?? null,
    country: input.country,
    countries: [...new Set(input.countries)],
    themes: [...new Set(input.themes)],
    siret: input.siret ?? null,
    rna: input.rna ?? null,
    iatiId: input.iatiId ?? null,
    lookingForPartners: input.lookingForPartners,
    contactEmail: input.contactEmail ?? null,
    contactPublic: input.contactPublic,
    staffCount: input.staffCount ?? null,
    volunteerCount: input.volunteerCount ?? null,
  };
}

/** Identifiers are unique across the directory: a second entry for the same SIRET or IATI id is refused. */
async function identifierClashes(tx: Tx, input: OrganisationInput, exceptId?: string): Promise<Record<string, string>> {
  const clauses = [
    input.siret ? eq(organisations.siret, input.siret) : undefined,
    input.iatiId ? eq(organisations.iatiId, input.iatiId) : undefined,
    input.rna ? eq(organisations.rna, input.rna) : undefined,
  ].filter((c) => c !== undefined);
  if (clauses.length === 0) return {};
  const rows = await tx
    .select({ siret: organisations.siret, iatiId: organisations.iatiId, rna: organisations.rna })
    .from(organisations)
    .where(and(or(...clauses), exceptId ? ne(organisations.id, exceptId) : undefined));
  const fields: Record<string, string> = {};
  for (const row of rows) {
    if (input.siret && row.siret === input.siret) fields.siret = 'organisations.error.siret_taken';
    if (input.iatiId && row.iatiId === input.iatiId) fields.iatiId = 'organisations.error.iati_id_taken';
    if (input.rna && row.rna === input.rna) fields.rna = 'organisations.error.rna_taken';
  }
  return fields;
}

async function uniqueSlug(tx: Tx, base: string): Promise<string> {
  const taken = await tx
    .select({ slug: organisations.slug })
    .from(organisations)
    .where(or(eq(organisations.slug, base), sql`${organisations.slug} like ${base + '-%'}`));
  const used = new Set(taken.map((r) => r.slug));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

const logoErrorKey: Record<ImageRefusal, string> = {
  svg: 'organisations.error.logo_svg',
  not_an_image: 'organisations.error.logo_type',
  too_large: 'organisations.error.logo_size',
};

export interface LogoChoice {
  /** An uploaded image to use as the logo. */
  upload?: Upload | undefined;
  /** Generate a logo from the initials when none is uploaded (demo data, new entries). */
  generate?: boolean;
}

/** Stores the logo for a create or an update; undefined when the logo does not change. */
async function resolveLogo(tx: Tx, actor: Actor, name: string, choice: LogoChoice): Promise<Result<string | undefined, Failure>> {
  if (choice.upload && choice.upload.data.length > 0) {
    const stored = await storeImage(tx, actor.userId, choice.upload);
    if (!stored.ok) return err(failure('validation', { logo: logoErrorKey[stored.error] }));
    return ok(stored.value.id);
  }
  if (choice.generate) return ok((await storeInitialsLogo(tx, name)).id);
  return ok(undefined);
}

const auditView = (row: Pick<OrganisationRow, 'slug' | 'status' | 'nameFr' | 'nameEn' | 'version'>) => ({
  slug: row.slug,
  status: row.status,
  nameFr: row.nameFr,
  nameEn: row.nameEn,
  version: row.version,
});

export async function createOrganisation(
  db: Db,
  actor: Actor,
  input: OrganisationInput,
  options: { logo?: LogoChoice; makeCreatorAdmin?: boolean } = {},
): Promise<Result<{ id: string; slug: string }, Failure>> {
  if (!can(actor, 'create')) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    const clashes = await identifierClashes(tx, input);
    if (Object.keys(clashes).length) return err(failure('validation', clashes));
    const name = input.nameFr ?? input.nameEn ?? 'organisation';
    const logo = await resolveLogo(tx, actor, name, options.logo ?? { generate: true });
    if (!logo.ok) return logo;
    const id = newId();
    const slug = await uniqueSlug(tx, slugify(name));
    await tx.insert(organisations).values({ id, slug, ...columns(input), logoFileId: logo.value ?? null });
    if (options.makeCreatorAdmin !== false && actor.userId) {
      await tx.insert(organisationMembers).values({ organisationId: id, userId: actor.userId, role: 'admin' });
    }
    await recordAudit(tx, actor, {
      action: 'organisation.created',
      subjectType: 'organisation',
      subjectId: id,
      organisationId: id,
      after: { slug, nameFr: input.nameFr ?? null, nameEn: input.nameEn ?? null, status: 'active' },
    });
    return ok({ id, slug });
  });
}

export async function updateOrganisation(
  db: Db,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: OrganisationInput,
  options: { logo?: LogoChoice } = {},
): Promise<Result<{ slug: string; version: number }, Failure>> {
  const current = await findOrganisationById(db, id);
  if (!current) return err(failure('not_found'));
  if (!can(actor, 'update', current)) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    const clashes = await identifierClashes(tx, input, id);
    if (Object.keys(clashes).length) return err(failure('validation', clashes));
    const logo = await resolveLogo(tx, actor, input.nameFr ?? input.nameEn ?? current.slug, options.logo ?? {});
    if (!logo.ok) return logo;
    const updated = await tx
      .update(organisations)
      .set({
        ...columns(input),
        ...(logo.value !== undefined ? { logoFileId: logo.value } : {}),
        version: sql`${organisations.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(organisations.id, id), eq(organisations.version, expectedVersion)))
      .returning({ slug: organisations.slug, version: organisations.version });
    const row = updated[0];
    if (!row) return err(failure('conflict'));
    return ok(row);
  });
}

/** Archiving hides an organisation from the public directory without deleting its history. */
export async function setOrganisationStatus(db: Db, actor: Actor, id: string, status: 'active' | 'archived'): Promise<Result<{ slug: string }, Failure>> {
  const current = await findOrganisationById(db, id);
  if (!current) return err(failure('not_found'));
  if (!can(actor, 'archive', current)) return err(failure('forbidden'));
  if (current.status === status) return ok({ slug: current.slug });
  return inTransaction(db, async (tx) => {
    await tx
      .update(organisations)
      .set({ status, version: sql`${organisations.version} + 1`, updatedAt: new Date() })
      .where(eq(organisations.id, id));
    await recordAudit(tx, actor, {
      action: status === 'archived' ? 'organisation.archived' : 'organisation.restored',
      subjectType: 'organisation',
      subjectId: id,
      organisationId: id,
      before: auditView(current),
      after: { ...auditView(current), status },
    });
    return ok({ slug: current.slug });
  });
}

export async function addOrganisationMember(db: Db | Tx, actor: Actor, organisationId: string, userId: string, role: 'admin' | 'editor' | 'member'): Promise<Result<void, Failure>> {
  const org = await findOrganisationById(db, organisationId);
  if (!org) return err(failure('not_found'));
  if (!can(actor, 'manage_members', org)) return err(failure('forbidden'));
  await db
    .insert(organisationMembers)
    .values({ organisationId, userId, role })
    .onConflictDoUpdate({ target: [organisationMembers.organisationId, organisationMembers.userId], set: { role } });
  await recordAudit(db, actor, { action: 'membership.set', subjectType: 'membership', subjectId: `${organisationId}:${userId}`, organisationId, after: { role } });
  return ok(undefined);
}

// ---- Members: invitations, roles, removal, claims ----

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const INVITATION_DAYS = 7;

export interface MailContext {
  t: Translate;
  locale: Locale;
  baseUrl: string;
}

const orgName = (org: Pick<OrganisationRow, 'nameFr' | 'nameEn' | 'slug'>, locale: Locale) => (locale === 'en' ? (org.nameEn ?? org.nameFr) : (org.nameFr ?? org.nameEn)) ?? org.slug;

async function sendInvitation(tx: Tx, org: OrganisationRow, invitationId: string, email: string, role: OrganisationRole, mail: MailContext): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  await tx
    .update(organisationInvitations)
    .set({ tokenHash: sha256(token), expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000) })
    .where(eq(organisationInvitations.id, invitationId));
  await queueMail(tx, {
    to: email,
    kind: 'organisation.invitation',
    subject: mail.t('members.mail.invitation_subject', { organisation: orgName(org, mail.locale) }),
    text: mail.t('members.mail.invitation_text', { organisation: orgName(org, mail.locale), role: mail.t(`members.role.${role}`), days: INVITATION_DAYS, link: `${mail.baseUrl}/${mail.locale}/invitations/${token}` }),
  });
}

/** An organisation administrator invites someone by e-mail with a role; the link expires after a week. */
export async function inviteMember(db: Db, actor: Actor, organisationId: string, email: string, role: OrganisationRole, mail: MailContext): Promise<Result<{ id: string }, Failure>> {
  const org = await findOrganisationById(db, organisationId);
  if (!org) return err(failure('not_found'));
  if (!can(actor, 'manage_members', org)) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    const id = newId();
    await tx.insert(organisationInvitations).values({ id, organisationId, email, role, tokenHash: sha256(randomBytes(16).toString('hex')), invitedBy: actor.userId, expiresAt: new Date() });
    await sendInvitation(tx, org, id, email, role, mail);
    await recordAudit(tx, actor, { action: 'membership.invited', subjectType: 'invitation', subjectId: id, organisationId, after: { role } });
    return ok({ id });
  });
}

/** Sends an open invitation again with a fresh link (the old link stops working). */
export async function resendInvitation(db: Db, actor: Actor, organisationId: string, invitationId: string, mail: MailContext): Promise<Result<void, Failure>> {
  const org = await findOrganisationById(db, organisationId);
  if (!org) return err(failure('not_found'));
  if (!can(actor, 'manage_members', org)) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    const [inv] = await tx
      .select()
      .from(organisationInvitations)
      .where(and(eq(organisationInvitations.id, invitationId), eq(organisationInvitations.organisationId, organisationId), isNull(organisationInvitations.acceptedAt), isNull(organisationInvitations.revokedAt)));
    if (!inv) return err(failure('not_found'));
    await sendInvitation(tx, org, inv.id, inv.email, inv.role, mail);
    await recordAudit(tx, actor, { action: 'membership.invitation_resent', subjectType: 'invitation', subjectId: inv.id, organisationId });
    return ok(undefined);
  });
}

export async function revokeInvitation(db: Db, actor: Actor, organisationId: string, invitationId: string): Promise<Result<void, Failure>> {
  const org = await findOrganisationById(db, organisationId);
  if (!org) return err(failure('not_found'));
  if (!can(actor, 'manage_members', org)) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    const rows = await tx
      .update(organisationInvitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(organisationInvitations.id, invitationId), eq(organisationInvitations.organisationId, organisationId), isNull(organisationInvitations.acceptedAt), isNull(organisationInvitations.revokedAt)))
      .returning({ id: organisationInvitations.id });
    if (!rows.length) return err(failure('not_found'));
    await recordAudit(tx, actor, { action: 'membership.invitation_revoked', subjectType: 'invitation', subjectId: invitationId, organisationId });
    return ok(undefined);
  });
}

/** The invited person (signed in with the invited address) joins with the role of the invitation. */
export async function acceptInvitation(db: Db, actor: Actor, token: string): Promise<Result<{ slug: string }, Failure>> {
  if (!actor.userId || !actor.email) return err(failure('unauthenticated'));
  const inv = await findInvitationByToken(db, token);
  if (!inv) return err(failure('not_found'));
  if (inv.email.toLowerCase() !== actor.email.toLowerCase()) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    const taken = await tx
      .update(organisationInvitations)
      .set({ acceptedAt: new Date() })
      .where(and(eq(organisationInvitations.id, inv.id), isNull(organisationInvitations.acceptedAt), gt(organisationInvitations.expiresAt, new Date())))
      .returning({ id: organisationInvitations.id });
    if (!taken.length) return err(failure('not_found'));
    const [existing] = await tx
      .select({ role: organisationMembers.role })
      .from(organisationMembers)
      .where(and(eq(organisationMembers.organisationId, inv.organisationId), eq(organisationMembers.userId, actor.userId!)));
    // Joining never lowers a role already held.
    if (!existing) await tx.insert(organisationMembers).values({ organisationId: inv.organisationId, userId: actor.userId!, role: inv.role });
    else if (rank[inv.role] > rank[existing.role]) {
      await tx.update(organisationMembers).set({ role: inv.role }).where(and(eq(organisationMembers.organisationId, inv.organisationId), eq(organisationMembers.userId, actor.userId!)));
    }
    await recordAudit(tx, actor, { action: 'membership.joined', subjectType: 'membership', subjectId: `${inv.organisationId}:${actor.userId}`, organisationId: inv.organisationId, before: existing ?? null, after: { role: existing && rank[existing.role] >= rank[inv.role] ? existing.role : inv.role } });
    return ok({ slug: inv.slug });
  });
}

const rank: Record<OrganisationRole, number> = { member: 1, editor: 2, admin: 3 };

/** Changes a member's role; the last administrator cannot be demoted. */
export async function changeMemberRole(db: Db, actor: Actor, organisationId: string, userId: string, role: OrganisationRole): Promise<Result<void, Failure>> {
  const org = await findOrganisationById(db, organisationId);
  if (!org) return err(failure('not_found'));
  if (!can(actor, 'manage_members', org)) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    const [current] = await tx
      .select({ role: organisationMembers.role })
      .from(organisationMembers)
      .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId)))
      .for('update');
    if (!current) return err(failure('not_found'));
    if (current.role === role) return ok(undefined);
    if (current.role === 'admin' && (await countAdmins(tx, organisationId)) <= 1) return err(failure('conflict', { member: 'members.error.last_admin' }));
    await tx.update(organisationMembers).set({ role }).where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId)));
    await recordAudit(tx, actor, { action: 'membership.role_changed', subjectType: 'membership', subjectId: `${organisationId}:${userId}`, organisationId, before: { role: current.role }, after: { role } });
    return ok(undefined);
  });
}

/** Removes a member (an administrator, or the member leaving); the last administrator cannot be removed. */
export async function removeMember(db: Db, actor: Actor, organisationId: string, userId: string): Promise<Result<void, Failure>> {
  const org = await findOrganisationById(db, organisationId);
  if (!org) return err(failure('not_found'));
  const leaving = actor.userId === userId && actor.memberships.has(organisationId);
  if (!leaving && !can(actor, 'manage_members', org)) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    const [current] = await tx
      .select({ role: organisationMembers.role })
      .from(organisationMembers)
      .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId)))
      .for('update');
    if (!current) return err(failure('not_found'));
    if (current.role === 'admin' && (await countAdmins(tx, organisationId)) <= 1) return err(failure('conflict', { member: 'members.error.last_admin' }));
    await tx.delete(organisationMembers).where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId)));
    await recordAudit(tx, actor, { action: leaving ? 'membership.left' : 'membership.removed', subjectType: 'membership', subjectId: `${organisationId}:${userId}`, organisationId, before: { role: current.role } });
    return ok(undefined);
  });
}

/** Used by account erasure (which first checks the user is nobody's last administrator). */
export async function removeAllMembershipsOf(tx: Tx, actor: Actor, userId: string): Promise<void> {
  const removed = await tx.delete(organisationMembers).where(eq(organisationMembers.userId, userId)).returning();
  for (const m of removed) {
    await recordAudit(tx, actor, { action: 'membership.left', subjectType: 'membership', subjectId: `${m.organisationId}:${userId}`, organisationId: m.organisationId, before: { role: m.role } });
  }
}

/** Asks to administer an existing directory entry; a platform administrator decides. */
export async function claimOrganisation(db: Db, actor: Actor, organisationId: string, message: string): Promise<Result<{ id: string }, Failure>> {
  const org = await findOrganisationById(db, organisationId);
  if (!org) return err(failure('not_found'));
  if (!can(actor, 'claim', org)) return err(failure('forbidden'));
  if (await hasPendingClaim(db, organisationId, actor.userId!)) return err(failure('conflict'));
  return inTransaction(db, async (tx) => {
    const id = newId();
    await tx.insert(organisationClaims).values({ id, organisationId, userId: actor.userId!, message });
    await recordAudit(tx, actor, { action: 'organisation.claimed', subjectType: 'claim', subjectId: id, organisationId });
    return ok({ id });
  });
}

/** Approving makes the claimant an administrator of the organisation; either way the claimant is told by mail. */
export async function decideClaim(db: Db, actor: Actor, claimId: string, approve: boolean, mail: MailContext, claimantEmail: (userId: string) => Promise<string | undefined>): Promise<Result<void, Failure>> {
  if (!can(actor, 'decide_claims')) return err(failure('forbidden'));
  if (!/^[0-9a-f-]{36}$/i.test(claimId)) return err(failure('not_found'));
  // Read outside the transaction (the lookup uses its own connection).
  const [pending] = await db.select({ userId: organisationClaims.userId }).from(organisationClaims).where(eq(organisationClaims.id, claimId));
  if (!pending) return err(failure('not_found'));
  const to = await claimantEmail(pending.userId);
  return inTransaction(db, async (tx) => {
    const [claim] = await tx.select().from(organisationClaims).where(and(eq(organisationClaims.id, claimId), eq(organisationClaims.status, 'pending'))).for('update');
    if (!claim) return err(failure('not_found'));
    const org = await findOrganisationById(tx, claim.organisationId);
    if (!org) return err(failure('not_found'));
    const status = approve ? 'approved' : 'refused';
    await tx.update(organisationClaims).set({ status, decidedBy: actor.userId, decidedAt: new Date() }).where(eq(organisationClaims.id, claimId));
    if (approve) {
      await tx
        .insert(organisationMembers)
        .values({ organisationId: claim.organisationId, userId: claim.userId, role: 'admin' })
        .onConflictDoUpdate({ target: [organisationMembers.organisationId, organisationMembers.userId], set: { role: 'admin' } });
    }
    await recordAudit(tx, actor, { action: approve ? 'organisation.claim_approved' : 'organisation.claim_refused', subjectType: 'claim', subjectId: claimId, organisationId: claim.organisationId, after: { status, userId: claim.userId } });
    if (to) {
      await queueMail(tx, {
        to,
        kind: 'organisation.claim_decided',
        subject: mail.t(approve ? 'members.mail.claim_approved_subject' : 'members.mail.claim_refused_subject', { organisation: orgName(org, mail.locale) }),
        text: mail.t(approve ? 'members.mail.claim_approved_text' : 'members.mail.claim_refused_text', { organisation: orgName(org, mail.locale), link: `${mail.baseUrl}/${mail.locale}/organisations/${org.slug}` }),
      });
    }
    return ok(undefined);
  });
}

// ── Organisations named in imported IATI files ─────────────────────────────────────────────────────────

export interface ImportedOrganisation {
  /** IATI organisation identifier, when the file gives one. */
  ref?: string | undefined;
  /** OrganisationType code as published (kept as a code, known or not). */
  type?: string | undefined;
  nameFr?: string | undefined;
  nameEn?: string | undefined;
}

/**
 * Adds directory entries for organisations an import names and the directory does not hold yet (the importer
 * matched them by identifier, then by normalised name, first). Inside the import's transaction; one audit entry
 * each. Only a platform administrator (the CLI's system actor included) may add entries this way.
 */
export async function createImportedOrganisations(tx: Tx, actor: Actor, entries: readonly ImportedOrganisation[]): Promise<Result<OrganisationIdentity[], Failure>> {
  if (!can(actor, 'import')) return err(failure('forbidden'));
  const created: OrganisationIdentity[] = [];
  for (const e of entries) {
    const id = newId();
    const name = e.nameFr ?? e.nameEn ?? e.ref ?? 'organisation';
    const slug = await uniqueSlug(tx, slugify(name, 60));
    const prefix = /^([A-Z]{2})-/.exec(e.ref ?? '')?.[1];
    const country = prefix && !['XM', 'XI', 'XX'].includes(prefix) ? prefix : 'FR';
    const row = { id, slug, iatiId: e.ref ?? null, nameFr: e.nameFr ?? null, nameEn: e.nameEn ?? (e.nameFr ? null : name), kind: e.type ?? '90', subtype: 'partner_abroad', country };
    await tx.insert(organisations).values(row);
    await recordAudit(tx, actor, { action: 'organisation.created', subjectType: 'organisation', subjectId: id, organisationId: id, after: { slug, iatiId: row.iatiId, nameFr: row.nameFr, nameEn: row.nameEn, status: 'active', source: 'iati_import' } });
    created.push({ id, slug, iatiId: row.iatiId, nameFr: row.nameFr, nameEn: row.nameEn });
  }
  return ok(created);
}
