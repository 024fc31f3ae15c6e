// Reads of alliances: members, charter versions, signatures, admissions and votes, and what members do together.
import { and, asc, count, desc, eq, gte, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { isPlatformAdmin, type Actor } from '../../kernel/actor.ts';
import { auditLog } from '../../kernel/tables.ts';
import { campaignsSignedByAny } from '../campaigns/queries.ts';
import { contactsOfUsers } from '../accounts/queries.ts';
import { findOrganisationBySlug, findOrganisationsByIds, listMembers, type OrganisationRow } from '../organisations/queries.ts';
import { listAllEvents, type EventRow } from '../events/queries.ts';
import { listPublishedNews, type NewsRow } from '../news/queries.ts';
import { jointProjectsOfAny } from '../partnerships/queries.ts';
import { findProjectById, projectsOfOrganisation, type ProjectRow } from '../projects/queries.ts';
import { allianceAdmissions, allianceCharters, allianceJointProjects, allianceMembers, allianceProjectLinks, alliances, allianceSignatures, allianceVotes } from './tables.ts';

export type AllianceRow = typeof alliances.$inferSelect;
export type CharterRow = typeof allianceCharters.$inferSelect;
export type AdmissionRow = typeof allianceAdmissions.$inferSelect;
export type SignatureRow = typeof allianceSignatures.$inferSelect;
export type VoteRow = typeof allianceVotes.$inferSelect;

export async function listAlliances(db: DbOrTx): Promise<AllianceRow[]> {
  return db.select().from(alliances).orderBy(asc(alliances.slug));
}

export async function findAllianceBySlug(db: DbOrTx, slug: string): Promise<AllianceRow | undefined> {
  const [row] = await db.select().from(alliances).where(eq(alliances.slug, slug));
  return row;
}

export async function findAllianceById(db: DbOrTx, id: string): Promise<AllianceRow | undefined> {
  const [row] = await db.select().from(alliances).where(eq(alliances.id, id));
  return row;
}

/** Current members (not left). */
export async function memberIdsOf(db: DbOrTx, allianceId: string): Promise<string[]> {
  const rows = await db
    .select({ id: allianceMembers.organisationId })
    .from(allianceMembers)
    .where(and(eq(allianceMembers.allianceId, allianceId), isNull(allianceMembers.leftOn)));
  return rows.map((r) => r.id);
}

export async function currentCharter(db: DbOrTx, allianceId: string): Promise<CharterRow | undefined> {
  const [row] = await db.select().from(allianceCharters).where(eq(allianceCharters.allianceId, allianceId)).orderBy(desc(allianceCharters.version)).limit(1);
  return row;
}

export async function charterVersions(db: DbOrTx, allianceId: string): Promise<CharterRow[]> {
  return db.select().from(allianceCharters).where(eq(allianceCharters.allianceId, allianceId)).orderBy(desc(allianceCharters.version));
}

export async function findAdmission(db: DbOrTx, id: string): Promise<AdmissionRow | undefined> {
  const [row] = await db.select().from(allianceAdmissions).where(eq(allianceAdmissions.id, id));
  return row;
}

export async function votesOf(db: DbOrTx, admissionId: string): Promise<VoteRow[]> {
  return db.select().from(allianceVotes).where(eq(allianceVotes.admissionId, admissionId));
}

export interface AllianceMemberView {
  organisation: OrganisationRow;
  founding: boolean;
  joinedOn: string;
  signatures: SignatureRow[];
}

export interface AlliancePage {
  alliance: AllianceRow;
  charter: CharterRow | undefined;
  versions: CharterRow[];
  members: AllianceMemberView[];
  coordinator: OrganisationRow | undefined;
  admissions: (AdmissionRow & { organisation: OrganisationRow | undefined; votes: VoteRow[] })[];
  jointProjects: Awaited<ReturnType<typeof jointProjectsOfAny>>;
  campaigns: Awaited<ReturnType<typeof campaignsSignedByAny>>;
  /** Joint projects of the alliance itself (project rows) with the member projects linked to them. */
  allianceProjects: AllianceJointProjectView[];
  news: NewsRow[];
  events: EventRow[];
}

/** Everything the alliance page shows. Pending admissions only for the actor's eyes when it may act on them. */
export async function loadAlliancePage(db: DbOrTx, actor: Actor, slug: string): Promise<AlliancePage | undefined> {
  const alliance = await findAllianceBySlug(db, slug);
  if (!alliance) return undefined;
  const [memberRows, signatures, versions, admissions] = await Promise.all([
    db.select().from(allianceMembers).where(and(eq(allianceMembers.allianceId, alliance.id), isNull(allianceMembers.leftOn))).orderBy(asc(allianceMembers.joinedOn)),
    db.select().from(allianceSignatures).where(eq(allianceSignatures.allianceId, alliance.id)).orderBy(asc(allianceSignatures.signedOn)),
    charterVersions(db, alliance.id),
    db.select().from(allianceAdmissions).where(eq(allianceAdmissions.allianceId, alliance.id)).orderBy(desc(allianceAdmissions.createdAt)),
  ]);
  const memberIds = memberRows.map((m) => m.organisationId);
  const orgIds = [...new Set([...memberIds, ...admissions.map((a) => a.organisationId), ...(alliance.coordinatorOrganisationId ? [alliance.coordinatorOrganisationId] : [])])];
  const orgs = new Map((await findOrganisationsByIds(db, orgIds)).map((o) => [o.id, o]));
  const votes = admissions.length ? await db.select().from(allianceVotes).where(inArray(allianceVotes.admissionId, admissions.map((a) => a.id))) : [];
  const [jointProjects, campaigns, allianceProjects, published] = await Promise.all([
    jointProjectsOfAny(db, memberIds, Math.min(2, memberIds.length || 1)),
    campaignsSignedByAny(db, [...memberIds, ...(alliance.organisationId ? [alliance.organisationId] : [])]),
    allianceJointProjectViews(db, actor, alliance.id),
    allianceNewsAndEvents(db, actor, alliance),
  ]);
  return {
    alliance,
    charter: versions[0],
    versions,
    members: memberRows.flatMap((m) => {
      const organisation = orgs.get(m.organisationId);
      return organisation ? [{ organisation, founding: m.founding, joinedOn: m.joinedOn, signatures: signatures.filter((s) => s.organisationId === m.organisationId) }] : [];
    }),
    coordinator: alliance.coordinatorOrganisationId ? orgs.get(alliance.coordinatorOrganisationId) : undefined,
    admissions: admissions.map((a) => ({ ...a, organisation: orgs.get(a.organisationId), votes: votes.filter((v) => v.admissionId === a.id) })),
    jointProjects,
    campaigns,
    allianceProjects,
    news: published.news,
    events: published.events,
  };
}

/** The organisations the actor may act for (editor or admin). */
export async function organisationsActorEdits(db: DbOrTx, actor: Actor): Promise<OrganisationRow[]> {
  const ids = [...actor.memberships.entries()].filter(([, role]) => role !== 'member').map(([id]) => id);
  return findOrganisationsByIds(db, ids);
}

export interface AllianceSummary {
  alliance: AllianceRow;
  charter: CharterRow | undefined;
  memberIds: string[];
  coordinator: OrganisationRow | undefined;
}

/** Every alliance with its charter in force, its current (active) members and its coordinator: the public list. */
export async function allianceSummaries(db: DbOrTx): Promise<AllianceSummary[]> {
  const rows = await listAlliances(db);
  if (rows.length === 0) return [];
  const ids = rows.map((a) => a.id);
  const [members, charters] = await Promise.all([
    db.select().from(allianceMembers).where(and(inArray(allianceMembers.allianceId, ids), isNull(allianceMembers.leftOn))),
    db.select().from(allianceCharters).where(inArray(allianceCharters.allianceId, ids)).orderBy(desc(allianceCharters.version)),
  ]);
  const orgs = new Map((await findOrganisationsByIds(db, [...new Set([...members.map((m) => m.organisationId), ...rows.flatMap((a) => (a.coordinatorOrganisationId ? [a.coordinatorOrganisationId] : []))])])).map((o) => [o.id, o]));
  return rows.map((alliance) => ({
    alliance,
    charter: charters.find((c) => c.allianceId === alliance.id),
    memberIds: members.filter((m) => m.allianceId === alliance.id && orgs.get(m.organisationId)?.status === 'active').map((m) => m.organisationId),
    coordinator: alliance.coordinatorOrganisationId ? orgs.get(alliance.coordinatorOrganisationId) : undefined,
  }));
}

export async function organisationIdBySlug(db: DbOrTx, slug: string): Promise<string | undefined> {
  return (await findOrganisationBySlug(db, slug))?.id;
}

// ─── Joint projects of the alliance, news and events, administration ─────────────────────────────────────

/** A project the actor may see: published, or a draft of one of its organisations (administrators see all). */
const mayView = (actor: Actor, p: ProjectRow): boolean => p.publication === 'published' || isPlatformAdmin(actor) || actor.memberships.has(p.organisationId);

async function visibleProjects(db: DbOrTx, actor: Actor, ids: readonly string[]): Promise<ProjectRow[]> {
  const rows = await Promise.all([...new Set(ids)].map((id) => findProjectById(db, id)));
  return rows.filter((p): p is ProjectRow => !!p && mayView(actor, p));
}

export interface AllianceJointProjectView {
  project: ProjectRow;
  lead: OrganisationRow | undefined;
  /** The member organisations' own projects linked to it (visible ones). */
  linked: (ProjectRow & { organisation: OrganisationRow | undefined })[];
}

/** The alliance's joint projects (project rows) with the member projects linked to each. */
export async function allianceJointProjectViews(db: DbOrTx, actor: Actor, allianceId: string): Promise<AllianceJointProjectView[]> {
  const [joint, links] = await Promise.all([
    db.select().from(allianceJointProjects).where(eq(allianceJointProjects.allianceId, allianceId)).orderBy(asc(allianceJointProjects.createdAt)),
    db.select().from(allianceProjectLinks).where(eq(allianceProjectLinks.allianceId, allianceId)).orderBy(asc(allianceProjectLinks.createdAt)),
  ]);
  const projects = new Map((await visibleProjects(db, actor, [...joint.map((j) => j.projectId), ...links.map((l) => l.memberProjectId)])).map((p) => [p.id, p]));
  const orgs = new Map((await findOrganisationsByIds(db, [...new Set([...projects.values()].map((p) => p.organisationId))])).map((o) => [o.id, o]));
  return joint.flatMap((j) => {
    const project = projects.get(j.projectId);
    if (!project) return [];
    const linked = links.filter((l) => l.jointProjectId === j.projectId).flatMap((l) => {
      const p = projects.get(l.memberProjectId);
      return p ? [{ ...p, organisation: orgs.get(p.organisationId) }] : [];
    });
    return [{ project, lead: orgs.get(project.organisationId), linked }];
  });
}

export interface ProjectAllianceContext {
  /** The project is the joint project of these alliances, with the member projects linked to it. */
  jointOf: { alliance: AllianceRow; linked: (ProjectRow & { organisation: OrganisationRow | undefined })[]; memberIds: string[] }[];
  /** The project is linked to these joint projects. */
  linkedTo: { alliance: AllianceRow; joint: ProjectRow }[];
}

/** How a project takes part in alliances: shown on the project page (the other way round of the alliance page). */
export async function projectAllianceContext(db: DbOrTx, actor: Actor, projectId: string): Promise<ProjectAllianceContext> {
  const [joint, links] = await Promise.all([
    db.select().from(allianceJointProjects).where(eq(allianceJointProjects.projectId, projectId)),
    db.select().from(allianceProjectLinks).where(eq(allianceProjectLinks.memberProjectId, projectId)),
  ]);
  if (joint.length === 0 && links.length === 0) return { jointOf: [], linkedTo: [] };
  const allianceRows = new Map((await Promise.all([...new Set([...joint.map((j) => j.allianceId), ...links.map((l) => l.allianceId)])].map((id) => findAllianceById(db, id)))).filter((a): a is AllianceRow => !!a).map((a) => [a.id, a]));
  const jointOf = await Promise.all(
    joint.flatMap((j) => {
      const alliance = allianceRows.get(j.allianceId);
      return alliance ? [alliance] : [];
    }).map(async (alliance) => {
      const view = (await allianceJointProjectViews(db, actor, alliance.id)).find((v) => v.project.id === projectId);
      return { alliance, linked: view?.linked ?? [], memberIds: await memberIdsOf(db, alliance.id) };
    }),
  );
  const jointRows = new Map((await visibleProjects(db, actor, links.map((l) => l.jointProjectId))).map((p) => [p.id, p]));
  const linkedTo = links.flatMap((l) => {
    const alliance = allianceRows.get(l.allianceId);
    const jointProject = jointRows.get(l.jointProjectId);
    return alliance && jointProject ? [{ alliance, joint: jointProject }] : [];
  });
  return { jointOf, linkedTo };
}

/** Whether a project is a joint project of this alliance. */
export async function isAllianceJointProject(db: DbOrTx, allianceId: string, projectId: string): Promise<boolean> {
  const rows = await db.select({ id: allianceJointProjects.projectId }).from(allianceJointProjects).where(and(eq(allianceJointProjects.allianceId, allianceId), eq(allianceJointProjects.projectId, projectId)));
  return rows.length > 0;
}

/** Projects of the member organisations the actor edits, which it may link to a joint project. */
export async function linkableProjects(db: DbOrTx, actor: Actor, memberIds: readonly string[], editable: (organisationId: string) => boolean): Promise<ProjectRow[]> {
  const mine = memberIds.filter(editable);
  const rows = (await Promise.all(mine.map((id) => projectsOfOrganisation(db, actor, id)))).flat();
  return [...new Map(rows.filter((p) => mine.includes(p.organisationId)).map((p) => [p.id, p])).values()];
}

export const findProject = (db: DbOrTx, id: string): Promise<ProjectRow | undefined> => findProjectById(db, id);

/** News the alliance signs (through its own directory entry), newest first; and its upcoming events. */
export async function allianceNewsAndEvents(db: DbOrTx, actor: Actor, alliance: AllianceRow, now = new Date()): Promise<{ news: NewsRow[]; events: EventRow[]; own: OrganisationRow | undefined }> {
  if (!alliance.organisationId) return { news: [], events: [], own: undefined };
  const [own] = await findOrganisationsByIds(db, [alliance.organisationId]);
  if (!own) return { news: [], events: [], own: undefined };
  const [news, events] = await Promise.all([listPublishedNews(db, { author: own.slug }, 6), listAllEvents(db, actor, { organiser: own.slug }, { from: now }, 6)]);
  return { news, events, own };
}

/** How many member mailings the alliance sent since a moment (the rate limit reads the audit log). */
export async function countMailingsSince(db: DbOrTx, action: string, subjectId: string, since: Date): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.subjectId, subjectId), gte(auditLog.at, since)));
  return row?.n ?? 0;
}

/** Where a message to the current members goes. */
export const memberContacts = async (db: DbOrTx, allianceId: string) => organisationRecipients(db, await memberIdsOf(db, allianceId));

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


/** Member rows with their role columns (the edit form). */
export async function memberRows(db: DbOrTx, allianceId: string) {
  return db.select().from(allianceMembers).where(and(eq(allianceMembers.allianceId, allianceId), isNull(allianceMembers.leftOn))).orderBy(asc(allianceMembers.joinedOn));
}
