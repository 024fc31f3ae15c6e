// Input shapes of the alliance forms: an admission request (one answer per criterion) and a vote or decision.
import { z } from 'zod';
import { asArray, cleanText } from '../../kernel/validation.ts';
import { isCountryCode } from '../taxonomy/countries.ts';
import { isThemeCode } from '../taxonomy/themes.ts';

const requiredText = (max: number) => z.preprocess((v) => cleanText(v) ?? '', z.string().min(1).max(max));

/** Answers arrive as fields answer_0, answer_1… — one per admission criterion of the current charter. */
export function admissionInputSchema(criteriaCount: number) {
  return z.object({
    organisationId: z.uuid({ message: 'alliances.error.organisation' }),
    answers: z.array(requiredText(2000)).length(criteriaCount),
    motivation: z.preprocess(cleanText, z.string().max(4000).optional()),
    signatoryName: requiredText(200),
    signatoryRole: requiredText(200),
    contactEmail: z.preprocess(cleanText, z.email().max(254).optional()),
  });
}
export type AdmissionInput = z.output<ReturnType<typeof admissionInputSchema>>;

export const voteSchema = z.object({ organisationId: z.uuid(), vote: z.enum(['yes', 'no']) });
export const decideSchema = z.object({ decision: z.enum(['accept', 'refuse']) });

// ─── Public API: filters and output shapes ───────────────────────────────────────────────────────────────

const orgRef = z.object({ id: z.string(), slug: z.string(), name: z.string() });
export const allianceFilterSchema = z.object({
  country: z.preprocess((v) => cleanText(v)?.toUpperCase(), z.string().refine(isCountryCode, { message: 'validation.choice' }).optional()),
  member: z.preprocess(cleanText, z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'validation.invalid' }).max(200).optional()),
});
export const allianceSummaryOutputSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  summary: z.string(),
  url: z.string(),
  coordinator: orgRef.nullable(),
  memberCount: z.number().int(),
  countries: z.array(z.string()),
  charterVersion: z.number().int().nullable(),
  decisionRule: z.enum(['member_vote', 'coordinator']).nullable(),
});
export const allianceListOutputSchema = z.object({ items: z.array(allianceSummaryOutputSchema) });
export const allianceOutputSchema = allianceSummaryOutputSchema.extend({
  charter: z
    .object({
      version: z.number().int(),
      adoptedOn: z.string(),
      values: z.string(),
      priorityAreas: z.array(z.string()),
      priorityThemes: z.array(z.object({ code: z.string(), label: z.string() })),
      crossCuttingThemes: z.array(z.object({ code: z.string(), label: z.string() })),
      admissionCriteria: z.array(z.string()),
      decisionRule: z.enum(['member_vote', 'coordinator']),
    })
    .nullable(),
  members: z.array(
    z.object({
      organisation: orgRef,
      founding: z.boolean(),
      joinedOn: z.string(),
      signatures: z.array(z.object({ charterVersion: z.number().int(), signatoryName: z.string(), signatoryRole: z.string(), signedOn: z.string() })),
      signedCurrentCharter: z.boolean(),
    }),
  ),
});

// ─── Charter: a new version (coordinator) and a member's signature ──────────────────────────────────────

/** "Texte français | English text" per line → [{ fr, en }] (the English falls back to the French). */
function bilingualLines(value: unknown): { fr: string; en: string }[] {
  const t = typeof value === 'string' ? value : '';
  return t
    .split(/\r?\n/)
    .map((l) => cleanText(l))
    .filter((l): l is string => !!l)
    .map((l) => {
      const [fr = '', en = ''] = l.split('|').map((c) => c.trim());
      return { fr, en: en || fr };
    });
}
const bilingualList = (min: number) => z.preprocess(bilingualLines, z.array(z.object({ fr: z.string().min(1).max(500), en: z.string().max(500) }), { message: 'alliances.error.lines' }).min(min, { message: 'alliances.error.lines' }).max(30));
const themeList = z.preprocess(asArray, z.array(z.string().refine(isThemeCode, { message: 'validation.choice' })).max(30));

export const charterInputSchema = z.object({
  valuesFr: requiredText(10_000),
  valuesEn: z.preprocess((v) => cleanText(v) ?? '', z.string().max(10_000)),
  priorityAreas: bilingualList(1),
  priorityThemes: themeList,
  crossCuttingThemes: themeList,
  admissionCriteria: bilingualList(1),
  decisionRule: z.enum(['member_vote', 'coordinator'], { message: 'validation.choice' }),
  adoptedOn: z.preprocess(cleanText, z.string({ message: 'validation.required' }).regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'alliances.error.date' }).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { message: 'alliances.error.date' })),
});

export const charterSignSchema = z.object({
  organisationId: z.preprocess(cleanText, z.uuid({ message: 'alliances.error.sign_organisation' })),
  signatoryName: requiredText(200),
  signatoryRole: requiredText(200),
});

// ─── Editing an alliance, mailing its members, joint projects ────────────────────────────────────────────

const optionalText = (max: number) => z.preprocess(cleanText, z.string().max(max).optional());
const isoDay = z.preprocess(
  cleanText,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'alliances.error.date' })
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { message: 'alliances.error.date' })
    .optional(),
);
export const memberRoles = ['founding', 'member', 'leave'] as const;

/** The edit form: texts, date, territories, press contact, coordinator; members' roles arrive as role_<organisation id>. */
export const allianceEditSchema = z
  .object({
    nameFr: optionalText(200),
    nameEn: optionalText(200),
    summaryFr: optionalText(4000),
    summaryEn: optionalText(4000),
    foundedOn: isoDay,
    countries: z.preprocess((v) => asArray(v).flatMap((c) => c.split(/[\s,;]+/)).filter(Boolean).map((c) => c.toUpperCase()), z.array(z.string().refine(isCountryCode, { message: 'validation.choice' })).max(60)),
    regions: z.preprocess(bilingualLines, z.array(z.object({ fr: z.string().min(1).max(200), en: z.string().max(200) })).max(30)),
    pressContactName: optionalText(200),
    pressContactEmail: z.preprocess(cleanText, z.email({ message: 'validation.email' }).max(254).optional()),
    coordinatorOrganisationId: z.preprocess(cleanText, z.uuid({ message: 'validation.choice' })),
    roles: z.record(z.uuid(), z.enum(memberRoles, { message: 'validation.choice' })),
    version: z.preprocess((v) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v), z.number().int().min(1)),
  })
  .refine((v) => Boolean(v.nameFr || v.nameEn), { path: ['nameFr'], message: 'alliances.error.name_required', when: () => true });
export type AllianceEditInput = z.output<typeof allianceEditSchema>;

/** A message from the alliance's (or network's) administrators to every member organisation. */
export const memberMailSchema = z.object({
  subject: requiredText(200),
  body: requiredText(10_000),
});
export type MemberMailInput = z.output<typeof memberMailSchema>;

/** A joint project of the alliance: a new project row led by a member organisation. */
export const jointProjectSchema = z
  .object({
    leadOrganisationId: z.preprocess(cleanText, z.uuid({ message: 'alliances.error.organisation' })),
    titleFr: optionalText(300),
    titleEn: optionalText(300),
    descriptionFr: optionalText(20_000),
    descriptionEn: optionalText(20_000),
  })
  .refine((v) => Boolean(v.titleFr || v.titleEn), { path: ['titleFr'], message: 'alliances.error.title_required', when: () => true });
export type JointProjectInput = z.output<typeof jointProjectSchema>;

export const linkProjectSchema = z.object({ memberProjectId: z.preprocess(cleanText, z.uuid({ message: 'validation.choice' })) });
