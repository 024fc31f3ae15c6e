// Who may do what with news. Deny by default: an action not listed here is refused.
import { hasOrganisationRole, isPlatformAdmin, type Actor } from '../../kernel/actor.ts';

export const newsActions = ['view', 'create', 'update', 'publish'] as const;
export type NewsAction = (typeof newsActions)[number];

export interface NewsRef {
  authorOrganisationId: string | null;
  status: 'draft' | 'published';
}

/** Editors (second factor done) of the signing organisation write its news; the platform's own news are the administrators'. */
export function canWriteFor(actor: Actor, organisationId: string | null): boolean {
  if (isPlatformAdmin(actor)) return true;
  return organisationId !== null && actor.secondFactorDone && hasOrganisationRole(actor, organisationId, 'editor');
}

export function can(actor: Actor, action: NewsAction, article?: NewsRef): boolean {
  switch (action) {
    case 'view':
      if (!article) return false;
      return article.status === 'published' || canWriteFor(actor, article.authorOrganisationId);
    case 'create':
      // Anyone who can write for at least one organisation (or an administrator).
      return isPlatformAdmin(actor) || (actor.secondFactorDone && [...actor.memberships.values()].some((r) => r === 'editor' || r === 'admin'));
    case 'update':
    case 'publish':
      return !!article && canWriteFor(actor, article.authorOrganisationId);
    default:
      return false;
  }
}
