// Reads of events, series and registrations.
import { and, asc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { isPlatformAdmin, type Actor } from '../../kernel/actor.ts';
import { findOrganisationBySlug, findOrganisationsByIds, listOrganisationsForExport, type OrganisationRow } from '../organisations/queries.ts';
import { themeWithDescendants } from '../taxonomy/themes.ts';
import type { EventFilter } from './schema.ts';
import { eventRegistrations, eventSeries, events } from './tables.ts';

export type EventRow = typeof events.$inferSelect;
export type SeriesRow = typeof eventSeries.$inferSelect;
export type RegistrationRow = typeof eventRegistrations.$inferSelect;
export type OrganiserRow = OrganisationRow;

export interface Period {
  from?: Date | undefined;
  to?: Date | undefined;
}

function visibility(actor: Actor): SQL {
  if (isPlatformAdmin(actor)) return sql`true`;
  const editable = actor.secondFactorDone ? [...actor.memberships.entries()].filter(([, role]) => role !== 'member').map(([id]) => id) : [];
  if (editable.length === 0) return sql`${events.status} <> 'draft'`;
  return sql`(${events.status} <> 'draft' or ${events.organiserIds} && array[${sql.join(editable.map((id) => sql`${id}`), sql`, `)}]::uuid[])`;
}

/** Conditions of a calendar filter; null when it names an organiser or series that does not exist. */
async function conditions(db: DbOrTx, actor: Actor, filter: Partial<EventFilter>, period: Period): Promise<SQL[] | null> {
  const where: SQL[] = [visibility(actor)];
  if (period.from) where.push(gte(events.endsAt, period.from));
  if (period.to) where.push(lt(events.startsAt, period.to));
  if (filter.theme) {
    const codes = themeWithDescendants(filter.theme);
    where.push(sql`${events.themes} && array[${sql.join(codes.map((c) => sql`${c}`), sql`, `)}]::text[]`);
  }
  if (filter.organiser) {
    const org = await findOrganisationBySlug(db, filter.organiser);
    if (!org) return null;
    where.push(sql`${events.organiserIds} @> array[${org.id}]::uuid[]`);
  }
  if (filter.series) {
    const series = await findSeriesBySlug(db, filter.series);
    if (!series) return null;
    where.push(eq(events.seriesId, series.id));
  }
  return where;
}

export async function listEvents(db: DbOrTx, actor: Actor, filter: Partial<EventFilter>, period: Period, paging: { page: number; pageSize: number }): Promise<{ items: EventRow[]; total: number }> {
  const where = await conditions(db, actor, filter, period);
  if (!where) return { items: [], total: 0 };
  const [items, [counted]] = await Promise.all([
    db.select().from(events).where(and(...where)).orderBy(asc(events.startsAt), asc(events.slug)).limit(paging.pageSize).offset((paging.page - 1) * paging.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(events).where(and(...where)),
  ]);
  return { items, total: counted?.total ?? 0 };
}

/** Every matching event of a period (calendar grid, feeds, exports), capped. */
export async function listAllEvents(db: DbOrTx, actor: Actor, filter: Partial<EventFilter>, period: Period, cap = 2000): Promise<EventRow[]> {
  const where = await conditions(db, actor, filter, period);
  if (!where) return [];
  return db.select().from(events).where(and(...where)).orderBy(asc(events.startsAt), asc(events.slug)).limit(cap);
}

export async function findEventBySlug(db: DbOrTx, slug: string): Promise<EventRow | undefined> {
  const [row] = await db.select().from(events).where(eq(events.slug, slug));
  return row;
}

export async function findEventById(db: DbOrTx, id: string): Promise<EventRow | undefined> {
  const [row] = await db.select().from(events).where(eq(events.id, id));
  return row;
}

export async function findSeriesBySlug(db: DbOrTx, slug: string): Promise<SeriesRow | undefined> {
  const [row] = await db.select().from(eventSeries).where(eq(eventSeries.slug, slug));
  return row;
}

export async function listSeries(db: DbOrTx): Promise<SeriesRow[]> {
  return db.select().from(eventSeries).orderBy(asc(eventSeries.slug));
}

export async function seriesByIds(db: DbOrTx, ids: readonly (string | null)[]): Promise<Map<string, SeriesRow>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  return new Map((await db.select().from(eventSeries).where(inArray(eventSeries.id, wanted))).map((s) => [s.id, s]));
}

/** The organisers of a set of events, by id. */
export async function organisersOf(db: DbOrTx, rows: readonly EventRow[]): Promise<Map<string, OrganiserRow>> {
  const ids = [...new Set(rows.flatMap((r) => r.organiserIds))];
  return new Map((await findOrganisationsByIds(db, ids)).map((o) => [o.id, o]));
}

export const findOrganiserBySlug = (db: DbOrTx, slug: string): Promise<OrganiserRow | undefined> => findOrganisationBySlug(db, slug);

/** Organisations the actor may name as organisers (all of them for an administrator). */
export async function organiserChoices(db: DbOrTx, actor: Actor): Promise<OrganiserRow[]> {
  if (isPlatformAdmin(actor)) return listOrganisationsForExport(db, actor, { partners: false });
  if (!actor.secondFactorDone) return [];
  return findOrganisationsByIds(db, [...actor.memberships.entries()].filter(([, role]) => role !== 'member').map(([id]) => id));
}

/** Organisations that organise at least one visible event (the calendar's filter). */
export async function organisersWithEvents(db: DbOrTx): Promise<OrganiserRow[]> {
  const rows = await db.selectDistinct({ id: sql<string>`unnest(${events.organiserIds})` }).from(events).where(sql`${events.status} <> 'draft'`);
  return findOrganisationsByIds(db, rows.map((r) => r.id));
}

/** Confirmed and waiting counts per event. */
export async function registrationCounts(db: DbOrTx, eventIds: readonly string[]): Promise<Map<string, { confirmed: number; waiting: number }>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db
    .select({ eventId: eventRegistrations.eventId, status: eventRegistrations.status, n: sql<number>`count(*)::int` })
    .from(eventRegistrations)
    .where(inArray(eventRegistrations.eventId, [...eventIds]))
    .groupBy(eventRegistrations.eventId, eventRegistrations.status);
  const out = new Map<string, { confirmed: number; waiting: number }>();
  for (const id of eventIds) out.set(id, { confirmed: 0, waiting: 0 });
  for (const r of rows) {
    const entry = out.get(r.eventId)!;
    if (r.status === 'confirmed') entry.confirmed = r.n;
    if (r.status === 'waiting') entry.waiting = r.n;
  }
  return out;
}

/** Registrations of an event in order of arrival (organisers' view). */
export async function listRegistrations(db: DbOrTx, eventId: string): Promise<RegistrationRow[]> {
  return db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, eventId)).orderBy(asc(eventRegistrations.seq));
}

export async function findRegistrationByTokenHash(db: DbOrTx, tokenHash: string): Promise<RegistrationRow | undefined> {
  const [row] = await db.select().from(eventRegistrations).where(eq(eventRegistrations.tokenHash, tokenHash));
  return row;
}

/** The next events an organisation organises (its page), visible to the actor. */
export async function upcomingEventsOf(db: DbOrTx, actor: Actor, organisationId: string, from: Date, limit = 6): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(visibility(actor), gte(events.endsAt, from), sql`${events.organiserIds} @> array[${organisationId}]::uuid[]`))
    .orderBy(asc(events.startsAt))
    .limit(limit);
}
