// Who may do what with events and registrations. Deny by default: an action not listed here is refused.
import { hasOrganisationRole, isPlatformAdmin, type Actor } from '../../kernel/actor.ts';

export const eventActions = ['view', 'create', 'update', 'register', 'manage_registrations'] as const;
export type EventAction = (typeof eventActions)[number];

export interface EventRef {
  organiserIds: readonly string[];
  status: 'draft' | 'published' | 'cancelled';
  capacity: number | null;
  endsAt: Date;
}

/** Editors (second factor done) of one of the organisers manage the event; administrators manage every event. */
export function isOrganiser(actor: Actor, organiserIds: readonly string[]): boolean {
  if (isPlatformAdmin(actor)) return true;
  return actor.secondFactorDone && organiserIds.some((id) => hasOrganisationRole(actor, id, 'editor'));
}

export function can(actor: Actor, action: EventAction, event?: EventRef, now: Date = new Date()): boolean {
  switch (action) {
    case 'create':
      return isPlatformAdmin(actor) || (actor.secondFactorDone && [...actor.memberships.values()].some((r) => r === 'editor' || r === 'admin'));
    case 'view':
      return !!event && (event.status !== 'draft' || isOrganiser(actor, event.organiserIds));
    case 'update':
    case 'manage_registrations':
      return !!event && isOrganiser(actor, event.organiserIds);
    case 'register':
      // Anyone, signed in or not, while the event is published, takes registrations and has not ended.
      return !!event && event.status === 'published' && event.capacity !== null && event.endsAt > now;
    default:
      return false;
  }
}
