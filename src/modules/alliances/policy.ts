// Who may do what with an alliance. Deny by default: an action not listed here is refused.
import { hasOrganisationRole, hasRole, isPlatformAdmin, type Actor } from '../../kernel/actor.ts';
import type { DecisionRule } from './tables.ts';

export const allianceActions = ['view', 'request_admission', 'vote', 'decide', 'manage', 'sign_charter', 'edit', 'mail_members', 'create_joint_project', 'link_project'] as const;
export type AllianceAction = (typeof allianceActions)[number];

export interface AllianceRef {
  memberIds: readonly string[];
  coordinatorOrganisationId: string | null;
}

export interface AdmissionRef {
  status: 'pending' | 'accepted' | 'refused' | 'withdrawn';
  decisionRule: DecisionRule;
  organisationId: string;
}

const editorOf = (actor: Actor, id: string | null) => id !== null && actor.secondFactorDone && hasOrganisationRole(actor, id, 'editor');

/**
 * `organisationId` is the organisation the actor acts for: the applicant (request_admission) or the voting
 * member (vote). The coordinator decides when the charter says so; platform network coordinators may too.
 */
export function can(actor: Actor, action: AllianceAction, alliance?: AllianceRef, admission?: AdmissionRef, organisationId?: string): boolean {
  const admin = isPlatformAdmin(actor);
  const coordinator = (a: AllianceRef) => admin || (hasRole(actor, 'network_coordinator') && actor.secondFactorDone) || editorOf(actor, a.coordinatorOrganisationId);
  switch (action) {
    case 'view':
      return true;
    case 'request_admission':
      return !!alliance && !!organisationId && editorOf(actor, organisationId) && !alliance.memberIds.includes(organisationId);
    case 'vote':
      return (
        !!alliance && !!admission && !!organisationId && admission.status === 'pending' && admission.decisionRule === 'member_vote' &&
        alliance.memberIds.includes(organisationId) && editorOf(actor, organisationId)
      );
    case 'decide':
      return !!alliance && !!admission && admission.status === 'pending' && admission.decisionRule === 'coordinator' && coordinator(alliance);
    case 'manage':
      return !!alliance && coordinator(alliance);
    case 'edit':
    case 'mail_members':
      // The alliance's administrators: its coordinator's editors (or a platform network coordinator / admin).
      return !!alliance && coordinator(alliance);
    case 'create_joint_project':
    case 'link_project':
      // For a member organisation the actor edits: it leads the joint project, or links one of its own projects.
      return !!alliance && !!organisationId && alliance.memberIds.includes(organisationId) && editorOf(actor, organisationId);
    case 'sign_charter':
      return !!alliance && !!organisationId && alliance.memberIds.includes(organisationId) && editorOf(actor, organisationId);
    default:
      return false;
  }
}
