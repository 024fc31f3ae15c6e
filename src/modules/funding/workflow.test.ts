// Table-driven tests of the application workflow. The expected transitions below are written out by hand from
// the product rules, NOT derived from `transitions`: every state × action × role is checked against them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  applicationStates,
  availableActions,
  decide,
  findTransition,
  guardCodes,
  guards,
  isTerminal,
  roleActions,
  terminalStates,
  transitions,
  workflowActions,
  workflowRoles,
  type ApplicationState,
  type RefusalReason,
  type WorkflowAction,
  type WorkflowContext,
  type WorkflowRole,
} from './workflow.ts';

// ─── The specification, by hand ──────────────────────────────────────────────────────────────────────────

const STATES = [
  'draft', 'submitted', 'completion_requested', 'eligible', 'ineligible', 'in_review', 'recommended',
  'not_recommended', 'awarded', 'rejected', 'withdrawn', 'in_progress', 'closed',
] as const;
const ACTIONS = [
  'submit', 'request_completion', 'resubmit', 'declare_eligible', 'declare_ineligible', 'start_review',
  'recommend', 'not_recommend', 'award', 'reject', 'withdraw', 'start', 'close',
] as const;
const ROLES = ['applicant_member', 'funder_staff', 'finance', 'reviewer', 'committee', 'platform_admin', 'visitor'] as const;

/** "from action role -> to": the only combinations that may succeed. */
const EXPECTED_ALLOWED = `
  draft                submit              applicant_member -> submitted
  submitted            request_completion  funder_staff     -> completion_requested
  completion_requested resubmit            applicant_member -> submitted
  submitted            declare_eligible    funder_staff     -> eligible
  submitted            declare_ineligible  funder_staff     -> ineligible
  eligible             start_review        funder_staff     -> in_review
  in_review            recommend           funder_staff     -> recommended
  in_review            not_recommend       funder_staff     -> not_recommended
  recommended          award               committee        -> awarded
  not_recommended      award               committee        -> awarded
  recommended          reject              committee        -> rejected
  not_recommended      reject              committee        -> rejected
  submitted            withdraw            applicant_member -> withdrawn
  completion_requested withdraw            applicant_member -> withdrawn
  eligible             withdraw            applicant_member -> withdrawn
  in_review            withdraw            applicant_member -> withdrawn
  recommended          withdraw            applicant_member -> withdrawn
  not_recommended      withdraw            applicant_member -> withdrawn
  awarded              withdraw            applicant_member -> withdrawn
  awarded              start               funder_staff     -> in_progress
  in_progress          close               funder_staff     -> closed
`;

interface Allowed {
  from: string;
  action: string;
  role: string;
  to: string;
}
const expected: Allowed[] = EXPECTED_ALLOWED.trim()
  .split('\n')
  .map((line) => {
    const m = /^\s*(\w+)\s+(\w+)\s+(\w+)\s+->\s+(\w+)\s*$/.exec(line);
    assert.ok(m, `unreadable line: ${line}`);
    return { from: m[1]!, action: m[2]!, role: m[3]!, to: m[4]! };
  });

const find = (state: string, action: string, role: string) =>
  expected.find((e) => e.from === state && e.action === action && e.role === role);

/** Why a combination that is not in the list must be refused. */
function expectedRefusal(state: string, action: string, role: string): RefusalReason {
  if (!expected.some((e) => e.action === action && e.role === role)) return 'not_allowed_for_role';
  if (!expected.some((e) => e.from === state && e.action === action)) return 'invalid_from_state';
  return 'not_allowed_for_role';
}

/** A context in which every guard passes. */
const NOW = new Date('2025-03-15T10:00:00Z');
const passing: WorkflowContext = Object.freeze({
  now: NOW,
  callOpensAt: new Date('2025-01-01T00:00:00Z'),
  callClosesAt: new Date('2025-04-01T00:00:00Z'),
  isEmergencyCall: false,
  organisationPrequalified: false,
  requestedAmountCents: 1_000_000,
  minAmountCents: 100_000,
  maxAmountCents: 2_000_000,
  requiredAnswersComplete: true,
  coApplicantsAllConfirmed: true,
  completionDueAt: null,
  reviewersAssigned: 2,
  reviewsComplete: true,
  reviewPhaseClosed: true,
  awardedAmountCents: 800_000,
  lineRemainingCents: 5_000_000,
  agreementSigned: true,
  paidCents: 0,
  outstandingReports: 0,
  secondFactorDone: true,
});
const ctx = (over: Partial<WorkflowContext> = {}): WorkflowContext => ({ ...passing, ...over });

// ─── The lists are the ones the product names ────────────────────────────────────────────────────────────

void test('states, actions and roles are exactly the product lists', () => {
  assert.deepEqual([...applicationStates], [...STATES]);
  assert.deepEqual([...workflowActions], [...ACTIONS]);
  assert.deepEqual([...workflowRoles], [...ROLES]);
  assert.deepEqual([...terminalStates].sort(), ['closed', 'ineligible', 'rejected', 'withdrawn']);
});

void test('the expected list only names known states, actions and roles', () => {
  for (const e of expected) {
    assert.ok((STATES as readonly string[]).includes(e.from), e.from);
    assert.ok((STATES as readonly string[]).includes(e.to), e.to);
    assert.ok((ACTIONS as readonly string[]).includes(e.action), e.action);
    assert.ok((ROLES as readonly string[]).includes(e.role), e.role);
  }
});

// ─── Every state × action × role ─────────────────────────────────────────────────────────────────────────

for (const state of STATES) {
  for (const action of ACTIONS) {
    for (const role of ROLES) {
      const allowed = find(state, action, role);
      const name = `${state} × ${action} × ${role} → ${allowed ? allowed.to : expectedRefusal(state, action, role)}`;
      void test(name, () => {
        const decision = decide(state, action, role, passing);
        if (allowed) {
          assert.deepEqual(decision, { ok: true, to: allowed.to });
        } else {
          const reason = expectedRefusal(state, action, role);
          assert.deepEqual(decision, { ok: false, reason, reasons: [reason] });
        }
      });
    }
  }
}

void test('the table holds exactly the expected transitions (no extra role, state or target)', () => {
  const fromTable = transitions
    .flatMap((t) => t.roles.map((role) => `${t.from} ${t.action} ${role} -> ${t.to}`))
    .sort();
  const fromSpec = expected.map((e) => `${e.from} ${e.action} ${e.role} -> ${e.to}`).sort();
  assert.deepEqual(fromTable, fromSpec);
});

// ─── Shape of the machine ────────────────────────────────────────────────────────────────────────────────

void test('(from, action) is unique: an action leads to one state', () => {
  const keys = transitions.map((t) => `${t.from}/${t.action}`);
  assert.equal(new Set(keys).size, keys.length);
});

void test('terminal states have no way out, every other state has one', () => {
  for (const state of STATES) {
    const out = transitions.filter((t) => t.from === state);
    assert.equal(out.length === 0, isTerminal(state), state);
  }
});

void test('every state is reachable from draft', () => {
  const seen = new Set<ApplicationState>(['draft']);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of transitions) {
      if (seen.has(t.from) && !seen.has(t.to)) {
        seen.add(t.to);
        grew = true;
      }
    }
  }
  assert.deepEqual([...seen].sort(), [...STATES].sort());
});

void test('every action and every guard code is used by the table', () => {
  assert.deepEqual([...new Set(transitions.map((t) => t.action))].sort(), [...ACTIONS].sort());
  const used = new Set(transitions.flatMap((t) => t.guards));
  for (const guard of Object.values(guards)) assert.ok(used.has(guard), guard.toString());
});

void test('only reviewers, finance, platform admins and visitors never move an application', () => {
  for (const role of ['reviewer', 'finance', 'platform_admin', 'visitor'] as const) {
    assert.equal(transitions.filter((t) => t.roles.includes(role)).length, 0, role);
  }
});

// ─── Each guard's refusal ────────────────────────────────────────────────────────────────────────────────

interface GuardCase {
  name: string;
  state: ApplicationState;
  action: WorkflowAction;
  role: WorkflowRole;
  over: Partial<WorkflowContext>;
  /** null = allowed */
  reason: RefusalReason | null;
}
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const A: WorkflowRole = 'applicant_member';
const guardCases: GuardCase[] = [
  // submit: the call's window
  { name: 'before the call opens', state: 'draft', action: 'submit', role: A, over: { now: day('2024-12-31') }, reason: 'call_not_open' },
  { name: 'at the opening instant', state: 'draft', action: 'submit', role: A, over: { now: day('2025-01-01') }, reason: null },
  { name: 'one millisecond before closing', state: 'draft', action: 'submit', role: A, over: { now: new Date(day('2025-04-01').getTime() - 1) }, reason: null },
  { name: 'at the closing instant', state: 'draft', action: 'submit', role: A, over: { now: day('2025-04-01') }, reason: 'deadline_passed' },
  { name: 'after the deadline', state: 'draft', action: 'submit', role: A, over: { now: day('2025-06-01') }, reason: 'deadline_passed' },
  { name: 'an invalid clock refuses', state: 'draft', action: 'submit', role: A, over: { now: new Date(Number.NaN) }, reason: 'call_not_open' },
  // submit: emergency calls
  { name: 'emergency, not pre-qualified', state: 'draft', action: 'submit', role: A, over: { isEmergencyCall: true, organisationPrequalified: false }, reason: 'organisation_not_prequalified' },
  { name: 'emergency, pre-qualified', state: 'draft', action: 'submit', role: A, over: { isEmergencyCall: true, organisationPrequalified: true }, reason: null },
  // submit: the form
  { name: 'answers missing', state: 'draft', action: 'submit', role: A, over: { requiredAnswersComplete: false }, reason: 'application_incomplete' },
  { name: 'a co-applicant has not confirmed', state: 'draft', action: 'submit', role: A, over: { coApplicantsAllConfirmed: false }, reason: 'co_applicants_unconfirmed' },
  { name: 'zero requested', state: 'draft', action: 'submit', role: A, over: { requestedAmountCents: 0, minAmountCents: null }, reason: 'amount_not_positive' },
  { name: 'negative requested', state: 'draft', action: 'submit', role: A, over: { requestedAmountCents: -5, minAmountCents: null }, reason: 'amount_not_positive' },
  { name: 'fractional cents requested', state: 'draft', action: 'submit', role: A, over: { requestedAmountCents: 150_000.5 }, reason: 'amount_not_positive' },
  { name: 'below the call minimum', state: 'draft', action: 'submit', role: A, over: { requestedAmountCents: 99_999 }, reason: 'amount_below_minimum' },
  { name: 'at the call minimum', state: 'draft', action: 'submit', role: A, over: { requestedAmountCents: 100_000 }, reason: null },
  { name: 'above the call maximum', state: 'draft', action: 'submit', role: A, over: { requestedAmountCents: 2_000_001 }, reason: 'amount_above_maximum' },
  { name: 'at the call maximum', state: 'draft', action: 'submit', role: A, over: { requestedAmountCents: 2_000_000 }, reason: null },
  { name: 'no bounds on the call', state: 'draft', action: 'submit', role: A, over: { requestedAmountCents: 1, minAmountCents: null, maxAmountCents: null }, reason: null },
  { name: 'applicants need no second factor', state: 'draft', action: 'submit', role: A, over: { secondFactorDone: false }, reason: null },
  // resubmit after a completion request
  { name: 'resubmit after the call deadline', state: 'completion_requested', action: 'resubmit', role: A, over: { now: day('2025-05-01') }, reason: null },
  { name: 'resubmit before the completion due date', state: 'completion_requested', action: 'resubmit', role: A, over: { completionDueAt: day('2025-03-20') }, reason: null },
  { name: 'resubmit after the completion due date', state: 'completion_requested', action: 'resubmit', role: A, over: { completionDueAt: day('2025-03-10') }, reason: 'completion_deadline_passed' },
  { name: 'resubmit with a co-applicant unconfirmed', state: 'completion_requested', action: 'resubmit', role: A, over: { coApplicantsAllConfirmed: false }, reason: 'co_applicants_unconfirmed' },
  { name: 'resubmit still incomplete', state: 'completion_requested', action: 'resubmit', role: A, over: { requiredAnswersComplete: false }, reason: 'application_incomplete' },
  { name: 'resubmit above the maximum', state: 'completion_requested', action: 'resubmit', role: A, over: { requestedAmountCents: 3_000_000 }, reason: 'amount_above_maximum' },
  // review
  { name: 'review with no reviewer', state: 'eligible', action: 'start_review', role: 'funder_staff', over: { reviewersAssigned: 0 }, reason: 'no_reviewers_assigned' },
  { name: 'recommend with reviews missing', state: 'in_review', action: 'recommend', role: 'funder_staff', over: { reviewsComplete: false }, reason: 'reviews_incomplete' },
  { name: 'recommend while the review phase is open', state: 'in_review', action: 'recommend', role: 'funder_staff', over: { reviewPhaseClosed: false }, reason: 'review_phase_open' },
  { name: 'not_recommend with reviews missing', state: 'in_review', action: 'not_recommend', role: 'funder_staff', over: { reviewsComplete: false }, reason: 'reviews_incomplete' },
  { name: 'not_recommend while the review phase is open', state: 'in_review', action: 'not_recommend', role: 'funder_staff', over: { reviewPhaseClosed: false }, reason: 'review_phase_open' },
  // award
  { name: 'award with no amount', state: 'recommended', action: 'award', role: 'committee', over: { awardedAmountCents: null }, reason: 'award_amount_invalid' },
  { name: 'award of zero', state: 'recommended', action: 'award', role: 'committee', over: { awardedAmountCents: 0 }, reason: 'award_amount_invalid' },
  { name: 'award of fractional cents', state: 'recommended', action: 'award', role: 'committee', over: { awardedAmountCents: 10.25 }, reason: 'award_amount_invalid' },
  { name: 'award above the request', state: 'recommended', action: 'award', role: 'committee', over: { awardedAmountCents: 1_000_001 }, reason: 'amount_exceeds_request' },
  { name: 'award equal to the request', state: 'recommended', action: 'award', role: 'committee', over: { awardedAmountCents: 1_000_000 }, reason: null },
  { name: 'award above the line', state: 'not_recommended', action: 'award', role: 'committee', over: { lineRemainingCents: 799_999 }, reason: 'amount_exceeds_line' },
  { name: 'award equal to the line', state: 'not_recommended', action: 'award', role: 'committee', over: { lineRemainingCents: 800_000 }, reason: null },
  { name: 'award on an exhausted line', state: 'recommended', action: 'award', role: 'committee', over: { lineRemainingCents: 0 }, reason: 'amount_exceeds_line' },
  // withdraw, start, close
  { name: 'decline an award before payment', state: 'awarded', action: 'withdraw', role: A, over: { paidCents: 0 }, reason: null },
  { name: 'decline an award after a payment', state: 'awarded', action: 'withdraw', role: A, over: { paidCents: 1 }, reason: 'payments_recorded' },
  { name: 'withdraw before the decision after the deadline', state: 'in_review', action: 'withdraw', role: A, over: { now: day('2026-01-01') }, reason: null },
  { name: 'start before the agreement is signed', state: 'awarded', action: 'start', role: 'funder_staff', over: { agreementSigned: false }, reason: 'agreement_unsigned' },
  { name: 'close with a report outstanding', state: 'in_progress', action: 'close', role: 'funder_staff', over: { outstandingReports: 1 }, reason: 'reports_outstanding' },
];

for (const c of guardCases) {
  void test(`guard: ${c.name} (${c.state} × ${c.action}) → ${c.reason ?? 'allowed'}`, () => {
    const decision = decide(c.state, c.action, c.role, ctx(c.over));
    if (c.reason === null) assert.equal(decision.ok, true, JSON.stringify(decision));
    else {
      assert.equal(decision.ok, false);
      if (!decision.ok) assert.equal(decision.reason, c.reason);
    }
  });
}

void test('every guard code is exercised by a guard case', () => {
  const tested = new Set(guardCases.map((c) => c.reason));
  for (const code of guardCodes) {
    if (code === 'second_factor_required') continue; // tested per transition below
    assert.ok(tested.has(code), code);
  }
});

// Every staff and committee transition needs the second factor; the list is taken from the expected table.
for (const e of expected.filter((x) => x.role !== 'applicant_member')) {
  void test(`guard: ${e.from} × ${e.action} × ${e.role} without the second factor → second_factor_required`, () => {
    const decision = decide(e.from as ApplicationState, e.action as WorkflowAction, e.role as WorkflowRole, ctx({ secondFactorDone: false }));
    assert.equal(decision.ok, false);
    if (!decision.ok) assert.equal(decision.reason, 'second_factor_required');
  });
}

void test('a refusal lists every failing guard, in table order', () => {
  const decision = decide('draft', 'submit', A, ctx({
    now: day('2025-06-01'),
    coApplicantsAllConfirmed: false,
    requestedAmountCents: 5_000_000,
  }));
  assert.deepEqual(decision, {
    ok: false,
    reason: 'deadline_passed',
    reasons: ['deadline_passed', 'co_applicants_unconfirmed', 'amount_above_maximum'],
  });
});

void test('guards are plain predicates: null when passing, a code when not', () => {
  assert.equal(guards.beforeDeadline(passing), null);
  assert.equal(guards.beforeDeadline(ctx({ now: day('2025-04-02') })), 'deadline_passed');
  assert.equal(guards.awardWithinLine(ctx({ awardedAmountCents: null })), 'amount_exceeds_line');
  assert.equal(guards.awardWithinRequest(ctx({ awardedAmountCents: null })), 'amount_exceeds_request');
  assert.equal(guards.secondFactor(ctx({ secondFactorDone: false })), 'second_factor_required');
});

// ─── availableActions and roleActions ────────────────────────────────────────────────────────────────────

void test('availableActions with every guard passing = the expected actions, for every state and role', () => {
  for (const state of STATES) {
    for (const role of ROLES) {
      const want = expected.filter((e) => e.from === state && e.role === role).map((e) => e.action).sort();
      assert.deepEqual([...availableActions(state, role, passing)].sort(), want, `${state} × ${role}`);
      assert.deepEqual(roleActions(state, role).map((a) => a.action).sort(), want, `${state} × ${role}`);
    }
  }
});

void test('availableActions drops the actions whose guards fail', () => {
  assert.deepEqual(availableActions('draft', A, ctx({ now: day('2025-05-01') })), []);
  assert.deepEqual(availableActions('awarded', A, ctx({ paidCents: 10 })), []);
  assert.deepEqual(availableActions('awarded', 'funder_staff', ctx({ agreementSigned: false })), []);
  assert.deepEqual(availableActions('submitted', 'funder_staff', ctx({ secondFactorDone: false })), []);
  assert.deepEqual(
    availableActions('submitted', 'funder_staff', passing).sort(),
    ['declare_eligible', 'declare_ineligible', 'request_completion'],
  );
  assert.deepEqual(availableActions('recommended', 'committee', ctx({ lineRemainingCents: 0 })), ['reject']);
});

void test('findTransition returns the row, or undefined', () => {
  assert.equal(findTransition('draft', 'submit')?.to, 'submitted');
  assert.equal(findTransition('closed', 'submit'), undefined);
});

// ─── Properties over arbitrary contexts ──────────────────────────────────────────────────────────────────

const anyDate = fc.oneof(
  fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z') }),
  fc.constant(new Date(Number.NaN)),
);
const anyAmount = fc.oneof(fc.integer({ min: -1_000, max: 10_000_000 }), fc.double(), fc.constant(Number.NaN));
const anyContext: fc.Arbitrary<WorkflowContext> = fc.record({
  now: anyDate,
  callOpensAt: anyDate,
  callClosesAt: anyDate,
  isEmergencyCall: fc.boolean(),
  organisationPrequalified: fc.boolean(),
  requestedAmountCents: anyAmount,
  minAmountCents: fc.option(anyAmount),
  maxAmountCents: fc.option(anyAmount),
  requiredAnswersComplete: fc.boolean(),
  coApplicantsAllConfirmed: fc.boolean(),
  completionDueAt: fc.option(anyDate),
  reviewersAssigned: fc.integer({ min: 0, max: 5 }),
  reviewsComplete: fc.boolean(),
  reviewPhaseClosed: fc.boolean(),
  awardedAmountCents: fc.option(anyAmount),
  lineRemainingCents: anyAmount,
  agreementSigned: fc.boolean(),
  paidCents: anyAmount,
  outstandingReports: fc.integer({ min: 0, max: 3 }),
  secondFactorDone: fc.boolean(),
});

void test('property: decide never throws, and agrees with availableActions and the expected list', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...STATES),
      fc.constantFrom(...ACTIONS),
      fc.constantFrom(...ROLES),
      anyContext,
      (state, action, role, c) => {
        const decision = decide(state, action, role, c);
        const allowed = find(state, action, role);
        if (decision.ok) {
          assert.ok(allowed, 'allowed only when listed');
          assert.equal(decision.to, allowed.to);
        } else {
          assert.ok(decision.reasons.length >= 1);
          assert.equal(decision.reasons[0], decision.reason);
          if (!allowed) assert.equal(decision.reason, expectedRefusal(state, action, role));
        }
        assert.equal(availableActions(state, role, c).includes(action), decision.ok);
      },
    ),
    { numRuns: 5_000 },
  );
});

void test('property: an award is never allowed above the request or the line, or without a second factor', () => {
  fc.assert(
    fc.property(fc.constantFrom<ApplicationState>('recommended', 'not_recommended'), anyContext, (state, c) => {
      const decision = decide(state, 'award', 'committee', c);
      if (decision.ok) {
        assert.equal(c.secondFactorDone, true);
        assert.ok(c.awardedAmountCents !== null && Number.isSafeInteger(c.awardedAmountCents));
        assert.ok(c.awardedAmountCents > 0);
        assert.ok(c.awardedAmountCents <= c.requestedAmountCents);
        assert.ok(c.awardedAmountCents <= c.lineRemainingCents);
      }
    }),
    { numRuns: 2_000 },
  );
});

void test('property: a submission is never allowed outside the call window', () => {
  fc.assert(
    fc.property(anyContext, (c) => {
      if (decide('draft', 'submit', A, c).ok) {
        assert.ok(c.now.getTime() >= c.callOpensAt.getTime());
        assert.ok(c.now.getTime() < c.callClosesAt.getTime());
      }
    }),
    { numRuns: 2_000 },
  );
});
