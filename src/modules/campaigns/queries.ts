// Reads of campaigns: the list, one campaign with its signatories, public supporters, links and kit.
import { and, asc, count, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { visitor, type Actor } from '../../kernel/actor.ts';
import { findEventById, listAllEvents, type EventRow } from '../events/queries.ts';
import { findNewsById, listNewsForCampaign, listPublishedNews, type NewsRow } from '../news/queries.ts';
import { findOrganisationsByIds, type OrganisationRow } from '../organisations/queries.ts';
import { campaignDocuments, campaignLinks, campaigns, campaignSignatories, campaignSupporters } from './tables.ts';

export type CampaignRow = typeof campaigns.$inferSelect;
export type SignatoryRow = typeof campaignSignatories.$inferSelect;

export async function listCampaigns(db: DbOrTx): Promise<CampaignRow[]> {
  return db.select().from(campaigns).orderBy(desc(campaigns.startsOn));
}

export async function findCampaignBySlug(db: DbOrTx, slug: string): Promise<CampaignRow | undefined> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.slug, slug));
  return row;
}

export async function findCampaignById(db: DbOrTx, id: string): Promise<CampaignRow | undefined> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  return row;
}

export async function signatoriesOf(db: DbOrTx, campaignId: string): Promise<SignatoryRow[]> {
  return db.select().from(campaignSignatories).where(eq(campaignSignatories.campaignId, campaignId)).orderBy(asc(campaignSignatories.signedAt));
}

export async function campaignRef(db: DbOrTx, campaignId: string): Promise<{ organiserIds: string[]; signatoryIds: string[] }> {
  const rows = await signatoriesOf(db, campaignId);
  return { organiserIds: rows.filter((r) => r.role === 'organiser').map((r) => r.organisationId), signatoryIds: rows.map((r) => r.organisationId) };
}

export interface CampaignPage {
  campaign: CampaignRow;
  signatories: (SignatoryRow & { organisation: OrganisationRow })[];
  publicSupporters: string[];
  supporterCount: number;
  /** Links to pages elsewhere (no record of the platform behind them). */
  links: (typeof campaignLinks.$inferSelect)[];
  /** Published news linked to the campaign (by the article, or by the campaign's organisers). */
  news: NewsRow[];
  /** Events linked to the campaign, in date order. */
  events: EventRow[];
  documents: { id: string; titleFr: string | null; titleEn: string | null; fileName: string; mediaType: string; size: number }[];
}

export async function loadCampaignPage(db: DbOrTx, slug: string): Promise<CampaignPage | undefined> {
  const campaign = await findCampaignBySlug(db, slug);
  if (!campaign) return undefined;
  const [signatories, supporters, [counted], links, documents] = await Promise.all([
    signatoriesOf(db, campaign.id),
    db
      .select({ name: campaignSupporters.name })
      .from(campaignSupporters)
      .where(and(eq(campaignSupporters.campaignId, campaign.id), isNotNull(campaignSupporters.confirmedAt), eq(campaignSupporters.displayPublicly, true)))
      .orderBy(asc(campaignSupporters.confirmedAt))
      .limit(500),
    db.select({ n: count() }).from(campaignSupporters).where(and(eq(campaignSupporters.campaignId, campaign.id), isNotNull(campaignSupporters.confirmedAt))),
    db.select().from(campaignLinks).where(eq(campaignLinks.campaignId, campaign.id)).orderBy(asc(campaignLinks.on)),
    db
      .select({ id: campaignDocuments.id, titleFr: campaignDocuments.titleFr, titleEn: campaignDocuments.titleEn, fileName: campaignDocuments.fileName, mediaType: campaignDocuments.mediaType, size: campaignDocuments.size })
      .from(campaignDocuments)
      .where(eq(campaignDocuments.campaignId, campaign.id)),
  ]);
  const orgs = new Map((await findOrganisationsByIds(db, signatories.map((s) => s.organisationId))).map((o) => [o.id, o]));
  const [news, linked] = await Promise.all([listNewsForCampaign(db, campaign.id, 10), linkedRecords(db, links)]);
  return {
    campaign,
    signatories: signatories.flatMap((s) => {
      const organisation = orgs.get(s.organisationId);
      return organisation ? [{ ...s, organisation }] : [];
    }),
    publicSupporters: supporters.map((s) => s.name),
    supporterCount: counted?.n ?? 0,
    links: links.filter((l) => !l.refId),
    news: [...new Map([...news, ...linked.news].map((n) => [n.id, n])).values()].sort((a, b) => (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0)),
    events: linked.events,
    documents,
  };
}

/** The news and events a campaign links to by id: only published news whose date has come, no draft event. */
async function linkedRecords(db: DbOrTx, links: (typeof campaignLinks.$inferSelect)[], now = new Date()): Promise<{ news: NewsRow[]; events: EventRow[] }> {
  const ids = (kind: 'news' | 'event') => links.filter((l) => l.kind === kind && l.refId).map((l) => l.refId!);
  const [news, events] = await Promise.all([Promise.all(ids('news').map((id) => findNewsById(db, id))), Promise.all(ids('event').map((id) => findEventById(db, id)))]);
  return {
    news: news.filter((n): n is NewsRow => !!n && n.status === 'published' && !!n.publishedAt && n.publishedAt <= now),
    events: events.filter((e): e is EventRow => !!e && e.status !== 'draft').sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()),
  };
}

export async function findKitDocument(db: DbOrTx, campaignId: string, id: string) {
  const [row] = await db.select().from(campaignDocuments).where(and(eq(campaignDocuments.campaignId, campaignId), eq(campaignDocuments.id, id)));
  return row;
}

/** Campaigns organised or co-signed by any of these organisations (an alliance page shows its members'). */
export async function campaignsSignedByAny(db: DbOrTx, organisationIds: readonly string[]): Promise<CampaignRow[]> {
  if (organisationIds.length === 0) return [];
  const ids = await db.selectDistinct({ id: campaignSignatories.campaignId }).from(campaignSignatories).where(inArray(campaignSignatories.organisationId, [...organisationIds]));
  if (ids.length === 0) return [];
  return db.select().from(campaigns).where(inArray(campaigns.id, ids.map((r) => r.id))).orderBy(desc(campaigns.startsOn));
}

export async function organisationsActorEdits(db: DbOrTx, actor: Actor): Promise<OrganisationRow[]> {
  const ids = [...actor.memberships.entries()].filter(([, role]) => role !== 'member').map(([id]) => id);
  return findOrganisationsByIds(db, ids);
}

/** What the demo links its campaigns to: published news and events, found by the start of their French title. */
export async function findPublishedByTitle(db: DbOrTx, kind: 'news' | 'event', titleStart: string): Promise<string | undefined> {
  const rows: { id: string; titleFr: string | null }[] = kind === 'news' ? await listPublishedNews(db, {}, 200) : await listAllEvents(db, visitor, {}, {}, 500);
  return rows.find((r) => r.titleFr?.startsWith(titleStart))?.id;
}
