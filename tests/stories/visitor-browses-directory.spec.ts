// Story: a visitor browses the directory — filters, search, a logo leading to the website, English, keyboard only.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
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

test('a visitor filters the directory, searches, and reaches an association’s website from its logo', { timeout: 90_000 }, async () => {
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${server.baseUrl}/`);
  assert.equal(new URL(page.url()).pathname, '/fr', 'the first visit goes to the visitor’s language');
  await checkA11y(page);

  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Annuaire' }).click();
  await page.waitForURL(/\/fr\/organisations$/);
  await checkA11y(page);
  assert.match(await page.locator('#result-count').innerText(), /32 organisations/);

  await page.getByRole('combobox', { name: 'Pays d’intervention' }).selectOption('ML');
  await page.getByRole('combobox', { name: 'Type', exact: true }).selectOption('citizen');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.waitForURL(/country=ML/);
  const names = await page.locator('.card h2').allInnerTexts();
  assert.deepEqual(names, ['Solidarité Cachan Soroma']);
  await checkA11y(page);

  await page.getByRole('searchbox', { name: 'Rechercher une organisation' }).fill('cimade');
  await page.getByRole('combobox', { name: 'Pays d’intervention' }).selectOption('');
  await page.getByRole('combobox', { name: 'Type', exact: true }).selectOption('');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.waitForURL(/q=cimade/);
  const logo = page.getByRole('link', { name: 'Site web de La Cimade (nouvelle fenêtre)' });
  assert.equal(await logo.getAttribute('href'), 'https://www.lacimade.org');
  assert.equal(await logo.getAttribute('target'), '_blank');

  await page.getByRole('link', { name: 'La Cimade', exact: true }).click();
  await page.waitForURL(/\/fr\/organisations\/la-cimade$/);
  await checkA11y(page);
  assert.match(await page.locator('main').innerText(), /Algérie, Maroc, Niger, Mauritanie, Sénégal, Mali/);

  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForURL(/\/en\/organisations\/la-cimade$/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.match(await page.locator('main').innerText(), /International Solidarities department/);
  await checkA11y(page);
});

test('the directory works with the keyboard alone', { timeout: 60_000 }, async () => {
  const context = await newContext(browser, { locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/en/organisations`);
  await tabTo(page, 'a.skip-link');
  await page.keyboard.press('Enter');
  await tabTo(page, '#f-q');
  await page.keyboard.type('soroma');
  await page.keyboard.press('Enter');
  await page.waitForURL(/q=soroma/);
  assert.match(await page.locator('#result-count').innerText(), /organisation/);
  await tabTo(page, 'a[href="/en/organisations/solidarite-cachan-soroma"]');
  const focusVisible = await page.evaluate(`(() => {
    const style = getComputedStyle(document.activeElement);
    return style.outlineStyle !== 'none' && style.outlineWidth !== '0px';
  })()`);
  assert.ok(focusVisible, 'the focused link shows a visible outline');
  await page.keyboard.press('Enter');
  await page.waitForURL(/solidarite-cachan-soroma$/);
  assert.equal(await page.locator('h1').innerText(), 'Solidarité Cachan Soroma');
  await checkA11y(page);
  await context.close();
});

test('the directory works without JavaScript', { timeout: 60_000 }, async () => {
  const context = await newContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/fr/organisations`);
  await page.locator('#f-theme').selectOption('water');
  await page.locator('#f-partners').check();
  await page.locator('.filters button[type=submit]').click();
  await page.waitForURL(/theme=water/);
  const names = await page.locator('.card h2').allInnerTexts();
  assert.ok(names.includes('Solidarité Cachan Soroma'));
  assert.ok(names.includes('Bâtisseurs solidaires de l’École des travaux publics'));
  assert.ok(!names.includes('Ressortissants de la région de Kayes à Cachan'), 'Kayes is not looking for partners');
  await context.close();
});

test('the legal pages, the API documentation and the error page pass axe', { timeout: 60_000 }, async () => {
  const page = await (await newContext(browser)).newPage();
  for (const path of ['/fr/legal', '/en/privacy', '/fr/accessibility', '/api/docs', '/fr/sign-in']) {
    await page.goto(`${server.baseUrl}${path}`);
    await checkA11y(page);
  }
  const res = await page.goto(`${server.baseUrl}/fr/page-inexistante`);
  assert.equal(res?.status(), 404);
  assert.equal(await page.locator('h1').innerText(), 'Page introuvable');
  await checkA11y(page);
});
