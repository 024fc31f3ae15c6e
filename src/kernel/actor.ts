// Who is acting. Passed explicitly, first, to every domain command and query that depends on it.
export const platformRoles = ['platform_admin', 'funder_staff', 'finance', 'reviewer', 'network_coordinator'] as const;
export type PlatformRole = (typeof platformRoles)[number];

export const organisationRoles = ['admin', 'editor', 'member'] as const;
export type OrganisationRole = (typeof organisationRoles)[number];

export interface Actor {
  /** null for a visitor who is not signed in. */
  userId: string | null;
  displayName: string | null;
  email: string | null;
  platformRoles: ReadonlySet<PlatformRole>;
  /** organisation id → the actor's role in it */
  memberships: ReadonlyMap<string, OrganisationRole>;
  /** True when the session passed the second factor (or the account needs none). */
  secondFactorDone: boolean;
  /** False for an account whose e-mail address is not confirmed (absent: confirmed, for the CLI and seeds). */
  emailConfirmed?: boolean;
}

export const visitor: Actor = Object.freeze({
  userId: null,
  displayName: null,
  email: null,
  platformRoles: new Set<PlatformRole>(),
  memberships: new Map<string, OrganisationRole>(),
  secondFactorDone: false,
});

/** The actor used by the CLI and by demo seeding: acts as the platform itself. */
export const systemActor: Actor = Object.freeze({
  userId: null,
  displayName: 'system',
  email: null,
  platformRoles: new Set<PlatformRole>(['platform_admin']),
  memberships: new Map<string, OrganisationRole>(),
  secondFactorDone: true,
});

export const isSignedIn = (actor: Actor): boolean => actor.userId !== null;
export const hasRole = (actor: Actor, role: PlatformRole): boolean => actor.platformRoles.has(role);
export const isPlatformAdmin = (actor: Actor): boolean => hasRole(actor, 'platform_admin') && actor.secondFactorDone;

const rank: Record<OrganisationRole, number> = { member: 1, editor: 2, admin: 3 };
/** True when the actor holds at least `role` in the organisation. */
export function hasOrganisationRole(actor: Actor, organisationId: string, role: OrganisationRole): boolean {
  const held = actor.memberships.get(organisationId);
  return held !== undefined && rank[held] >= rank[role];
}

/** Platform roles whose holders must use two-factor sign-in before they can act. */
export const rolesRequiringSecondFactor: readonly PlatformRole[] = ['platform_admin', 'funder_staff', 'finance', 'reviewer'];
export const requiresSecondFactor = (roles: Iterable<string>): boolean => [...roles].some((r) => (rolesRequiringSecondFactor as readonly string[]).includes(r));
