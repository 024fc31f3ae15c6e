// Who may do what with a network. Deny by default.
import { hasOrganisationRole, hasRole, isPlatformAdmin, type Actor } from '../../kernel/actor.ts';

export const networkActions = ['view', 'manage_members', 'edit', 'mail_members'] as const;
export type NetworkAction = (typeof networkActions)[number];

export function can(actor: Actor, action: NetworkAction, network?: { organisationId: string | null }): boolean {
  switch (action) {
    case 'view':
      return !!network;
    case 'manage_members':
    case 'edit':
    case 'mail_members':
      // The network's administrators: admins of its own directory entry, platform network coordinators and admins.
      return (
        !!network &&
        (isPlatformAdmin(actor) || (actor.secondFactorDone && (hasRole(actor, 'network_coordinator') || (network.organisationId !== null && hasOrganisationRole(actor, network.organisationId, 'admin')))))
      );
    default:
      return false;
  }
}
