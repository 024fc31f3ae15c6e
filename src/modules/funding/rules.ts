// Pure rules of the funding module that are not the workflow: time zone of the funder, eligibility of an
// application against its call, weighted ranking of reviews. No database, no clock.
import type { BudgetLine, Criterion, OtherFunder, Question, RequiredDocument, Score } from './tables.ts';

export const FUNDER_TIME_ZONE = 'Europe/Paris';

/** Offset (minutes east of UTC) of `timeZone` at the instant `date`. */
function offsetMinutes(date: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - date.getTime()) / 60_000);
}

/** "2026-11-30T17:00" read as a wall-clock time in the funder's time zone → the instant; null when unreadable. */
export function localToInstant(local: string, timeZone = FUNDER_TIME_ZONE): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  let instant = naive - offsetMinutes(new Date(naive), timeZone) * 60_000;
  instant = naive - offsetMinutes(new Date(instant), timeZone) * 60_000;
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The instant as a wall-clock "YYYY-MM-DDTHH:MM" in the funder's time zone (for datetime-local inputs). */
export function instantToLocal(date: Date, timeZone = FUNDER_TIME_ZONE): string {
  const shifted = new Date(date.getTime() + offsetMinutes(date, timeZone) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** A call is open from its opening (included) to its closing (excluded): it closes by itself. */
export type CallPhase = 'upcoming' | 'open' | 'closed';
export function callPhase(call: { opensAt: Date; closesAt: Date }, now: Date): CallPhase {
  if (now.getTime() < call.opensAt.getTime()) return 'upcoming';
  return now.getTime() < call.closesAt.getTime() ? 'open' : 'closed';
}

// ─── Eligibility ─────────────────────────────────────────────────────────────────────────────────────────

export interface EligibilityCall {
  eligibleSubtypes: readonly string[];
  countries: readonly string[];
  themes: readonly string[];
  minAmountCents: number | null;
  maxAmountCents: number | null;
  coFinancingMinPercent: number;
  questions: readonly Question[];
  requiredDocuments: readonly RequiredDocument[];
}

export interface EligibilityApplication {
  organisationSubtype: string;
  countries: readonly string[];
  themes: readonly string[];
  requestedCents: number;
  totalBudgetCents: number;
  budgetLines: readonly BudgetLine[];
  otherFunders: readonly OtherFunder[];
  answers: Readonly<Record<string, string>>;
  documentKeys: readonly string[];
}

export const eligibilityProblems = [
  'subtype_not_eligible',
  'country_not_eligible',
  'theme_not_eligible',
  'amount_below_minimum',
  'amount_above_maximum',
  'request_exceeds_budget',
  'budget_lines_mismatch',
  'co_financing_too_low',
  'answers_missing',
  'documents_missing',
] as const;
export type EligibilityProblem = (typeof eligibilityProblems)[number];

/** Every problem of an application against its call (shown as the applicant fills in the form, enforced at submission). */
export function checkEligibility(call: EligibilityCall, app: EligibilityApplication): EligibilityProblem[] {
  const problems: EligibilityProblem[] = [];
  if (call.eligibleSubtypes.length > 0 && !call.eligibleSubtypes.includes(app.organisationSubtype)) problems.push('subtype_not_eligible');
  if (call.countries.length > 0 && (app.countries.length === 0 || !app.countries.every((c) => call.countries.includes(c)))) problems.push('country_not_eligible');
  if (call.themes.length > 0 && !app.themes.some((t) => call.themes.some((ct) => t === ct || t.startsWith(`${ct}-`)))) problems.push('theme_not_eligible');
  if (call.minAmountCents !== null && app.requestedCents < call.minAmountCents) problems.push('amount_below_minimum');
  if (call.maxAmountCents !== null && app.requestedCents > call.maxAmountCents) problems.push('amount_above_maximum');
  if (app.requestedCents > app.totalBudgetCents) problems.push('request_exceeds_budget');
  if (app.budgetLines.length > 0 && app.budgetLines.reduce((s, l) => s + l.amountCents, 0) !== app.totalBudgetCents) problems.push('budget_lines_mismatch');
  if (call.coFinancingMinPercent > 0) {
    const others = app.totalBudgetCents - app.requestedCents;
    if (app.totalBudgetCents <= 0 || others * 100 < call.coFinancingMinPercent * app.totalBudgetCents) problems.push('co_financing_too_low');
  }
  if (call.questions.some((q) => q.required && !(app.answers[q.key] ?? '').trim())) problems.push('answers_missing');
  if (call.requiredDocuments.some((d) => !app.documentKeys.includes(d.key))) problems.push('documents_missing');
  return problems;
}

/** Problems the workflow already names with its own guard (amount bounds): the rest block submission as "incomplete". */
export const blockingProblems = (problems: readonly EligibilityProblem[]): EligibilityProblem[] =>
  problems.filter((p) => p !== 'amount_below_minimum' && p !== 'amount_above_maximum');

// ─── Reviews and ranking ─────────────────────────────────────────────────────────────────────────────────

export const SCORE_MAX = 5;

/** Weighted score of one review on 0..100, or null when a criterion is not scored. */
export function weightedScore(criteria: readonly Criterion[], scores: Readonly<Record<string, Score>>): number | null {
  const totalWeight = criteria.reduce((s, c) => s + c.weight, 0);
  if (criteria.length === 0 || totalWeight <= 0) return null;
  let sum = 0;
  for (const c of criteria) {
    const s = scores[c.key];
    if (!s || !Number.isFinite(s.score)) return null;
    sum += (s.score / SCORE_MAX) * c.weight;
  }
  return Math.round((sum / totalWeight) * 1000) / 10;
}

export interface RankingEntry {
  applicationId: string;
  mean: number | null;
  /** Highest minus lowest weighted score among the reviewers who scored. */
  spread: number | null;
  scored: number;
  conflicts: number;
}

export function rankApplications(criteria: readonly Criterion[], reviewsByApplication: ReadonlyMap<string, readonly { conflict: boolean; scores: Record<string, Score> }[]>): RankingEntry[] {
  const entries: RankingEntry[] = [];
  for (const [applicationId, list] of reviewsByApplication) {
    const values = list.filter((r) => !r.conflict).map((r) => weightedScore(criteria, r.scores)).filter((v): v is number => v !== null);
    const mean = values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 : null;
    const spread = values.length ? Math.round((Math.max(...values) - Math.min(...values)) * 10) / 10 : null;
    entries.push({ applicationId, mean, spread, scored: values.length, conflicts: list.filter((r) => r.conflict).length });
  }
  return entries.sort((a, b) => (b.mean ?? -1) - (a.mean ?? -1));
}

/** Prequalification is valid for two years from the vetting date. */
export function isPrequalified(vettedOn: string | null | undefined, now: Date): boolean {
  if (!vettedOn) return false;
  const vetted = new Date(`${vettedOn}T00:00:00Z`);
  if (Number.isNaN(vetted.getTime())) return false;
  const limit = new Date(vetted.getTime());
  limit.setUTCFullYear(limit.getUTCFullYear() + 2);
  return now.getTime() < limit.getTime() && vetted.getTime() <= now.getTime();
}

/** DAC 5 sector codes of humanitarian aid used on emergency applications. */
export const EMERGENCY_SECTOR_CODES = ['72010', '72040', '72050'] as const;
