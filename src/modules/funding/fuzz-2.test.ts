// Fuzz of the funding forms (part 2 of 4): ≥ 1,000 generated inputs per form, signed in as the person who
// uses it; no 5xx and no stack trace whatever is posted.
import { test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';
import { demoAccounts } from './seed.ts';
import { demoFundingApp } from './testing.ts';
import { awards, calls, lines, tranches } from './tables.ts';

const t = demoFundingApp();
const { session, appId } = t;

test('fuzz: staff, finance and reviewer forms (calls, emergency, committee, payments, transfers)', async () => {
  const staff = await session(demoAccounts.staff);
  const finance = await session(demoAccounts.finance);
  const overdue = await appId('Écotourisme solidaire au pays dogon');
  const award = (await t.db.select().from(awards).where(eq(awards.applicationId, overdue)))[0]!;
  const [, tranche2] = await t.db.select().from(tranches).where(eq(tranches.awardId, award.id)).orderBy(tranches.sequence);
  const [line] = await t.db.select().from(lines).where(eq(lines.isEmergency, true));
  const [solidarity] = await t.db.select().from(lines).where(eq(lines.nameFr, 'Projets de solidarité internationale'));
  const [call] = await t.db.select().from(calls).where(sql`${calls.slug} like 'festival%'`);
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/funding/lines/${solidarity!.id}/calls/new`, fields: ['titleFr', 'titleEn', 'textFr', 'textEn', 'opensAt', 'closesAt', 'eligibleSubtypes', 'countries', 'themes', 'minAmountCents', 'maxAmountCents', 'coFinancingMinPercent', 'criteria', 'requiredDocuments', 'questions', 'trancheShares', 'trancheIntervalMonths'], ...staff });
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/funding/lines/${line!.id}/emergency`, fields: ['titleFr', 'titleEn', 'textFr', 'kind', 'countries', 'glide', 'decisionHours', 'maxAmountCents'], ...staff });
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/funding/calls/${call!.id}/committee`, fields: ['reference', 'heldOn', `decision_${overdue}`, `amount_${overdue}`, `version_${overdue}`, `conditions_${overdue}`], ...staff });
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/funding/applications/${overdue}/pay`, fields: ['trancheId', 'idempotencyKey', 'paidOn', 'reference'], headers: finance.headers, extra: { ...finance.extra, trancheId: tranche2!.id } });
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/funding/envelopes/${solidarity!.envelopeId}/transfer`, fields: ['fromLineId', 'toLineId', 'amountCents', 'reason'], ...finance });
});
