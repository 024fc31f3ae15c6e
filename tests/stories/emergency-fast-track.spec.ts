// Story: emergency fast track — staff open an emergency call in one step after a cyclone; a pre-qualified
// association applies with the short form and submits.
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

test('staff open an emergency call in one step; a pre-qualified association applies with the short form', { timeout: 120_000 }, async () => {
  const staff = await signedIn(demoAccounts.staff);
  await staff.goto(`${server.baseUrl}/fr/funding`);
  await staff.getByRole('link', { name: /Solidarité internationale .* 10 000 000/ }).click();
  await checkA11y(staff);
  await staff.getByRole('link', { name: 'Ouvrir un appel d’urgence' }).click();
  await checkA11y(staff);
  await staff.getByLabel('Titre (français)').fill('Cyclone à Madagascar');
  await staff.getByLabel('Titre (anglais)').fill('Cyclone in Madagascar');
  await staff.getByLabel('Situation et besoins').fill('Le cyclone a détruit des écoles et des puits à Toamasina.');
  await staff.getByRole('group', { name: 'Pays touchés' }).getByLabel('Madagascar', { exact: true }).check();
  await staff.getByLabel('Numéro GLIDE').fill('TC-2026-000201-MDG');
  await staff.getByLabel('Délai de décision (heures)').fill('48');
  await staff.getByRole('button', { name: 'Ouvrir l’appel d’urgence maintenant' }).click();
  await staff.waitForURL(/\/fr\/calls\/cyclone-a-madagascar/);
  await checkA11y(staff);
  assert.match(await staff.locator('main').innerText(), /GLIDE TC-2026-000201-MDG/);

  const applicant = await signedIn(demoAccounts.savoie);
  await applicant.goto(`${server.baseUrl}/fr/calls/cyclone-a-madagascar`);
  await applicant.getByLabel('Déposer au nom de').selectOption({ label: 'Secours savoyard international' });
  await applicant.getByRole('button', { name: 'Commencer une demande' }).click();
  await applicant.waitForURL(/\/edit/);
  await checkA11y(applicant);
  await applicant.getByLabel('Titre du projet').fill('Abris et eau pour Toamasina');
  await applicant.getByLabel('Montant demandé').fill('25 000');
  await applicant.getByLabel('Budget total du projet').fill('25 000');
  await applicant.getByLabel(/Besoins constatés/).fill('300 familles sinistrées sans abri.');
  await applicant.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await applicant.waitForURL(/notice=funding.notice_saved/);
  assert.match(await applicant.locator('main').innerText(), /Humanitaire/);
  assert.match(await applicant.locator('main').innerText(), /72010, 72040, 72050/);
  await applicant.getByRole('button', { name: 'Déposer la demande' }).click();
  await applicant.waitForURL(/notice=funding.notice_submit/);
  await checkA11y(applicant);
  assert.match(await applicant.locator('main').innerText(), /Déposée/);
});
