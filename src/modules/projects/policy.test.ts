// Who may do what with a project: every role × action × publication state, deny by default.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemActor, visitor, type Actor, type OrganisationRole, type PlatformRole } from '../../kernel/actor.ts';
import { can, draftScope, projectActions, type ProjectAction } from './policy.ts';

const ORG = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';

function actor(opts: { roles?: PlatformRole[]; member?: OrganisationRole; secondFactorDone?: boolean; signedIn?: boolean } = {}): Actor {
  return {
    userId: opts.signedIn === false ? null : '00000000-0000-4000-8000-0000000000aa',
    displayName: 'x',
    email: 'x@example.org',
    platformRoles: new Set(opts.roles ?? []),
    memberships: new Map(opts.member ? [[ORG, opts.member]] : []),
    secondFactorDone: opts.secondFactorDone ?? true,
  };
}

const actors: Record<string, Actor> = {
  visitor,
  signed_in_stranger: actor(),
  member: actor({ member: 'member' }),
  editor: actor({ member: 'editor' }),
  org_admin: actor({ member: 'admin' }),
  editor_without_2fa: actor({ member: 'editor', secondFactorDone: false }),
  funder_staff: actor({ roles: ['funder_staff'] }),
  platform_admin: actor({ roles: ['platform_admin'] }),
  platform_admin_without_2fa: actor({ roles: ['platform_admin'], secondFactorDone: false }),
  system: systemActor,
};

// Expected: actor → action → [draft, published] of a project of ORG.
const Y = true;
const N = false;
const table: Record<string, Record<ProjectAction, [boolean, boolean]>> = {
  visitor: { view: [N, Y], create: [N, N], update: [N, N], publish: [N, N], delete: [N, N], answer_participation: [N, N], view_offers: [N, N], handle_offers: [N, N] },
  signed_in_stranger: { view: [N, Y], create: [N, N], update: [N, N], publish: [N, N], delete: [N, N], answer_participation: [N, N], view_offers: [N, N], handle_offers: [N, N] },
  member: { view: [Y, Y], create: [N, N], update: [N, N], publish: [N, N], delete: [N, N], answer_participation: [N, N], view_offers: [Y, Y], handle_offers: [Y, Y] },
  editor: { view: [Y, Y], create: [Y, Y], update: [Y, Y], publish: [Y, Y], delete: [N, N], answer_participation: [Y, Y], view_offers: [Y, Y], handle_offers: [Y, Y] },
  org_admin: { view: [Y, Y], create: [Y, Y], update: [Y, Y], publish: [Y, Y], delete: [Y, Y], answer_participation: [Y, Y], view_offers: [Y, Y], handle_offers: [Y, Y] },
  editor_without_2fa: { view: [Y, Y], create: [N, N], update: [N, N], publish: [N, N], delete: [N, N], answer_participation: [N, N], view_offers: [N, N], handle_offers: [N, N] },
  funder_staff: { view: [N, Y], create: [N, N], update: [N, N], publish: [N, N], delete: [N, N], answer_participation: [N, N], view_offers: [N, N], handle_offers: [N, N] },
  platform_admin: { view: [Y, Y], create: [Y, Y], update: [Y, Y], publish: [Y, Y], delete: [Y, Y], answer_participation: [Y, Y], view_offers: [Y, Y], handle_offers: [Y, Y] },
  platform_admin_without_2fa: { view: [N, Y], create: [N, N], update: [N, N], publish: [N, N], delete: [N, N], answer_participation: [N, N], view_offers: [N, N], handle_offers: [N, N] },
  system: { view: [Y, Y], create: [Y, Y], update: [Y, Y], publish: [Y, Y], delete: [Y, Y], answer_participation: [Y, Y], view_offers: [Y, Y], handle_offers: [Y, Y] },
};

test('the policy table covers every action', () => {
  for (const row of Object.values(table)) assert.deepEqual(Object.keys(row).sort(), [...projectActions].sort());
});

for (const [who, row] of Object.entries(table)) {
  for (const action of projectActions) {
    row[action].forEach((expected, i) => {
      const publication = i === 0 ? 'draft' : 'published';
      test(`${who} ${expected ? 'may' : 'may not'} ${action} a ${publication} project`, () => {
        assert.equal(can(actors[who]!, action, { organisationId: ORG, publication }), expected);
      });
    });
  }
}

test('membership of another organisation gives nothing on this one', () => {
  const elsewhere: Actor = { ...actor(), memberships: new Map([[OTHER, 'admin']]) };
  for (const action of projectActions) assert.equal(can(elsewhere, action, { organisationId: ORG, publication: 'draft' }), false, action);
  assert.equal(can(elsewhere, 'view', { organisationId: ORG, publication: 'published' }), true);
});

test('deny by default: no subject, an unknown action or an unknown publication state is refused', () => {
  assert.equal(can(actors.platform_admin!, 'update'), false);
  assert.equal(can(actors.platform_admin!, 'fly' as ProjectAction, { organisationId: ORG, publication: 'published' }), false);
  assert.equal(can(visitor, 'view', { organisationId: ORG, publication: 'archived' as 'draft' }), false);
});

test('draft scope: administrators see every draft, members their organisations’ drafts, visitors none', () => {
  assert.equal(draftScope(actors.platform_admin!), 'all');
  assert.deepEqual(draftScope(actors.member!), [ORG]);
  assert.deepEqual(draftScope(visitor), []);
});
