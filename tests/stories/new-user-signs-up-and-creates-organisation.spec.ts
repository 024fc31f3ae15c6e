// Story: a newcomer signs up, confirms the address from the mail (read in the outbox), lists their association,
// invites a colleague by e-mail, and the colleague signs up, confirms and joins with the role given.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { lastMailTo, linkIn } from '../support/mail.ts';
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

async function signUpAndConfirm(page: Page, name: string, email: string, password: string): Promise<void> {
  await page.goto(`${server.baseUrl}/fr/sign-up`);
  await checkA11y(page);
  await page.getByLabel('Nom affiché').fill(name);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await page.waitForURL(/\/fr\/sign-up\/sent$/);
  await checkA11y(page);
  const mail = await lastMailTo(server.db, email);
  assert.ok(mail, 'the confirmation mail is in the outbox');
  await page.goto(`${server.baseUrl}${linkIn(mail.text, server.baseUrl)}`);
  await page.waitForURL(/\/fr\/sign-in\?notice=accounts.email_confirmed/);
  assert.match(await page.locator('.notice').innerText(), /Votre adresse est confirmée/);
}

async function signInOnPage(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.locator('main').getByRole('button', { name: 'Se connecter' }).click();
}

test('a newcomer signs up, lists an organisation and a colleague joins it by invitation', { timeout: 120_000 }, async () => {
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${server.baseUrl}/fr`);
  await page.getByRole('navigation', { name: 'Compte' }).getByRole('link', { name: 'Se connecter' }).click();
  await page.getByRole('link', { name: /Créer un compte/ }).click();
  await page.waitForURL(/\/fr\/sign-up/);

  // A common password is refused, with what was typed kept.
  await page.getByLabel('Nom affiché').fill('Mariam Koné');
  await page.getByLabel('Adresse e-mail').fill('mariam@example.org');
  await page.getByLabel('Mot de passe').fill('password1234');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  assert.match(await page.locator('.error-summary').innerText(), /plus utilisés/);
  assert.equal(await page.getByLabel('Adresse e-mail').inputValue(), 'mariam@example.org');
  await checkA11y(page);

  await signUpAndConfirm(page, 'Mariam Koné', 'mariam@example.org', 'les manguiers de Kayes fleurissent');
  await checkA11y(page);
  await signInOnPage(page, 'mariam@example.org', 'les manguiers de Kayes fleurissent');
  await page.waitForURL(/\/fr\/account/);
  await checkA11y(page);

  await page.getByRole('link', { name: 'Mes organisations' }).click();
  await page.waitForURL(/\/fr\/account\/organisations$/);
  await checkA11y(page);
  await page.getByRole('link', { name: 'Inscrire une organisation' }).click();
  await page.waitForURL(/\/fr\/organisations\/new$/);
  await page.locator('#f-nameFr').fill('Jardins de Kayes');
  await page.locator('#f-subtype').selectOption('diaspora');
  await page.locator('main form button[type=submit]').last().click();
  await page.waitForURL(/\/fr\/organisations\/jardins-de-kayes\?notice=organisations.saved/);
  await checkA11y(page);

  await page.getByRole('link', { name: 'Membres' }).click();
  await page.waitForURL(/\/members$/);
  await checkA11y(page);
  await page.getByLabel('Adresse e-mail').fill('ousmane@example.org');
  await page.locator('#f-role').selectOption('editor');
  await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  await page.waitForURL(/notice=members.invited/);
  assert.match(await page.locator('main').innerText(), /ousmane@example.org — Éditeur/);
  await checkA11y(page);

  // The colleague, in another browser: reads the invitation, creates an account, confirms it, signs in, accepts.
  const colleague = await (await newContext(browser)).newPage();
  const invitation = linkIn((await lastMailTo(server.db, 'ousmane@example.org'))!.text, server.baseUrl);
  await colleague.goto(`${server.baseUrl}${invitation}`);
  assert.match(await colleague.locator('main').innerText(), /Jardins de Kayes/);
  await checkA11y(colleague);
  await signUpAndConfirm(colleague, 'Ousmane Traoré', 'ousmane@example.org', 'le fleuve Sénégal au petit matin');
  await colleague.goto(`${server.baseUrl}${invitation}`);
  await colleague.getByRole('link', { name: 'Se connecter pour accepter' }).click();
  await signInOnPage(colleague, 'ousmane@example.org', 'le fleuve Sénégal au petit matin');
  await colleague.waitForURL(/\/fr\/invitations\//);
  await colleague.getByRole('button', { name: 'Accepter l’invitation' }).click();
  await colleague.waitForURL(/\/fr\/organisations\/jardins-de-kayes\?notice=members.joined/);
  await checkA11y(colleague);
  // The colleague may edit (editor) but not manage members.
  assert.ok((await colleague.locator('main a[href$="/jardins-de-kayes/edit"]').count()) > 0);
  assert.equal(await colleague.getByRole('link', { name: 'Membres' }).count(), 0);

  await page.reload();
  assert.match(await page.locator('main').innerText(), /Ousmane Traoré/);
});
