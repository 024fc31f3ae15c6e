// Story: a member of an association creates a project, adds where and what, previews it and publishes it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { systemActor } from '../../src/kernel/actor.ts';
import { addOrganisationMember } from '../../src/modules/organisations/commands.ts';
import { findOrganisationBySlug } from '../../src/modules/organisations/queries.ts';
import { makeUser } from '../support/app.ts';
import { checkA11y, launchBrowser, newContext, startServer, type StoryServer } from '../support/browser.ts';

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

test('a member creates, completes, previews and publishes a project', { timeout: 150_000 }, async () => {
  const org = (await findOrganisationBySlug(server.db, 'les-tisserands-de-l-amitie'))!;
  const editor = await makeUser(server.db);
  assert.ok((await addOrganisationMember(server.db, systemActor, org.id, editor.id, 'editor')).ok);
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${server.baseUrl}/fr/sign-in`);
  await page.getByRole('textbox', { name: /E-mail|Adresse/i }).fill(editor.email);
  await page.locator('#f-password').fill(editor.password);
  await page.locator('main form button[type=submit]').click();
  await page.waitForLoadState();

  await page.goto(`${server.baseUrl}/fr/organisations/les-tisserands-de-l-amitie`);
  await page.getByRole('link', { name: 'Nouveau projet' }).click();
  await page.waitForURL(/\/fr\/projects\/new/);
  await checkA11y(page);
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.waitForSelector('.error-summary');
  assert.match(await page.locator('.error-summary').innerText(), /Indiquez le titre/);
  await checkA11y(page);
  await page.getByRole('textbox', { name: 'Titre en français' }).fill('Atelier de tissage à Korhogo');
  await page.getByRole('textbox', { name: 'Description en français' }).fill('Un atelier équipé de six métiers à tisser pour les femmes de Korhogo.');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.waitForURL(/atelier-de-tissage-a-korhogo\/edit/);
  await checkA11y(page);
  assert.match(await page.locator('main').innerText(), /Ajoutez un pays ou une région/);

  await page.getByRole('link', { name: /^Pays bénéficiaires/ }).click();
  await checkA11y(page);
  await page.getByRole('combobox', { name: /Pays/ }).selectOption('CI');
  await page.getByRole('textbox', { name: /Part/ }).fill('100');
  await page.getByRole('button', { name: 'Ajouter' }).click();
  await page.waitForURL(/notice=projects.part_added/);
  assert.match(await page.locator('main').innerText(), /C[ôo]te.d.Ivoire \(100 %\)/);
  await page.getByRole('link', { name: /Retour au projet/ }).click();
  await page.getByRole('link', { name: /^Thématiques \(secteurs\)/ }).click();
  await page.getByRole('combobox', { name: /Thématique/ }).selectOption('women');
  await page.getByRole('button', { name: 'Ajouter' }).click();
  await page.waitForURL(/notice=projects.part_added/);
  await page.getByRole('link', { name: /Retour au projet/ }).click();

  await page.getByRole('link', { name: 'Aperçu de la page publique' }).click();
  await page.waitForURL(/atelier-de-tissage-a-korhogo$/);
  assert.match(await page.locator('.notice').innerText(), /Brouillon/);
  await checkA11y(page);
  await page.getByRole('link', { name: 'Modifier le projet' }).click();
  await page.getByRole('button', { name: 'Publier' }).click();
  await page.waitForURL(/notice=projects.published_notice/);

  const visitor = await (await newContext(browser)).newPage();
  const res = await visitor.goto(`${server.baseUrl}/fr/projects?country=CI`);
  assert.equal(res?.status(), 200);
  await visitor.getByRole('link', { name: 'Atelier de tissage à Korhogo' }).click();
  await visitor.waitForURL(/atelier-de-tissage-a-korhogo$/);
  await checkA11y(visitor);
});
