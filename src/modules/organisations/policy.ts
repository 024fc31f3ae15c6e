// Who may do what with an organisation. Deny by default: an action not listed here is refused.
import { hasOrganisationRole, isPlatformAdmin, isSignedIn, type Actor } from '../../kernel/actor.ts';

export const organisationActions = ['view', 'create', 'update', 'archive', 'manage_members', 'view_contact', 'view_audit', 'claim', 'decide_claims', 'import'] as const;
export type OrganisationAction = (typeof organisationActions)[number];

export interface OrganisationRef {
  id: string;
  status: 'active' | 'archived';
  contactPublic: boolean;
}

export function can(actor: Actor, action: OrganisationAction, org?: OrganisationRef): boolean {
  const admin = isPlatformAdmin(actor);
  switch (action) {
    case 'create':
      // Any signed-in user with a confirmed address (and the second factor when their role needs one); they become its administrator.
      return admin || (isSignedIn(actor) && actor.emailConfirmed !== false && actor.secondFactorDone);
    case 'claim':
      // Asking to administer an existing entry the actor does not belong to yet (a platform administrator decides).
      return !!org && org.status === 'active' && isSignedIn(actor) && actor.emailConfirmed !== false && actor.secondFactorDone && !actor.memberships.has(org.id);
    case 'decide_claims':
    case 'import':
      // Adding directory entries for the organisations an IATI import names (no one becomes their member).
      return admin;
    case 'view':
      if (!org) return false;
      return org.status === 'active' || admin || (isSignedIn(actor) && hasOrganisationRole(actor, org.id, 'member'));
    case 'view_contact':
      if (!org) return false;
      return (org.status === 'active' && org.contactPublic) || admin || hasOrganisationRole(actor, org.id, 'member');
    case 'update':
      return !!org && (admin || (actor.secondFactorDone && hasOrganisationRole(actor, org.id, 'editor')));
    case 'archive':
    case 'manage_members':
    case 'view_audit':
      return !!org && (admin || (actor.secondFactorDone && hasOrganisationRole(actor, org.id, 'admin')));
    default:
      return false;
  }
}

/** Which statuses a directory listing may show to this actor. */
export const visibleStatuses = (actor: Actor): ('active' | 'archived')[] =>
  isPlatformAdmin(actor) ? ['active', 'archived'] : ['active'];
