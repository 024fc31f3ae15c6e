// Every role × action of the accounts and administration policies, against a table written here independently.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { visitor, type Actor, type OrganisationRole, type PlatformRole } from '../../kernel/actor.ts';
import { can as canAdmin, type AdminAction } from '../admin/policy.ts';
import { accountActions, can, type AccountAction } from './policy.ts';

const actor = (roles: PlatformRole[], membership?: OrganisationRole, secondFactorDone = true): Actor => ({
  userId: '00000000-0000-4000-8000-0000000000aa',
  displayName: 'x',
  email: 'x@example.org',
  platformRoles: new Set(roles),
  memberships: new Map(membership ? [['00000000-0000-4000-8000-000000000001', membership]] : []),
  secondFactorDone,
});

const roles: Record<string, Actor> = {
  visitor,
  user: actor([]),
  org_admin: actor([], 'admin'),
  funder_staff: actor(['funder_staff']),
  funder_staff_without_2fa: actor(['funder_staff'], undefined, false),
  finance: actor(['finance']),
  reviewer: actor(['reviewer']),
  network_coordinator: actor(['network_coordinator']),
  platform_admin: actor(['platform_admin']),
  platform_admin_without_2fa: actor(['platform_admin'], undefined, false),
};

const signedIn = Object.keys(roles).filter((r) => r !== 'visitor');
const expected: Record<AccountAction, string[]> = {
  manage_own_account: signedIn,
  create_api_token: signedIn.filter((r) => !r.endsWith('without_2fa')),
  manage_users: ['platform_admin'],
  read_outbox: ['platform_admin'],
  browse_audit: ['platform_admin'],
  manage_settings: ['platform_admin'],
};

test('accounts policy: every role × action', () => {
  for (const [name, a] of Object.entries(roles)) {
    for (const action of accountActions) assert.equal(can(a, action), expected[action].includes(name), `${name} ${action}`);
  }
});

test('administration policy: only platform administrators who passed the second factor', () => {
  for (const [name, a] of Object.entries(roles)) {
    for (const action of ['read_outbox', 'browse_audit', 'manage_settings'] as AdminAction[]) assert.equal(canAdmin(a, action), name === 'platform_admin', `${name} ${action}`);
  }
  assert.equal(can(roles.platform_admin!, 'drop_tables' as AccountAction), false);
  assert.equal(canAdmin(roles.platform_admin!, 'drop_tables' as AdminAction), false);
});
