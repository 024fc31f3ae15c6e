// Who may import IATI files. Deny by default.
// Into an organisation (its projects, matched by activity identifier): its editors and above, as for editing a
// project by hand, or a platform administrator. Without an organisation (each activity goes to its reporting
// organisation, matched in the directory or added to it): platform administrators only (the CLI included).
import { hasOrganisationRole, isPlatformAdmin, isSignedIn, type Actor } from '../../kernel/actor.ts';

export type IatiAction = 'import';

export function can(actor: Actor, action: IatiAction, thing: { organisationId?: string | undefined }): boolean {
  if (action !== 'import') return false;
  if (isPlatformAdmin(actor)) return true;
  const org = thing.organisationId;
  return !!org && isSignedIn(actor) && actor.secondFactorDone && hasOrganisationRole(actor, org, 'editor');
}

/** Organisations whose projects the actor may import (the upload page offers these). */
export const importableOrganisations = (actor: Actor): string[] =>
  [...actor.memberships.entries()].filter(([id]) => can(actor, 'import', { organisationId: id })).map(([id]) => id);
