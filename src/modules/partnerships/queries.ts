// Reads of cooperation records: offers and needs, requests and their messages, partners, joint projects, matches.
import { and, asc, count, desc, eq, gte, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { isPlatformAdmin, visitor, type Actor } from '../../kernel/actor.ts';
import { findOrganisationById, findOrganisationBySlug, findOrganisationsByIds, listOrganisationsForExport, type OrganisationRow } from '../organisations/queries.ts';
import { findProjectBySlug, type ProjectRow } from '../projects/queries.ts';
import { rankCandidates, type Candidate, type Match, type Seeker } from './matching.ts';
import { cooperationNeeds, cooperationOffers, jointProjectParticipants, jointProjects, partnershipMessages, partnershipRequests } from './tables.ts';

export type OfferRow = typeof cooperationOffers.$inferSelect;
export type NeedRow = typeof cooperationNeeds.$inferSelect;
export type RequestRow = typeof partnershipRequests.$inferSelect;
export type MessageRow = typeof partnershipMessages.$inferSelect;
export type JointProjectRow = typeof jointProjects.$inferSelect;
export type ParticipantRow = typeof jointProjectParticipants.$inferSelect;

export async function findOffer(db: DbOrTx, organisationId: string): Promise<OfferRow | undefined> {
  const [row] = await db.select().from(cooperationOffers).where(eq(cooperationOffers.organisationId, organisationId));
  return row;
}

export async function listNeeds(db: DbOrTx, organisationId: string, openOnly = true): Promise<NeedRow[]> {
  return db
    .select()
    .from(cooperationNeeds)
    .where(and(eq(cooperationNeeds.organisationId, organisationId), openOnly ? eq(cooperationNeeds.status, 'open') : undefined))
    .orderBy(asc(cooperationNeeds.createdAt));
}

export async function findNeed(db: DbOrTx, id: string): Promise<NeedRow | undefined> {
  const [row] = await db.select().from(cooperationNeeds).where(eq(cooperationNeeds.id, id));
  return row;
}

export async function findRequest(db: DbOrTx, id: string): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(partnershipRequests).where(eq(partnershipRequests.id, id));
  return row;
}

/** Requests received or sent by these organisations, newest first. */
export async function listRequestsOf(db: DbOrTx, organisationIds: readonly string[]): Promise<RequestRow[]> {
  if (organisationIds.length === 0) return [];
  const ids = [...organisationIds];
  return db
    .select()
    .from(partnershipRequests)
    .where(or(inArray(partnershipRequests.toOrganisationId, ids), inArray(partnershipRequests.fromOrganisationId, ids)))
    .orderBy(desc(partnershipRequests.createdAt))
    .limit(500);
}

export async function listMessages(db: DbOrTx, requestId: string): Promise<MessageRow[]> {
  return db.select().from(partnershipMessages).where(eq(partnershipMessages.requestId, requestId)).orderBy(asc(partnershipMessages.createdAt));
}

export interface Partner {
  requestId: string;
  organisation: OrganisationRow;
  since: Date;
}

/** Accepted partnerships of an organisation (shown on its page), with the partner organisation. */
export async function partnersOf(db: DbOrTx, organisationId: string): Promise<Partner[]> {
  const rows = await db
    .select()
    .from(partnershipRequests)
    .where(
      and(
        eq(partnershipRequests.status, 'accepted'),
        or(eq(partnershipRequests.toOrganisationId, organisationId), eq(partnershipRequests.fromOrganisationId, organisationId)),
      ),
    );
  const partnerIds = rows.map((r) => (r.toOrganisationId === organisationId ? r.fromOrganisationId : r.toOrganisationId)).filter((id): id is string => id !== null);
  const orgs = new Map((await findOrganisationsByIds(db, partnerIds)).map((o) => [o.id, o]));
  return rows
    .map((r) => {
      const other = r.toOrganisationId === organisationId ? r.fromOrganisationId : r.toOrganisationId;
      const organisation = other ? orgs.get(other) : undefined;
      return organisation && organisation.status === 'active' ? { requestId: r.id, organisation, since: r.decidedAt ?? r.createdAt } : null;
    })
    .filter((p): p is Partner => p !== null);
}

export interface JointProjectView {
  project: JointProjectRow;
  participants: (ParticipantRow & { organisation: OrganisationRow | undefined })[];
}

async function withParticipants(db: DbOrTx, projects: JointProjectRow[]): Promise<JointProjectView[]> {
  if (projects.length === 0) return [];
  const parts = await db
    .select()
    .from(jointProjectParticipants)
    .where(inArray(jointProjectParticipants.jointProjectId, projects.map((p) => p.id)))
    .orderBy(desc(jointProjectParticipants.sharePercent));
  const orgs = new Map((await findOrganisationsByIds(db, [...new Set(parts.map((p) => p.organisationId))])).map((o) => [o.id, o]));
  return projects.map((project) => ({
    project,
    participants: parts.filter((p) => p.jointProjectId === project.id).map((p) => ({ ...p, organisation: orgs.get(p.organisationId) })),
  }));
}

export async function findJointProject(db: DbOrTx, id: string): Promise<JointProjectView | undefined> {
  const [row] = await db.select().from(jointProjects).where(eq(jointProjects.id, id));
  return row ? (await withParticipants(db, [row]))[0] : undefined;
}

/** Joint projects in which at least `minimum` of these organisations take part. */
export async function jointProjectsOfAny(db: DbOrTx, organisationIds: readonly string[], minimum = 1): Promise<JointProjectView[]> {
  if (organisationIds.length === 0) return [];
  const counted = await db
    .select({ id: jointProjectParticipants.jointProjectId, n: count() })
    .from(jointProjectParticipants)
    .where(inArray(jointProjectParticipants.organisationId, [...organisationIds]))
    .groupBy(jointProjectParticipants.jointProjectId);
  const ids = counted.filter((c) => c.n >= minimum).map((c) => c.id);
  if (ids.length === 0) return [];
  const rows = await db.select().from(jointProjects).where(inArray(jointProjects.id, ids)).orderBy(desc(jointProjects.createdAt));
  return withParticipants(db, rows);
}

export const jointProjectsOf = (db: DbOrTx, organisationId: string) => jointProjectsOfAny(db, [organisationId]);

/** Public-form submissions from one (hashed) address since a moment: the form's rate limit. */
export async function countPublicRequestsSince(db: DbOrTx, ipHash: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(partnershipRequests)
    .where(and(eq(partnershipRequests.senderIpHash, ipHash), gte(partnershipRequests.createdAt, since)));
  return row?.n ?? 0;
}

// Matchmaking ------------------------------------------------------------------------------------------------

async function candidates(db: DbOrTx): Promise<{ orgs: Map<string, OrganisationRow>; list: Candidate[] }> {
  const orgs = await listOrganisationsForExport(db, visitor, { partners: false });
  const [offers, needs] = await Promise.all([
    db.select().from(cooperationOffers),
    db.select().from(cooperationNeeds).where(eq(cooperationNeeds.status, 'open')),
  ]);
  const offerOf = new Map(offers.map((o) => [o.organisationId, o]));
  const needsOf = new Map<string, NeedRow[]>();
  for (const n of needs) needsOf.set(n.organisationId, [...(needsOf.get(n.organisationId) ?? []), n]);
  const list = orgs.map((org): Candidate => {
    const offer = offerOf.get(org.id);
    return {
      organisationId: org.id,
      country: org.country,
      countries: [...org.countries, ...(offer?.countries ?? [])],
      themes: [...org.themes, ...(offer?.themes ?? [])],
      offersSkills: offer?.skills ?? [],
      offersCofinancing: (offer?.cofinancingCents ?? 0) > 0,
      seeksSkills: (needsOf.get(org.id) ?? []).flatMap((n) => n.skills),
      languages: offer?.languages ?? [],
    };
  });
  return { orgs: new Map(orgs.map((o) => [o.id, o])), list };
}

export interface MatchView extends Match {
  organisation: OrganisationRow;
}

function seekerFrom(org: OrganisationRow, offer: OfferRow | undefined, needs: NeedRow[]): Seeker {
  const needCountries = needs.flatMap((n) => n.countries);
  const needThemes = needs.flatMap((n) => n.themes);
  return {
    organisationId: org.id,
    countries: [...new Set([...needCountries, ...org.countries, ...(offer?.countries ?? [])])],
    themes: [...new Set([...needThemes, ...org.themes, ...(offer?.themes ?? [])])],
    seeksSkills: needs.flatMap((n) => n.skills),
    seeksCofunder: needs.some((n) => n.kind === 'cofunder'),
    seeksLocalPartnerIn: needs.filter((n) => n.kind === 'local_partner').flatMap((n) => (n.countries.length ? n.countries : org.countries)),
    offersSkills: offer?.skills ?? [],
    languages: [...new Set([...needs.flatMap((n) => n.languages), ...(offer?.languages ?? [])])],
  };
}

async function rank(db: DbOrTx, seeker: Seeker, limit: number): Promise<MatchView[]> {
  const { orgs, list } = await candidates(db);
  return rankCandidates(seeker, list, limit).flatMap((m) => {
    const organisation = orgs.get(m.organisationId);
    return organisation ? [{ ...m, organisation }] : [];
  });
}

/** Partners proposed to an organisation, from its countries, themes, offer and open needs. */
export async function matchesForOrganisation(db: DbOrTx, organisationId: string, limit = 20): Promise<MatchView[]> {
  const org = await findOrganisationById(db, organisationId);
  if (!org) return [];
  const [offer, needs] = await Promise.all([findOffer(db, organisationId), listNeeds(db, organisationId)]);
  return rank(db, seekerFrom(org, offer, needs), limit);
}

/** Partners proposed for one need: its own countries and themes first (the organisation's when it names none). */
export async function matchesForNeed(db: DbOrTx, needId: string, limit = 20): Promise<MatchView[]> {
  const need = await findNeed(db, needId);
  if (!need) return [];
  const org = await findOrganisationById(db, need.organisationId);
  if (!org) return [];
  const offer = await findOffer(db, org.id);
  const seeker = seekerFrom({ ...org, countries: need.countries.length ? need.countries : org.countries, themes: need.themes.length ? need.themes : org.themes }, undefined, [need]);
  return rank(db, { ...seeker, offersSkills: offer?.skills ?? [] }, limit);
}

/**
 * Organisations proposed for a project: ranked by the countries and themes they share with it (a theme matches
 * its parent and sub-themes), never the reporting organisation nor those already taking part.
 */
export async function matchesForProject(db: DbOrTx, project: ProjectRow, limit = 20): Promise<MatchView[]> {
  const seeker: Seeker = { organisationId: project.organisationId, countries: project.countries, themes: project.themes, seeksSkills: [], seeksCofunder: false, seeksLocalPartnerIn: [], offersSkills: [], languages: [] };
  const taking = new Set([project.organisationId, ...project.partnerIds]);
  return (await rank(db, seeker, limit + taking.size)).filter((m) => !taking.has(m.organisationId)).slice(0, limit);
}

/** A project by its slug (the project's proposed partners page). */
export const projectBySlug = (db: DbOrTx, slug: string): Promise<ProjectRow | undefined> => findProjectBySlug(db, slug);

/** Associations of the territory (head office in France) working in a country and/or a theme: the public search. */
export async function findLocalAssociations(db: DbOrTx, filter: { country?: string | undefined; theme?: string | undefined }): Promise<OrganisationRow[]> {
  if (!filter.country && !filter.theme) return [];
  const rows = await listOrganisationsForExport(db, visitor, { partners: false, country: filter.country, theme: filter.theme }, 200);
  return rows.filter((o) => o.country === 'FR' && o.subtype !== 'local_authority');
}

// Organisations as the cooperation pages need them (pages reach other modules only through this file).

/** An organisation by its slug, when the actor may see it (active, or the actor is a platform administrator). */
export async function visibleOrganisationBySlug(db: DbOrTx, actor: Actor, slug: string): Promise<OrganisationRow | undefined> {
  const org = await findOrganisationBySlug(db, slug);
  return org && (org.status === 'active' || isPlatformAdmin(actor) || actor.memberships.has(org.id)) ? org : undefined;
}

export const organisationsByIds = (db: DbOrTx, ids: readonly string[]): Promise<OrganisationRow[]> => findOrganisationsByIds(db, ids);

/** The organisations the actor may act for (editor or admin), in name order. */
export async function organisationsActorEdits(db: DbOrTx, actor: Actor): Promise<OrganisationRow[]> {
  const ids = [...actor.memberships.entries()].filter(([, role]) => role !== 'member').map(([id]) => id);
  const rows = await findOrganisationsByIds(db, ids);
  return rows.sort((a, b) => (a.nameFr ?? a.nameEn ?? '').localeCompare(b.nameFr ?? b.nameEn ?? ''));
}

/** Every active organisation as select options (joint project participants). */
export async function organisationChoices(db: DbOrTx): Promise<OrganisationRow[]> {
  return listOrganisationsForExport(db, visitor, { partners: false });
}
