import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addMonthsUtc,
  canPayTranche,
  EMERGENCY_REPORT_MONTHS,
  isReportOverdue,
  scheduleEmergencyTranche,
  scheduleTranches,
  type PayTrancheInput,
  type ReportRecord,
  type ScheduledTranche,
  type TrancheRecord,
} from './tranches.ts';

const d = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
const NOW = d('2025-06-15');

// ─── isReportOverdue ─────────────────────────────────────────────────────────────────────────────────────

const overdueCases: [string, ReportRecord, Date, boolean][] = [
  ['expected, due later', { status: 'expected', dueAt: d('2025-07-01') }, NOW, false],
  ['expected, due exactly now', { status: 'expected', dueAt: NOW }, NOW, false],
  ['expected, due one ms ago', { status: 'expected', dueAt: new Date(NOW.getTime() - 1) }, NOW, true],
  ['expected, due long ago', { status: 'expected', dueAt: d('2024-01-01') }, NOW, true],
  ['submitted late, waiting for staff', { status: 'submitted', dueAt: d('2024-01-01') }, NOW, false],
  ['accepted', { status: 'accepted', dueAt: d('2024-01-01') }, NOW, false],
  ['rejected (its own reason)', { status: 'rejected', dueAt: d('2024-01-01') }, NOW, false],
  ['invalid clock fails closed', { status: 'expected', dueAt: d('2025-07-01') }, new Date(Number.NaN), true],
];
for (const [name, report, now, want] of overdueCases) {
  void test(`isReportOverdue: ${name} → ${want}`, () => assert.equal(isReportOverdue(report, now), want));
}

// ─── canPayTranche ───────────────────────────────────────────────────────────────────────────────────────

const paid = (sequence: number): TrancheRecord => ({ sequence, amountCents: 100_000, paidAt: d('2025-01-10') });
const unpaid = (sequence: number): TrancheRecord => ({ sequence, amountCents: 100_000, paidAt: null });
const base: PayTrancheInput = {
  applicationState: 'in_progress',
  tranche: unpaid(2),
  previousTranches: [paid(1)],
  reports: [{ status: 'accepted', dueAt: d('2025-05-01') }, { status: 'expected', dueAt: d('2026-01-01') }],
  now: NOW,
};
const payCases: [string, Partial<PayTrancheInput>, string | null][] = [
  ['all good', {}, null],
  ['first tranche, no reports yet', { tranche: unpaid(1), previousTranches: [], reports: [] }, null],
  ['report handed in, not yet reviewed', { reports: [{ status: 'submitted', dueAt: d('2025-05-01') }] }, null],
  ['report due later', { reports: [{ status: 'expected', dueAt: d('2025-06-16') }] }, null],
  ['grant only awarded, not started', { applicationState: 'awarded' }, 'award_not_active'],
  ['grant closed', { applicationState: 'closed' }, 'award_not_active'],
  ['grant withdrawn', { applicationState: 'withdrawn' }, 'award_not_active'],
  ['tranche already paid', { tranche: paid(2) }, 'already_paid'],
  ['previous tranche unpaid', { previousTranches: [unpaid(1)] }, 'previous_tranche_unpaid'],
  ['later tranches unpaid do not block', { previousTranches: [paid(1), unpaid(3)] }, null],
  ['report overdue', { reports: [{ status: 'expected', dueAt: d('2025-05-01') }] }, 'report_overdue'],
  ['report rejected', { reports: [{ status: 'rejected', dueAt: d('2025-05-01') }] }, 'report_rejected'],
];
for (const [name, over, want] of payCases) {
  void test(`canPayTranche: ${name} → ${want ?? 'ok'}`, () => {
    const decision = canPayTranche({ ...base, ...over });
    if (want === null) assert.deepEqual(decision, { ok: true });
    else {
      assert.equal(decision.ok, false);
      if (!decision.ok) assert.equal(decision.reason, want);
    }
  });
}

void test('canPayTranche lists every reason', () => {
  const decision = canPayTranche({
    applicationState: 'awarded',
    tranche: paid(2),
    previousTranches: [unpaid(1)],
    reports: [{ status: 'rejected', dueAt: d('2025-01-01') }, { status: 'expected', dueAt: d('2025-02-01') }],
    now: NOW,
  });
  assert.deepEqual(decision, {
    ok: false,
    reason: 'award_not_active',
    reasons: ['award_not_active', 'already_paid', 'previous_tranche_unpaid', 'report_rejected', 'report_overdue'],
  });
});

void test('property: a tranche is payable exactly when no rule blocks it', () => {
  const report = fc.record({
    status: fc.constantFrom('expected', 'submitted', 'accepted', 'rejected' as const),
    dueAt: fc.date({ min: d('2024-01-01'), max: d('2026-12-31'), noInvalidDate: true }),
  });
  const tranche = fc.record({
    sequence: fc.integer({ min: 1, max: 5 }),
    amountCents: fc.nat(),
    paidAt: fc.option(fc.constant(d('2025-01-01'))),
  });
  fc.assert(
    fc.property(
      fc.constantFrom('awarded', 'in_progress', 'closed', 'withdrawn' as const),
      tranche,
      fc.array(tranche, { maxLength: 5 }),
      fc.array(report, { maxLength: 5 }),
      (applicationState, t, previousTranches, reports) => {
        const decision = canPayTranche({ applicationState, tranche: t, previousTranches, reports, now: NOW });
        const blocked =
          applicationState !== 'in_progress' ||
          t.paidAt !== null ||
          previousTranches.some((p) => p.sequence < t.sequence && p.paidAt === null) ||
          reports.some((r) => r.status === 'rejected') ||
          reports.some((r) => r.status === 'expected' && r.dueAt.getTime() < NOW.getTime());
        assert.equal(decision.ok, !blocked);
      },
    ),
    { numRuns: 3_000 },
  );
});

// ─── scheduleTranches ────────────────────────────────────────────────────────────────────────────────────

const schedule = (...args: Parameters<typeof scheduleTranches>): ScheduledTranche[] => {
  const result = scheduleTranches(...args);
  assert.ok(result.ok, JSON.stringify(result));
  return result.value;
};

void test('scheduleTranches: 60/40 of 150 000 € over two years', () => {
  const tranches = schedule(15_000_000, [60, 40], d('2025-03-01'));
  assert.deepEqual(tranches, [
    { sequence: 1, amountCents: 9_000_000, plannedAt: d('2025-03-01'), reportDueAt: d('2026-03-01'), reportKind: 'interim' },
    { sequence: 2, amountCents: 6_000_000, plannedAt: d('2026-03-01'), reportDueAt: d('2027-03-01'), reportKind: 'final' },
  ]);
});

void test('scheduleTranches: the remainder goes on the last tranche', () => {
  assert.deepEqual(schedule(100, [1, 1, 1], d('2025-01-01')).map((t) => t.amountCents), [33, 33, 34]);
  assert.deepEqual(schedule(1, [1, 1, 1], d('2025-01-01')).map((t) => t.amountCents), [0, 0, 1]);
  assert.deepEqual(schedule(1_000_001, [50, 30, 20], d('2025-01-01')).map((t) => t.amountCents), [500_000, 300_000, 200_001]);
});

void test('scheduleTranches: a single share is the whole award', () => {
  const [only, ...rest] = schedule(123_457, [100], d('2025-01-01'));
  assert.equal(rest.length, 0);
  assert.equal(only?.amountCents, 123_457);
  assert.equal(only?.reportKind, 'final');
});

void test('scheduleTranches: interval in months, month ends clamped', () => {
  const tranches = schedule(300, [1, 1, 1], d('2025-01-31T09:30:00Z'), { intervalMonths: 1 });
  assert.deepEqual(tranches.map((t) => t.plannedAt.toISOString()), [
    '2025-01-31T09:30:00.000Z', '2025-02-28T09:30:00.000Z', '2025-03-31T09:30:00.000Z',
  ]);
  assert.deepEqual(tranches.map((t) => t.reportDueAt.toISOString()), [
    '2025-02-28T09:30:00.000Z', '2025-03-31T09:30:00.000Z', '2025-04-30T09:30:00.000Z',
  ]);
});

void test('scheduleTranches: refuses what it cannot split', () => {
  const refusals: [Parameters<typeof scheduleTranches>, string][] = [
    [[0, [1], d('2025-01-01')], 'invalid_amount'],
    [[-100, [1], d('2025-01-01')], 'invalid_amount'],
    [[10.5, [1], d('2025-01-01')], 'invalid_amount'],
    [[Number.NaN, [1], d('2025-01-01')], 'invalid_amount'],
    [[100, [], d('2025-01-01')], 'invalid_shares'],
    [[100, [50, 0], d('2025-01-01')], 'invalid_shares'],
    [[100, [50, -50], d('2025-01-01')], 'invalid_shares'],
    [[100, [0.5, 0.5], d('2025-01-01')], 'invalid_shares'],
    [[100, new Array<number>(25).fill(1), d('2025-01-01')], 'invalid_shares'],
    [[100, [1], new Date(Number.NaN)], 'invalid_start_date'],
    [[100, [1], d('2025-01-01'), { intervalMonths: 0 }], 'invalid_interval'],
    [[100, [1], d('2025-01-01'), { intervalMonths: 1.5 }], 'invalid_interval'],
  ];
  for (const [args, code] of refusals) {
    assert.deepEqual(scheduleTranches(...args), { ok: false, error: code }, JSON.stringify(args));
  }
});

void test('scheduleEmergencyTranche: one tranche, report due 3 months after', () => {
  assert.equal(EMERGENCY_REPORT_MONTHS, 3);
  const result = scheduleEmergencyTranche(2_500_000, d('2025-11-30'));
  assert.deepEqual(result, {
    ok: true,
    value: [{ sequence: 1, amountCents: 2_500_000, plannedAt: d('2025-11-30'), reportDueAt: d('2026-02-28'), reportKind: 'final' }],
  });
  assert.deepEqual(scheduleEmergencyTranche(0, d('2025-11-30')), { ok: false, error: 'invalid_amount' });
});

void test('addMonthsUtc: leap years and year ends', () => {
  assert.equal(addMonthsUtc(d('2024-01-31'), 1).toISOString(), '2024-02-29T00:00:00.000Z');
  assert.equal(addMonthsUtc(d('2024-02-29'), 12).toISOString(), '2025-02-28T00:00:00.000Z');
  assert.equal(addMonthsUtc(d('2025-12-15'), 1).toISOString(), '2026-01-15T00:00:00.000Z');
  assert.equal(addMonthsUtc(d('2025-08-31'), 3).toISOString(), '2025-11-30T00:00:00.000Z');
  assert.equal(addMonthsUtc(d('2025-05-10'), 0).toISOString(), '2025-05-10T00:00:00.000Z');
});

void test('property: tranches add up to the award exactly, in proportion, in order', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 24 }),
      fc.date({ min: d('1990-01-01'), max: d('2100-12-31'), noInvalidDate: true }),
      fc.integer({ min: 1, max: 36 }),
      (award, shares, start, intervalMonths) => {
        const tranches = schedule(award, shares, start, { intervalMonths });
        assert.equal(tranches.length, shares.length);
        // Exact sum, in integers (BigInt so the check itself cannot round).
        assert.equal(tranches.reduce((sum, t) => sum + BigInt(t.amountCents), 0n), BigInt(award));
        const total = shares.reduce((s, x) => s + BigInt(x), 0n);
        tranches.forEach((t, i) => {
          assert.ok(Number.isSafeInteger(t.amountCents) && t.amountCents >= 0);
          assert.equal(t.sequence, i + 1);
          const floor = (BigInt(award) * BigInt(shares[i]!)) / total;
          if (i < tranches.length - 1) assert.equal(BigInt(t.amountCents), floor);
          else {
            // The last gets its own share plus less than one cent per other tranche.
            assert.ok(BigInt(t.amountCents) >= floor);
            assert.ok(BigInt(t.amountCents) - floor < BigInt(tranches.length));
          }
          assert.equal(t.reportKind, i === tranches.length - 1 ? 'final' : 'interim');
          assert.ok(t.reportDueAt.getTime() > t.plannedAt.getTime());
          const next = tranches[i + 1];
          if (next) assert.equal(t.reportDueAt.getTime(), next.plannedAt.getTime());
        });
        assert.equal(tranches[0]!.plannedAt.getTime(), start.getTime());
      },
    ),
    { numRuns: 2_000 },
  );
});

void test('property: an emergency award is one tranche of the whole amount, report 3 months on', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      fc.date({ min: d('1990-01-01'), max: d('2100-12-31'), noInvalidDate: true }),
      (award, start) => {
        const result = scheduleEmergencyTranche(award, start);
        assert.ok(result.ok);
        assert.equal(result.value.length, 1);
        const [t] = result.value;
        assert.equal(t?.amountCents, award);
        assert.equal(t?.reportDueAt.getTime(), addMonthsUtc(start, 3).getTime());
        const months =
          (t!.reportDueAt.getUTCFullYear() - start.getUTCFullYear()) * 12 +
          (t!.reportDueAt.getUTCMonth() - start.getUTCMonth());
        assert.equal(months, 3);
      },
    ),
    { numRuns: 1_000 },
  );
});
