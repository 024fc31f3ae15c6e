// Story: a platform administrator sets the platform's name, logo and contact address; visitors see the logo in
// the header and the address in the footer and on the legal pages. The settings page passes axe, refused and saved.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { makeUser, testPassword } from '../support/app.ts';
import { checkA11y, launchBrowser, newContext, passSecondFactor, startServer, type StoryServer } from '../support/browser.ts';

let server: StoryServer;
let browser: Browser;
before(async () => {
  server = await startServer({ withDemo: false });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('an administrator sets the name, the logo and the contact address of the platform', { timeout: 120_000 }, async () => {
  const email = 'admin@platform.example.org';
  await makeUser(server.db, ['platform_admin'], email, { twoFactor: false });
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${server.baseUrl}/fr/sign-in`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(testPassword);
  await page.locator('main').getByRole('button', { name: 'Se connecter' }).click();
  await passSecondFactor(page, email);

  await page.goto(`${server.baseUrl}/fr/admin/settings`);
  await checkA11y(page);
  await page.getByLabel(/^Nom du territoire/).fill('Val-de-Bièvre Solidaire');
  await page.getByLabel(/^Adresse de contact/).fill('contact@bievre.example.org');
  // An SVG is refused, with the message next to the field and what was typed kept.
  await page.getByLabel('Nouveau logo').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  assert.match(await page.locator('.error-summary').innerText(), /SVG/);
  assert.equal(await page.getByLabel(/^Nom du territoire/).inputValue(), 'Val-de-Bièvre Solidaire');
  await checkA11y(page);

  const png = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#2f6b3a' } }).png().toBuffer();
  await page.getByLabel('Nouveau logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.waitForURL(/notice=admin.saved/);
  assert.match(await page.locator('.notice').innerText(), /Réglages enregistrés/);
  assert.match((await page.locator('.brand img').getAttribute('src')) ?? '', /^\/files\/[0-9a-f-]{36}$/);
  await checkA11y(page);

  // A visitor sees them.
  const visitor = await (await newContext(browser)).newPage();
  await visitor.goto(`${server.baseUrl}/fr/legal`);
  assert.equal(await visitor.locator('.brand span').innerText(), 'Val-de-Bièvre Solidaire');
  assert.ok(await visitor.locator('.brand img').evaluate((img) => { const image = img as unknown as { complete: boolean; naturalWidth: number }; return image.complete && image.naturalWidth > 0; }), 'the logo loads');
  assert.equal(await visitor.locator('footer a[href^="mailto:"]').innerText(), 'contact@bievre.example.org');
  assert.equal(await visitor.locator('main a[href^="mailto:"]').innerText(), 'contact@bievre.example.org');
  await checkA11y(visitor);
});
