// Who may do what in funding. Deny by default: an action not listed is refused. A funder's people are named in
// the funder team (staff, finance, reviewer, committee) of that funder; staff, finance and committee actions
// also need a session that passed the second factor. Moving an application between states is decided by
// workflow.ts (`workflowRoleFor` below tells it in which role the actor acts).
import { hasOrganisationRole, isSignedIn, type Actor } from '../../kernel/actor.ts';
import type { WorkflowAction, WorkflowRole } from './workflow.ts';

export const teamRoles = ['staff', 'finance', 'reviewer', 'committee'] as const;
export type TeamRole = (typeof teamRoles)[number];

/** The actor with its roles in the funder team concerned by the thing acted on. */
export interface FundingActor {
  actor: Actor;
  team: ReadonlySet<TeamRole>;
}

export const fundingActions = [
  'manage_envelope',
  'transfer_between_lines',
  'manage_call',
  'view_dashboard',
  'export_scdl',
  'manage_prequalification',
  'manage_team',
  'apply',
  'edit_application',
  'view_application',
  'confirm_co_applicant',
  'assign_reviewers',
  'review',
  'view_ranking',
  'close_review_phase',
  'decide',
  'sign_agreement',
  'record_payment',
  'submit_report',
  'review_report',
  'link_project',
  'view_document',
] as const;
export type FundingAction = (typeof fundingActions)[number];

export interface ApplicationRef {
  organisationId: string;
  coApplicantIds: readonly string[];
  state: string;
}

export interface Thing {
  /** The organisation acting (apply) or the application concerned. */
  organisationId?: string;
  application?: ApplicationRef;
  /** The co-applicant organisation confirming its part. */
  coApplicantId?: string;
  /** For `review`: the actor is assigned to this application, has not declared a conflict, the phase is open. */
  assigned?: boolean;
  conflict?: boolean;
  reviewPhaseClosed?: boolean;
  /** For `view_document`: the document belongs to a report (reviewers never see those). */
  report?: boolean;
}

/** States in which an assigned reviewer may open the application's attachments. */
const reviewStates = new Set(['eligible', 'in_review', 'recommended', 'not_recommended']);

const strong = (who: FundingActor, role: TeamRole) => who.actor.secondFactorDone && who.team.has(role);
const editsFor = (actor: Actor, organisationId: string | undefined) => !!organisationId && hasOrganisationRole(actor, organisationId, 'editor');
const memberOf = (actor: Actor, organisationId: string | undefined) => !!organisationId && hasOrganisationRole(actor, organisationId, 'member');
const editableStates = new Set(['draft', 'completion_requested']);

export function can(who: FundingActor, action: FundingAction, thing: Thing = {}): boolean {
  const { actor } = who;
  if (!isSignedIn(actor)) return false;
  const app = thing.application;
  switch (action) {
    case 'manage_envelope':
    case 'manage_call':
    case 'manage_prequalification':
    case 'assign_reviewers':
    case 'close_review_phase':
    case 'sign_agreement':
    case 'review_report':
      return strong(who, 'staff');
    case 'manage_team':
      return strong(who, 'staff');
    case 'transfer_between_lines':
    case 'record_payment':
      return strong(who, 'finance');
    case 'decide':
      return strong(who, 'committee');
    case 'view_dashboard':
    case 'export_scdl':
      return strong(who, 'staff') || strong(who, 'finance') || strong(who, 'committee');
    case 'view_ranking':
      return strong(who, 'staff') || strong(who, 'committee');
    case 'apply':
      return editsFor(actor, thing.organisationId);
    case 'edit_application':
      return !!app && editableStates.has(app.state) && editsFor(actor, app.organisationId);
    case 'submit_report':
      return !!app && editsFor(actor, app.organisationId);
    case 'confirm_co_applicant':
      return !!app && app.state === 'draft' && !!thing.coApplicantId && app.coApplicantIds.includes(thing.coApplicantId) && editsFor(actor, thing.coApplicantId);
    case 'view_application':
      if (!app) return false;
      if (memberOf(actor, app.organisationId) || app.coApplicantIds.some((id) => memberOf(actor, id))) return true;
      if (app.state === 'draft') return false;
      return who.team.has('staff') || who.team.has('finance') || who.team.has('committee') || (who.team.has('reviewer') && thing.assigned === true);
    case 'link_project':
      return !!app && app.state !== 'withdrawn' && editsFor(actor, app.organisationId);
    case 'view_document':
      // Attachments: the applicant organisation's members, the funder's staff (second factor) once submitted, and an
      // assigned reviewer without a declared conflict while the application is under review (never a report's).
      if (!app) return false;
      if (memberOf(actor, app.organisationId)) return true;
      if (app.state === 'draft') return false;
      if (strong(who, 'staff')) return true;
      return !thing.report && strong(who, 'reviewer') && thing.assigned === true && thing.conflict !== true && reviewStates.has(app.state);
    case 'review':
      return who.team.has('reviewer') && thing.assigned === true && thing.conflict !== true && thing.reviewPhaseClosed !== true;
    default:
      return false;
  }
}

const applicantActions: readonly WorkflowAction[] = ['submit', 'resubmit', 'withdraw'];
const committeeActions: readonly WorkflowAction[] = ['award', 'reject'];

/**
 * The role in which the actor performs `action` on the application: the applicant's editors for the applicant's
 * actions, the funder's committee for decisions, its staff for the rest; 'visitor' when none applies (then
 * `decide` refuses with not_allowed_for_role). The second factor is checked by the workflow's guards.
 */
export function workflowRoleFor(who: FundingActor, app: ApplicationRef, action: WorkflowAction): WorkflowRole {
  if (!isSignedIn(who.actor)) return 'visitor';
  if (applicantActions.includes(action)) return editsFor(who.actor, app.organisationId) ? 'applicant_member' : 'visitor';
  if (committeeActions.includes(action)) return who.team.has('committee') ? 'committee' : 'visitor';
  return who.team.has('staff') ? 'funder_staff' : 'visitor';
}
