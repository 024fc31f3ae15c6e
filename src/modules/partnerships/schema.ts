// Input shapes of the cooperation forms (needs and offers, requests, messages, joint projects, the public form).
import { z } from 'zod';
import { parseMoney } from '../../kernel/money.ts';
import { asArray, cleanText, isChecked } from '../../kernel/validation.ts';
import { isCountryCode } from '../taxonomy/countries.ts';
import { isThemeCode } from '../taxonomy/themes.ts';
import { needKinds, participantRoles } from './tables.ts';

export const skills = ['engineering', 'water_engineering', 'health_care', 'teaching', 'agronomy', 'project_management', 'fundraising', 'advocacy', 'communication', 'accounting', 'construction', 'training'] as const;
export const languages = ['fr', 'en', 'ar', 'es', 'pt', 'wo', 'bm', 'mg'] as const;

const text = (max: number) => z.preprocess(cleanText, z.string().max(max).optional());
const requiredText = (max: number) => z.preprocess((v) => cleanText(v) ?? '', z.string().min(1).max(max));
const codes = <T extends string>(list: readonly T[], max = 50) => z.preprocess(asArray, z.array(z.enum(list as unknown as [T, ...T[]])).max(max));
const countries = z.preprocess(asArray, z.array(z.string().refine(isCountryCode, { params: { key: 'organisations.error.country' } })).max(250));
const themes = z.preprocess(asArray, z.array(z.string().refine(isThemeCode, { params: { key: 'validation.choice' } })).max(50));
const count = z.preprocess((v) => {
  const t = cleanText(v);
  return t === undefined ? undefined : /^\d+$/.test(t) ? Number(t) : t;
}, z.number().int().min(0).max(1_000_000).optional());
const euros = z.preprocess((v) => {
  const t = cleanText(v);
  if (t === undefined) return undefined;
  const cents = parseMoney(t);
  return cents === undefined ? t : cents;
}, z.number().int().min(0).max(100_000_000_000).optional());

export const offerInputSchema = z.object({
  skills: codes(skills),
  countries,
  themes,
  languages: codes(languages),
  volunteers: count,
  cofinancingCents: euros,
  noteFr: text(2000),
  noteEn: text(2000),
});
export type OfferInput = z.output<typeof offerInputSchema>;

export const needInputSchema = z
  .object({
    kind: z.enum(needKinds),
    titleFr: text(200),
    titleEn: text(200),
    descriptionFr: text(4000),
    descriptionEn: text(4000),
    skills: codes(skills),
    countries,
    themes,
    languages: codes(languages),
  })
  .refine((v) => Boolean(v.titleFr || v.titleEn), { path: ['titleFr'], params: { key: 'partnerships.error.title_required' }, when: () => true });
export type NeedInput = z.output<typeof needInputSchema>;

export const requestInputSchema = z.object({
  fromOrganisationId: z.uuid({ message: 'partnerships.error.from' }),
  needId: z.preprocess(cleanText, z.uuid().optional()),
  subject: requiredText(200),
  message: requiredText(5000),
});
export type RequestInput = z.output<typeof requestInputSchema>;

/** The public form of an association abroad. `website` is a honeypot: people never see nor fill it. */
export const publicContactSchema = z.object({
  senderName: requiredText(120),
  senderOrganisation: requiredText(200),
  senderEmail: z.preprocess((v) => cleanText(v) ?? '', z.email().max(254)),
  senderCountry: z.preprocess((v) => cleanText(v)?.toUpperCase() ?? '', z.string().refine(isCountryCode, { params: { key: 'organisations.error.country' } })),
  themes,
  subject: requiredText(200),
  message: requiredText(5000),
  consent: z.preprocess((v) => v === true || isChecked(v), z.literal(true, { message: 'partnerships.error.consent' })),
});
export type PublicContactInput = z.output<typeof publicContactSchema>;

export const publicSearchSchema = z.object({
  country: z.preprocess((v) => cleanText(v)?.toUpperCase(), z.string().refine(isCountryCode).optional()),
  theme: z.preprocess(cleanText, z.string().refine(isThemeCode).optional()),
});

export const messageInputSchema = z.object({ body: requiredText(5000) });

export const decisionSchema = z.object({ decision: z.enum(['accept', 'decline', 'withdraw']) });

export const maxParticipants = 6;
/** The closed lists of the forms (pages read them here, not from tables.ts). */
export const needKindOptions = needKinds;
export const participantRoleOptions = participantRoles;

export interface ParticipantInput {
  organisationId: string;
  role: (typeof participantRoles)[number];
  sharePercent: number;
}

const percent = z.preprocess((v) => {
  const t = cleanText(v);
  return t === undefined ? undefined : /^\d{1,3}$/.test(t) ? Number(t) : t;
}, z.number().int().min(0).max(100).optional());

const participantRow = z.object({
  organisationId: z.preprocess(cleanText, z.uuid().optional()),
  role: z.preprocess(cleanText, z.enum(participantRoles).optional()),
  sharePercent: percent,
});

export const jointProjectInputSchema = z
  .object({
    titleFr: text(200),
    titleEn: text(200),
    summaryFr: text(2000),
    summaryEn: text(2000),
    budgetCents: euros,
    projectId: z.preprocess(cleanText, z.uuid().optional()),
    participants: z.array(participantRow).max(maxParticipants),
  })
  .refine((v) => Boolean(v.titleFr || v.titleEn), { path: ['titleFr'], params: { key: 'partnerships.error.title_required' }, when: () => true })
  .transform((v, ctx) => {
    const rows = v.participants.filter((p) => p.organisationId || p.role || p.sharePercent !== undefined);
    const participants: ParticipantInput[] = [];
    for (const row of rows) {
      if (!row.organisationId || !row.role || row.sharePercent === undefined) {
        ctx.addIssue({ code: 'custom', path: ['participants'], params: { key: 'partnerships.error.participant_incomplete' } });
        return z.NEVER;
      }
      participants.push({ organisationId: row.organisationId, role: row.role, sharePercent: row.sharePercent });
    }
    if (participants.length < 2) {
      ctx.addIssue({ code: 'custom', path: ['participants'], params: { key: 'partnerships.error.participants_few' } });
      return z.NEVER;
    }
    if (new Set(participants.map((p) => p.organisationId)).size !== participants.length) {
      ctx.addIssue({ code: 'custom', path: ['participants'], params: { key: 'partnerships.error.participant_twice' } });
      return z.NEVER;
    }
    if (participants.reduce((s, p) => s + p.sharePercent, 0) !== 100) {
      ctx.addIssue({ code: 'custom', path: ['participants'], params: { key: 'partnerships.error.shares_sum' } });
      return z.NEVER;
    }
    return { ...v, participants };
  });
export type JointProjectInput = z.output<typeof jointProjectInputSchema>;

/** Form fields org_1, role_1, share_1 … into rows. */
export function participantRows(fields: Record<string, string | string[]>): { organisationId?: string; role?: string; sharePercent?: string }[] {
  const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);
  return Array.from({ length: maxParticipants }, (_, i) => ({
    organisationId: one(fields[`org_${i + 1}`]),
    role: one(fields[`role_${i + 1}`]),
    sharePercent: one(fields[`share_${i + 1}`]),
  }));
}
