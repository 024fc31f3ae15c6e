// Every role × action × state of the directory, against an expected table written here independently.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { visitor, type Actor, type OrganisationRole, type PlatformRole } from '../../kernel/actor.ts';
import { can, organisationActions, type OrganisationAction, type OrganisationRef } from './policy.ts';

const orgId = '00000000-0000-4000-8000-000000000001';
const actor = (roles: PlatformRole[], membership?: OrganisationRole, secondFactorDone = true, emailConfirmed = true): Actor => ({
  userId: '00000000-0000-4000-8000-0000000000aa',
  displayName: 'x',
  email: 'x@example.org',
  platformRoles: new Set(roles),
  memberships: new Map(membership ? [[orgId, membership]] : []),
  secondFactorDone,
  emailConfirmed,
});

const roles: Record<string, Actor> = {
  visitor,
  user: actor([]),
  user_unconfirmed_email: actor([], undefined, true, false),
  member: actor([], 'member'),
  editor: actor([], 'editor'),
  org_admin: actor([], 'admin'),
  org_admin_without_2fa: actor([], 'admin', false),
  funder_staff: actor(['funder_staff']),
  platform_admin: actor(['platform_admin']),
  platform_admin_without_2fa: actor(['platform_admin'], undefined, false),
};

type State = 'active' | 'active_contact_public' | 'archived';
const states: Record<State, OrganisationRef> = {
  active: { id: orgId, status: 'active', contactPublic: false },
  active_contact_public: { id: orgId, status: 'active', contactPublic: true },
  archived: { id: orgId, status: 'archived', contactPublic: true },
};

// Allowed (role, action, state) triples; anything not listed must be refused.
const allowed = new Set<string>();
const allow = (role: string, action: OrganisationAction, stateList: State[]) => stateList.forEach((s) => allowed.add(`${role}|${action}|${s}`));
const all: State[] = ['active', 'active_contact_public', 'archived'];
const active: State[] = ['active', 'active_contact_public'];
for (const role of Object.keys(roles)) {
  allow(role, 'view', active);
  allow(role, 'view_contact', ['active_contact_public']);
}
for (const role of ['member', 'editor', 'org_admin', 'org_admin_without_2fa']) {
  allow(role, 'view', all);
  allow(role, 'view_contact', all);
}
allow('editor', 'update', all);
allow('org_admin', 'update', all);
allow('org_admin', 'archive', all);
allow('org_admin', 'manage_members', all);
allow('platform_admin', 'view', all);
allow('platform_admin', 'view_contact', all);
allow('platform_admin', 'update', all);
allow('platform_admin', 'archive', all);
allow('platform_admin', 'manage_members', all);
allow('platform_admin', 'create', all);
allow('platform_admin', 'view_audit', all);
allow('org_admin', 'view_audit', all);
allow('platform_admin', 'decide_claims', all);
allow('platform_admin', 'import', all);
// Any signed-in user with a confirmed address (and the second factor passed) lists an organisation and becomes its administrator.
for (const role of ['user', 'member', 'editor', 'org_admin', 'funder_staff']) allow(role, 'create', all);
// Claiming an existing active entry: signed-in, confirmed, second factor passed, not already a member.
for (const role of ['user', 'funder_staff', 'platform_admin']) allow(role, 'claim', active);

test('organisation policy: every role × action × state', () => {
  let checked = 0;
  for (const [roleName, a] of Object.entries(roles)) {
    for (const action of organisationActions) {
      for (const [stateName, org] of Object.entries(states)) {
        const expected = allowed.has(`${roleName}|${action}|${stateName}`);
        assert.equal(can(a, action, action === 'create' ? undefined : org), expected, `${roleName} ${action} ${stateName}`);
        checked++;
      }
    }
  }
  assert.equal(checked, Object.keys(roles).length * organisationActions.length * 3);
});

test('an action the policy does not know is refused', () => {
  assert.equal(can(roles.platform_admin!, 'delete_everything' as OrganisationAction, states.active), false);
});
