// Helpers shared by the cooperation stories: a user with organisation roles, signing in through the form.
import type { Page } from 'playwright-core';
import { systemActor, type OrganisationRole } from '../../src/kernel/actor.ts';
import type { Db } from '../../src/db/client.ts';
import { addOrganisationMember } from '../../src/modules/organisations/commands.ts';
import { findOrganisationBySlug } from '../../src/modules/organisations/queries.ts';
import { makeUser } from '../support/app.ts';

export async function userWithRoles(db: Db, roles: [slug: string, role: OrganisationRole][]): Promise<{ email: string; password: string }> {
  const user = await makeUser(db);
  for (const [slug, role] of roles) {
    const org = await findOrganisationBySlug(db, slug);
    if (!org) throw new Error(`no organisation ${slug}`);
    const added = await addOrganisationMember(db, systemActor, org.id, user.id, role);
    if (!added.ok) throw new Error(`membership ${slug}`);
  }
  return user;
}

export async function signInThroughForm(page: Page, baseUrl: string, user: { email: string; password: string }, next = '/fr'): Promise<void> {
  await page.goto(`${baseUrl}/fr/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Adresse e-mail').fill(user.email);
  await page.getByLabel('Mot de passe').fill(user.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
}
