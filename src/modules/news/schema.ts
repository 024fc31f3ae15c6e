// Input and output shapes of news and press releases. Form posts and JSON both go through these.
import { z } from 'zod';
import { isUuid } from '../../kernel/ids.ts';
import { asArray, cleanText } from '../../kernel/validation.ts';
import { isCountryCode } from '../taxonomy/countries.ts';
import { isThemeCode } from '../taxonomy/themes.ts';

const text = (max: number) => z.preprocess(cleanText, z.string().max(max).optional());
/** Uuids typed one per line or separated by commas/spaces (or sent as an array). */
const uuidList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/[\s,;]+/).filter((s) => s !== '') : asArray(v)),
  z.array(z.string().refine(isUuid, { params: { key: 'news.error.uuid' } })).max(50),
);
const isoDay = z.preprocess(cleanText, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'news.error.date' }).refine((d) => !Number.isNaN(Date.parse(d)), { params: { key: 'news.error.date' } }).optional());

export const newsTypes = ['news', 'press_release'] as const;
export const authorKinds = ['organisation', 'alliance', 'network', 'campaign', 'platform'] as const;

const email = z.preprocess(cleanText, z.email().max(254).optional());
const phone = z.preprocess(cleanText, z.string().max(40).regex(/^[+0-9 ().-]{4,40}$/, { message: 'news.error.phone' }).optional());
export const contactSlots = [1, 2, 3] as const;

export const newsInputSchema = z
  .object({
    type: z.preprocess((v) => cleanText(v) ?? 'news', z.enum(newsTypes)),
    /** Empty: the platform signs the article. */
    authorOrganisationId: z.preprocess(cleanText, z.string().refine(isUuid, { params: { key: 'validation.choice' } }).optional()),
    authorKind: z.preprocess((v) => cleanText(v) ?? 'organisation', z.enum(authorKinds)),
    titleFr: text(250),
    titleEn: text(250),
    summaryFr: text(500),
    summaryEn: text(500),
    bodyFr: text(50_000),
    bodyEn: text(50_000),
    themes: z.preprocess(asArray, z.array(z.string().refine(isThemeCode, { params: { key: 'validation.choice' } })).max(50)),
    countries: z.preprocess(asArray, z.array(z.string().refine(isCountryCode, { params: { key: 'validation.choice' } })).max(250)),
    projectIds: uuidList,
    campaignIds: uuidList,
    status: z.preprocess((v) => cleanText(v) ?? 'draft', z.enum(['draft', 'published'])),
    publishedOn: isoDay,
    datelinePlace: text(120),
    datelineDate: isoDay,
    contact1Name: text(120),
    contact1Role: text(120),
    contact1Email: email,
    contact1Phone: phone,
    contact2Name: text(120),
    contact2Role: text(120),
    contact2Email: email,
    contact2Phone: phone,
    contact3Name: text(120),
    contact3Role: text(120),
    contact3Email: email,
    contact3Phone: phone,
  })
  .refine((v) => Boolean(v.titleFr || v.titleEn), { path: ['titleFr'], params: { key: 'news.error.title_required' }, when: () => true })
  .refine((v) => v.type !== 'press_release' || Boolean(v.datelinePlace && v.datelineDate), { path: ['datelinePlace'], params: { key: 'news.error.dateline_required' }, when: () => true });
export type NewsInput = z.output<typeof newsInputSchema>;

export const versionSchema = z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), z.number().int().min(1).max(2_147_483_647));

const positiveInt = (fallback: number, max: number) =>
  z.preprocess((v) => (v === undefined || v === '' ? fallback : typeof v === 'string' && /^\d{1,7}$/.test(v) ? Number(v) : v), z.number().int().min(1).max(max));
const slugLike = z.preprocess(cleanText, z.string().max(120).regex(/^[a-z0-9-]+$/, { message: 'validation.choice' }).optional());

/** List and feed filters. Pages drop invalid values; the API refuses them (400). */
export const newsFilterSchema = z.object({
  theme: z.preprocess(cleanText, z.string().refine(isThemeCode, { params: { key: 'validation.choice' } }).optional()),
  country: z.preprocess((v) => cleanText(v)?.toUpperCase(), z.string().refine(isCountryCode, { params: { key: 'validation.choice' } }).optional()),
  /** Slug of the signing organisation. */
  author: slugLike,
  type: z.preprocess(cleanText, z.enum(newsTypes).optional()),
  project: z.preprocess(cleanText, z.string().refine(isUuid, { params: { key: 'news.error.uuid' } }).optional()),
  campaign: z.preprocess(cleanText, z.string().refine(isUuid, { params: { key: 'news.error.uuid' } }).optional()),
  page: positiveInt(1, 100_000),
  pageSize: positiveInt(20, 100),
});
export type NewsFilter = z.output<typeof newsFilterSchema>;

const bilingual = z.object({ fr: z.string().nullable(), en: z.string().nullable() });
export const newsOutputSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  type: z.enum(newsTypes),
  title: bilingual,
  summary: bilingual,
  bodyHtml: bilingual.describe('the body rendered to safe HTML'),
  author: z.object({ kind: z.enum(authorKinds), organisationId: z.string().nullable(), slug: z.string().nullable(), name: z.string().nullable() }),
  themes: z.array(z.string()),
  countries: z.array(z.string()),
  projectIds: z.array(z.string()),
  campaignIds: z.array(z.string()),
  publishedAt: z.string().nullable(),
  dateline: z.object({ place: z.string(), date: z.string() }).nullable(),
  pressContacts: z.array(z.object({ name: z.string(), role: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() })),
  url: z.string(),
});
export type NewsOutput = z.infer<typeof newsOutputSchema>;

export const newsListOutputSchema = z.object({ items: z.array(newsOutputSchema), page: z.number(), pageSize: z.number(), total: z.number() });
