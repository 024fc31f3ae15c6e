// Story: staff award and pay — review closed, committee decision, agreement PDF, signature, tranche paid,
// report received and accepted, next tranche paid.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, demoAccounts } from '../../src/modules/funding/seed.ts';
import { checkA11y, launchBrowser, newContext, passSecondFactor, startServer, type StoryServer } from '../support/browser.ts';

let server: StoryServer;
let browser: Browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(email: string): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${server.baseUrl}/fr/sign-in`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).last().click();
  await page.waitForLoadState();
  await passSecondFactor(page, email);
  return page;
}

test('committee decision → agreement PDF → tranche paid → report received → next tranche', { timeout: 150_000 }, async () => {
  const reviewer = await signedIn(demoAccounts.reviewer);
  await reviewer.goto(`${server.baseUrl}/fr/funding`);
  await reviewer.getByRole('link', { name: /Rencontres régionales des acteurs de la solidarité — à faire/ }).click();
  for (const name of ['Pertinence au regard des besoins', 'Qualité du partenariat local', 'Réalisme du budget']) {
    await reviewer.getByRole('group', { name: new RegExp(name) }).getByRole('combobox').selectOption('4');
  }
  await reviewer.getByRole('button', { name: 'Enregistrer l’évaluation' }).click();
  await reviewer.waitForURL(/notice=/);

  const staff = await signedIn(demoAccounts.staff);
  await staff.goto(`${server.baseUrl}/fr/funding`);
  await staff.getByRole('link', { name: /Festival des solidarités/ }).click();
  const callUrl = staff.url();
  await staff.getByRole('button', { name: 'Clore la phase d’évaluation' }).click();
  await staff.waitForURL(/notice=funding.notice_review_closed/);
  await staff.getByRole('link', { name: 'Rencontres régionales des acteurs de la solidarité' }).click();
  const applicationUrl = staff.url();
  await staff.getByRole('button', { name: 'Proposer au comité' }).click();
  await staff.waitForURL(/notice=funding.notice_recommend/);
  await checkA11y(staff);

  await staff.goto(callUrl);
  await staff.getByLabel('Référence de la délibération').fill('CP-2026-112');
  await staff.getByLabel('Décision').selectOption('award');
  await staff.getByLabel('Montant accordé').fill('12 000');
  await staff.getByLabel('Conditions').fill('Associer les lycées de la Drôme.');
  await checkA11y(staff);
  await staff.getByRole('button', { name: 'Enregistrer les décisions' }).click();
  await staff.waitForURL(/notice=funding.notice_decisions_recorded/);

  await staff.goto(applicationUrl);
  await checkA11y(staff);
  const pdfHref = await staff.getByRole('link', { name: 'Convention (PDF)' }).getAttribute('href');
  const pdf = await staff.request.get(`${server.baseUrl}${pdfHref}`);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.ok((await pdf.body()).subarray(0, 5).toString() === '%PDF-');
  await staff.getByRole('button', { name: 'Enregistrer la signature et démarrer le projet' }).click();
  await staff.waitForURL(/notice=funding.notice_start/);
  assert.match(await staff.locator('main').innerText(), /En cours/);

  const finance = await signedIn(demoAccounts.finance);
  await finance.goto(applicationUrl);
  await checkA11y(finance);
  await finance.getByLabel('Référence du virement').fill('VIR-2026-1201');
  await finance.getByRole('button', { name: 'Enregistrer le versement' }).click();
  await finance.waitForURL(/notice=funding.notice_paid/);
  assert.match(await finance.locator('main').innerText(), /Versée le .* \(réf. VIR-2026-1201\)/);

  const applicant = await signedIn(demoAccounts.savoie);
  await applicant.goto(applicationUrl);
  await checkA11y(applicant);
  await applicant.getByLabel('Compte rendu narratif').fill('Deux rencontres tenues à Lyon et Grenoble.');
  await applicant.getByLabel('Compte rendu financier').fill('Dépenses conformes au budget.');
  await applicant.getByLabel('Résultats au regard des indicateurs').fill('240 participants, 35 associations.');
  await applicant.getByRole('button', { name: 'Remettre le compte rendu' }).click();
  await applicant.waitForLoadState();

  await staff.goto(applicationUrl);
  await staff.getByLabel('Décision').selectOption('accepted');
  await staff.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await staff.waitForURL(/notice=funding.notice_report_reviewed/);

  await finance.goto(applicationUrl);
  await finance.getByLabel('Référence du virement').fill('VIR-2026-1202');
  await finance.getByRole('button', { name: 'Enregistrer le versement' }).click();
  await finance.waitForURL(/notice=funding.notice_paid/);
  assert.match(await finance.locator('main').innerText(), /réf. VIR-2026-1202/);
});
