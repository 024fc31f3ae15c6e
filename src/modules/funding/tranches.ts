// Payment rules for an award: its schedule of tranches and reports, and whether a tranche may be paid now.
// Pure: no database, no clock (the caller passes `now`), never throws. Money in integer cents.
import { err, ok, type Result } from '../../kernel/result.ts';
import type { ApplicationState } from './workflow.ts';

// ─── Reports ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * 'expected' = not yet handed in; 'submitted' = handed in, waiting for staff; 'accepted'; 'rejected' = staff sent
 * it back (handing it in again sets it to 'submitted').
 */
export const reportStatuses = ['expected', 'submitted', 'accepted', 'rejected'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export interface ReportRecord {
  dueAt: Date;
  status: ReportStatus;
}

/**
 * A report is overdue when it has not been handed in and its due instant has passed. A report handed in and
 * waiting for staff is not overdue (the applicant did their part); a rejected one is its own reason.
 * An invalid date counts as overdue (fail closed).
 */
export function isReportOverdue(report: ReportRecord, now: Date): boolean {
  return report.status === 'expected' && !(now.getTime() <= report.dueAt.getTime());
}

// ─── May this tranche be paid? ───────────────────────────────────────────────────────────────────────────

export interface TrancheRecord {
  /** 1 for the first tranche of the award. */
  sequence: number;
  amountCents: number;
  /** null while unpaid. */
  paidAt: Date | null;
}

export interface PayTrancheInput {
  /** The state of the award's application: payments are made only while the grant is `in_progress`. */
  applicationState: ApplicationState;
  tranche: TrancheRecord;
  /** The award's other tranches (those with a lower sequence are checked; the others are ignored). */
  previousTranches: readonly TrancheRecord[];
  /** Every report of the award. */
  reports: readonly ReportRecord[];
  now: Date;
}

export const paymentRefusals = [
  'award_not_active',
  'already_paid',
  'previous_tranche_unpaid',
  'report_rejected',
  'report_overdue',
] as const;
export type PaymentRefusal = (typeof paymentRefusals)[number];

export type PaymentDecision =
  | { ok: true }
  | { ok: false; reason: PaymentRefusal; /** every refusal, in the order above */ reasons: readonly PaymentRefusal[] };

/** An overdue or rejected report blocks the next tranche; tranches are paid in order, once, on a running grant. */
export function canPayTranche({ applicationState, tranche, previousTranches, reports, now }: PayTrancheInput): PaymentDecision {
  const reasons: PaymentRefusal[] = [];
  if (applicationState !== 'in_progress') reasons.push('award_not_active');
  if (tranche.paidAt !== null) reasons.push('already_paid');
  if (previousTranches.some((t) => t.sequence < tranche.sequence && t.paidAt === null)) {
    reasons.push('previous_tranche_unpaid');
  }
  if (reports.some((r) => r.status === 'rejected')) reasons.push('report_rejected');
  if (reports.some((r) => isReportOverdue(r, now))) reasons.push('report_overdue');
  const [first] = reasons;
  return first === undefined ? { ok: true } : { ok: false, reason: first, reasons };
}

// ─── Scheduling ──────────────────────────────────────────────────────────────────────────────────────────

export interface ScheduledTranche {
  sequence: number;
  amountCents: number;
  /** When the tranche is planned to be paid (the first one at the start date). */
  plannedAt: Date;
  /** The report that follows this tranche; it falls on the next tranche's planned date. */
  reportDueAt: Date;
  reportKind: 'interim' | 'final';
}

export type ScheduleError = 'invalid_amount' | 'invalid_shares' | 'invalid_start_date' | 'invalid_interval';

export interface ScheduleOptions {
  /** Months between tranches (and between a tranche and its report). Default 12. */
  intervalMonths?: number;
}

export const DEFAULT_INTERVAL_MONTHS = 12;
export const EMERGENCY_REPORT_MONTHS = 3;
const MAX_TRANCHES = 24;
const MAX_INTERVAL_MONTHS = 120;

/**
 * Splits `awardCents` into one tranche per share, in proportion to the shares (positive integers: percentages,
 * basis points or any weights). Every tranche but the last gets floor(award × share / total); the last gets
 * the remainder, so the tranches add up to the award exactly. Tranche n is planned n−1 intervals after
 * `startDate`; the report that follows it is due one interval later (the last one is the final report).
 */
export function scheduleTranches(
  awardCents: number,
  shares: readonly number[],
  startDate: Date,
  options: ScheduleOptions = {},
): Result<ScheduledTranche[], ScheduleError> {
  const interval = options.intervalMonths ?? DEFAULT_INTERVAL_MONTHS;
  if (!Number.isSafeInteger(awardCents) || awardCents <= 0) return err('invalid_amount');
  if (
    shares.length === 0 ||
    shares.length > MAX_TRANCHES ||
    !shares.every((s) => Number.isSafeInteger(s) && s > 0)
  ) {
    return err('invalid_shares');
  }
  if (Number.isNaN(startDate.getTime())) return err('invalid_start_date');
  if (!Number.isSafeInteger(interval) || interval < 1 || interval > MAX_INTERVAL_MONTHS) return err('invalid_interval');

  // BigInt keeps award × share exact whatever the sizes.
  const total = shares.reduce((sum, s) => sum + BigInt(s), 0n);
  const award = BigInt(awardCents);
  let allocated = 0;
  const tranches = shares.map((share, i): ScheduledTranche => {
    const last = i === shares.length - 1;
    const amountCents = last ? awardCents - allocated : Number((award * BigInt(share)) / total);
    allocated += amountCents;
    return {
      sequence: i + 1,
      amountCents,
      plannedAt: addMonthsUtc(startDate, i * interval),
      reportDueAt: addMonthsUtc(startDate, (i + 1) * interval),
      reportKind: last ? 'final' : 'interim',
    };
  });
  return ok(tranches);
}

/** An emergency award: one tranche at the start date, the report due 3 months later. */
export function scheduleEmergencyTranche(awardCents: number, startDate: Date): Result<ScheduledTranche[], ScheduleError> {
  return scheduleTranches(awardCents, [1], startDate, { intervalMonths: EMERGENCY_REPORT_MONTHS });
}

/**
 * `months` calendar months after `date`, in UTC, keeping the time of day; a day missing from the target month
 * becomes its last day (31 January + 1 month = 28 or 29 February).
 */
export function addMonthsUtc(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = date.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(2000, 0, 1));
  lastDay.setUTCFullYear(result.getUTCFullYear(), result.getUTCMonth() + 1, 0);
  result.setUTCDate(Math.min(day, lastDay.getUTCDate()));
  return result;
}
