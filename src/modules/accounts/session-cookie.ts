// The session cookie: HttpOnly, SameSite=Lax, Secure when served over HTTPS. The only cookie we set.
import type { FastifyReply } from 'fastify';
import type { Config } from '../../config.ts';

export const sessionCookieName = 'passerelle_session';

const secure = (config: Config): boolean => config.baseUrl.startsWith('https://');

export function setSessionCookie(reply: FastifyReply, token: string, config: Config): void {
  reply.setCookie(sessionCookieName, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secure(config),
    maxAge: config.session.absoluteHours * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(sessionCookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(config) });
}
