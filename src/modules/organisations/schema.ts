// Input and output shapes of the organisation directory. Form posts and JSON both go through these.
import { z } from 'zod';
import { asArray, cleanText, isChecked } from '../../kernel/validation.ts';
import { isCountryCode } from '../taxonomy/countries.ts';
import { isThemeCode } from '../taxonomy/themes.ts';
import { compactIdentifier, isValidIatiOrganisationId, isValidRna, isValidSiret } from './identifiers.ts';
import { iatiOrganisationTypes, subtypes } from './kinds.ts';

const text = (max: number) => z.preprocess(cleanText, z.string().max(max).optional());
const identifier = (check: (v: string) => boolean, key: string) =>
  z.preprocess(
    (v) => {
      const t = cleanText(v);
      return t === undefined ? undefined : compactIdentifier(t);
    },
    z
      .string()
      .max(100)
      .refine(check, { params: { key } })
      .optional(),
  );
const count = z.preprocess((v) => {
  const t = cleanText(v);
  return t === undefined ? undefined : /^\d+$/.test(t) ? Number(t) : t;
}, z.number().int().min(0).max(1_000_000).optional());

export const organisationInputSchema = z
  .object({
    nameFr: text(200),
    nameEn: text(200),
    subtype: z.enum(subtypes),
    kind: z.preprocess(cleanText, z.enum(iatiOrganisationTypes).optional()),
    website: z.preprocess(cleanText, z.url({ protocol: /^https?$/ }).max(500).optional()),
    summaryFr: text(300),
    summaryEn: text(300),
    descriptionFr: text(10_000),
    descriptionEn: text(10_000),
    address: text(300),
    postcode: text(20),
    city: text(120),
    country: z.preprocess((v) => cleanText(v) ?? 'FR', z.string().refine(isCountryCode, { params: { key: 'organisations.error.country' } })),
    countries: z.preprocess(asArray, z.array(z.string().refine(isCountryCode, { params: { key: 'organisations.error.country' } })).max(250)),
    themes: z.preprocess(asArray, z.array(z.string().refine(isThemeCode, { params: { key: 'validation.choice' } })).max(50)),
    siret: identifier(isValidSiret, 'organisations.error.siret'),
    rna: identifier(isValidRna, 'organisations.error.rna'),
    iatiId: identifier(isValidIatiOrganisationId, 'organisations.error.iati_id'),
    lookingForPartners: z.preprocess((v) => v === true || isChecked(v), z.boolean()),
    contactEmail: z.preprocess(cleanText, z.email().max(254).optional()),
    contactPublic: z.preprocess((v) => v === true || isChecked(v), z.boolean()),
    staffCount: count,
    volunteerCount: count,
  })
  // `when` makes the check run even when other fields failed, so every problem is listed at once.
  .refine((value) => Boolean(value.nameFr || value.nameEn), { path: ['nameFr'], params: { key: 'organisations.error.name_required' }, when: () => true });
export type OrganisationInput = z.output<typeof organisationInputSchema>;

/** Editing names the version the form was loaded from, so two concurrent edits cannot overwrite each other. */
export const versionSchema = z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), z.number().int().min(1).max(2_147_483_647));

const yes = z.preprocess((v) => (v === undefined ? false : v === true || isChecked(v) || v === 'yes'), z.boolean());
const positiveInt = (fallback: number, max: number) =>
  z.preprocess((v) => (v === undefined || v === '' ? fallback : typeof v === 'string' && /^\d{1,7}$/.test(v) ? Number(v) : v), z.number().int().min(1).max(max));

/** Directory filters. The JSON API refuses invalid values (400 with the fields); pages drop them. */
export const directoryFilterSchema = z.object({
  q: z.preprocess((v) => cleanText(v), z.string().max(200).optional()),
  subtype: z.preprocess(cleanText, z.enum(subtypes).optional()),
  country: z.preprocess((v) => cleanText(v)?.toUpperCase(), z.string().refine(isCountryCode, { params: { key: 'organisations.error.country' } }).optional()),
  theme: z.preprocess(cleanText, z.string().refine(isThemeCode, { params: { key: 'validation.choice' } }).optional()),
  partners: yes,
  /** Slug of a network (cooperation issue): its current members only. */
  network: z.preprocess(cleanText, z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(100).optional()),
  page: positiveInt(1, 100_000),
  pageSize: positiveInt(24, 100),
});
export type DirectoryFilter = z.output<typeof directoryFilterSchema>;

// Output shapes (the JSON API and the OpenAPI document are built from these).
export const organisationOutputSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.object({ fr: z.string().nullable(), en: z.string().nullable() }),
  displayName: z.string(),
  kind: z.string().describe('IATI OrganisationType code'),
  subtype: z.enum(subtypes),
  website: z.string().nullable(),
  logoUrl: z.string().nullable(),
  summary: z.object({ fr: z.string().nullable(), en: z.string().nullable() }),
  description: z.object({ fr: z.string().nullable(), en: z.string().nullable() }),
  city: z.string().nullable(),
  country: z.string(),
  countries: z.array(z.string()).describe('ISO 3166-1 alpha-2 codes of the countries of action'),
  themes: z.array(z.string()),
  identifiers: z.object({ siret: z.string().nullable(), rna: z.string().nullable(), iati: z.string().nullable() }),
  lookingForPartners: z.boolean(),
  contactEmail: z.string().nullable().describe('only when the organisation made it public'),
  staffCount: z.number().nullable(),
  volunteerCount: z.number().nullable(),
  status: z.enum(['active', 'archived']),
  url: z.string(),
  updatedAt: z.string(),
});
export type OrganisationOutput = z.infer<typeof organisationOutputSchema>;

export const organisationListOutputSchema = z.object({
  items: z.array(organisationOutputSchema),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
});
