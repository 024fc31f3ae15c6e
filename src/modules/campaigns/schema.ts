// Input shapes of the campaign forms: signing on for an organisation, and an individual's support.
import { z } from 'zod';
import { asArray, cleanText, isChecked } from '../../kernel/validation.ts';
import { isCountryCode } from '../taxonomy/countries.ts';
import { isThemeCode } from '../taxonomy/themes.ts';

export const signSchema = z.object({ organisationId: z.uuid({ message: 'campaigns.error.organisation' }) });

export const supportSchema = z.object({
  name: z.preprocess((v) => cleanText(v) ?? '', z.string().min(1).max(120)),
  email: z.preprocess((v) => cleanText(v)?.toLowerCase() ?? '', z.email().max(254)),
  displayPublicly: z.preprocess((v) => v === true || isChecked(v), z.boolean()),
});
export type SupportInput = z.output<typeof supportSchema>;

export const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{32,64}$/);

// ─── Public API: filters and output shapes ───────────────────────────────────────────────────────────────

const orgRef = z.object({ id: z.string(), slug: z.string(), name: z.string() });
export const campaignFilterSchema = z.object({
  status: z.preprocess(cleanText, z.enum(['upcoming', 'ongoing', 'past'], { message: 'validation.choice' }).optional()),
  theme: z.preprocess(cleanText, z.string().refine(isThemeCode, { message: 'validation.choice' }).optional()),
  country: z.preprocess((v) => cleanText(v)?.toUpperCase(), z.string().refine(isCountryCode, { message: 'validation.choice' }).optional()),
});
export const campaignSummaryOutputSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  url: z.string(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  status: z.enum(['upcoming', 'ongoing', 'past']),
  themes: z.array(z.string()),
  countries: z.array(z.string()),
  website: z.string().nullable(),
});
export const campaignListOutputSchema = z.object({ items: z.array(campaignSummaryOutputSchema) });
export const campaignOutputSchema = campaignSummaryOutputSchema.extend({
  text: z.string(),
  organisers: z.array(orgRef),
  cosigners: z.array(z.object({ organisation: orgRef, signedAt: z.string() })),
  supporters: z.object({
    count: z.number().int().describe('confirmed individual supporters'),
    publicNames: z.array(z.string()).describe('only the supporters who chose to be shown'),
  }),
  links: z.array(z.object({ kind: z.enum(['event', 'news']), title: z.string(), on: z.string().nullable(), url: z.string().nullable() })),
});

// ─── The edit form (organisers) ──────────────────────────────────────────────────────────────────────────

const optionalText = (max: number) => z.preprocess(cleanText, z.string().max(max).optional());
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'campaigns.error.date' }).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { message: 'campaigns.error.date' });
const codes = (check: (c: string) => boolean, upper: boolean) =>
  z.preprocess((v) => asArray(v).flatMap((c) => c.split(/[\s,;]+/)).filter(Boolean).map((c) => (upper ? c.toUpperCase() : c)), z.array(z.string().refine(check, { message: 'validation.choice' })).max(60));
export const signatoryRoles = ['organiser', 'cosigner'] as const;

/** Signatories' roles arrive as role_<organisation id>; the page gathers them into `roles`. */
export const campaignEditSchema = z
  .object({
    titleFr: optionalText(250),
    titleEn: optionalText(250),
    summaryFr: optionalText(1000),
    summaryEn: optionalText(1000),
    textFr: optionalText(20_000),
    textEn: optionalText(20_000),
    goalsFr: optionalText(4000),
    goalsEn: optionalText(4000),
    startsOn: z.preprocess((v) => cleanText(v) ?? '', day),
    endsOn: z.preprocess(cleanText, day.optional()),
    themes: z.preprocess(asArray, z.array(z.string().refine(isThemeCode, { message: 'validation.choice' })).max(30)),
    countries: codes(isCountryCode, true),
    website: z.preprocess(cleanText, z.url({ protocol: /^https?$/, message: 'validation.invalid' }).max(500).optional()),
    roles: z.record(z.uuid(), z.enum(signatoryRoles, { message: 'validation.choice' })),
    version: z.preprocess((v) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v), z.number().int().min(1)),
  })
  .refine((v) => Boolean(v.titleFr || v.titleEn), { path: ['titleFr'], message: 'campaigns.error.title_required', when: () => true })
  .refine((v) => !v.endsOn || typeof v.startsOn !== 'string' || v.endsOn >= v.startsOn, { path: ['endsOn'], message: 'campaigns.error.end_before_start', when: () => true })
  .refine((v) => Object.values(v.roles).includes('organiser'), { path: ['roles'], message: 'campaigns.error.organiser_required', when: () => true });
export type CampaignEditInput = z.output<typeof campaignEditSchema>;
