// Input and output shapes of projects: the main form, each repeated part (countries, sectors, budgets…),
// the list filters (shared by the page, the map, the API and the CSV export) and the help-offer form.
import { z } from 'zod';
import { parseMoney } from '../../kernel/money.ts';
import { asArray, cleanText, isChecked } from '../../kernel/validation.ts';
import { isCountryCode } from '../taxonomy/countries.ts';
import { isThemeCode } from '../taxonomy/themes.ts';
import {
  activityStatuses,
  budgetStatuses,
  budgetTypes,
  currencies,
  dacRegions,
  documentCategories,
  exactnesses,
  helpKinds,
  needKinds,
  indicatorMeasures,
  participantRoles,
  resultTypes,
  sdgGoals,
  transactionTypes,
} from './codes.ts';

const text = (max: number) => z.preprocess(cleanText, z.string().max(max).optional());
const required = (max: number) => z.preprocess(cleanText, z.string().min(1).max(max));
const flag = z.preprocess((v) => v === true || isChecked(v), z.boolean());
const dateString = () =>
  z
    .string({ error: 'validation.required' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'projects.error.date' })
    .refine((v) => !Number.isNaN(Date.parse(v)) && v >= '1950-01-01' && v <= '2100-12-31', { message: 'projects.error.date' });
const isoDate = z.preprocess(cleanText, dateString().optional());
const requiredDate = z.preprocess(cleanText, dateString());
const percentage = z.preprocess(
  (v) => {
    const t = cleanText(v);
    if (t === undefined) return undefined;
    const n = Number(t.replace(',', '.').replace(/\s*%$/, ''));
    return Number.isFinite(n) ? n : t;
  },
  z.number({ error: 'projects.error.percentage' }).min(0, { message: 'projects.error.percentage' }).max(100, { message: 'projects.error.percentage' }).optional(),
);
const money = z.preprocess(
  (v) => {
    const t = cleanText(v);
    if (t === undefined) return undefined;
    if (typeof v === 'number') return Math.round(v * 100);
    return parseMoney(t) ?? t;
  },
  z.number({ error: 'projects.error.amount' }).int().min(0).max(Number.MAX_SAFE_INTEGER),
);
const optionalMoney = z.preprocess((v) => (cleanText(v) === undefined ? undefined : v), money.optional());
const code = <T extends readonly [string, ...string[]]>(values: T) => z.preprocess(cleanText, z.enum(values));
const coordinate = (max: number) =>
  z.preprocess(
    (v) => {
      const t = cleanText(v);
      if (t === undefined) return undefined;
      const n = Number(t.replace(',', '.'));
      return Number.isFinite(n) ? n : t;
    },
    z.number({ error: 'projects.error.coordinate' }).min(-max, { message: 'projects.error.coordinate' }).max(max, { message: 'projects.error.coordinate' }),
  );
const uuidOrNone = z.preprocess(cleanText, z.uuid().optional());

export const projectInputSchema = z
  .object({
    titleFr: text(300),
    titleEn: text(300),
    descriptionFr: text(20_000),
    descriptionEn: text(20_000),
    objectivesFr: text(10_000),
    objectivesEn: text(10_000),
    targetGroupsFr: text(10_000),
    targetGroupsEn: text(10_000),
    activityStatus: code(activityStatuses),
    plannedStart: isoDate,
    actualStart: isoDate,
    plannedEnd: isoDate,
    actualEnd: isoDate,
    humanitarian: flag,
    defaultCurrency: z.preprocess((v) => cleanText(v) ?? 'EUR', z.enum(currencies)),
    sdgs: z.preprocess(asArray, z.array(z.enum(sdgGoals as [string, ...string[]])).max(17)),
  })
  .refine((v) => Boolean(v.titleFr || v.titleEn), { path: ['titleFr'], message: 'projects.error.title_required', when: () => true })
  .refine((v) => !v.plannedStart || !v.plannedEnd || v.plannedStart <= v.plannedEnd, { path: ['plannedEnd'], message: 'projects.error.end_before_start', when: () => true })
  .refine((v) => !v.actualStart || !v.actualEnd || v.actualStart <= v.actualEnd, { path: ['actualEnd'], message: 'projects.error.end_before_start', when: () => true });
export type ProjectInput = z.output<typeof projectInputSchema>;

export const versionSchema = z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), z.number().int().min(1).max(2_147_483_647));

// ── Repeated parts: one schema per kind of row ──────────────────────────────────────────────────────────
export const sectionSchemas = {
  countries: z.object({ code: z.preprocess((v) => cleanText(v)?.toUpperCase(), z.string().refine(isCountryCode, { message: 'projects.error.country' })), percentage }),
  regions: z.object({ code: code(dacRegions), percentage }),
  sectors: z.object({ theme: z.preprocess(cleanText, z.string().refine(isThemeCode, { message: 'validation.choice' })), code: z.preprocess(cleanText, z.string().regex(/^\d{5}$/, { message: 'projects.error.dac' }).optional()), percentage }),
  participants: z
    .object({
      role: code(participantRoles),
      organisationId: uuidOrNone,
      name: text(300),
      ref: z.preprocess(cleanText, z.string().max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, { message: 'projects.error.ref' }).optional()),
    })
    .refine((v) => Boolean(v.organisationId || v.name), { path: ['name'], message: 'projects.error.participant_required', when: () => true }),
  locations: z.object({ name: required(200), lat: coordinate(90), lng: coordinate(180), exactness: z.preprocess((v) => cleanText(v) ?? '1', z.enum(exactnesses)) }),
  budgets: z
    .object({ type: code(budgetTypes), status: z.preprocess((v) => cleanText(v) ?? '1', z.enum(budgetStatuses)), periodStart: requiredDate, periodEnd: requiredDate, amount: money, currency: z.preprocess((v) => cleanText(v) ?? 'EUR', z.enum(currencies)) })
    .refine((v) => !v.periodStart || !v.periodEnd || v.periodStart <= v.periodEnd, { path: ['periodEnd'], message: 'projects.error.end_before_start', when: () => true }),
  transactions: z.object({
    type: code(transactionTypes),
    date: requiredDate,
    amount: money,
    currency: z.preprocess((v) => cleanText(v) ?? 'EUR', z.enum(currencies)),
    description: text(500),
    providerOrganisationId: uuidOrNone,
    providerName: text(300),
    receiverOrganisationId: uuidOrNone,
    receiverName: text(300),
  }),
  results: z.object({
    type: code(resultTypes),
    titleFr: text(300),
    titleEn: text(300),
    indicatorTitleFr: text(300),
    indicatorTitleEn: text(300),
    measure: z.preprocess((v) => cleanText(v) ?? '1', z.enum(indicatorMeasures)),
    baselineYear: z.preprocess((v) => { const t = cleanText(v); return t === undefined ? undefined : /^\d{4}$/.test(t) ? Number(t) : t; }, z.number().int().min(1950).max(2100).optional()),
    baseline: text(50),
    periodStart: isoDate,
    periodEnd: isoDate,
    target: text(50),
    actual: text(50),
  }).refine((v) => Boolean(v.titleFr || v.titleEn), { path: ['titleFr'], message: 'projects.error.title_required', when: () => true }),
  documents: z
    .object({ titleFr: text(300), titleEn: text(300), category: code(documentCategories), url: z.preprocess(cleanText, z.url({ protocol: /^https?$/ }).max(1000).optional()) })
    .refine((v) => Boolean(v.titleFr || v.titleEn), { path: ['titleFr'], message: 'projects.error.title_required', when: () => true }),
  updates: z
    .object({ date: requiredDate, titleFr: text(300), titleEn: text(300), bodyFr: text(10_000), bodyEn: text(10_000) })
    .refine((v) => Boolean(v.titleFr || v.titleEn), { path: ['titleFr'], message: 'projects.error.title_required', when: () => true }),
  needs: z.object({ kind: code(needKinds), textFr: text(300), textEn: text(300) }).refine((v) => Boolean(v.textFr || v.textEn), { path: ['textFr'], message: 'projects.error.need_text', when: () => true }),
  photos: z.object({ captionFr: text(300), captionEn: text(300) }),
} as const;
export type SectionKey = keyof typeof sectionSchemas;
export const sectionKeys = Object.keys(sectionSchemas) as SectionKey[];
export type SectionInput<K extends SectionKey> = z.output<(typeof sectionSchemas)[K]>;

// ── Help offers ─────────────────────────────────────────────────────────────────────────────────────────
export const helpOfferSchema = z
  .object({
    kind: code(helpKinds),
    name: required(120),
    email: z.preprocess(cleanText, z.email().max(254)),
    message: required(4000),
    amount: optionalMoney,
    consent: z.preprocess((v) => v === true || isChecked(v), z.literal(true, { error: 'projects.error.consent' })),
    /** Honeypot: people leave it empty. */
    website: z.preprocess(cleanText, z.undefined({ error: 'projects.error.spam' }).optional()),
  })
  .refine((v) => v.kind !== 'financial' || (v.amount !== undefined && v.amount > 0), { path: ['amount'], message: 'projects.error.amount', when: () => true });
export type HelpOfferInput = z.output<typeof helpOfferSchema>;

export const offerAnswerSchema = z.object({ text: required(4000) });

// ── Output (API) ────────────────────────────────────────────────────────────────────────────────────────
const bilingual = z.object({ fr: z.string().nullable(), en: z.string().nullable() });
const share = z.object({ code: z.string(), percentage: z.number().nullable() });
export const projectDetailSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  iatiIdentifier: z.string(),
  title: bilingual,
  organisation: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  status: z.string().describe('IATI ActivityStatus code'),
  countries: z.array(z.string()),
  themes: z.array(z.string()),
  totalBudget: z.number().describe('in cents of the default currency'),
  currency: z.string(),
  url: z.string(),
  description: bilingual,
  objectives: bilingual,
  targetGroups: bilingual,
  dates: z.object({ plannedStart: z.string().nullable(), actualStart: z.string().nullable(), plannedEnd: z.string().nullable(), actualEnd: z.string().nullable() }),
  humanitarian: z.boolean(),
  sdgs: z.array(z.string()),
  recipientCountries: z.array(share),
  recipientRegions: z.array(share),
  sectors: z.array(z.object({ theme: z.string().nullable(), vocabulary: z.string(), code: z.string(), percentage: z.number().nullable() })),
  participants: z.array(z.object({ role: z.string(), name: z.string(), ref: z.string().nullable(), organisationSlug: z.string().nullable() })),
  locations: z.array(z.object({ name: z.string(), lat: z.number().nullable(), lng: z.number().nullable(), exactness: z.string() })),
  budgets: z.array(z.object({ type: z.string(), status: z.string(), periodStart: z.string(), periodEnd: z.string(), amount: z.number(), currency: z.string() })),
  transactions: z.array(z.object({ type: z.string(), date: z.string(), amount: z.number(), currency: z.string(), provider: z.string().nullable(), receiver: z.string().nullable(), description: z.string().nullable() })),
  results: z.array(z.object({ type: z.string(), title: bilingual, indicators: z.array(z.unknown()) })),
  documents: z.array(z.object({ title: bilingual, category: z.string(), url: z.string().nullable() })),
  needs: z.array(z.object({ kind: z.string(), text: bilingual })),
  updates: z.array(z.object({ date: z.string(), title: bilingual, body: bilingual })),
});
