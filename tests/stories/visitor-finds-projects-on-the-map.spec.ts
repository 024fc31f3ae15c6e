// Story: a visitor filters the map by theme and country, opens a project from the map and from the list beside it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
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

test('a visitor filters the map by theme and country and opens projects from the map and from the list', { timeout: 120_000 }, async () => {
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${server.baseUrl}/fr`);
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Carte' }).click();
  await page.waitForURL(/\/fr\/map$/);
  await checkA11y(page);
  // Twelve projects with a place, plus the Alliance Éducation's joint project (countries, no point).
  assert.match(await page.locator('.result-count').innerText(), /13 projets/);

  await page.locator('.facets').getByRole('link', { name: /^Éducation \(/ }).click();
  await page.waitForURL(/theme=education/);
  await page.locator('.facets').getByRole('link', { name: /^Mali \(/ }).click();
  await page.waitForURL(/country=ML/);
  assert.match(await page.locator('.result-count').innerText(), /3 projets/);
  await checkA11y(page);

  // From the map: Soroma and Bamako share a cluster at the world view; the cluster zooms in, then the point opens.
  await page.locator('svg a:has(circle.cluster)').first().click({ force: true });
  await page.waitForURL(/zoom=2/);
  await page.goto(`${server.baseUrl}/fr/map?theme=education&country=ML&zoom=6&cx=${Math.round(((-8.07 + 180) / 360) * 1000)}&cy=${Math.round(((84 - 12.74) / 142) * 394)}`);
  await page.locator('svg a[href="/fr/projects/fournitures-scolaires-soroma"]').first().focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/fr\/projects\/fournitures-scolaires-soroma$/);
  assert.equal(await page.locator('h1').innerText(), 'Fournitures scolaires pour l’école de Soroma');
  await checkA11y(page);

  // From the list beside the map, same filters.
  await page.goBack();
  await page.waitForURL(/country=ML/);
  await page.locator('.map-list').getByRole('link', { name: 'Skills for Tomorrow — des compétences pour demain' }).click();
  await page.waitForURL(/skills-for-tomorrow$/);
  await checkA11y(page);

  // The list page shares the filters; a country on the map leads to the filtered list.
  await page.goto(`${server.baseUrl}/fr/map?theme=education`);
  // Keyboard activation of the country shape (a pointer click at its centre could land on a project point).
  await page.locator('svg a[href="/fr/projects?theme=education&country=MG"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/fr\/projects\?theme=education&country=MG/);
  // SANDRATA and the alliance's joint project (Madagascar and Haiti).
  assert.match(await page.locator('#result-count').innerText(), /2 projets/);
  await checkA11y(page);
  await page.getByRole('link', { name: 'SANDRATA — éducation de qualité à Madagascar' }).click();
  await page.waitForURL(/sandrata-madagascar$/);
});

test('the map and the list work without JavaScript', { timeout: 120_000 }, async () => {
  const page = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
  await page.goto(`${server.baseUrl}/fr/map?zoom=4`);
  assert.equal(await page.locator('.map-controls a').first().getAttribute('href'), '/fr/map?zoom=6&cx=542&cy=219');
  await page.locator('.map-list').getByRole('link', { name: 'Maraîchage des femmes de Podor' }).click();
  await page.waitForURL(/maraichage-femmes-podor$/);
  await page.goto(`${server.baseUrl}/fr/search?q=senegal`);
  assert.ok((await page.locator('mark').count()) > 0);
});
