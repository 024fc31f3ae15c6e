// Story: a visitor reads the territory's key figures (charts and tables), opens the region's figures, downloads
// its programme leaflet (the PDF's text holds the figures shown on the page) and an association's leaflet.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

function pdfText(pdf: Buffer): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'story-leaflet-')), 'leaflet.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}
const plain = (s: string) => s.replace(/[\u202f\u00a0\s]+/g, ' ').trim();

test('a visitor reads the key figures and downloads the region’s leaflet', { timeout: 120_000 }, async () => {
  const page = await (await newContext(browser)).newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${server.baseUrl}/fr`);
  await checkA11y(page);
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Chiffres clés' }).click();
  await page.waitForURL(/\/fr\/figures$/);
  await checkA11y(page);
  assert.ok(await page.getByRole('img', { name: 'Par année : montants engagés et versés' }).isVisible());
  assert.ok(await page.getByRole('table', { name: 'Par pays' }).isVisible());

  const funderLink = page.getByRole('navigation', { name: 'Chiffres de chaque financeur' }).getByRole('link').filter({ hasText: /Région/ }).first();
  await funderLink.click();
  await page.waitForURL(/\/fr\/funders\/[^/]+\/figures$/);
  await checkA11y(page);
  const committed = plain(await page.locator('.kpi-value').first().innerText());

  const leaflet = page.getByRole('link', { name: 'Télécharger la plaquette du programme (PDF)' });
  const res = await page.request.get(new URL((await leaflet.getAttribute('href'))!, server.baseUrl).toString());
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['content-type'], 'application/pdf');
  const text = pdfText(await res.body());
  assert.ok(text.includes(committed), `the leaflet shows ${committed}`);
  assert.match(text, /Région/);

  // The same page in English.
  await page.goto(page.url().replace('/fr/', '/en/'));
  await checkA11y(page);
  assert.match(await page.locator('h1').innerText(), /Key figures/);

  // An association's leaflet, from its page.
  await page.goto(`${server.baseUrl}/fr/organisations?q=soroma`);
  await page.getByRole('link', { name: 'Solidarité Cachan Soroma', exact: true }).click();
  await checkA11y(page);
  const orgLeaflet = page.getByRole('link', { name: 'Télécharger la plaquette de l’organisation (PDF)' });
  const orgPdf = await page.request.get(new URL((await orgLeaflet.getAttribute('href'))!, server.baseUrl).toString());
  assert.equal(orgPdf.status(), 200);
  assert.match(pdfText(await orgPdf.body()), /Solidarité Cachan Soroma/);
});
