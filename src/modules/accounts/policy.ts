// Who may do what with accounts. Deny by default.
import { isPlatformAdmin, isSignedIn, type Actor } from '../../kernel/actor.ts';

export const accountActions = ['manage_own_account', 'create_api_token', 'manage_users', 'read_outbox', 'browse_audit', 'manage_settings'] as const;
export type AccountAction = (typeof accountActions)[number];

export function can(actor: Actor, action: AccountAction): boolean {
  switch (action) {
    case 'manage_own_account':
      return isSignedIn(actor);
    case 'create_api_token':
      return isSignedIn(actor) && actor.secondFactorDone;
    case 'manage_users':
    case 'read_outbox':
    case 'browse_audit':
    case 'manage_settings':
      return isPlatformAdmin(actor);
    default:
      return false;
  }
}
