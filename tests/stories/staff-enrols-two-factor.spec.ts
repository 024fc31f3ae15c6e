// Story: a funder's staff member signs in for the first time, is sent to enrol in two-factor sign-in, keeps the
// recovery codes, and from then on types the code from the authenticator app at each sign-in.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { makeUser, testPassword, totpCode } from '../support/app.ts';
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

async function signInOnPage(page: Page, email: string): Promise<void> {
  await page.goto(`${server.baseUrl}/fr/sign-in`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(testPassword);
  await page.locator('main').getByRole('button', { name: 'Se connecter' }).click();
}

test('funder staff enrol in two-factor sign-in before acting, then use a code at each sign-in', { timeout: 120_000 }, async () => {
  const staff = await makeUser(server.db, ['funder_staff'], 'agent@funder.example.org', { twoFactor: false });
  assert.ok(staff.id);
  const page = await (await newContext(browser)).newPage();
  await signInOnPage(page, 'agent@funder.example.org');
  await page.waitForURL(/\/fr\/account\/two-factor\?notice=accounts.enrol_required/);
  assert.match(await page.locator('.notice').innerText(), /Votre rôle demande la connexion à deux facteurs/);
  await checkA11y(page);

  // Anything else sends back to the enrolment.
  await page.goto(`${server.baseUrl}/fr/organisations`);
  await page.waitForURL(/\/fr\/account\/two-factor/);

  const secret = (await page.locator('main code').first().innerText()).replace(/\s/g, '');
  assert.match(await page.locator('main').innerText(), /otpauth:\/\/totp\//);
  // The same key as a QR code to scan, drawn on the server (an image with a text alternative).
  const qr = page.getByRole('img', { name: 'Image du code QR qui active la connexion à deux facteurs' });
  assert.ok(await qr.isVisible());
  assert.ok((await qr.boundingBox())!.width >= 150, 'large enough to scan');
  await page.getByLabel(/^Code/).fill('000000');
  await page.getByRole('button', { name: 'Activer' }).click();
  assert.match(await page.locator('.error-summary').innerText(), /pas valable/);
  await checkA11y(page);
  const enrolmentCode = totpCode(secret);
  await page.getByLabel(/^Code/).fill(enrolmentCode);
  await page.getByRole('button', { name: 'Activer' }).click();
  await page.getByRole('heading', { name: 'Vos codes de secours' }).waitFor();
  const codes = await page.locator('.recovery-codes code').allInnerTexts();
  assert.equal(codes.length, 10);
  await checkA11y(page);
  await page.getByRole('link', { name: 'Continuer' }).click();
  await page.waitForURL(/\/fr\/account$/);
  assert.match(await page.locator('main').innerText(), /La connexion à deux facteurs est activée/);
  await checkA11y(page);
  await page.goto(`${server.baseUrl}/fr/organisations`);
  assert.equal(new URL(page.url()).pathname, '/fr/organisations', 'enrolled: free to go on');

  // Next sign-in: the code is asked; the code that confirmed the enrolment cannot be used again (no replay).
  await page.getByRole('navigation', { name: 'Compte' }).getByRole('button', { name: 'Se déconnecter' }).click();
  await signInOnPage(page, 'agent@funder.example.org');
  await page.waitForURL(/\/fr\/two-factor$/);
  await checkA11y(page);
  await page.getByLabel(/^Code/).fill(enrolmentCode);
  await page.getByRole('button', { name: 'Vérifier' }).click();
  assert.match(await page.locator('.error-summary').innerText(), /pas valable/);
  await page.getByLabel(/^Code/).fill(totpCode(secret));
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await page.waitForURL(/\/fr\/account\?notice=accounts.signed_in/);

  // Lost phone: a recovery code works once.
  await page.getByRole('navigation', { name: 'Compte' }).getByRole('button', { name: 'Se déconnecter' }).click();
  await signInOnPage(page, 'agent@funder.example.org');
  await page.waitForURL(/\/fr\/two-factor$/);
  await page.getByLabel(/^Code/).fill(codes[0]!);
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await page.waitForURL(/notice=accounts.recovery_code_used/);
  assert.match(await page.locator('main').innerText(), /Codes de secours restants : 9/);
});
