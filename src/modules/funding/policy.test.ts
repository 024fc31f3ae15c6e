// Table-driven policy tests: every team role (and applicant, partner, visitor) × every action, with and without
// the second factor. Written out by hand from the product rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Actor, OrganisationRole } from '../../kernel/actor.ts';
import { can, fundingActions, workflowRoleFor, type FundingAction, type TeamRole } from './policy.ts';

const LEAD = 'org-lead';
const PARTNER = 'org-partner';

function who(team: TeamRole[], memberships: [string, OrganisationRole][] = [], secondFactorDone = true, signedIn = true) {
  const actor: Actor = { userId: signedIn ? 'u1' : null, displayName: 'x', email: 'x@example.org', platformRoles: new Set(), memberships: new Map(memberships), secondFactorDone };
  return { actor, team: new Set(team) };
}

const draftApp = { organisationId: LEAD, coApplicantIds: [PARTNER], state: 'draft' };
const submittedApp = { ...draftApp, state: 'submitted' };

type Case = [label: string, w: ReturnType<typeof who>, allowed: FundingAction[]];

const thing = (action: FundingAction) => {
  switch (action) {
    case 'apply':
      return { organisationId: LEAD };
    case 'edit_application':
      return { application: draftApp };
    case 'confirm_co_applicant':
      return { application: draftApp, coApplicantId: PARTNER };
    case 'view_application':
      return { application: submittedApp, assigned: true };
    case 'submit_report':
      return { application: { ...draftApp, state: 'in_progress' } };
    case 'review':
      return { assigned: true, conflict: false, reviewPhaseClosed: false };
    default:
      return {};
  }
};

const cases: Case[] = [
  ['visitor', who([], [], false, false), []],
  ['signed-in stranger', who([]), []],
  ['staff with 2FA', who(['staff']), ['manage_envelope', 'manage_call', 'view_dashboard', 'export_scdl', 'manage_prequalification', 'manage_team', 'view_application', 'assign_reviewers', 'view_ranking', 'close_review_phase', 'sign_agreement', 'review_report']],
  ['staff without 2FA', who(['staff'], [], false), ['view_application']],
  ['finance with 2FA', who(['finance']), ['transfer_between_lines', 'view_dashboard', 'export_scdl', 'view_application', 'record_payment']],
  ['finance without 2FA', who(['finance'], [], false), ['view_application']],
  ['committee with 2FA', who(['committee']), ['view_dashboard', 'export_scdl', 'view_application', 'view_ranking', 'decide']],
  ['committee without 2FA', who(['committee'], [], false), ['view_application']],
  ['reviewer (assigned)', who(['reviewer']), ['view_application', 'review']],
  ['lead editor', who([], [[LEAD, 'editor']]), ['apply', 'edit_application', 'view_application', 'submit_report']],
  ['lead member', who([], [[LEAD, 'member']]), ['view_application']],
  ['partner admin', who([], [[PARTNER, 'admin']]), ['confirm_co_applicant', 'view_application']],
];

for (const [label, w, allowed] of cases) {
  test(`policy: ${label}`, () => {
    for (const action of fundingActions) {
      assert.equal(can(w, action, thing(action)), allowed.includes(action), `${label} × ${action}`);
    }
  });
}

test('policy: a reviewer cannot score when not assigned, after a conflict, or once the phase is closed', () => {
  const r = who(['reviewer']);
  assert.equal(can(r, 'review', { assigned: false }), false);
  assert.equal(can(r, 'review', { assigned: true, conflict: true }), false);
  assert.equal(can(r, 'review', { assigned: true, reviewPhaseClosed: true }), false);
  assert.equal(can(r, 'view_application', { application: submittedApp, assigned: false }), false);
  // nobody outside the applicants sees a draft
  assert.equal(can(who(['staff']), 'view_application', { application: draftApp }), false);
});

test('policy: the application is read-only after submission unless completion is requested', () => {
  const editor = who([], [[LEAD, 'admin']]);
  for (const state of ['draft', 'completion_requested']) assert.equal(can(editor, 'edit_application', { application: { ...draftApp, state } }), true, state);
  for (const state of ['submitted', 'eligible', 'in_review', 'awarded', 'in_progress']) assert.equal(can(editor, 'edit_application', { application: { ...draftApp, state } }), false, state);
  assert.equal(can(who([], [[PARTNER, 'admin']]), 'confirm_co_applicant', { application: submittedApp, coApplicantId: PARTNER }), false);
});

test('policy: the workflow role follows the action', () => {
  const staffAndCommittee = who(['staff', 'committee'], [[LEAD, 'editor']]);
  assert.equal(workflowRoleFor(staffAndCommittee, draftApp, 'submit'), 'applicant_member');
  assert.equal(workflowRoleFor(staffAndCommittee, draftApp, 'award'), 'committee');
  assert.equal(workflowRoleFor(staffAndCommittee, draftApp, 'declare_eligible'), 'funder_staff');
  assert.equal(workflowRoleFor(who(['finance']), draftApp, 'declare_eligible'), 'visitor');
  assert.equal(workflowRoleFor(who([], [], false, false), draftApp, 'submit'), 'visitor');
});
