// The account behind an API token (or a session): read it, change its display name. Machine clients send
// `Authorization: Bearer psr_…`; a read-scoped token is refused on writes (app.ts checks the scope).
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { apiRoute } from '../../kernel/api.ts';
import { AppError } from '../../kernel/errors.ts';
import { validate } from '../../kernel/validation.ts';
import { updateProfile } from './commands.ts';
import { meOutput, profileSchema } from './schema.ts';

export function registerAccountApi(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const me = (actor: { userId: string | null; email: string | null; displayName: string | null; platformRoles: ReadonlySet<string>; memberships: ReadonlyMap<string, string> }) => ({
    id: actor.userId ?? '',
    email: actor.email ?? '',
    displayName: actor.displayName ?? '',
    platformRoles: [...actor.platformRoles],
    organisations: [...actor.memberships].map(([id, role]) => ({ id, role })),
  });

  apiRoute(app, { method: 'GET', path: '/api/v1/me', operationId: 'getMe', summary: 'The account behind the token or session', tag: 'accounts', response: meOutput }, async (ctx) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated', ctx.t('error.unauthenticated.text'));
    return me(ctx.actor);
  });

  apiRoute(
    app,
    { method: 'PATCH', path: '/api/v1/me', operationId: 'updateMe', summary: 'Change the display name (token scope: write)', tag: 'accounts', response: meOutput, requestBody: profileSchema },
    async (ctx, req) => {
      if (!ctx.actor.userId) throw new AppError('unauthenticated', ctx.t('error.unauthenticated.text'));
      const parsed = validate(profileSchema, req.body ?? {}, ctx.t);
      if (!parsed.ok) throw new AppError('validation', ctx.t('error.validation.text'), parsed.error);
      await updateProfile(db, ctx.actor, parsed.value.displayName);
      return me({ ...ctx.actor, displayName: parsed.value.displayName });
    },
  );
}
