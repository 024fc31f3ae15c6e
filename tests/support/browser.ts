// Browser stories: the real server on a fresh database with the demo data, driven in Debian's Chromium
// (playwright-core, no downloaded browser), with an axe-core WCAG 2.1 A/AA scan of every page visited.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.ts';
import type { Db } from '../../src/db/client.ts';
import { testConfig, totpCode } from './app.ts';
import { createTestDatabase } from './database.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface StoryServer {
  baseUrl: string;
  db: Db;
  close(): Promise<void>;
}

export async function startServer(options: { withDemo?: boolean } = {}): Promise<StoryServer> {
  const testDb = await createTestDatabase({ withDemo: options.withDemo ?? true });
  const config = testConfig({ BASE_URL: 'http://127.0.0.1:3000' });
  const app = await buildApp({ config, database: testDb.database, logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  // The server's own links and CSRF origin check use BASE_URL: point it at the port actually bound.
  config.baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl: config.baseUrl,
    db: testDb.database.db,
    async close() {
      await app.close();
      await testDb.close();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Browser stories need Debian's chromium at ${chromiumPath}: apt-get install -y chromium (or set E2E=skip to leave them out)`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export async function newContext(browser: Browser, options: { javaScriptEnabled?: boolean; locale?: string } = {}): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, locale: options.locale ?? 'fr-FR', viewport: { width: 1280, height: 900 } });
}

/** Pages scanned so far in this file, so a story can report its axe coverage. */
export const scannedPages: string[] = [];

/** Fails with the list of WCAG 2.1 A/AA violations found by axe-core on the current page. */
export async function checkA11y(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  scannedPages.push(new URL(page.url()).pathname);
  const report = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
  assert.equal(results.violations.length, 0, `axe found violations on ${page.url()}:\n  ${report.join('\n  ')}`);
}

/** Presses Tab until the element matching `selector` has the focus; fails after `max` presses. */
export async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
  }
  assert.fail(`could not reach ${selector} with the Tab key in ${max} presses`);
}

const storySecrets = new Map<string, string>();

/**
 * After the sign-in form was sent: a staff account that must still enrol in two-factor sign-in is taken through
 * the enrolment page (reading the secret shown, typing the code) and a known account through the code page —
 * what the person does with their authenticator app. Leaves the page signed in, on the account page.
 */
export async function passSecondFactor(page: Page, email: string): Promise<void> {
  await page.waitForLoadState();
  const path = new URL(page.url()).pathname;
  if (path.endsWith('/account/two-factor')) {
    const secret = (await page.locator('main code').first().innerText()).replace(/\s/g, '');
    storySecrets.set(email.toLowerCase(), secret);
    await page.locator('#f-code').fill(totpCode(secret));
    await page.locator('main form button[type=submit]').first().click();
    await page.waitForLoadState();
  } else if (path.endsWith('/two-factor')) {
    const secret = storySecrets.get(email.toLowerCase());
    if (!secret) throw new Error(`no known two-factor secret for ${email}`);
    await page.locator('#f-code').fill(totpCode(secret));
    await page.locator('main form button[type=submit]').first().click();
    await page.waitForLoadState();
  }
}
