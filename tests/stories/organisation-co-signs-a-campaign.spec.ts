// Story: an association co-signs La Cimade's Frontexit campaign and is listed; a person supports it,
// confirms by the e-mail link, appears among the supporters, then erases the support.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
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

test('an organisation co-signs a campaign; a supporter confirms and later erases', { timeout: 120_000 }, async () => {
  const editor = await userWithRoles(server.db, [['solidarite-benin-centre-socioculturel-de-la-plaine', 'editor']]);
  const page = await (await newContext(browser)).newPage();
  await signInThroughForm(page, server.baseUrl, editor, '/fr/partnerships');
  await page.getByRole('link', { name: 'Campagnes' }).first().click();
  await page.waitForURL(/\/fr\/campaigns$/);
  await checkA11y(page);
  await page.getByRole('link', { name: 'Frontexit' }).click();
  await page.waitForURL(/\/fr\/campaigns\/frontexit$/);
  await checkA11y(page);
  assert.match(await page.locator('main').innerText(), /4 organisations cosignataires/);
  await page.getByRole('combobox', { name: 'Au nom de' }).selectOption({ label: 'Solidarité Bénin — Centre socioculturel de la Plaine' });
  await page.getByRole('button', { name: 'Cosigner la campagne' }).click();
  await page.waitForURL(/notice=campaigns.signed/);
  await checkA11y(page);
  const signed = await page.locator('main').innerText();
  assert.match(signed, /5 organisations cosignataires/);
  assert.match(signed, /Solidarité Bénin — Centre socioculturel de la Plaine/);
  assert.equal(await page.getByRole('button', { name: 'Cosigner la campagne' }).count(), 0, 'no second signature');

  // A person supports the campaign, with public display.
  const visitor = await (await newContext(browser)).newPage();
  await visitor.goto(`${server.baseUrl}/fr/campaigns/frontexit`);
  await visitor.locator('#f-name').fill('Jeanne Martin');
  await visitor.locator('#f-email').fill('jeanne@example.org');
  await visitor.getByLabel('Afficher mon nom parmi les soutiens').check();
  await visitor.getByRole('button', { name: 'Soutenir la campagne' }).click();
  await visitor.waitForURL(/notice=campaigns.support_sent/);
  assert.match(await visitor.locator('main').innerText(), /0 soutien individuel/, 'nothing shown before confirmation');
  const [mail] = await server.db.select().from(mailOutbox).where(and(eq(mailOutbox.to, 'jeanne@example.org'), eq(mailOutbox.kind, 'campaign.support_confirm'))).orderBy(desc(mailOutbox.createdAt));
  const confirm = /https?:\/\/\S+\/confirm\/\S+/.exec(mail!.text)![0];
  const erase = /https?:\/\/\S+\/erase\/\S+/.exec(mail!.text)![0];
  await visitor.goto(confirm);
  await checkA11y(visitor);
  await visitor.getByRole('button', { name: 'Je confirme mon soutien' }).click();
  await visitor.waitForURL(/notice=campaigns.confirmed/);
  const supported = await visitor.locator('main').innerText();
  assert.match(supported, /1 soutien individuel/);
  assert.match(supported, /Jeanne Martin/);

  await visitor.goto(erase);
  await visitor.getByRole('button', { name: 'Retirer mon soutien et effacer mes données' }).click();
  await visitor.waitForURL(/notice=campaigns.erased/);
  assert.doesNotMatch(await visitor.locator('main').innerText(), /Jeanne Martin/);

  // The kit downloads.
  const download = await visitor.request.get(`${server.baseUrl}${await visitor.getByRole('link', { name: 'Kit de campagne Frontexit' }).getAttribute('href')}`);
  assert.equal(download.headers()['content-type'], 'application/pdf');
});
