// Story: a visitor finds an event in the calendar (list and month), registers, receives the confirmation mail
// with a cancellation link, adds the event to their calendar (the .ics parses), and cancels.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { mailOutbox } from '../../src/kernel/tables.ts';
import { checkA11y, launchBrowser, newContext, startServer, type StoryServer } from '../support/browser.ts';
import { events, parseIcs, prop } from '../support/ics.ts';

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

test('a visitor registers for an event, gets the mail, adds it to their calendar and cancels', { timeout: 90_000 }, async () => {
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${server.baseUrl}/fr`);
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Agenda' }).click();
  await page.waitForURL(/\/fr\/events$/);
  await checkA11y(page);

  // The month view of November 2026: an accessible table.
  await page.goto(`${server.baseUrl}/fr/events?view=month&month=2026-11`);
  await checkA11y(page);
  assert.match(await page.locator('table caption').innerText(), /novembre 2026/);

  // Filter the list on an organiser and open its event.
  await page.goto(`${server.baseUrl}/fr/events?from=2026-11-01`);
  await page.getByRole('combobox', { name: 'Organisateur' }).selectOption({ label: 'ENS Solidarité Sud' });
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.waitForURL(/organiser=ens-solidarite-sud/);
  await page.getByRole('link', { name: 'Conférence : enseigner les sciences dans les lycées de Dakar' }).click();
  await page.waitForURL(/\/fr\/events\/conference-/);
  await checkA11y(page);

  // Add to calendar: the .ics download parses.
  const icsHref = await page.getByRole('link', { name: 'Ajouter à mon agenda (.ics)' }).getAttribute('href');
  const ics = await page.request.get(`${server.baseUrl}${icsHref}`);
  assert.match(ics.headers()['content-type']!, /^text\/calendar/);
  const [event] = events(parseIcs(await ics.text()));
  assert.equal(prop(event!, 'SUMMARY'), 'Conférence : enseigner les sciences dans les lycées de Dakar');
  assert.equal(prop(event!, 'DTSTART'), '20270204T173000Z');

  // Register (first with a mistake: the form comes back with the error and what was typed).
  await page.getByLabel('Nom').fill('Fatou Sow');
  await page.getByLabel('Courriel').fill('fatou.sow@');
  await page.getByRole('button', { name: 'S’inscrire' }).click();
  await checkA11y(page);
  assert.match(await page.locator('.error-summary').innerText(), /Courriel/);
  await page.getByLabel('Courriel').fill('fatou.sow@example.org');
  await page.getByRole('button', { name: 'S’inscrire' }).click();
  await page.waitForURL(/notice=events.registered_confirmed/);
  assert.match(await page.locator('.notice').innerText(), /Inscription confirmée/);
  await checkA11y(page);

  // The confirmation mail is in the outbox, with the cancellation link.
  const [mail] = await server.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'fatou.sow@example.org'));
  assert.ok(mail, 'a confirmation mail was queued');
  assert.match(mail.subject, /^Inscription confirmée : Conférence/);
  const cancelUrl = /(http:\/\/127\.0\.0\.1:\d+\/fr\/events\/registrations\/[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;

  // Following the link: the registrant cancels.
  await page.goto(cancelUrl);
  await checkA11y(page);
  assert.match(await page.locator('main').innerText(), /Inscription de Fatou Sow : confirmée/);
  await page.getByRole('button', { name: 'Annuler mon inscription' }).click();
  await page.waitForURL(/notice=events.registration_cancelled/);
  assert.match(await page.locator('.notice').innerText(), /Votre inscription est annulée/);
});

test('an editor’s forms (event, article) and their refusals pass the accessibility scan', { timeout: 90_000 }, async () => {
  const { makeUser } = await import('../support/app.ts');
  const { addOrganisationMember } = await import('../../src/modules/organisations/commands.ts');
  const { findOrganisationBySlug } = await import('../../src/modules/organisations/queries.ts');
  const { systemActor } = await import('../../src/kernel/actor.ts');
  const user = await makeUser(server.db);
  const podor = await findOrganisationBySlug(server.db, 'association-des-senegalais-de-cachan-pour-le-developpement-de-podor');
  await addOrganisationMember(server.db, systemActor, podor!.id, user.id, 'editor');
  const page = await (await newContext(browser)).newPage();
  await page.goto(`${server.baseUrl}/fr/sign-in`);
  await page.getByLabel('Adresse e-mail').fill(user.email);
  await page.getByLabel('Mot de passe').fill(user.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));

  await page.goto(`${server.baseUrl}/fr/events/new`);
  await checkA11y(page);
  await page.getByLabel('Titre (français)').fill('Fête de Podor');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  assert.match(await page.locator('.error-summary').innerText(), /Début/);
  await checkA11y(page);

  await page.goto(`${server.baseUrl}/fr/news/new`);
  await checkA11y(page);
  await page.getByRole('combobox', { name: 'Type' }).selectOption('press_release');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  assert.match(await page.locator('.error-summary').innerText(), /titre/);
  await checkA11y(page);
});
