// Writes of campaigns: organisations sign on (and may withdraw), individuals support with a confirmed e-mail
// and can erase their support at any time through the link they received.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Actor } from '../../kernel/actor.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { failure, type Failure } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { queueMail } from '../../kernel/mail.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { isPlatformAdmin } from '../../kernel/actor.ts';
import { can } from './policy.ts';
import { campaignRef, findCampaignById, findCampaignBySlug, signatoriesOf } from './queries.ts';
import type { CampaignEditInput, SupportInput } from './schema.ts';
import { campaignDocuments, campaignLinks, campaigns, campaignSignatories, campaignSupporters } from './tables.ts';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const token = () => randomBytes(24).toString('base64url');

export interface CampaignSeed {
  slug: string;
  titleFr: string;
  titleEn: string;
  summaryFr: string;
  summaryEn: string;
  textFr: string;
  textEn: string;
  startsOn: string;
  endsOn?: string | null;
  themes: string[];
  countries: string[];
  website?: string | null;
}

export async function createCampaign(db: Db | Tx, actor: Actor, input: CampaignSeed, organiserIds: string[]): Promise<Result<{ id: string }, Failure>> {
  if (!isPlatformAdmin(actor) && !organiserIds.some((id) => can(actor, 'sign', { organiserIds: [], signatoryIds: [] }, id))) return err(failure('forbidden'));
  const id = newId();
  await db.insert(campaigns).values({ id, ...input });
  if (organiserIds.length) await db.insert(campaignSignatories).values(organiserIds.map((organisationId) => ({ campaignId: id, organisationId, role: 'organiser' as const, signedBy: actor.userId })));
  await recordAudit(db, actor, { action: 'campaign.created', subjectType: 'campaign', subjectId: id, after: { slug: input.slug, organiserIds } });
  return ok({ id });
}

export async function addCampaignLink(db: Db | Tx, actor: Actor, campaignId: string, link: { kind: 'event' | 'news'; titleFr: string; titleEn: string; on?: string; url?: string; refId?: string }): Promise<Result<void, Failure>> {
  if (!can(actor, 'manage', await campaignRef(db, campaignId))) return err(failure('forbidden'));
  await db.insert(campaignLinks).values({ id: newId(), campaignId, kind: link.kind, titleFr: link.titleFr, titleEn: link.titleEn, on: link.on ?? null, url: link.url ?? null, refId: link.refId ?? null });
  return ok(undefined);
}

/** Magic bytes of the kit's accepted types. */
const kitTypes: [number[], string][] = [
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'application/pdf'],
  [[0x50, 0x4b, 0x03, 0x04], 'application/zip'],
];

/** A document of the downloadable kit: PDF or ZIP (office documents), recognised from its bytes. */
export async function addKitDocument(db: Db | Tx, actor: Actor, campaignId: string, doc: { titleFr: string; titleEn: string; fileName: string; data: Buffer }): Promise<Result<{ id: string }, Failure>> {
  if (!can(actor, 'manage', await campaignRef(db, campaignId))) return err(failure('forbidden'));
  const type = kitTypes.find(([magic]) => magic.every((byte, i) => doc.data[i] === byte))?.[1];
  if (!type) return err(failure('validation', { file: 'campaigns.error.kit_type' }));
  const id = newId();
  await db.insert(campaignDocuments).values({ id, campaignId, titleFr: doc.titleFr, titleEn: doc.titleEn, fileName: doc.fileName.replace(/[^\w.-]+/g, '_').slice(0, 120), mediaType: type, size: doc.data.length, content: doc.data });
  return ok({ id });
}

/** An organisation co-signs the campaign; the signature is listed on the campaign page. */
export async function signCampaign(db: Db | Tx, actor: Actor, slug: string, organisationId: string): Promise<Result<void, Failure>> {
  const campaign = await findCampaignBySlug(db, slug);
  if (!campaign) return err(failure('not_found'));
  const ref = await campaignRef(db, campaign.id);
  if (!can(actor, 'sign', ref, organisationId)) return err(failure(ref.signatoryIds.includes(organisationId) ? 'conflict' : 'forbidden'));
  await db.insert(campaignSignatories).values({ campaignId: campaign.id, organisationId, role: 'cosigner', signedBy: actor.userId }).onConflictDoNothing();
  await recordAudit(db, actor, { action: 'campaign.signed', subjectType: 'campaign', subjectId: campaign.id, organisationId, actingForOrganisationId: organisationId });
  return ok(undefined);
}

export async function withdrawSignature(db: Db, actor: Actor, slug: string, organisationId: string): Promise<Result<void, Failure>> {
  const campaign = await findCampaignBySlug(db, slug);
  if (!campaign) return err(failure('not_found'));
  if (!can(actor, 'withdraw_signature', await campaignRef(db, campaign.id), organisationId)) return err(failure('forbidden'));
  await db.delete(campaignSignatories).where(and(eq(campaignSignatories.campaignId, campaign.id), eq(campaignSignatories.organisationId, organisationId)));
  await recordAudit(db, actor, { action: 'campaign.signature_withdrawn', subjectType: 'campaign', subjectId: campaign.id, organisationId, actingForOrganisationId: organisationId });
  return ok(undefined);
}

/**
 * An individual supports the campaign: nothing is shown until the e-mail link is followed. Supporting again
 * with the same address sends a new link (no error that would tell whether the address is known).
 */
export async function supportCampaign(db: Db, slug: string, input: SupportInput, baseUrl: string, locale: 'fr' | 'en'): Promise<Result<void, Failure>> {
  const campaign = await findCampaignBySlug(db, slug);
  if (!campaign) return err(failure('not_found'));
  const confirm = token();
  const erase = token();
  return inTransaction(db, async (tx) => {
    await tx
      .insert(campaignSupporters)
      .values({ id: newId(), campaignId: campaign.id, name: input.name, email: input.email, displayPublicly: input.displayPublicly, confirmTokenHash: hash(confirm), eraseTokenHash: hash(erase) })
      .onConflictDoUpdate({ target: [campaignSupporters.campaignId, campaignSupporters.email], set: { name: input.name, displayPublicly: input.displayPublicly, confirmTokenHash: hash(confirm), eraseTokenHash: hash(erase) } });
    const title = (locale === 'fr' ? campaign.titleFr : campaign.titleEn) ?? campaign.titleFr ?? campaign.titleEn ?? '';
    await queueMail(tx, {
      to: input.email,
      kind: 'campaign.support_confirm',
      subject: `${title} — ${locale === 'fr' ? 'confirmez votre soutien' : 'confirm your support'}`,
      text:
        `${locale === 'fr' ? 'Confirmer' : 'Confirm'}: ${baseUrl}/${locale}/campaigns/${campaign.slug}/confirm/${confirm}\n\n` +
        `${locale === 'fr' ? 'Retirer votre soutien et effacer vos données à tout moment' : 'Withdraw your support and erase your data at any time'}: ${baseUrl}/${locale}/campaigns/${campaign.slug}/erase/${erase}`,
    });
    return ok(undefined);
  });
}

export async function confirmSupport(db: Db, slug: string, confirmToken: string): Promise<Result<void, Failure>> {
  const campaign = await findCampaignBySlug(db, slug);
  if (!campaign) return err(failure('not_found'));
  const updated = await db
    .update(campaignSupporters)
    .set({ confirmedAt: new Date() })
    .where(and(eq(campaignSupporters.campaignId, campaign.id), eq(campaignSupporters.confirmTokenHash, hash(confirmToken)), isNull(campaignSupporters.confirmedAt)))
    .returning({ id: campaignSupporters.id });
  return updated.length ? ok(undefined) : err(failure('not_found'));
}

/** Erases the supporter's row entirely (name and e-mail). */
export async function eraseSupport(db: Db, slug: string, eraseToken: string): Promise<Result<void, Failure>> {
  const campaign = await findCampaignBySlug(db, slug);
  if (!campaign) return err(failure('not_found'));
  const deleted = await db
    .delete(campaignSupporters)
    .where(and(eq(campaignSupporters.campaignId, campaign.id), eq(campaignSupporters.eraseTokenHash, hash(eraseToken))))
    .returning({ id: campaignSupporters.id });
  return deleted.length ? ok(undefined) : err(failure('not_found'));
}

/**
 * The organisers edit the campaign's texts, goals, period, themes, countries and website, and the signatories'
 * roles (organiser or co-signer; at least one organiser stays). One transaction, optimistic version, audited.
 */
export async function updateCampaign(db: Db, actor: Actor, campaignId: string, input: CampaignEditInput): Promise<Result<{ version: number }, Failure>> {
  const campaign = await findCampaignById(db, campaignId);
  if (!campaign) return err(failure('not_found'));
  if (!can(actor, 'edit', await campaignRef(db, campaignId))) return err(failure('forbidden'));
  const signatories = await signatoriesOf(db, campaignId);
  if (Object.keys(input.roles).some((id) => !signatories.some((s) => s.organisationId === id))) return err(failure('validation', { roles: 'validation.choice' }));
  const roleOf = (id: string, current: 'organiser' | 'cosigner') => input.roles[id] ?? current;
  if (!signatories.some((s) => roleOf(s.organisationId, s.role) === 'organiser')) return err(failure('validation', { roles: 'campaigns.error.organiser_required' }));
  return inTransaction(db, async (tx) => {
    const values = {
      titleFr: input.titleFr ?? null,
      titleEn: input.titleEn ?? null,
      summaryFr: input.summaryFr ?? null,
      summaryEn: input.summaryEn ?? null,
      textFr: input.textFr ?? null,
      textEn: input.textEn ?? null,
      goalsFr: input.goalsFr ?? null,
      goalsEn: input.goalsEn ?? null,
      startsOn: input.startsOn,
      endsOn: input.endsOn ?? null,
      themes: [...new Set(input.themes)],
      countries: [...new Set(input.countries)],
      website: input.website ?? null,
    };
    const [row] = await tx
      .update(campaigns)
      .set({ ...values, version: sql`${campaigns.version} + 1` })
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.version, input.version)))
      .returning({ version: campaigns.version });
    if (!row) return err(failure('conflict'));
    await recordAudit(tx, actor, { action: 'campaign.updated', subjectType: 'campaign', subjectId: campaignId, before: { titleFr: campaign.titleFr, startsOn: campaign.startsOn, endsOn: campaign.endsOn }, after: { titleFr: values.titleFr, startsOn: values.startsOn, endsOn: values.endsOn } });
    for (const s of signatories) {
      const role = roleOf(s.organisationId, s.role);
      if (role === s.role) continue;
      await tx.update(campaignSignatories).set({ role }).where(and(eq(campaignSignatories.campaignId, campaignId), eq(campaignSignatories.organisationId, s.organisationId)));
      await recordAudit(tx, actor, { action: 'campaign.signatory_role', subjectType: 'campaign', subjectId: campaignId, organisationId: s.organisationId, before: { role: s.role }, after: { role } });
    }
    return ok({ version: row.version });
  });
}
