// Story: an association applies to a call — draft with a co-applicant, the partner confirms its part, submit.
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

test('an association drafts an application with a partner, the partner confirms, the association submits', { timeout: 120_000 }, async () => {
  const page = await signedIn(demoAccounts.jeunes);
  await page.goto(`${server.baseUrl}/fr/calls`);
  await checkA11y(page);
  await page.getByRole('link', { name: 'Projets de jeunes solidaires' }).click();
  await checkA11y(page);
  await page.getByRole('button', { name: 'Commencer une demande' }).click();
  await page.waitForURL(/\/edit/);
  await checkA11y(page);
  assert.match(await page.locator('main').innerText(), /À vérifier avant de déposer/);
  await page.getByLabel('Titre du projet').fill('Chantier de jeunes à Saint-Louis');
  await page.getByLabel('Montant demandé').fill('5 000');
  await page.getByLabel('Budget total du projet').fill('8 000');
  await page.getByLabel(/Qui est votre partenaire local/).fill('Le conseil municipal des jeunes de Saint-Louis.');
  await page.getByLabel('Co-demandeur 1', { exact: true }).selectOption({ label: 'Équi’Sol' });
  await page.getByLabel('Part du co-demandeur 1 (montant)').fill('1 000');
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await page.waitForURL(/\/funding\/applications\/[0-9a-f-]+\?notice/);
  await checkA11y(page);
  const applicationUrl = page.url().replace(/\?.*/, '');
  assert.match(await page.locator('main').innerText(), /confirmation attendue/);
  assert.equal(await page.getByRole('button', { name: 'Déposer la demande' }).isDisabled(), true);

  const partner = await signedIn(demoAccounts.equisol);
  await partner.goto(applicationUrl);
  await checkA11y(partner);
  await partner.getByRole('button', { name: 'Confirmer notre part' }).click();
  await partner.waitForURL(/notice=funding.notice_partner_confirmed/);
  assert.match(await partner.locator('main').innerText(), /part confirmée/);

  await page.goto(applicationUrl);
  await page.getByRole('button', { name: 'Déposer la demande' }).click();
  await page.waitForURL(/notice=funding.notice_submit/);
  await checkA11y(page);
  assert.match(await page.locator('main').innerText(), /Déposée/);
  assert.equal(await page.getByRole('link', { name: 'Modifier la demande' }).count(), 0);
});
