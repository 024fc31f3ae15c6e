// Row → what pages, calendars, the API and exports show. Raw rows never leave the module.
import { intlLocale, pick, type Locale, type Translate } from '../../kernel/i18n.ts';
import { renderRichText, richTextToPlain } from '../../kernel/rich-text.ts';
import { themeLabel } from '../taxonomy/themes.ts';
import type { IcsEvent } from './ical.ts';
import type { EventRow, OrganiserRow, SeriesRow } from './queries.ts';
import type { EventOutput } from './schema.ts';
import { instantToZoned, zonedDay } from './time.ts';

export const eventTitle = (row: Pick<EventRow, 'titleFr' | 'titleEn'>, locale: Locale) => pick({ fr: row.titleFr, en: row.titleEn }, locale);
export const eventDescription = (row: Pick<EventRow, 'descriptionFr' | 'descriptionEn'>, locale: Locale) => pick({ fr: row.descriptionFr, en: row.descriptionEn }, locale);
export const seriesTitle = (row: Pick<SeriesRow, 'titleFr' | 'titleEn'>, locale: Locale) => pick({ fr: row.titleFr, en: row.titleEn }, locale);
export const organiserName = (org: OrganiserRow, locale: Locale): string => pick({ fr: org.nameFr, en: org.nameEn }, locale).text;
export const eventPath = (row: Pick<EventRow, 'slug'>) => `/events/${row.slug}`;

/** "Saturday 14 November 2026, 18:00–21:00 (Europe/Paris)", in the event's own time zone. */
export function eventWhen(row: EventRow, locale: Locale): string {
  const day = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'full', timeZone: row.timeZone });
  const time = new Intl.DateTimeFormat(intlLocale(locale), { timeStyle: 'short', timeZone: row.timeZone });
  const sameDay = zonedDay(row.startsAt, row.timeZone) === zonedDay(row.endsAt, row.timeZone);
  const zone = row.timeZone === 'Europe/Paris' ? '' : ` (${row.timeZone})`;
  return sameDay
    ? `${day.format(row.startsAt)}, ${time.format(row.startsAt)}–${time.format(row.endsAt)}${zone}`
    : `${day.format(row.startsAt)}, ${time.format(row.startsAt)} – ${day.format(row.endsAt)}, ${time.format(row.endsAt)}${zone}`;
}

export const eventPlace = (row: EventRow): string => [row.placeName, row.address, row.city].filter(Boolean).join(', ');

export function seatsLeft(row: EventRow, confirmed: number): number | null {
  return row.capacity === null ? null : Math.max(0, row.capacity - confirmed);
}

export function presentEvent(row: EventRow, organisers: Map<string, OrganiserRow>, series: SeriesRow | undefined, confirmed: number, locale: Locale, baseUrl: string): EventOutput {
  return {
    id: row.id,
    slug: row.slug,
    title: { fr: row.titleFr, en: row.titleEn },
    descriptionHtml: { fr: row.descriptionFr ? renderRichText(row.descriptionFr) : null, en: row.descriptionEn ? renderRichText(row.descriptionEn) : null },
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    timeZone: row.timeZone,
    place: { name: row.placeName, address: row.address, city: row.city, latitude: row.latitude, longitude: row.longitude },
    onlineUrl: row.onlineUrl,
    organisers: row.organiserIds.flatMap((id) => {
      const org = organisers.get(id);
      return org ? [{ id: org.id, slug: org.slug, name: organiserName(org, locale) }] : [];
    }),
    themes: row.themes,
    series: series ? { slug: series.slug, title: seriesTitle(series, locale).text } : null,
    capacity: row.capacity,
    seatsLeft: seatsLeft(row, confirmed),
    status: row.status,
    url: `${baseUrl}/${locale}${eventPath(row)}`,
    icsUrl: `${baseUrl}/${locale}${eventPath(row)}/event.ics`,
  };
}

export function icsEvent(row: EventRow, organisers: Map<string, OrganiserRow>, locale: Locale, baseUrl: string, host: string): IcsEvent {
  const names = row.organiserIds.map((id) => organisers.get(id)).filter((o): o is OrganiserRow => !!o).map((o) => organiserName(o, locale));
  const description = [richTextToPlain(eventDescription(row, locale).text), names.length ? names.join(', ') : '', row.onlineUrl ?? ''].filter(Boolean).join('\n\n');
  return {
    uid: `${row.id}@${host}`,
    title: eventTitle(row, locale).text,
    description,
    start: row.startsAt,
    end: row.endsAt,
    location: eventPlace(row) || row.onlineUrl || undefined,
    geo: row.latitude !== null && row.longitude !== null ? { lat: row.latitude, lng: row.longitude } : undefined,
    url: `${baseUrl}/${locale}${eventPath(row)}`,
    cancelled: row.status === 'cancelled',
    updated: row.updatedAt,
  };
}

export const csvHeader = (t: Translate): string[] => ['title', 'start', 'end', 'time_zone', 'place', 'online', 'organisers', 'themes', 'capacity', 'seats_left', 'status', 'url'].map((k) => t(`events.csv.${k}`));

export function csvRow(row: EventRow, organisers: Map<string, OrganiserRow>, confirmed: number, locale: Locale, baseUrl: string, t: Translate): (string | number | null)[] {
  return [
    eventTitle(row, locale).text,
    instantToZoned(row.startsAt, row.timeZone).replace('T', ' '),
    instantToZoned(row.endsAt, row.timeZone).replace('T', ' '),
    row.timeZone,
    eventPlace(row),
    row.onlineUrl,
    row.organiserIds.map((id) => organisers.get(id)).filter((o): o is OrganiserRow => !!o).map((o) => organiserName(o, locale)).join(', '),
    row.themes.map((c) => themeLabel(c, locale)).join(', '),
    row.capacity,
    seatsLeft(row, confirmed),
    t(`events.status.${row.status}`),
    `${baseUrl}/${locale}${eventPath(row)}`,
  ];
}

type Values = Record<string, string | string[]>;
export function formValues(row: EventRow): Values {
  return {
    version: String(row.version),
    titleFr: row.titleFr ?? '',
    titleEn: row.titleEn ?? '',
    descriptionFr: row.descriptionFr ?? '',
    descriptionEn: row.descriptionEn ?? '',
    startsAt: instantToZoned(row.startsAt, row.timeZone),
    endsAt: instantToZoned(row.endsAt, row.timeZone),
    timeZone: row.timeZone,
    placeName: row.placeName ?? '',
    address: row.address ?? '',
    city: row.city ?? '',
    latitude: row.latitude === null ? '' : String(row.latitude),
    longitude: row.longitude === null ? '' : String(row.longitude),
    onlineUrl: row.onlineUrl ?? '',
    organiserIds: row.organiserIds,
    themes: row.themes,
    capacity: row.capacity === null ? '' : String(row.capacity),
    seriesId: row.seriesId ?? '',
    status: row.status,
  };
}
