// How modules declare HTML pages: a path without locale, registered once per interface language
// (`/fr/organisations`, `/en/organisations`). The request's context (language, actor, CSRF token) is built
// once per request in app.ts and handed to every page handler.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { Actor } from './actor.ts';
import { locales, type Locale, type Translate } from './i18n.ts';

export interface NavItem {
  path: string;
  labelKey: string;
}

export interface SiteInfo {
  name: string;
  nav: readonly NavItem[];
  baseUrl: string;
  /** The platform's logo set by an administrator (default: /assets/logo.svg). */
  logoUrl?: string | null;
  /** The contact address set by an administrator, shown in the footer and on the legal pages. */
  contactEmail?: string | null;
}

export interface PageContext {
  locale: Locale;
  t: Translate;
  actor: Actor;
  /** The page's path after the locale prefix, with its query string: used by the language switcher. */
  path: string;
  /** Token to put in every form that changes something (checked in app.ts for unsafe methods). */
  csrfToken: string;
  site: SiteInfo;
  /** A translated notice to show once, after a post/redirect/get ("Saved."). */
  notice: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    ctx: PageContext;
  }
}

export type PageHandler = (ctx: PageContext, req: FastifyRequest, reply: FastifyReply) => unknown;

export interface PageRoutes {
  get(path: string, handler: PageHandler, options?: RouteShorthandOptions): void;
  post(path: string, handler: PageHandler, options?: RouteShorthandOptions): void;
}

export function pageRoutes(app: FastifyInstance): PageRoutes {
  const add = (method: 'GET' | 'POST', path: string, handler: PageHandler, options: RouteShorthandOptions = {}) => {
    for (const locale of locales) {
      const url = path === '/' ? `/${locale}` : `/${locale}${path}`;
      app.route({
        ...options,
        method,
        url,
        config: { ...(options.config as object | undefined), page: true },
        handler: (req, reply) => handler(req.ctx, req, reply),
      });
    }
  };
  return {
    get: (path, handler, options) => add('GET', path, handler, options),
    post: (path, handler, options) => add('POST', path, handler, options),
  };
}

/** Sends a rendered page (kitajs returns a string or a promise of one). */
export async function sendPage(reply: FastifyReply, html: string | Promise<string>, status = 200): Promise<FastifyReply> {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send('<!doctype html>' + (await html));
}

/** Post/redirect/get: a 303 to a localised path, optionally with a notice key shown on the next page. */
export function redirectTo(reply: FastifyReply, ctx: PageContext, path: string, notice?: string): FastifyReply {
  let url = `/${ctx.locale}${path}`;
  if (notice) url += `${url.includes('?') ? '&' : '?'}notice=${encodeURIComponent(notice)}`;
  return reply.redirect(url, 303);
}

/** Builds a localised href: href(ctx, '/organisations', { country: 'ML' }). Empty values are dropped. */
export function href(ctx: Pick<PageContext, 'locale'>, path: string, query?: Record<string, string | number | boolean | readonly string[] | undefined | null>): string {
  const base = path === '/' ? `/${ctx.locale}` : `/${ctx.locale}${path}`;
  if (!query) return base;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}

/** The methods that change something: CSRF-checked (app.ts), and they empty the visitors' page cache. */
export const unsafeMethods: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
