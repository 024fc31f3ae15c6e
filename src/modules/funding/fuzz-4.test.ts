// Fuzz of the funding forms (part 4 of 4): ≥ 1,000 generated inputs per form, signed in as the person who
// uses it; no 5xx and no stack trace whatever is posted.
import { test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';
import { demoAccounts } from './seed.ts';
import { demoFundingApp } from './testing.ts';
import { calls, lines, reviews } from './tables.ts';

const t = demoFundingApp();
const { session, appId } = t;

test('fuzz: reviewer, prequalification, signature and exports', async () => {
  const staff = await session(demoAccounts.staff);
  const reviewer = await session(demoAccounts.reviewer);
  const overdue = await appId('Écotourisme solidaire au pays dogon');
  const [solidarity] = await t.db.select().from(lines).where(eq(lines.nameFr, 'Projets de solidarité internationale'));
  const [call] = await t.db.select().from(calls).where(sql`${calls.slug} like 'festival%'`);
  const [review] = await t.db.select().from(reviews).where(and(eq(reviews.reviewerId, sql`(select id from users where email = ${demoAccounts.reviewer})`), sql`${reviews.completedAt} is null`));
  const funder = call!.funderId;
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/funding/reviews/${review!.id}`, fields: ['conflict', 'conflictNote', 'score_pertinence', 'comment_pertinence', 'score_partenariat', 'score_budget'], ...reviewer });
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/funding/funders/${funder}/prequalifications`, fields: ['organisationId', 'vettedOn', 'note'], ...staff });
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/funding/applications/${overdue}/sign`, fields: ['signedOn'], ...staff });
  await fuzzRoute(t.app, { method: 'GET', url: `/fr/funding/funders/${funder}/scdl.csv`, fields: ['year'], headers: staff.headers });
  await fuzzRoute(t.app, { method: 'GET', url: `/fr/funding/envelopes/${solidarity!.envelopeId}/export.csv`, fields: ['sep'], headers: staff.headers });
});
