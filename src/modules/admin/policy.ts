// The administration pages are for platform administrators who passed the second factor. Deny by default.
import { isPlatformAdmin, type Actor } from '../../kernel/actor.ts';

export type AdminAction = 'read_outbox' | 'browse_audit' | 'manage_settings';

export function can(actor: Actor, action: AdminAction): boolean {
  switch (action) {
    case 'read_outbox':
    case 'browse_audit':
    case 'manage_settings':
      return isPlatformAdmin(actor);
    default:
      return false;
  }
}
