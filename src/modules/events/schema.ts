// Input and output shapes of events, series and registrations. Form posts and JSON both go through these.
import { z } from 'zod';
import { isUuid } from '../../kernel/ids.ts';
import { asArray, cleanText } from '../../kernel/validation.ts';
import { isThemeCode } from '../taxonomy/themes.ts';
import { isTimeZone } from './time.ts';

const text = (max: number) => z.preprocess(cleanText, z.string().max(max).optional());
const localDateTime = z.preprocess(cleanText, z.string({ message: 'validation.required' }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: 'events.error.datetime' }));
const coordinate = (min: number, max: number) =>
  z.preprocess((v) => {
    const t = cleanText(v);
    return t === undefined ? undefined : /^-?\d{1,3}(\.\d{1,10})?$/.test(t.replace(',', '.')) ? Number(t.replace(',', '.')) : t;
  }, z.number({ message: 'events.error.coordinate' }).min(min, { message: 'events.error.coordinate' }).max(max, { message: 'events.error.coordinate' }).optional());

export const eventStatuses = ['draft', 'published', 'cancelled'] as const;

export const eventInputSchema = z
  .object({
    titleFr: text(250),
    titleEn: text(250),
    descriptionFr: text(20_000),
    descriptionEn: text(20_000),
    startsAt: localDateTime,
    endsAt: localDateTime,
    timeZone: z.preprocess((v) => cleanText(v) ?? 'Europe/Paris', z.string().max(64).refine(isTimeZone, { message: 'events.error.time_zone' })),
    placeName: text(200),
    address: text(300),
    city: text(120),
    latitude: coordinate(-90, 90),
    longitude: coordinate(-180, 180),
    onlineUrl: z.preprocess(cleanText, z.url({ protocol: /^https?$/ }).max(500).optional()),
    organiserIds: z.preprocess(asArray, z.array(z.string().refine(isUuid, { message: 'validation.choice' })).min(1, { message: 'events.error.organiser_required' }).max(20)),
    themes: z.preprocess(asArray, z.array(z.string().refine(isThemeCode, { message: 'validation.choice' })).max(50)),
    capacity: z.preprocess((v) => {
      const t = cleanText(v);
      return t === undefined ? undefined : /^\d{1,7}$/.test(t) ? Number(t) : t;
    }, z.number({ message: 'validation.invalid' }).int().min(1).max(100_000).optional()),
    seriesId: z.preprocess(cleanText, z.string().refine(isUuid, { message: 'validation.choice' }).optional()),
    status: z.preprocess((v) => cleanText(v) ?? 'published', z.enum(eventStatuses)),
  })
  .refine((v) => Boolean(v.titleFr || v.titleEn), { path: ['titleFr'], message: 'events.error.title_required', when: () => true })
  .refine((v) => Boolean(v.address || v.city || v.onlineUrl), { path: ['address'], message: 'events.error.place_required', when: () => true })
  .refine((v) => (v.latitude === undefined) === (v.longitude === undefined), { path: ['latitude'], message: 'events.error.coordinate', when: () => true })
  .refine((v) => typeof v.startsAt !== 'string' || typeof v.endsAt !== 'string' || v.endsAt >= v.startsAt, { path: ['endsAt'], message: 'events.error.end_before_start', when: () => true });
export type EventInput = z.output<typeof eventInputSchema>;

export const registrationInputSchema = z.object({
  name: z.preprocess(cleanText, z.string({ message: 'validation.required' }).min(1).max(120)),
  email: z.preprocess((v) => cleanText(v)?.toLowerCase(), z.email({ message: 'validation.email' }).max(254)),
});
export type RegistrationInput = z.output<typeof registrationInputSchema>;

export const versionSchema = z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), z.number().int().min(1).max(2_147_483_647));

const slugLike = z.preprocess(cleanText, z.string().max(120).regex(/^[a-z0-9-]+$/, { message: 'validation.choice' }).optional());
const day = z.preprocess(cleanText, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'events.error.date' }).refine((d) => !Number.isNaN(Date.parse(d)), { message: 'events.error.date' }).optional());
const positiveInt = (fallback: number, max: number) =>
  z.preprocess((v) => (v === undefined || v === '' ? fallback : typeof v === 'string' && /^\d{1,7}$/.test(v) ? Number(v) : v), z.number().int().min(1).max(max));

/** Calendar filters. Pages drop invalid values; the API refuses them (400). */
export const eventFilterSchema = z.object({
  theme: z.preprocess(cleanText, z.string().refine(isThemeCode, { message: 'validation.choice' }).optional()),
  /** Slug of an organiser. */
  organiser: slugLike,
  /** Slug of a series. */
  series: slugLike,
  from: day,
  to: day,
  view: z.preprocess(cleanText, z.enum(['list', 'month', 'map']).optional()),
  month: z.preprocess(cleanText, z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'events.error.date' }).optional()),
  page: positiveInt(1, 100_000),
  pageSize: positiveInt(30, 200),
});
export type EventFilter = z.output<typeof eventFilterSchema>;

const bilingual = z.object({ fr: z.string().nullable(), en: z.string().nullable() });
export const eventOutputSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: bilingual,
  descriptionHtml: bilingual.describe('the description rendered to safe HTML'),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  place: z.object({ name: z.string().nullable(), address: z.string().nullable(), city: z.string().nullable(), latitude: z.number().nullable(), longitude: z.number().nullable() }),
  onlineUrl: z.string().nullable(),
  organisers: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string() })),
  themes: z.array(z.string()),
  series: z.object({ slug: z.string(), title: z.string() }).nullable(),
  capacity: z.number().nullable(),
  seatsLeft: z.number().nullable(),
  status: z.enum(eventStatuses),
  url: z.string(),
  icsUrl: z.string(),
});
export type EventOutput = z.infer<typeof eventOutputSchema>;
export const eventListOutputSchema = z.object({ items: z.array(eventOutputSchema), page: z.number(), pageSize: z.number(), total: z.number() });

/** A recurring series of events (e.g. International Solidarity Week): its own page gathers its events. */
export const seriesInputSchema = z
  .object({
    titleFr: text(250),
    titleEn: text(250),
    descriptionFr: text(5000),
    descriptionEn: text(5000),
    website: z.preprocess(cleanText, z.url({ protocol: /^https?$/, message: 'validation.invalid' }).max(500).optional()),
  })
  .refine((v) => Boolean(v.titleFr || v.titleEn), { path: ['titleFr'], message: 'events.error.title_required', when: () => true });
export type SeriesInput = z.output<typeof seriesInputSchema>;
