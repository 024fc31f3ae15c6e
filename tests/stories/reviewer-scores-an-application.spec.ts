// Story: a reviewer scores an assigned application, criterion by criterion; staff see it in the ranking.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, demoAccounts } from '../../src/modules/funding/seed.ts';
import { checkA11y, launchBrowser, newContext, passSecondFactor, startServer, type StoryServer } from '../support/browser.ts';

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

async function signedIn(email: string): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${server.baseUrl}/fr/sign-in`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).last().click();
  await page.waitForLoadState();
  await passSecondFactor(page, email);
  return page;
}

test('a reviewer scores each criterion with a comment; staff see the weighted score in the ranking', { timeout: 120_000 }, async () => {
  const page = await signedIn(demoAccounts.reviewer);
  await page.goto(`${server.baseUrl}/fr/funding`);
  await checkA11y(page);
  await page.getByRole('link', { name: /Rencontres régionales des acteurs de la solidarité — à faire/ }).click();
  await checkA11y(page);
  for (const [criterion, score] of [['Pertinence au regard des besoins', '5'], ['Qualité du partenariat local', '4'], ['Réalisme du budget', '3']] as const) {
    const group = page.getByRole('group', { name: new RegExp(criterion) });
    await group.getByRole('combobox').selectOption(score);
    await group.getByRole('textbox').fill(`Commentaire sur « ${criterion} ».`);
  }
  await page.getByRole('button', { name: 'Enregistrer l’évaluation' }).click();
  await page.waitForURL(/notice=funding.notice_review_saved/);
  await checkA11y(page);
  assert.match(await page.locator('main').innerText(), /Rencontres régionales des acteurs de la solidarité — faite/);

  const staff = await signedIn(demoAccounts.staff);
  await staff.goto(`${server.baseUrl}/fr/funding`);
  await staff.getByRole('link', { name: /Festival des solidarités/ }).click();
  await checkA11y(staff);
  const row = staff.getByRole('row', { name: /Rencontres régionales/ });
  assert.match(await row.innerText(), /86\.7 \/ 100/);
});
