// Fuzz of the funding forms (part 1 of 4): ≥ 1,000 generated inputs per form, signed in as the person who
// uses it; no 5xx and no stack trace whatever is posted.
import { test } from 'node:test';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';
import { demoAccounts } from './seed.ts';
import { demoFundingApp } from './testing.ts';

const t = demoFundingApp();
const { session, appId } = t;

test('fuzz: application forms (apply, edit, transition)', async () => {
  const jeunes = await session(demoAccounts.jeunes);
  const staff = await session(demoAccounts.staff);
  const draft = await appId('Échanges de jeunes Grenoble — Saint-Louis');
  const inReview = await appId('Rencontres régionales des acteurs de la solidarité');
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/calls/projets-de-jeunes-solidaires/apply', fields: ['organisationId'], ...jeunes });
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/funding/applications/${draft}/edit`, fields: ['version', 'title', 'summary', 'projectId', 'countries', 'themes', 'requestedCents', 'totalBudgetCents', 'budgetLines', 'otherFunders', 'answer_partenaire', 'applicantSiret', 'applicantRna', 'coApplicantId', 'coApplicantPart'], ...jeunes });
  await fuzzRoute(t.app, { method: 'POST', url: `/fr/funding/applications/${inReview}/transition`, fields: ['action', 'version', 'completionDueAt', 'note'], ...staff });
});
