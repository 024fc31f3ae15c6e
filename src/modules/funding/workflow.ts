// The funding application workflow: one transition table with guards. Pure: no database, no I/O, no clock
// (the caller passes `now`), never throws. Commands ask `decide()` before writing; pages ask
// `availableActions()` to show the buttons. Nothing else in the code base compares application states.

// ─── States, actions, roles ──────────────────────────────────────────────────────────────────────────────

export const applicationStates = [
  'draft',
  'submitted',
  'completion_requested',
  'eligible',
  'ineligible',
  'in_review',
  'recommended',
  'not_recommended',
  'awarded',
  'rejected',
  'withdrawn',
  'in_progress',
  'closed',
] as const;
export type ApplicationState = (typeof applicationStates)[number];

/** States with no way out. */
export const terminalStates: readonly ApplicationState[] = ['ineligible', 'rejected', 'withdrawn', 'closed'];

export const workflowActions = [
  'submit',
  'request_completion',
  'resubmit',
  'declare_eligible',
  'declare_ineligible',
  'start_review',
  'recommend',
  'not_recommend',
  'award',
  'reject',
  'withdraw',
  'start',
  'close',
] as const;
export type WorkflowAction = (typeof workflowActions)[number];

/**
 * The role in which the actor acts on one application (the policy layer works it out from the actor and the
 * application): 'applicant_member' = member, editor or admin of the applying (lead) organisation;
 * 'committee' = funder staff sitting as the decision committee.
 */
export const workflowRoles = [
  'applicant_member',
  'funder_staff',
  'finance',
  'reviewer',
  'committee',
  'platform_admin',
  'visitor',
] as const;
export type WorkflowRole = (typeof workflowRoles)[number];

// ─── Context and guards ──────────────────────────────────────────────────────────────────────────────────

/**
 * Everything the guards look at, gathered by the caller for one application at one instant.
 * Money in integer cents; dates are instants.
 */
export interface WorkflowContext {
  now: Date;
  /** The call's window: submission is open from `callOpensAt` (included) to `callClosesAt` (excluded). */
  callOpensAt: Date;
  callClosesAt: Date;
  /** Emergency calls accept only pre-qualified organisations (vetted within the last two years). */
  isEmergencyCall: boolean;
  organisationPrequalified: boolean;
  requestedAmountCents: number;
  /** The call's bounds on the requested amount; null = no bound. */
  minAmountCents: number | null;
  maxAmountCents: number | null;
  /** Every required question answered and every required document attached. */
  requiredAnswersComplete: boolean;
  /** Every co-applicant (consortium partner) has confirmed its part. */
  coApplicantsAllConfirmed: boolean;
  /** The date staff set for a completion; null = none. */
  completionDueAt: Date | null;
  reviewersAssigned: number;
  /** Every assigned reviewer has either scored every criterion or declared a conflict of interest. */
  reviewsComplete: boolean;
  reviewPhaseClosed: boolean;
  /** The amount the committee is awarding in this decision; null when none was entered. */
  awardedAmountCents: number | null;
  /** What is left on the call's line, not counting this application (nothing is committed before `award`). */
  lineRemainingCents: number;
  /** The agreement (convention) is signed by both parties. */
  agreementSigned: boolean;
  /** Sum of the payments already recorded on this application's award. */
  paidCents: number;
  /** Reports of this award not yet accepted (expected, submitted and pending, or rejected). */
  outstandingReports: number;
  /** The acting session passed the second factor. Required for every staff and committee transition. */
  secondFactorDone: boolean;
}

export const guardCodes = [
  'second_factor_required',
  'call_not_open',
  'deadline_passed',
  'organisation_not_prequalified',
  'application_incomplete',
  'co_applicants_unconfirmed',
  'amount_not_positive',
  'amount_below_minimum',
  'amount_above_maximum',
  'completion_deadline_passed',
  'no_reviewers_assigned',
  'reviews_incomplete',
  'review_phase_open',
  'award_amount_invalid',
  'amount_exceeds_request',
  'amount_exceeds_line',
  'agreement_unsigned',
  'payments_recorded',
  'reports_outstanding',
] as const;
export type GuardCode = (typeof guardCodes)[number];

export type RefusalReason = 'not_allowed_for_role' | 'invalid_from_state' | GuardCode;

/** A guard returns null when the transition may go ahead, or the reason it may not. */
export type Guard = (ctx: WorkflowContext) => GuardCode | null;

const time = (d: Date): number => d.getTime();
const isCents = (n: number | null): n is number => typeof n === 'number' && Number.isSafeInteger(n);

// Each guard passes only when its condition is positively true, so an invalid date (NaN) or amount refuses.
export const guards = {
  secondFactor: (ctx) => (ctx.secondFactorDone === true ? null : 'second_factor_required'),
  callOpened: (ctx) => (time(ctx.now) >= time(ctx.callOpensAt) ? null : 'call_not_open'),
  beforeDeadline: (ctx) => (time(ctx.now) < time(ctx.callClosesAt) ? null : 'deadline_passed'),
  prequalifiedForEmergency: (ctx) =>
    ctx.isEmergencyCall === false || ctx.organisationPrequalified === true ? null : 'organisation_not_prequalified',
  answersComplete: (ctx) => (ctx.requiredAnswersComplete === true ? null : 'application_incomplete'),
  coApplicantsConfirmed: (ctx) => (ctx.coApplicantsAllConfirmed === true ? null : 'co_applicants_unconfirmed'),
  requestPositive: (ctx) =>
    isCents(ctx.requestedAmountCents) && ctx.requestedAmountCents > 0 ? null : 'amount_not_positive',
  requestAboveMinimum: (ctx) =>
    ctx.minAmountCents === null || ctx.requestedAmountCents >= ctx.minAmountCents ? null : 'amount_below_minimum',
  requestBelowMaximum: (ctx) =>
    ctx.maxAmountCents === null || ctx.requestedAmountCents <= ctx.maxAmountCents ? null : 'amount_above_maximum',
  beforeCompletionDeadline: (ctx) =>
    ctx.completionDueAt === null || time(ctx.now) < time(ctx.completionDueAt) ? null : 'completion_deadline_passed',
  reviewersAssigned: (ctx) => (ctx.reviewersAssigned >= 1 ? null : 'no_reviewers_assigned'),
  reviewsComplete: (ctx) => (ctx.reviewsComplete === true ? null : 'reviews_incomplete'),
  reviewPhaseClosed: (ctx) => (ctx.reviewPhaseClosed === true ? null : 'review_phase_open'),
  awardAmountValid: (ctx) =>
    isCents(ctx.awardedAmountCents) && ctx.awardedAmountCents > 0 ? null : 'award_amount_invalid',
  awardWithinRequest: (ctx) =>
    ctx.awardedAmountCents !== null && ctx.awardedAmountCents <= ctx.requestedAmountCents
      ? null
      : 'amount_exceeds_request',
  awardWithinLine: (ctx) =>
    ctx.awardedAmountCents !== null && ctx.awardedAmountCents <= ctx.lineRemainingCents ? null : 'amount_exceeds_line',
  agreementSigned: (ctx) => (ctx.agreementSigned === true ? null : 'agreement_unsigned'),
  nothingPaid: (ctx) => (ctx.paidCents === 0 ? null : 'payments_recorded'),
  reportsAccepted: (ctx) => (ctx.outstandingReports === 0 ? null : 'reports_outstanding'),
} as const satisfies Record<string, Guard>;

// ─── The transition table ────────────────────────────────────────────────────────────────────────────────

export interface Transition {
  from: ApplicationState;
  action: WorkflowAction;
  to: ApplicationState;
  roles: readonly WorkflowRole[];
  /** Checked in order; every failing guard is reported, the first one is `reason`. */
  guards: readonly Guard[];
}

const g = guards;
const APPLICANT = ['applicant_member'] as const;
const STAFF = ['funder_staff'] as const;
const COMMITTEE = ['committee'] as const;

const submissionChecks = [
  g.answersComplete,
  g.coApplicantsConfirmed,
  g.requestPositive,
  g.requestAboveMinimum,
  g.requestBelowMaximum,
] as const;
const awardChecks = [g.secondFactor, g.awardAmountValid, g.awardWithinRequest, g.awardWithinLine] as const;

/** States from which the applicant may withdraw (a draft is deleted instead; after `start` the grant runs). */
const withdrawable = [
  'submitted',
  'completion_requested',
  'eligible',
  'in_review',
  'recommended',
  'not_recommended',
] as const;

/** The whole workflow. (from, action) is unique: an action leads to one state. */
export const transitions: readonly Transition[] = [
  // Applying. The call's window binds the first submission only; a completion has its own due date.
  {
    from: 'draft', action: 'submit', to: 'submitted', roles: APPLICANT,
    guards: [g.callOpened, g.beforeDeadline, g.prequalifiedForEmergency, ...submissionChecks],
  },
  { from: 'submitted', action: 'request_completion', to: 'completion_requested', roles: STAFF, guards: [g.secondFactor] },
  {
    from: 'completion_requested', action: 'resubmit', to: 'submitted', roles: APPLICANT,
    guards: [g.beforeCompletionDeadline, ...submissionChecks],
  },
  // Eligibility.
  { from: 'submitted', action: 'declare_eligible', to: 'eligible', roles: STAFF, guards: [g.secondFactor] },
  { from: 'submitted', action: 'declare_ineligible', to: 'ineligible', roles: STAFF, guards: [g.secondFactor] },
  // Review: reviewers score (reviews module); staff move the application and recommend from the ranking.
  {
    from: 'eligible', action: 'start_review', to: 'in_review', roles: STAFF,
    guards: [g.secondFactor, g.reviewersAssigned],
  },
  {
    from: 'in_review', action: 'recommend', to: 'recommended', roles: STAFF,
    guards: [g.secondFactor, g.reviewsComplete, g.reviewPhaseClosed],
  },
  {
    from: 'in_review', action: 'not_recommend', to: 'not_recommended', roles: STAFF,
    guards: [g.secondFactor, g.reviewsComplete, g.reviewPhaseClosed],
  },
  // Decision: the committee may follow or overrule the recommendation.
  { from: 'recommended', action: 'award', to: 'awarded', roles: COMMITTEE, guards: awardChecks },
  { from: 'not_recommended', action: 'award', to: 'awarded', roles: COMMITTEE, guards: awardChecks },
  { from: 'recommended', action: 'reject', to: 'rejected', roles: COMMITTEE, guards: [g.secondFactor] },
  { from: 'not_recommended', action: 'reject', to: 'rejected', roles: COMMITTEE, guards: [g.secondFactor] },
  // Withdrawal by the applicant, up to the decision, or declining an award before anything is paid.
  ...withdrawable.map((from): Transition => ({ from, action: 'withdraw', to: 'withdrawn', roles: APPLICANT, guards: [] })),
  { from: 'awarded', action: 'withdraw', to: 'withdrawn', roles: APPLICANT, guards: [g.nothingPaid] },
  // The grant.
  {
    from: 'awarded', action: 'start', to: 'in_progress', roles: STAFF,
    guards: [g.secondFactor, g.agreementSigned],
  },
  {
    from: 'in_progress', action: 'close', to: 'closed', roles: STAFF,
    guards: [g.secondFactor, g.reportsAccepted],
  },
];

// ─── Deciding ────────────────────────────────────────────────────────────────────────────────────────────

export type Decision =
  | { ok: true; to: ApplicationState }
  | { ok: false; reason: RefusalReason; /** every failing guard, in order (one item for role/state refusals) */ reasons: readonly RefusalReason[] };

const refuse = (reason: RefusalReason): Decision => ({ ok: false, reason, reasons: [reason] });

/** The transition leaving `state` by `action`, if the table has one. */
export function findTransition(state: ApplicationState, action: WorkflowAction): Transition | undefined {
  return transitions.find((t) => t.from === state && t.action === action);
}

/**
 * May `role` perform `action` on an application in `state`, given `ctx`?
 * Order: a role that may never perform the action → 'not_allowed_for_role' (so the answer does not reveal the
 * state to someone who could not act anyway); no such transition from `state` → 'invalid_from_state'; the role
 * is not allowed on this transition → 'not_allowed_for_role'; then the guards.
 */
export function decide(
  state: ApplicationState,
  action: WorkflowAction,
  role: WorkflowRole,
  ctx: WorkflowContext,
): Decision {
  if (!transitions.some((t) => t.action === action && t.roles.includes(role))) return refuse('not_allowed_for_role');
  const transition = findTransition(state, action);
  if (transition === undefined) return refuse('invalid_from_state');
  if (!transition.roles.includes(role)) return refuse('not_allowed_for_role');
  const failures = transition.guards.map((guard) => guard(ctx)).filter((code): code is GuardCode => code !== null);
  const [first] = failures;
  return first === undefined ? { ok: true, to: transition.to } : { ok: false, reason: first, reasons: failures };
}

/** The actions `role` can perform now on an application in `state` (guards included), in table order. */
export function availableActions(state: ApplicationState, role: WorkflowRole, ctx: WorkflowContext): WorkflowAction[] {
  return roleActions(state, role).filter(({ action }) => decide(state, action, role, ctx).ok).map(({ action }) => action);
}

/**
 * The actions open to `role` from `state` by the table alone (ignoring guards), so a page can show a disabled
 * button with its reason: pair each with `decide(state, action, role, ctx)`.
 */
export function roleActions(state: ApplicationState, role: WorkflowRole): { action: WorkflowAction; to: ApplicationState }[] {
  return transitions
    .filter((t) => t.from === state && t.roles.includes(role))
    .map((t) => ({ action: t.action, to: t.to }));
}

export const isTerminal = (state: ApplicationState): boolean => terminalStates.includes(state);
