// Story: an association in Mali, not in the directory, finds Cachan associations working on water in Mali,
// writes to one through the public form, is invited to create its profile; the association reads it in its inbox.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { mailOutbox } from '../../src/kernel/tables.ts';
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

test('an association abroad finds local associations by country and theme and sends one a request', { timeout: 90_000 }, async () => {
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${server.baseUrl}/fr`);
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Coopération' }).click();
  await page.waitForURL(/\/fr\/partnerships$/);
  await checkA11y(page);

  await page.getByRole('combobox', { name: 'Votre pays' }).selectOption('ML');
  await page.getByRole('combobox', { name: 'Domaine' }).selectOption('water');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.waitForURL(/country=ML/);
  await checkA11y(page);
  const found = await page.locator('main').innerText();
  assert.match(found, /Ressortissants de la région de Kayes à Cachan/);
  assert.match(found, /Solidarité Cachan Soroma/);

  await page.getByRole('link', { name: 'Écrire à Ressortissants de la région de Kayes à Cachan' }).click();
  await page.waitForURL(/\/fr\/partnerships\/contact\//);
  await checkA11y(page);
  // A first try without the consent box: the form comes back with what was typed.
  await page.locator('#f-senderName').fill('Fatoumata Keïta');
  await page.locator('#f-senderOrganisation').fill('Association Eau de Kita');
  await page.locator('#f-senderEmail').fill('fatoumata@eau-kita.example');
  await page.getByRole('combobox', { name: 'Pays de votre association' }).selectOption('ML');
  await page.locator('#f-subject').fill('Puits pour les jardins de Kita');
  await page.locator('#f-message').fill('Bonjour, nous aimerions construire trois puits maraîchers avec vous.');
  await page.getByRole('button', { name: 'Envoyer' }).click();
  assert.match(await page.locator('.error-summary, [role=alert]').first().innerText(), /Cochez la case/);
  await checkA11y(page);
  assert.equal(await page.locator('#f-senderName').inputValue(), 'Fatoumata Keïta');
  await page.getByLabel('J’accepte que ces informations soient transmises à l’association destinataire.').check();
  await page.getByRole('button', { name: 'Envoyer' }).click();
  await page.waitForURL(/\/fr\/partnerships\/join/);
  await checkA11y(page);
  assert.match(await page.locator('main').innerText(), /Créez la fiche de votre association/);
  const receipt = await server.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'fatoumata@eau-kita.example'));
  assert.equal(receipt.length, 1);

  // The Kayes association reads it in its inbox.
  const member = await userWithRoles(server.db, [['ressortissants-de-la-region-de-kayes-a-cachan', 'editor']]);
  const inbox = await (await newContext(browser)).newPage();
  await signInThroughForm(inbox, server.baseUrl, member, '/fr/partnerships/inbox');
  await inbox.waitForURL(/\/fr\/partnerships\/inbox/);
  await checkA11y(inbox);
  await inbox.getByRole('link', { name: 'Puits pour les jardins de Kita' }).click();
  await inbox.waitForURL(/\/fr\/partnerships\/requests\//);
  await checkA11y(inbox);
  const request = await inbox.locator('main').innerText();
  assert.match(request, /Association Eau de Kita \(Mali\)/);
  assert.match(request, /trois puits maraîchers/);
  await inbox.locator('#f-body').fill('Merci ! Rencontrons-nous en visio.');
  await inbox.getByRole('button', { name: 'Envoyer' }).click();
  await inbox.waitForURL(/notice=partnerships.message_sent/);
  const reply = await server.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'fatoumata@eau-kita.example'));
  assert.equal(reply.length, 2, 'the reply is mailed to the association abroad');
});
