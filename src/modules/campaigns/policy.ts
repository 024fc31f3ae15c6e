// Who may do what with a campaign. Deny by default: an action not listed here is refused.
import { hasOrganisationRole, isPlatformAdmin, type Actor } from '../../kernel/actor.ts';

export const campaignActions = ['view', 'support', 'sign', 'withdraw_signature', 'manage', 'edit'] as const;
export type CampaignAction = (typeof campaignActions)[number];

export interface CampaignRef {
  organiserIds: readonly string[];
  signatoryIds: readonly string[];
}

/** `organisationId`: the organisation the actor signs (or withdraws) for. */
export function can(actor: Actor, action: CampaignAction, campaign?: CampaignRef, organisationId?: string): boolean {
  const editorOf = (id: string) => actor.secondFactorDone && hasOrganisationRole(actor, id, 'editor');
  switch (action) {
    case 'view':
    case 'support':
      return !!campaign;
    case 'sign':
      return !!campaign && !!organisationId && editorOf(organisationId) && !campaign.signatoryIds.includes(organisationId);
    case 'withdraw_signature':
      return !!campaign && !!organisationId && editorOf(organisationId) && campaign.signatoryIds.includes(organisationId) && !campaign.organiserIds.includes(organisationId);
    case 'manage':
    case 'edit':
      // The organisers' editors (second factor done) and platform administrators.
      return !!campaign && (isPlatformAdmin(actor) || campaign.organiserIds.some(editorOf));
    default:
      return false;
  }
}
