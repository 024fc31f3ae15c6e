// Story: Institut Bioforce requests admission to the Education Alliance, answering each criterion of the
// charter; the members vote; it becomes a member and its signature of the deed of commitment appears.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
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

test('request → vote → member, with the charter signature', { timeout: 120_000 }, async () => {
  const applicant = await userWithRoles(server.db, [['institut-bioforce', 'editor']]);
  const page = await (await newContext(browser)).newPage();
  await signInThroughForm(page, server.baseUrl, applicant, '/fr/partnerships');
  await page.getByRole('link', { name: 'Alliances' }).first().click();
  await page.waitForURL(/\/fr\/alliances$/);
  await checkA11y(page);
  await page.getByRole('link', { name: 'Alliance Éducation' }).click();
  await page.waitForURL(/\/fr\/alliances\/alliance-education$/);
  await checkA11y(page);
  const charter = await page.locator('main').innerText();
  assert.match(charter, /Non confessionnelle/);
  assert.match(charter, /Acte d’engagement signé par Alain Canonne/);

  await page.getByRole('link', { name: 'Demander à adhérer' }).click();
  await page.waitForURL(/\/join$/);
  await checkA11y(page);
  await page.locator('#f-answer_0').fill('Association loi 1901 déclarée à Lyon.');
  await page.locator('#f-answer_1').fill('Oui : aucune affiliation religieuse.');
  await page.locator('#f-answer_2').fill('Nous formons aux métiers de la solidarité dans une approche émancipatrice.');
  await page.locator('#f-answer_3').fill('La formation des acteurs éducatifs en situation de crise.');
  await page.locator('#f-signatoryName').fill('Claire Dubois');
  await page.locator('#f-signatoryRole').fill('Directrice générale');
  await page.getByRole('button', { name: 'Demander à adhérer' }).click();
  await page.waitForURL(/notice=alliances.requested/);
  await checkA11y(page);
  assert.match(await page.locator('main').innerText(), /Demandes d’adhésion en cours[\s\S]*Institut Bioforce/);

  // The two founders vote (one person edits both here); a majority of the three members admits.
  const founder = await userWithRoles(server.db, [['aide-et-action', 'editor'], ['solidarite-laique', 'editor']]);
  const voter = await (await newContext(browser)).newPage();
  await signInThroughForm(voter, server.baseUrl, founder, '/fr/alliances/alliance-education');
  await voter.waitForURL(/\/fr\/alliances\/alliance-education/);
  await checkA11y(voter);
  const bioforce = voter.locator('article', { hasText: 'Institut Bioforce' });
  await bioforce.getByRole('button', { name: 'Voter pour, au nom de Aide et Action' }).click();
  await voter.waitForURL(/notice=alliances.voted/);
  assert.match(await voter.locator('article', { hasText: 'Institut Bioforce' }).innerText(), /Votes : 1 pour, 0 contre, sur 3 membres/);
  await voter.locator('article', { hasText: 'Institut Bioforce' }).getByRole('button', { name: 'Voter pour, au nom de Solidarité Laïque' }).click();
  await voter.waitForURL(/notice=alliances.admitted/);
  await checkA11y(voter);
  const members = await voter.locator('section', { has: voter.getByRole('heading', { name: 'Membres' }) }).innerText();
  assert.match(members, /Institut Bioforce\s*Acte d’engagement signé par Claire Dubois \(Directrice générale\) le .* — charte v1/);

  await page.reload();
  assert.equal(await page.getByRole('link', { name: 'Demander à adhérer' }).count(), 0, 'a member does not apply again');
});
