// Story: an editor of an association, with the keyboard alone, goes from the organisation's page to the IATI upload
// page (a plain form: the page ships no script, so it works without JavaScript), sends the form without a file (the error is on the file field), then sends an IATI file
// and reads the import report (counts, one row per activity with its line).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { systemActor } from '../../src/kernel/actor.ts';
import { addOrganisationMember } from '../../src/modules/organisations/commands.ts';
import { findOrganisationBySlug } from '../../src/modules/organisations/queries.ts';
import { makeUser } from '../support/app.ts';
import { checkA11y, launchBrowser, newContext, startServer, tabTo, type StoryServer } from '../support/browser.ts';

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

const iatiFile = `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="EUR" xml:lang="fr">
  <iati-identifier>XM-TISSERANDS-1</iati-identifier>
  <reporting-org ref="XM-TISSERANDS" type="22"><narrative>Les Tisserands de l’amitié</narrative></reporting-org>
  <title><narrative>Coopérative de tissage à Bouaké</narrative></title>
  <description type="1"><narrative>Des métiers à tisser pour une coopérative.</narrative></description>
  <participating-org role="4"><narrative>Coopérative de Bouaké</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2024-01-01"/>
  <recipient-country code="CI"/>
  <sector vocabulary="1" code="32161"/>
  <transaction><transaction-type code="3"/><transaction-date iso-date="31/03/2024"/><value value-date="2024-03-31">2500</value></transaction>
 </iati-activity>
</iati-activities>
`;

test('an editor imports an IATI file from the organisation page, keyboard only, on a page without script', { timeout: 150_000 }, async () => {
  const org = (await findOrganisationBySlug(server.db, 'les-tisserands-de-l-amitie'))!;
  const editor = await makeUser(server.db);
  assert.ok((await addOrganisationMember(server.db, systemActor, org.id, editor.id, 'editor')).ok);
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${server.baseUrl}/fr/sign-in`);
  await page.locator('#f-email').fill(editor.email);
  await page.locator('#f-password').fill(editor.password);
  await page.locator('#f-password').press('Enter');
  await page.waitForLoadState();

  await page.goto(`${server.baseUrl}/fr/organisations/les-tisserands-de-l-amitie`);
  await tabTo(page, 'a[href*="/iati/import"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/fr\/iati\/import\?organisation=les-tisserands-de-l-amitie/);
  await checkA11y(page);
  assert.equal(await page.locator('#f-organisation').inputValue(), 'les-tisserands-de-l-amitie');
  assert.equal(await page.locator('script').count(), 0, 'no script: the form works without JavaScript');

  // Sent without a file: the form comes back with the error on the file field.
  await tabTo(page, 'main form button[type=submit]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.error-summary');
  assert.match(await page.locator('#f-file-error').innerText(), /Choisissez un fichier XML IATI/);
  await checkA11y(page);

  await tabTo(page, '#f-file');
  await page.locator('#f-file').setInputFiles({ name: 'tisserands.xml', mimeType: 'application/xml', buffer: Buffer.from(iatiFile) });
  await tabTo(page, 'main form button[type=submit]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('h1:has-text("Rapport d’import")');
  const main = await page.locator('main').innerText();
  assert.match(main, /tisserands\.xml : 1 importées, 0 mises à jour, 0 ignorées, 1 avertissements/);
  assert.match(main, /XM-TISSERANDS-1\s+importée/);
  assert.match(main, /date relue dans un autre format/);
  await checkA11y(page);

  const visitor = await (await newContext(browser)).newPage();
  await visitor.goto(`${server.baseUrl}/fr/organisations/les-tisserands-de-l-amitie`);
  assert.match(await visitor.locator('main').innerText(), /Coopérative de tissage à Bouaké/);
});
