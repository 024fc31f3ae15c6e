// The administrators of an alliance, a network and a campaign edit what they run, write to their members and
// start a joint project; a visitor opens the events map and the home page's map. Axe scans every page seen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { findNetworkBySlug } from '../../src/modules/networks/queries.ts';
import { findOrganisationById } from '../../src/modules/organisations/queries.ts';
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

test('administrators edit their alliance, network and campaign, write to members and start a joint project', { timeout: 180_000 }, async () => {
  const resacoop = (await findOrganisationById(server.db, (await findNetworkBySlug(server.db, 'resacoop'))!.organisationId!))!.slug;
  const user = await userWithRoles(server.db, [['aide-et-action', 'editor'], [resacoop, 'admin'], ['la-cimade', 'editor']]);
  const page = await (await newContext(browser)).newPage();
  await signInThroughForm(page, server.baseUrl, user, '/fr/alliances/alliance-education');

  // The alliance: edit screen, a member's role, saved.
  await page.getByRole('link', { name: 'Modifier l’alliance' }).click();
  await page.waitForURL(/\/edit$/);
  await checkA11y(page);
  await page.getByLabel('Présentation (français)').fill('Une alliance ouverte, pour une éducation globale, émancipatrice et inclusive.');
  await page.getByLabel('Rôle de ENS Solidarité Sud').selectOption('member');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.waitForURL(/notice=alliances.saved/);
  assert.match(await page.locator('main').innerText(), /émancipatrice et inclusive\./);

  // A message to every member: a refused form first (axe on the error summary), then sent.
  await page.getByRole('link', { name: 'Écrire à tous les membres' }).click();
  await page.waitForURL(/\/mail$/);
  await checkA11y(page);
  await page.getByRole('button', { name: 'Envoyer aux membres' }).click();
  await page.waitForSelector('.error-summary, [role="alert"]');
  await checkA11y(page);
  await page.getByLabel('Objet').fill('Assemblée générale');
  await page.getByLabel('Message').fill('L’assemblée générale se tiendra le 10 décembre.');
  await page.getByRole('button', { name: 'Envoyer aux membres' }).click();
  await page.waitForURL(/notice=alliances.mailed/);

  // A joint project of the alliance: a project record the lead member owns, its page shows the alliance.
  await page.getByRole('link', { name: 'Créer un projet commun de l’alliance' }).click();
  await page.waitForURL(/\/joint-projects\/new$/);
  await checkA11y(page);
  await page.getByLabel('Titre (français)').fill('Consortium éducation Sahel');
  await page.getByRole('button', { name: 'Créer le projet commun' }).click();
  await page.waitForURL(/\/projects\/consortium-education-sahel/);
  await checkA11y(page);
  assert.match(await page.locator('main').innerText(), /Projet commun de l’alliance\s+Alliance Éducation/);
  await page.getByRole('link', { name: 'Organisations proposées pour ce projet' }).click();
  await page.waitForURL(/\/matches$/);
  await checkA11y(page);

  // The network: members' dates and roles, and the message form.
  await page.goto(`${server.baseUrl}/fr/networks/resacoop`);
  await page.getByRole('link', { name: 'Modifier le réseau' }).click();
  await page.waitForURL(/\/edit$/);
  await checkA11y(page);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.waitForURL(/notice=networks.saved/);
  await checkA11y(page);
  await page.getByRole('link', { name: 'Écrire à tous les membres' }).click();
  await checkA11y(page);

  // The campaign: goals added and shown.
  await page.goto(`${server.baseUrl}/fr/campaigns/frontexit`);
  await page.getByRole('link', { name: 'Modifier la campagne' }).click();
  await page.waitForURL(/\/edit$/);
  await checkA11y(page);
  await page.getByLabel('Objectifs (français)').fill('Transparence des accords\nContrôle démocratique de Frontex');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.waitForURL(/notice=campaigns.saved/);
  await checkA11y(page);
  assert.match(await page.locator('main').innerText(), /Objectifs[\s\S]*Contrôle démocratique de Frontex/);

  // A new event series.
  await page.goto(`${server.baseUrl}/fr/events/series/new`);
  await checkA11y(page);
  await page.getByLabel('Titre (français)').fill('Festival des solidarités de Lyon');
  await page.getByRole('button', { name: 'Créer la série' }).click();
  await page.waitForURL(/\/events\/series\/festival-des-solidarites-de-lyon/);
  await checkA11y(page);
});

test('a visitor opens the events map and the home page’s map, keyboard only', { timeout: 120_000 }, async () => {
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${server.baseUrl}/fr`);
  await checkA11y(page);
  assert.ok(await page.locator('svg.home-map a').count() > 0);
  await page.goto(`${server.baseUrl}/fr/events?view=map&from=2026-11-01`);
  await checkA11y(page);
  await page.locator('svg.events-map a').first().focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/fr\/events\/[a-z0-9-]+$/);
  await checkA11y(page);
});
