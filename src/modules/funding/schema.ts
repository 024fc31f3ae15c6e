// Input shapes of the funding forms and JSON. Form posts arrive as strings; the preprocessors read amounts
// ("12 500,50 €" → cents), local date-times in the funder's time zone, and one-item-per-line lists.
import { z } from 'zod';
import { isUuid, slugify } from '../../kernel/ids.ts';
import { parseMoney } from '../../kernel/money.ts';
import { asArray, cleanText, isChecked } from '../../kernel/validation.ts';
import { isCountryCode } from '../taxonomy/countries.ts';
import { isThemeCode } from '../taxonomy/themes.ts';
import { localToInstant } from './rules.ts';

const MAX_CENTS = 100_000_000_000; // one billion euros
const text = (max: number) => z.preprocess(cleanText, z.string().max(max).optional());
const requiredText = (max: number) => z.preprocess(cleanText, z.string().min(1).max(max));
const money = z.preprocess((v) => {
  const t = cleanText(v);
  if (t === undefined) return undefined;
  const cents = parseMoney(t);
  return cents === undefined ? t : cents;
}, z.number().int().min(0).max(MAX_CENTS).optional());
const requiredMoney = z.preprocess((v) => {
  const t = cleanText(v);
  if (t === undefined) return undefined;
  return parseMoney(t) ?? t;
}, z.number().int().min(1).max(MAX_CENTS));
const localDateTime = z.preprocess((v) => {
  const t = cleanText(v);
  if (t === undefined) return undefined;
  return localToInstant(t) ?? t;
}, z.date({ message: 'funding.error.datetime' }));
const isoDay = z.preprocess(cleanText, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'funding.error.date' }).refine((s) => !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { message: 'funding.error.date' }));
const countries = z.preprocess(asArray, z.array(z.string().refine(isCountryCode, { message: 'validation.choice' })).max(60));
const themes = z.preprocess(asArray, z.array(z.string().refine(isThemeCode, { message: 'validation.choice' })).max(30));
const uuid = z.preprocess(cleanText, z.string().refine(isUuid, { message: 'validation.choice' }));
const optionalUuid = z.preprocess(cleanText, z.string().refine(isUuid, { message: 'validation.choice' }).optional());
const siret = z.preprocess((v) => cleanText(v)?.replace(/\s/g, ''), z.string().regex(/^\d{14}$/, { message: 'funding.error.siret' }).optional());
const rna = z.preprocess((v) => cleanText(v)?.replace(/\s/g, '').toUpperCase(), z.string().regex(/^W[0-9A-Z]{9}$/, { message: 'funding.error.rna' }).optional());

/** "Label | 1 200 €" per line → [{ label, amountCents }]. */
export function parseAmountLines(value: unknown): { label: string; amountCents: number }[] | string {
  const t = typeof value === 'string' ? value : '';
  const out: { label: string; amountCents: number }[] = [];
  for (const raw of t.split(/\r?\n/)) {
    const line = cleanText(raw);
    if (!line) continue;
    const i = line.lastIndexOf('|');
    if (i < 0) return 'invalid';
    const label = cleanText(line.slice(0, i));
    const cents = parseMoney(line.slice(i + 1).trim());
    if (!label || cents === undefined || label.length > 200) return 'invalid';
    out.push({ label, amountCents: cents });
  }
  return out;
}
const amountLines = z.preprocess(parseAmountLines, z.array(z.object({ label: z.string(), amountCents: z.number().int().min(0).max(MAX_CENTS) }), { message: 'funding.error.amount_lines' }).max(40));

/** "Label FR | Label EN | …" per line → cells. */
function cellsPerLine(value: unknown): string[][] {
  const t = typeof value === 'string' ? value : '';
  return t
    .split(/\r?\n/)
    .map((l) => cleanText(l))
    .filter((l): l is string => !!l)
    .map((l) => l.split('|').map((c) => c.trim()));
}

const criteria = z.preprocess(
  (v) => cellsPerLine(v).map(([fr, en, weight]) => ({ key: slugify(fr ?? '', 40), labelFr: fr ?? '', labelEn: en || fr || '', weight: Number(weight ?? '1') })),
  z.array(z.object({ key: z.string().min(1), labelFr: z.string().min(1).max(200), labelEn: z.string().max(200), weight: z.number().int().min(1).max(100) }), { message: 'funding.error.criteria' }).max(20),
);
const documentsList = z.preprocess(
  (v) => cellsPerLine(v).map(([fr, en]) => ({ key: slugify(fr ?? '', 40), labelFr: fr ?? '', labelEn: en || fr || '' })),
  z.array(z.object({ key: z.string().min(1), labelFr: z.string().min(1).max(200), labelEn: z.string().max(200) })).max(20),
);
const questionsList = z.preprocess(
  (v) => cellsPerLine(v).map(([fr, en, req]) => ({ key: slugify(fr ?? '', 40), labelFr: fr ?? '', labelEn: en || fr || '', required: /^(oui|yes|1|obligatoire|required)$/i.test(req ?? '') })),
  z.array(z.object({ key: z.string().min(1), labelFr: z.string().min(1).max(500), labelEn: z.string().max(500), required: z.boolean() })).max(30),
);
const shares = z.preprocess((v) => {
  const t = cleanText(v);
  if (t === undefined) return [50, 50];
  return t.split(/[\s,;/]+/).filter(Boolean).map(Number);
}, z.array(z.number().int().min(1).max(100)).min(1).max(12));

const uniqueKeys = <T extends { key: string }>(list: T[]) => new Set(list.map((x) => x.key)).size === list.length;

export const callInputSchema = z.object({
  lineId: uuid,
  titleFr: requiredText(200),
  titleEn: text(200),
  textFr: requiredText(20_000),
  textEn: text(20_000),
  opensAt: localDateTime,
  closesAt: localDateTime,
  eligibleSubtypes: z.preprocess(asArray, z.array(z.enum(['student', 'citizen', 'diaspora', 'socio_cultural', 'ngo', 'partner_abroad', 'local_authority', 'network', 'alliance', 'foundation', 'school'])).max(20)),
  countries,
  themes,
  minAmountCents: money,
  maxAmountCents: money,
  coFinancingMinPercent: z.preprocess((v) => {
    const t = cleanText(v);
    return t === undefined ? 0 : /^\d+$/.test(t) ? Number(t) : t;
  }, z.number().int().min(0).max(100)),
  criteria: criteria.refine(uniqueKeys, { message: 'funding.error.criteria' }),
  requiredDocuments: documentsList.refine(uniqueKeys, { message: 'validation.invalid' }),
  questions: questionsList.refine(uniqueKeys, { message: 'validation.invalid' }),
  trancheShares: shares,
  trancheIntervalMonths: z.preprocess((v) => {
    const t = cleanText(v);
    return t === undefined ? 12 : /^\d+$/.test(t) ? Number(t) : t;
  }, z.number().int().min(1).max(36)),
});
export type CallInput = z.output<typeof callInputSchema>;

export const emergencyCallInputSchema = z.object({
  lineId: uuid,
  titleFr: requiredText(200),
  titleEn: text(200),
  textFr: requiredText(5_000),
  textEn: text(5_000),
  kind: z.enum(['disaster', 'conflict']),
  countries: z.preprocess(asArray, z.array(z.string().refine(isCountryCode, { message: 'validation.choice' })).min(1).max(20)),
  glide: z.preprocess((v) => cleanText(v)?.toUpperCase(), z.string().regex(/^[A-Z]{2}-\d{4}-\d{6}-[A-Z]{3}$/, { message: 'funding.error.glide' }).optional()),
  decisionHours: z.preprocess((v) => {
    const t = cleanText(v);
    return t !== undefined && /^\d+$/.test(t) ? Number(t) : t;
  }, z.number().int().min(2).max(720)),
  maxAmountCents: money,
});
export type EmergencyCallInput = z.output<typeof emergencyCallInputSchema>;

export const envelopeInputSchema = z.object({
  funderId: uuid,
  year: z.number().int().min(2000).max(2100),
  nameFr: requiredText(200),
  nameEn: text(200),
  amountCents: z.number().int().min(1).max(MAX_CENTS),
  currency: z.string().regex(/^[A-Z]{3}$/),
  grantorName: requiredText(200),
  grantorSiret: z.string().regex(/^\d{14}$/),
  lines: z.array(z.object({ nameFr: z.string().min(1).max(200), nameEn: z.string().max(200).optional(), earmarkedCents: z.number().int().min(0).max(MAX_CENTS), isEmergency: z.boolean() })).min(1).max(30),
});
export type EnvelopeInput = z.output<typeof envelopeInputSchema>;

export const transferInputSchema = z.object({
  fromLineId: uuid,
  toLineId: uuid,
  amountCents: requiredMoney,
  reason: requiredText(500),
});

/** The application form: answers come as `answer_<key>`, partners as repeated `coApplicantId` / `coApplicantPart`. */
export function applicationFormInput(fields: Record<string, string | string[]>): Record<string, unknown> {
  const answers: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (k.startsWith('answer_') && typeof v === 'string') answers[k.slice(7)] = v;
  const ids = asArray(fields.coApplicantId);
  const parts = Array.isArray(fields.coApplicantPart) ? fields.coApplicantPart : fields.coApplicantPart === undefined ? [] : [fields.coApplicantPart];
  const coApplicants = ids.map((organisationId, i) => ({ organisationId, partCents: parts[i] }));
  return { ...fields, answers, coApplicants };
}

export const applicationInputSchema = z.object({
  title: text(200),
  summary: text(5_000),
  projectId: optionalUuid,
  countries,
  themes,
  requestedCents: money,
  totalBudgetCents: money,
  budgetLines: amountLines,
  otherFunders: z.preprocess(parseAmountLines, z.array(z.object({ name: z.string().optional(), label: z.string(), amountCents: z.number().int().min(0).max(MAX_CENTS) }), { message: 'funding.error.amount_lines' }).max(20)).transform((list) => list.map((l) => ({ name: l.label, amountCents: l.amountCents }))),
  answers: z.record(z.string().max(60), z.preprocess((v) => cleanText(v) ?? '', z.string().max(10_000))).refine((r) => Object.keys(r).length <= 40, { message: 'validation.too_many' }),
  applicantSiret: siret,
  applicantRna: rna,
  coApplicants: z
    .array(z.object({ organisationId: uuid, partCents: requiredMoney }))
    .max(10),
});
export type ApplicationInput = z.output<typeof applicationInputSchema>;

export function reviewFormInput(fields: Record<string, string | string[]>, criterionKeys: readonly string[]): Record<string, unknown> {
  const scores: Record<string, { score: unknown; comment: unknown }> = {};
  for (const key of criterionKeys) {
    const raw = cleanText(fields[`score_${key}`]);
    scores[key] = { score: raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : raw, comment: fields[`comment_${key}`] };
  }
  return { conflict: isChecked(fields.conflict), conflictNote: fields.conflictNote, scores };
}

export const reviewInputSchema = z.object({
  conflict: z.boolean(),
  conflictNote: text(2_000),
  scores: z.record(z.string(), z.object({ score: z.number().int().min(0).max(5).optional().catch(undefined), comment: z.preprocess((v) => cleanText(v) ?? '', z.string().max(5_000)) })),
});
export type ReviewInput = z.output<typeof reviewInputSchema>;

export const transitionInputSchema = z.object({
  action: z.enum(['submit', 'request_completion', 'resubmit', 'declare_eligible', 'declare_ineligible', 'start_review', 'recommend', 'not_recommend', 'reject', 'withdraw', 'start', 'close']),
  version: z.preprocess((v) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v), z.number().int().min(1).optional()),
  completionDueAt: localDateTime.optional(),
  note: text(2_000),
});

export const paymentInputSchema = z.object({
  trancheId: uuid,
  idempotencyKey: z.preprocess(cleanText, z.string().min(8).max(100).regex(/^[\w-]+$/)),
  paidOn: isoDay,
  reference: requiredText(100),
});

export const reportInputSchema = z.object({
  narrative: requiredText(20_000),
  financial: requiredText(20_000),
  results: requiredText(20_000),
  /** `actual_<resultId>_<n>` / `comment_<resultId>_<n>` fields: actual values against the project's indicators. */
  indicators: z
    .array(z.object({ resultId: z.string().refine(isUuid, { message: 'validation.choice' }), indicator: z.number().int().min(0).max(999), actual: z.string().max(200), comment: z.string().max(2000).optional() }), { message: 'funding.error.indicator_unknown' })
    .max(100),
});

/** Reads the indicator fields of the report form into `indicators`. */
export function reportFormInput(fields: Record<string, unknown>): Record<string, unknown> {
  const indicators: { resultId: string; indicator: number; actual: string; comment?: string }[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const m = /^actual_([0-9a-f-]{36})_(\d{1,3})$/.exec(key);
    if (!m) continue;
    const comment = fields[`comment_${m[1]}_${m[2]}`];
    indicators.push({ resultId: m[1]!, indicator: Number(m[2]), actual: cleanText(Array.isArray(value) ? value[0] : value) ?? '', ...(typeof comment === 'string' && comment.trim() ? { comment: comment.trim() } : {}) });
  }
  return { narrative: fields.narrative, financial: fields.financial, results: fields.results, indicators };
}

export const linkProjectSchema = z.object({ projectId: optionalUuid });

export const reportReviewSchema = z.object({
  verdict: z.enum(['accepted', 'rejected']),
  note: text(2_000),
});

export const prequalificationSchema = z.object({
  organisationId: uuid,
  vettedOn: isoDay,
  note: text(1_000),
});

export const signAgreementSchema = z.object({ signedOn: isoDay });

export const assignReviewerSchema = z.object({ reviewerId: uuid });

export const committeeSessionSchema = z.object({ reference: requiredText(100), heldOn: isoDay });

/** Committee rows: `decision_<id>` (award|reject|""), `amount_<id>`, `conditions_<id>`, `version_<id>`. */
export function committeeDecisions(fields: Record<string, string | string[]>): { applicationId: string; version: number; decision: 'award' | 'reject'; amountCents: number | undefined; conditions: string | undefined }[] | string {
  const out = [];
  for (const [k, v] of Object.entries(fields)) {
    if (!k.startsWith('decision_') || typeof v !== 'string' || v === '') continue;
    const id = k.slice(9);
    if (!isUuid(id) || (v !== 'award' && v !== 'reject')) return 'invalid';
    const version = Number(fields[`version_${id}`]);
    if (!(version > 0 && version <= 2_147_483_647)) return 'invalid';
    if (!Number.isSafeInteger(version)) return 'invalid';
    const amountText = cleanText(fields[`amount_${id}`]);
    const amountCents = amountText === undefined ? undefined : parseMoney(amountText);
    if (amountText !== undefined && amountCents === undefined) return 'invalid';
    out.push({ applicationId: id, version, decision: v as 'award' | 'reject', amountCents, conditions: cleanText(fields[`conditions_${id}`])?.slice(0, 2000) });
  }
  return out;
}

export { isChecked };

// ─── Back office: envelope form, team, call edit ─────────────────────────────────────────────────────────

const year = z.preprocess((v) => {
  const t = cleanText(v);
  return t !== undefined && /^\d{1,4}$/.test(t) ? Number(t) : t;
}, z.number().int().min(2000).max(2100));
const optionalVersion = z.preprocess((v) => {
  const t = cleanText(v);
  return t === undefined ? undefined : /^\d{1,9}$/.test(t) ? Number(t) : t;
}, z.number().int().min(1).optional());

/** The envelope's own fields as typed in the form (its lines are read row by row with `envelopeLineSchema`). */
export const envelopeFormSchema = z.object({
  year,
  nameFr: requiredText(200),
  nameEn: text(200),
  amountCents: requiredMoney,
  currency: z.preprocess((v) => cleanText(v)?.toUpperCase() ?? 'EUR', z.string().regex(/^[A-Z]{3}$/, { message: 'validation.invalid' })),
  grantorName: requiredText(200),
  grantorSiret: z.preprocess((v) => cleanText(v)?.replace(/\s/g, ''), z.string({ message: 'funding.error.siret' }).regex(/^\d{14}$/, { message: 'funding.error.siret' })),
  version: optionalVersion,
});

/** One row of lines in the envelope form: `line{i}_id`, `line{i}_nameFr`, `line{i}_nameEn`, `line{i}_earmarked`, `line{i}_emergency`. */
export const envelopeLineSchema = z.object({
  id: optionalUuid,
  nameFr: requiredText(200),
  nameEn: text(200),
  earmarkedCents: z.preprocess((v) => {
    const t = cleanText(v);
    if (t === undefined) return 0;
    return parseMoney(t) ?? t;
  }, z.number({ message: 'funding.error.amount' }).int().min(0).max(MAX_CENTS)),
  isEmergency: z.preprocess(isChecked, z.boolean()),
});
export type EnvelopeLineInput = z.output<typeof envelopeLineSchema>;

export const MAX_ENVELOPE_LINES = 30;
/** Reads the rows of lines of the envelope form: a row whose id, names and amount are all empty is ignored. */
export function envelopeLineRows(fields: Record<string, string | string[]>): { index: number; raw: Record<string, unknown> }[] {
  const rows: { index: number; raw: Record<string, unknown> }[] = [];
  for (let i = 0; i < MAX_ENVELOPE_LINES + 5; i++) {
    const get = (k: string) => {
      const v = fields[`line${i}_${k}`];
      return Array.isArray(v) ? v[0] : v;
    };
    const raw = { id: get('id'), nameFr: get('nameFr'), nameEn: get('nameEn'), earmarkedCents: get('earmarked'), isEmergency: get('emergency') };
    if (![raw.id, raw.nameFr, raw.nameEn, raw.earmarkedCents].some((v) => cleanText(v) !== undefined)) continue;
    rows.push({ index: i, raw });
  }
  return rows;
}

export interface EnvelopeEdit {
  year: number;
  nameFr: string;
  nameEn?: string | undefined;
  amountCents: number;
  currency: string;
  grantorName: string;
  grantorSiret: string;
  lines: EnvelopeLineInput[];
}

export const teamMemberSchema = z.object({
  email: z.preprocess((v) => cleanText(v)?.toLowerCase(), z.string({ message: 'validation.required' }).max(254).email({ message: 'funding.error.email' })),
  role: z.enum(['staff', 'finance', 'reviewer', 'committee'], { message: 'validation.choice' }),
});

export const teamRemovalSchema = z.object({
  userId: uuid,
  role: z.enum(['staff', 'finance', 'reviewer', 'committee'], { message: 'validation.choice' }),
});

/** Editing a call before it opens: the same fields as publishing it (the line stays), plus the version. */
export const callEditSchema = callInputSchema.omit({ lineId: true }).extend({ version: z.preprocess((v) => {
  const t = cleanText(v);
  return t !== undefined && /^\d{1,9}$/.test(t) ? Number(t) : t;
}, z.number().int().min(1)) });
export type CallEdit = z.output<typeof callEditSchema>;

// ─── Public API: filters (400 with per-field errors) and output shapes (OpenAPI) ─────────────────────────

const pageInt = (fallback: number, max: number) =>
  z.preprocess((v) => (v === undefined || v === '' ? fallback : typeof v === 'string' && /^\d{1,7}$/.test(v) ? Number(v) : v), z.number().int().min(1).max(max));
const slugFilter = z.preprocess(cleanText, z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'validation.invalid' }).max(200).optional());
const yearFilter = z.preprocess((v) => {
  const t = cleanText(v);
  return t === undefined ? undefined : /^\d{4}$/.test(t) ? Number(t) : t;
}, z.number({ message: 'validation.invalid' }).int().min(2000).max(2100).optional());

export const callFilterSchema = z.object({
  status: z.preprocess(cleanText, z.enum(['upcoming', 'open', 'closed'], { message: 'validation.choice' }).optional()),
  funder: slugFilter,
  theme: z.preprocess(cleanText, z.string().refine(isThemeCode, { message: 'validation.choice' }).optional()),
  country: z.preprocess((v) => cleanText(v)?.toUpperCase(), z.string().refine(isCountryCode, { message: 'validation.choice' }).optional()),
  page: pageInt(1, 100_000),
  pageSize: pageInt(50, 200),
});
export const awardFilterSchema = z.object({ funder: slugFilter, year: yearFilter, page: pageInt(1, 100_000), pageSize: pageInt(100, 1000) });
export const envelopeFilterSchema = z.object({ year: yearFilter });

const ref = z.object({ id: z.string(), slug: z.string(), name: z.string() });
export const callOutputSchema = z.object({
  id: z.string(),
  slug: z.string(),
  url: z.string().describe('public page of the call'),
  title: z.string(),
  text: z.string(),
  status: z.enum(['upcoming', 'open', 'closed']),
  opensAt: z.string().describe('ISO 8601 instant'),
  closesAt: z.string().describe('ISO 8601 instant'),
  funder: ref,
  emergency: z.object({ kind: z.enum(['disaster', 'conflict']), glide: z.string().nullable() }).nullable(),
  eligibleSubtypes: z.array(z.string()),
  countries: z.array(z.object({ code: z.string(), name: z.string() })),
  themes: z.array(z.object({ code: z.string(), label: z.string() })),
  minAmountCents: z.number().int().nullable(),
  maxAmountCents: z.number().int().nullable(),
  coFinancingMinPercent: z.number().int(),
  criteria: z.array(z.object({ key: z.string(), label: z.string(), weight: z.number().int() })),
  requiredDocuments: z.array(z.object({ key: z.string(), label: z.string() })),
});
export const callListOutputSchema = z.object({ items: z.array(callOutputSchema), page: z.number(), pageSize: z.number(), total: z.number() });

export const envelopeOutputSchema = z.object({
  id: z.string(),
  year: z.number().int(),
  name: z.string(),
  currency: z.string(),
  amountCents: z.number().int(),
  grantor: z.object({ name: z.string(), siret: z.string() }),
  lines: z.array(z.object({ id: z.string(), name: z.string(), emergency: z.boolean(), earmarkedCents: z.number().int(), committedCents: z.number().int(), paidCents: z.number().int(), remainingCents: z.number().int() })),
});
export const envelopeListOutputSchema = z.object({ funder: ref, items: z.array(envelopeOutputSchema) });

export const awardOutputSchema = z.object({
  id: z.string(),
  beneficiary: ref,
  amountCents: z.number().int(),
  currency: z.string(),
  decidedOn: z.string().describe('date of the committee decision (YYYY-MM-DD)'),
  agreementSignedOn: z.string().nullable(),
  project: z.object({ title: z.string(), projectId: z.string().nullable() }),
  funder: ref,
  call: z.object({ id: z.string(), slug: z.string(), title: z.string() }),
});
export const awardListOutputSchema = z.object({ items: z.array(awardOutputSchema), page: z.number(), pageSize: z.number(), total: z.number() });
