// Axe on the cooperation pages the three stories do not walk through: partners, offers and needs, proposed
// partners, joint projects and their form, networks, and the directory filtered by network.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { checkA11y, launchBrowser, newContext, startServer, type StoryServer } from '../support/browser.ts';
import { signInThroughForm, userWithRoles } from './support-cooperation.ts';

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

test('an editor of Solidarité Cachan Soroma walks through its cooperation pages', { timeout: 120_000 }, async () => {
  const user = await userWithRoles(server.db, [['solidarite-cachan-soroma', 'editor']]);
  const page = await (await newContext(browser)).newPage();
  await signInThroughForm(page, server.baseUrl, user, '/fr/organisations/solidarite-cachan-soroma');
  await page.getByRole('link', { name: 'Partenaires, projets communs et coopération' }).click();
  await page.waitForURL(/\/partners$/);
  await checkA11y(page);
  await page.getByRole('link', { name: 'Partenaires proposés' }).first().click();
  await page.waitForURL(/\/matches$/);
  await checkA11y(page);
  assert.match(await page.locator('main').innerText(), /Bâtisseurs solidaires de l’École des travaux publics/);
  await page.goBack();
  await page.getByRole('link', { name: 'Modifier offres et recherches' }).click();
  await page.waitForURL(/\/cooperation$/);
  await checkA11y(page);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.waitForURL(/notice=partnerships.saved/);
  await page.getByRole('link', { name: 'École et centre de santé de Soroma' }).click();
  await page.waitForURL(/\/joint-projects\//);
  await checkA11y(page);
  assert.match(await page.locator('main').innerText(), /Chef de file\s+60 %\s+28[\s\u00a0\u202f]800/);
  await page.goto(`${server.baseUrl}/fr/partnerships/inbox`);
  await checkA11y(page);
  await page.getByRole('link', { name: 'Une école et un centre de santé pour Soroma' }).click();
  await page.getByRole('link', { name: 'Créer un projet commun' }).click();
  await page.waitForURL(/\/joint-project$/);
  await checkA11y(page);
  for (const path of ['/fr/networks', '/fr/networks/resacoop', '/en/organisations?network=resacoop', '/en/campaigns/boats-4-people']) {
    await page.goto(`${server.baseUrl}${path}`);
    await checkA11y(page);
  }
});
