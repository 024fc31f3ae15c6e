// Who may do what with a project. Deny by default: an action not listed here is refused.
// Members of the reporting organisation (editor and above) edit its projects; platform administrators edit all.
import { hasOrganisationRole, isPlatformAdmin, isSignedIn, type Actor } from '../../kernel/actor.ts';

export const projectActions = [
  'view',
  'create',
  'update',
  'publish',
  'delete',
  'answer_participation',
  'view_offers',
  'handle_offers',
] as const;
export type ProjectAction = (typeof projectActions)[number];

export interface ProjectRef {
  organisationId: string;
  publication: 'draft' | 'published';
}

/** For `answer_participation`, the thing is the directory organisation named as a participant. */
export interface ParticipantRef {
  organisationId: string;
}

const writer = (actor: Actor, organisationId: string) =>
  isPlatformAdmin(actor) || (isSignedIn(actor) && actor.secondFactorDone && hasOrganisationRole(actor, organisationId, 'editor'));

export function can(actor: Actor, action: ProjectAction, thing?: ProjectRef | ParticipantRef | { organisationId: string }): boolean {
  if (!thing) return false;
  const org = thing.organisationId;
  switch (action) {
    case 'view': {
      const p = thing as ProjectRef;
      if (p.publication === 'published') return true;
      if (p.publication !== 'draft') return false;
      return isPlatformAdmin(actor) || (isSignedIn(actor) && hasOrganisationRole(actor, org, 'member'));
    }
    case 'create':
    case 'update':
    case 'publish':
      return writer(actor, org);
    case 'delete':
      return isPlatformAdmin(actor) || (isSignedIn(actor) && actor.secondFactorDone && hasOrganisationRole(actor, org, 'admin'));
    case 'answer_participation':
      return writer(actor, org);
    case 'view_offers':
    case 'handle_offers':
      return isPlatformAdmin(actor) || (isSignedIn(actor) && actor.secondFactorDone && hasOrganisationRole(actor, org, 'member'));
    default:
      return false;
  }
}

/** Draft projects an actor may see: those of the organisations they belong to (all for an administrator). */
export function draftScope(actor: Actor): 'all' | string[] {
  if (isPlatformAdmin(actor)) return 'all';
  return [...actor.memberships.keys()];
}
