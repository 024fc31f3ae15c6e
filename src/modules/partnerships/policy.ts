// Who may do what with cooperation records. Deny by default: an action not listed here is refused.
import { hasOrganisationRole, isPlatformAdmin, isSignedIn, type Actor } from '../../kernel/actor.ts';

export const partnershipActions = [
  'edit_cooperation',
  'send_request',
  'view_request',
  'decide_request',
  'withdraw_request',
  'post_message',
  'create_joint_project',
  'contact_publicly',
] as const;
export type PartnershipAction = (typeof partnershipActions)[number];

export interface RequestRef {
  fromOrganisationId: string | null;
  toOrganisationId: string;
  status: 'pending' | 'accepted' | 'declined' | 'withdrawn';
}

/** `thing` is an organisation id for edit_cooperation / send_request (the acting organisation), a request otherwise. */
export function can(actor: Actor, action: PartnershipAction, thing?: string | RequestRef): boolean {
  const admin = isPlatformAdmin(actor);
  const editorOf = (id: string | null) => id !== null && actor.secondFactorDone && hasOrganisationRole(actor, id, 'editor');
  const memberOf = (id: string | null) => id !== null && hasOrganisationRole(actor, id, 'member');
  switch (action) {
    case 'contact_publicly':
      return true;
    case 'edit_cooperation':
    case 'send_request':
      return typeof thing === 'string' && (admin || editorOf(thing));
    case 'view_request':
      return typeof thing === 'object' && isSignedIn(actor) && (admin || memberOf(thing.toOrganisationId) || memberOf(thing.fromOrganisationId));
    case 'decide_request':
      return typeof thing === 'object' && thing.status === 'pending' && editorOf(thing.toOrganisationId);
    case 'withdraw_request':
      return typeof thing === 'object' && thing.status === 'pending' && editorOf(thing.fromOrganisationId);
    case 'post_message':
      return typeof thing === 'object' && (thing.status === 'pending' || thing.status === 'accepted') && (memberOf(thing.toOrganisationId) || memberOf(thing.fromOrganisationId));
    case 'create_joint_project':
      return typeof thing === 'object' && thing.status === 'accepted' && thing.fromOrganisationId !== null && (editorOf(thing.toOrganisationId) || editorOf(thing.fromOrganisationId));
    default:
      return false;
  }
}
