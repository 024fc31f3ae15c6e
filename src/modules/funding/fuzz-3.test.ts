// Fuzz of the funding forms (part 3 of 4): ≥ 1,000 generated inputs per form, signed in as the person who
// uses it; no 5xx and no stack trace whatever is posted.
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { eq } from 'drizzle-orm';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';
import { demoAccounts } from './seed.ts';
import { demoFundingApp } from './testing.ts';
import { awards, reports } from './tables.ts';

const t = demoFundingApp();
const { session, appId } = t;

test('fuzz: application forms (confirm, reviewers, reports with indicators, project link)', async () => {
  const jeunes = await session(demoAccounts.jeunes);
  const staff = await session(demoAccounts.staff);
  const tetraktys = await session(demoAccounts.tetraktys);
  const soroma = await session(demoAccounts.soroma);
  const draft = await appId('Échanges de jeunes Grenoble — Saint-Louis');
  const inReview = await appId('Rencontres régionales des acteurs de la solidarité');
  const overdue = await appId('Écotourisme solidaire au pays dogon');
  const soromaApp = await appId('Équiper l’école de Soroma en tables-bancs et manuels');
  const award = (await t.db.select().from(awards).where(eq(awards.applicationId, overdue)))[0]!;
  const [report] = await t.db.select().from(reports).where(eq(reports.awardId, award.id));
  const indicator = `actual_${randomUUID()}_0`;
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/funding/applications/${draft}/confirm`, fields: ['organisationId'], ...jeunes });
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/funding/applications/${inReview}/reviewers`, fields: ['reviewerId'], ...staff });
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/funding/reports/${report!.id}`, fields: ['narrative', 'financial', 'results', indicator, indicator.replace('actual_', 'comment_')], ...tetraktys });
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/funding/applications/${soromaApp}/project`, fields: ['projectId'], ...soroma });
});
