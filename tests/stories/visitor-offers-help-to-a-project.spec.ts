// Story: a visitor offers help to a project; the association receives it in its inbox and answers.
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

test('a visitor offers volunteer time; the association’s member finds it in the inbox and answers', { timeout: 120_000 }, async () => {
  const org = (await findOrganisationBySlug(server.db, 'niger-avenir'))!;
  const member = await makeUser(server.db);
  assert.ok((await addOrganisationMember(server.db, systemActor, org.id, member.id, 'member')).ok);

  const page = await (await newContext(browser)).newPage();
  await page.goto(`${server.baseUrl}/fr/projects/eau-potable-tahoua`);
  await checkA11y(page);
  await page.getByRole('combobox', { name: /Ce que vous proposez/ }).selectOption('skill');
  await page.getByRole('textbox', { name: /Votre nom/ }).fill('Moussa Traoré');
  await page.getByRole('textbox', { name: /Votre adresse e-mail/ }).fill('moussa@example.org');
  await page.getByRole('button', { name: 'Envoyer ma proposition' }).click();
  // Missing message and consent: the form comes back with what was typed.
  await page.waitForSelector('.error-summary');
  await checkA11y(page);
  assert.equal(await page.getByRole('textbox', { name: /Votre nom/ }).inputValue(), 'Moussa Traoré');
  await page.getByRole('textbox', { name: /Votre message/ }).fill('Hydrogéologue, disponible deux semaines en février.');
  await page.getByRole('checkbox', { name: /J’accepte que l’organisation me recontacte/ }).check();
  await page.getByRole('button', { name: 'Envoyer ma proposition' }).click();
  await page.waitForURL(/notice=projects.help_sent/);
  assert.match(await page.locator('.notice').innerText(), /Votre proposition a été transmise/);

  const memberPage = await (await newContext(browser)).newPage();
  await memberPage.goto(`${server.baseUrl}/fr/sign-in`);
  await memberPage.getByRole('textbox', { name: /E-mail|Adresse/i }).fill(member.email);
  await memberPage.locator('#f-password').fill(member.password);
  await memberPage.locator('main form button[type=submit]').click();
  await memberPage.waitForLoadState();
  await memberPage.goto(`${server.baseUrl}/fr/organisations/niger-avenir`);
  await memberPage.getByRole('link', { name: /Boîte de réception \(1 propositions/ }).click();
  await memberPage.waitForURL(/\/fr\/projects\/inbox\//);
  await checkA11y(memberPage);
  assert.match(await memberPage.locator('main').innerText(), /Une compétence — Moussa Traoré/);
  await memberPage.getByRole('textbox', { name: /Votre réponse/ }).fill('Merci ! Pouvons-nous vous appeler ?');
  await memberPage.getByRole('button', { name: 'Envoyer la réponse' }).click();
  await memberPage.waitForURL(/notice=projects.offer_answered/);
  await memberPage.getByRole('button', { name: 'Marquer comme traitée' }).click();
  await memberPage.waitForURL(/notice=projects.offer_updated/);
  const text = await memberPage.locator('main').innerText();
  assert.match(text, /Réponse envoyée/);
  assert.match(text, /Marquée comme traitée/);
  await checkA11y(memberPage);
});
