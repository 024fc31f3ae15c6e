// Story: a visitor follows a theme — filters the news on migrants' rights, reads an article, subscribes to the
// feed (the feed validates as Atom and as RSS), and finds the press room.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { checkA11y, launchBrowser, newContext, startServer, type StoryServer } from '../support/browser.ts';
import { child, childrenNamed, parseXml, xmllint } from '../support/xml.ts';

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

test('a visitor filters the news on a theme and subscribes to its feed', { timeout: 90_000 }, async () => {
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${server.baseUrl}/fr`);
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Actualités' }).click();
  await page.waitForURL(/\/fr\/news$/);
  await checkA11y(page);

  await page.getByRole('combobox', { name: 'Thème' }).selectOption('migrants');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.waitForURL(/theme=migrants/);
  const titles = await page.locator('.card h2').allInnerTexts();
  assert.equal(titles.length, 3);
  assert.ok(titles.includes('Frontexit : la campagne pour le respect des droits aux frontières extérieures de l’Europe'));
  await checkA11y(page);

  // The page announces its feeds to feed readers (autodiscovery) with the same filter.
  const discovered = await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href');
  assert.equal(discovered, '/fr/news/feed.atom?theme=migrants');

  // Subscribing: the visible link gives the feed of the filtered list.
  const atomHref = await page.getByRole('link', { name: 'Flux Atom' }).getAttribute('href');
  const atom = await page.request.get(`${server.baseUrl}${atomHref}`);
  assert.equal(atom.status(), 200);
  assert.match(atom.headers()['content-type']!, /^application\/atom\+xml/);
  const atomText = await atom.text();
  xmllint(atomText);
  const feed = parseXml(atomText);
  for (const name of ['id', 'title', 'updated', 'author']) assert.ok(child(feed, name), `Atom feed has <${name}>`);
  const entries = childrenNamed(feed, 'entry');
  assert.equal(entries.length, 3);
  for (const entry of entries) for (const name of ['id', 'title', 'updated', 'link']) assert.ok(child(entry, name), `entry has <${name}>`);

  const rssHref = await page.getByRole('link', { name: 'Flux RSS' }).getAttribute('href');
  const rssText = await (await page.request.get(`${server.baseUrl}${rssHref}`)).text();
  xmllint(rssText);
  assert.equal(childrenNamed(child(parseXml(rssText), 'channel')!, 'item').length, 3);

  // Reading one article, then the NGO's own news from its author link.
  await page.getByRole('link', { name: /^Boats 4 People/ }).click();
  await page.waitForURL(/\/fr\/news\/boats-4-people/);
  await checkA11y(page);
  assert.match(await page.locator('main').innerText(), /Observer les zones de passage/);
  await page.getByRole('main').getByRole('link', { name: 'La Cimade', exact: true }).click();
  await page.waitForURL(/\/fr\/organisations\/la-cimade$/);
  await page.getByRole('link', { name: 'Les actualités de La Cimade' }).click();
  await page.waitForURL(/author=la-cimade/);
  assert.equal((await page.locator('.card h2').allInnerTexts()).length, 3);
  await checkA11y(page);

  // The press room.
  await page.goto(`${server.baseUrl}/en/press`);
  await checkA11y(page);
  await page.getByRole('link', { name: 'Aide et Action and Solidarité Laïque found the Education Alliance' }).click();
  assert.match(await page.locator('main').innerText(), /Paris, 1 December 2021/);
  assert.match(await page.locator('main').innerText(), /Press contacts/);
  await checkA11y(page);
});
