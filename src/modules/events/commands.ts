// Writes to events and registrations. Registration is race-safe: the event row is locked (SELECT … FOR UPDATE)
// for the whole transaction that counts the confirmed seats and inserts the registration, so N people
// registering at once for C seats end with exactly C confirmed and the rest on the waiting list.
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Actor } from '../../kernel/actor.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { failure, type Failure } from '../../kernel/errors.ts';
import { newId, slugify } from '../../kernel/ids.ts';
import { isLocale, pick, type Catalogue, type Locale } from '../../kernel/i18n.ts';
import { queueMail } from '../../kernel/mail.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { findOrganisationsByIds } from '../organisations/queries.ts';
import { can, isOrganiser } from './policy.ts';
import { findEventById, findRegistrationByTokenHash, type EventRow, type RegistrationRow } from './queries.ts';
import type { EventInput, RegistrationInput } from './schema.ts';
import { eventRegistrations, eventSeries, events } from './tables.ts';
import { zonedToInstant } from './time.ts';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

function columns(input: EventInput): Result<Omit<typeof events.$inferInsert, 'id' | 'slug'>, Failure> {
  const startsAt = zonedToInstant(input.startsAt, input.timeZone);
  const endsAt = zonedToInstant(input.endsAt, input.timeZone);
  if (!startsAt) return err(failure('validation', { startsAt: 'events.error.datetime' }));
  if (!endsAt) return err(failure('validation', { endsAt: 'events.error.datetime' }));
  if (endsAt < startsAt) return err(failure('validation', { endsAt: 'events.error.end_before_start' }));
  return ok({
    seriesId: input.seriesId ?? null,
    titleFr: input.titleFr ?? null,
    titleEn: input.titleEn ?? null,
    descriptionFr: input.descriptionFr ?? null,
    descriptionEn: input.descriptionEn ?? null,
    startsAt,
    endsAt,
    timeZone: input.timeZone,
    placeName: input.placeName ?? null,
    address: input.address ?? null,
    city: input.city ?? null,
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    onlineUrl: input.onlineUrl ?? null,
    organiserIds: [...new Set(input.organiserIds.map((s) => s.toLowerCase()))],
    themes: [...new Set(input.themes)],
    capacity: input.capacity ?? null,
    status: input.status,
  });
}

async function uniqueSlug(tx: Tx, table: typeof events | typeof eventSeries, base: string): Promise<string> {
  const taken = await tx
    .select({ slug: table.slug })
    .from(table)
    .where(or(eq(table.slug, base), sql`${table.slug} like ${base + '-%'}`));
  const used = new Set(taken.map((r) => r.slug));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Organisers must exist, and the actor must be allowed to act for at least one of them. */
async function checkOrganisers(db: Db, actor: Actor, ids: string[]): Promise<Failure | null> {
  const found = await findOrganisationsByIds(db, ids);
  if (found.length !== new Set(ids.map((s) => s.toLowerCase())).size) return failure('validation', { organiserIds: 'validation.choice' });
  if (!isOrganiser(actor, ids)) return failure('validation', { organiserIds: 'events.error.organiser_forbidden' });
  return null;
}

export async function createEvent(db: Db, actor: Actor, input: EventInput): Promise<Result<{ id: string; slug: string }, Failure>> {
  if (!can(actor, 'create')) return err(failure('forbidden'));
  const values = columns(input);
  if (!values.ok) return values;
  const refused = await checkOrganisers(db, actor, input.organiserIds);
  if (refused) return err(refused);
  return inTransaction(db, async (tx) => {
    const id = newId();
    const slug = await uniqueSlug(tx, events, slugify(input.titleFr ?? input.titleEn ?? 'event'));
    await tx.insert(events).values({ id, slug, ...values.value });
    await recordAudit(tx, actor, { action: 'event.created', subjectType: 'event', subjectId: id, organisationId: values.value.organiserIds?.[0] ?? null, after: { slug, status: values.value.status } });
    return ok({ id, slug });
  });
}

export async function updateEvent(db: Db, actor: Actor, id: string, expectedVersion: number, input: EventInput, mail?: MailContext): Promise<Result<{ slug: string; version: number }, Failure>> {
  const current = await findEventById(db, id);
  if (!current) return err(failure('not_found'));
  if (!can(actor, 'update', current)) return err(failure('forbidden'));
  const values = columns(input);
  if (!values.ok) return values;
  const refused = await checkOrganisers(db, actor, input.organiserIds);
  if (refused) return err(refused);
  return inTransaction(db, async (tx) => {
    const [row] = await tx
      .update(events)
      .set({ ...values.value, version: sql`${events.version} + 1`, updatedAt: new Date() })
      .where(and(eq(events.id, id), eq(events.version, expectedVersion)))
      .returning({ slug: events.slug, version: events.version });
    if (!row) return err(failure('conflict'));
    if (current.status !== values.value.status) {
      await recordAudit(tx, actor, { action: `event.${values.value.status}`, subjectType: 'event', subjectId: id, organisationId: current.organiserIds[0] ?? null, before: { status: current.status }, after: { status: values.value.status } });
    }
    // More seats: the waiting list moves up.
    await promoteWaiting(tx, id, mail);
    return ok(row);
  });
}

export async function createSeries(db: Db, actor: Actor, input: { titleFr?: string; titleEn?: string; descriptionFr?: string; descriptionEn?: string; website?: string }): Promise<Result<{ id: string; slug: string }, Failure>> {
  if (!can(actor, 'create')) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    const id = newId();
    const slug = await uniqueSlug(tx, eventSeries, slugify(input.titleFr ?? input.titleEn ?? 'series'));
    await tx.insert(eventSeries).values({ id, slug, titleFr: input.titleFr ?? null, titleEn: input.titleEn ?? null, descriptionFr: input.descriptionFr ?? null, descriptionEn: input.descriptionEn ?? null, website: input.website ?? null });
    return ok({ id, slug });
  });
}

// ── Registrations ──────────────────────────────────────────────────────────────────────────────────────────

/** What the registration mails need: the catalogue (mail text in the registrant's language) and the site address. */
export interface MailContext {
  catalogue: Catalogue;
  baseUrl: string;
  siteName: string;
}

function eventWhen(event: EventRow, locale: Locale): string {
  const fmt = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: event.timeZone });
  return `${fmt.format(event.startsAt)} (${event.timeZone})`;
}

function eventWhere(event: EventRow): string {
  return [event.placeName, event.address, event.city, event.onlineUrl].filter(Boolean).join(', ');
}

function mailFor(mail: MailContext, event: EventRow, reg: { name: string; locale: string }, token: string, kind: 'confirmed' | 'waiting' | 'promoted'): { subject: string; text: string } {
  const locale: Locale = isLocale(reg.locale) ? reg.locale : 'fr';
  const t = mail.catalogue.translator(locale);
  const title = pick({ fr: event.titleFr, en: event.titleEn }, locale).text;
  const params = {
    name: reg.name,
    title,
    when: eventWhen(event, locale),
    where: eventWhere(event),
    cancel: `${mail.baseUrl}/${locale}/events/registrations/${token}`,
    ics: `${mail.baseUrl}/${locale}/events/${event.slug}/event.ics`,
    site: mail.siteName,
  };
  return { subject: t(`events.mail.${kind}.subject`, params), text: t(`events.mail.${kind}.text`, params) };
}

/** Locks the event row for the rest of the transaction: registrations of one event are serialised. */
async function lockEvent(tx: Tx, eventId: string): Promise<EventRow | undefined> {
  const [row] = await tx.select().from(events).where(eq(events.id, eventId)).for('update');
  return row;
}

async function confirmedCount(tx: Tx, eventId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, 'confirmed')));
  return row?.n ?? 0;
}

/**
 * Fills free seats from the waiting list, first come first served, and mails each promoted person a new
 * cancellation link (their token is renewed: the old secret is not kept). Runs inside a transaction that
 * holds the event's lock.
 */
async function promoteWaiting(tx: Tx, eventId: string, mail: MailContext | undefined): Promise<RegistrationRow[]> {
  const event = await lockEvent(tx, eventId);
  if (!event || event.capacity === null || event.status !== 'published') return [];
  const free = event.capacity - (await confirmedCount(tx, eventId));
  if (free <= 0) return [];
  const waiting = await tx
    .select()
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, 'waiting')))
    .orderBy(asc(eventRegistrations.seq))
    .limit(free);
  const promoted: RegistrationRow[] = [];
  for (const reg of waiting) {
    const token = randomBytes(24).toString('base64url');
    const [row] = await tx
      .update(eventRegistrations)
      .set({ status: 'confirmed', tokenHash: hashToken(token), updatedAt: new Date() })
      .where(eq(eventRegistrations.id, reg.id))
      .returning();
    if (!row) continue;
    promoted.push(row);
    if (mail) await queueMail(tx, { to: row.email, kind: 'event.promoted', ...mailFor(mail, event, row, token, 'promoted') });
  }
  return promoted;
}

export interface Registered {
  id: string;
  status: 'confirmed' | 'waiting';
  /** The secret of the cancellation link (also sent by mail). */
  token: string;
}

/** `mail` is left out only by the demo seed (demo registrants are not mailed). */
/** `now` decides whether registration is still open (the demo registers as of a fixed day). */
export async function registerForEvent(db: Db, actor: Actor, eventId: string, input: RegistrationInput, locale: Locale, mail: MailContext | undefined, now: Date = new Date()): Promise<Result<Registered, Failure>> {
  try {
    return await inTransaction(db, async (tx) => {
      const event = await lockEvent(tx, eventId);
      if (!event || !can(actor, 'view', event)) return err(failure('not_found'));
      if (!can(actor, 'register', event, now)) return err(failure('conflict', { _form: 'events.error.registration_closed' }));
      const email = input.email.toLowerCase();
      const [already] = await tx
        .select({ id: eventRegistrations.id })
        .from(eventRegistrations)
        .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.email, email), sql`${eventRegistrations.status} <> 'cancelled'`));
      if (already) return err(failure('validation', { email: 'events.error.already_registered' }));
      const status = (await confirmedCount(tx, eventId)) < event.capacity! ? 'confirmed' : 'waiting';
      const token = randomBytes(24).toString('base64url');
      const id = newId();
      await tx.insert(eventRegistrations).values({ id, eventId, name: input.name, email, status, tokenHash: hashToken(token), locale });
      if (mail) await queueMail(tx, { to: email, kind: `event.${status}`, ...mailFor(mail, event, { name: input.name, locale }, token, status) });
      return ok({ id, status, token });
    });
  } catch (error) {
    // Two posts with the same e-mail at once: the partial unique index refuses the second.
    if ((error as { code?: string }).code === '23505' || (error as { cause?: { code?: string } }).cause?.code === '23505') {
      return err(failure('validation', { email: 'events.error.already_registered' }));
    }
    throw error;
  }
}

/** The registrant cancels with the secret of their link; a freed seat goes to the first person waiting. */
export async function cancelRegistration(db: Db, token: string, mail: MailContext): Promise<Result<{ eventId: string; promoted: number }, Failure>> {
  const reg = await findRegistrationByTokenHash(db, hashToken(token));
  if (!reg) return err(failure('not_found'));
  return inTransaction(db, async (tx) => {
    await lockEvent(tx, reg.eventId);
    const [row] = await tx
      .update(eventRegistrations)
      .set({ status: 'cancelled', updatedAt: new Date() })
      .where(and(eq(eventRegistrations.id, reg.id), sql`${eventRegistrations.status} <> 'cancelled'`))
      .returning();
    if (!row) return ok({ eventId: reg.eventId, promoted: 0 });
    const promoted = await promoteWaiting(tx, reg.eventId, mail);
    return ok({ eventId: reg.eventId, promoted: promoted.length });
  });
}

/**
 * Erases a registration (name and e-mail gone, not just cancelled): by the registrant with their link, or by
 * an organiser / administrator. A freed seat goes to the first person waiting.
 */
export async function eraseRegistration(db: Db, actor: Actor, by: { token: string } | { id: string }, mail: MailContext): Promise<Result<{ eventId: string }, Failure>> {
  const reg = 'token' in by ? await findRegistrationByTokenHash(db, hashToken(by.token)) : (await db.select().from(eventRegistrations).where(eq(eventRegistrations.id, by.id)))[0];
  if (!reg) return err(failure('not_found'));
  if ('id' in by) {
    const event = await findEventById(db, reg.eventId);
    if (!event || !can(actor, 'manage_registrations', event)) return err(failure('forbidden'));
  }
  return inTransaction(db, async (tx) => {
    await lockEvent(tx, reg.eventId);
    await tx.delete(eventRegistrations).where(eq(eventRegistrations.id, reg.id));
    if ('id' in by) {
      // The trace says that a registration was erased, never whose.
      await recordAudit(tx, actor, { action: 'event.registration_erased', subjectType: 'event', subjectId: reg.eventId, before: { status: reg.status } });
    }
    await promoteWaiting(tx, reg.eventId, mail);
    return ok({ eventId: reg.eventId });
  });
}
