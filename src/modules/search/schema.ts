// Filters of the project list (shared by the list page, the map, the JSON API and the CSV export) and the
// output shapes of the list API.
import { z } from 'zod';
import { cleanText, isChecked } from '../../kernel/validation.ts';
import { isCountryCode } from '../taxonomy/countries.ts';
import { isThemeCode } from '../taxonomy/themes.ts';
import { activityStatuses, dacRegions } from '../projects/queries.ts';

// ── List filters (page, map, API, CSV) ──────────────────────────────────────────────────────────────────
const positiveInt = (fallback: number, max: number) =>
  z.preprocess((v) => (v === undefined || v === '' ? fallback : typeof v === 'string' && /^\d{1,7}$/.test(v) ? Number(v) : v), z.number().int().min(1).max(max));

export const projectSorts = ['relevance', 'date', 'budget'] as const;

export const projectFilterSchema = z.object({
  q: z.preprocess(cleanText, z.string().max(200).optional()),
  theme: z.preprocess(cleanText, z.string().refine(isThemeCode, { message: 'validation.choice' }).optional()),
  country: z.preprocess((v) => cleanText(v)?.toUpperCase(), z.string().refine(isCountryCode, { message: 'projects.error.country' }).optional()),
  region: z.preprocess(cleanText, z.enum(dacRegions).optional()),
  status: z.preprocess(cleanText, z.enum(activityStatuses).optional()),
  organisation: z.preprocess(cleanText, z.uuid().optional()),
  kind: z.preprocess(cleanText, z.string().regex(/^\d{2}$/).optional()),
  funder: z.preprocess(cleanText, z.uuid().optional()),
  year: z.preprocess((v) => { const t = cleanText(v); return t === undefined ? undefined : /^\d{4}$/.test(t) ? Number(t) : t; }, z.number().int().min(1950).max(2100).optional()),
  needs: z.preprocess((v) => (v === undefined ? false : v === true || isChecked(v) || v === 'yes'), z.boolean()),
  sort: z.preprocess(cleanText, z.enum(projectSorts).optional()),
  page: positiveInt(1, 100_000),
  pageSize: positiveInt(20, 100),
});
export type ProjectFilter = z.output<typeof projectFilterSchema>;
export const facetNames = ['theme', 'country', 'region', 'status', 'organisation', 'kind', 'funder', 'year', 'needs'] as const;
export type FacetName = (typeof facetNames)[number];

export const mapQuerySchema = z.object({ zoom: z.preprocess((v) => (v === undefined || v === '' ? 1 : typeof v === 'string' && /^\d$/.test(v) ? Number(v) : v), z.number().int().min(1).max(6)) });

const bilingual = z.object({ fr: z.string().nullable(), en: z.string().nullable() });
export const projectSummarySchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  iatiIdentifier: z.string(),
  title: bilingual,
  displayTitle: z.string(),
  organisation: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  status: z.string().describe('IATI ActivityStatus code'),
  statusLabel: z.string(),
  countries: z.array(z.string()),
  regions: z.array(z.string()),
  themes: z.array(z.string()),
  totalBudget: z.number().describe('in cents of the default currency'),
  currency: z.string(),
  startYear: z.number().nullable(),
  endYear: z.number().nullable(),
  needsHelp: z.boolean(),
  url: z.string(),
});
export const projectListOutputSchema = z.object({
  items: z.array(projectSummarySchema),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
  facets: z.record(z.string(), z.array(z.object({ value: z.string(), label: z.string(), count: z.number() }))),
});
