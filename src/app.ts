// buildApp(deps) wires the HTTP server: plugins, the per-request context (language, actor, CSRF), error
// pages, and every module's pages and API. It never listens: tests drive it with inject(), main.ts listens.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { Deps } from './deps.ts';
import { visitor, type Actor } from './kernel/actor.ts';
import { openApiDocument } from './kernel/api.ts';
import { AppError, errorStatus, type ErrorCode } from './kernel/errors.ts';
import { ErrorPage } from './kernel/html/error-page.tsx';
import { createCatalogue, isLocale, negotiateLocale, type Locale } from './kernel/i18n.ts';
import { kernelMessages } from './kernel/messages.ts';
import { databaseRateLimitStore } from './kernel/throttle.ts';
import { sendPage, unsafeMethods, type NavItem, type PageContext } from './kernel/web.ts';
import { resolveApiToken, resumeSession } from './modules/accounts/commands.ts';
import { registerAccountApi } from './modules/accounts/api.ts';
import { secondFactorDetour } from './modules/accounts/gate.ts';
import { accountMessages } from './modules/accounts/messages.ts';
import { registerAccountPages } from './modules/accounts/pages.tsx';
import { sessionCookieName } from './modules/accounts/session-cookie.ts';
import { registerPageCache } from './kernel/page-cache.ts';
import { registerEventApi } from './modules/events/api.ts';
import { eventMessages } from './modules/events/messages.ts';
import { registerEventPages } from './modules/events/pages.tsx';
import { adminMessages } from './modules/admin/messages.ts';
import { registerAdminPages } from './modules/admin/pages.tsx';
import { readPlatformSettings } from './modules/admin/queries.ts';
import { registerFileRoutes } from './modules/files/api.ts';
import { fundingMessages } from './modules/funding/messages.ts';
import { registerAllianceApi } from './modules/alliances/api.ts';
import { registerCampaignApi } from './modules/campaigns/api.ts';
import { registerFundingApi } from './modules/funding/api.ts';
import { registerNetworkApi } from './modules/networks/api.ts';
import { registerFundingBackOffice } from './modules/funding/backoffice.tsx';
import { registerFundingPages } from './modules/funding/pages.tsx';
import { iatiMessages } from './modules/iati/messages.ts';
import { registerNewsApi } from './modules/news/api.ts';
import { newsMessages } from './modules/news/messages.ts';
import { registerNewsPages } from './modules/news/pages.tsx';
import { registerOrganisationApi } from './modules/organisations/api.ts';
import { organisationMessages } from './modules/organisations/messages.ts';
import { registerOrganisationPages } from './modules/organisations/pages.tsx';
import { memberMessages } from './modules/organisations/members-messages.ts';
import { registerMemberPages } from './modules/organisations/members-pages.tsx';
import { registerProjectApi } from './modules/projects/api.ts';
import { registerIatiApi } from './modules/iati/api.ts';
import { registerIatiPages } from './modules/iati/pages.tsx';
import { projectMessages } from './modules/projects/messages.ts';
import { registerProjectPages } from './modules/projects/pages.tsx';
import { registerSearchApi } from './modules/search/api.ts';
import { searchMessages } from './modules/search/messages.ts';
import { registerSearchPages } from './modules/search/pages.tsx';
import { siteMessages } from './modules/site/messages.ts';
import { statsMessages } from './modules/stats/messages.ts';
import { registerStatsPages } from './modules/stats/pages.tsx';
import { allianceMessages } from './modules/alliances/messages.ts';
import { registerAlliancePages } from './modules/alliances/pages.tsx';
import { campaignMessages } from './modules/campaigns/messages.ts';
import { registerCampaignPages } from './modules/campaigns/pages.tsx';
import { networkMessages } from './modules/networks/messages.ts';
import { registerNetworkPages } from './modules/networks/pages.tsx';
import { partnershipMessages } from './modules/partnerships/messages.ts';
import { registerPartnershipPages } from './modules/partnerships/pages.tsx';
import { registerApiDocsPage, registerSitePages } from './modules/site/pages.tsx';

const publicDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public');

/** Every module's interface text; a test checks each key exists in both languages. */
export const dictionaries = [kernelMessages, siteMessages, accountMessages, organisationMessages, iatiMessages, newsMessages, eventMessages, partnershipMessages, allianceMessages, networkMessages, campaignMessages, fundingMessages, memberMessages, adminMessages, projectMessages, searchMessages, statsMessages];

const nav: NavItem[] = [
  { path: '/', labelKey: 'nav.home' },
  { path: '/organisations', labelKey: 'nav.organisations' },
  { path: '/projects', labelKey: 'nav.projects' },
  { path: '/map', labelKey: 'nav.map' },
  { path: '/calls', labelKey: 'nav.calls' },
  { path: '/partnerships', labelKey: 'nav.partnerships' },
  { path: '/news', labelKey: 'nav.news' },
  { path: '/events', labelKey: 'nav.events' },
  { path: '/figures', labelKey: 'nav.figures' },
  { path: '/search', labelKey: 'nav.search' },
];

export interface AppOptions {
  config: Config;
  database: Database;
  /** Override the log level (tests pass 'silent'). */
  logLevel?: string;
  /** Extra routes registered last (tests use it to see how unexpected failures are shown). */
  extraRoutes?: (app: FastifyInstance) => void;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    page?: boolean;
    api?: boolean;
  }
  interface FastifyRequest {
    sessionCsrf: string | null;
    /** Set when the request is authenticated by an API token (`Authorization: Bearer`) rather than a session. */
    apiScope: 'read' | 'write' | null;
  }
  interface FastifyInstance {
    /** The visitors' page cache (kernel/page-cache.ts): its size, and `clear` for writes made without HTTP. */
    pageCache: { clear(): void; size(): number };
  }
}


function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Maps any thrown error to one of our codes; unknown errors are internal (and logged, never shown). */
function classify(error: FastifyError | Error): { code: ErrorCode; message?: string | undefined; fields?: Record<string, string> | undefined } {
  if (error instanceof AppError) return { code: error.code, message: error.message !== error.code ? error.message : undefined, fields: error.fields };
  const e = error as FastifyError & { code?: string };
  const status = e.statusCode ?? 500;
  // Lost database connection (server restarting, pool exhausted): tell the client to retry.
  const connectionCodes = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08003', '08006', '53300'];
  // Drizzle wraps the driver's error ("Failed query: …") with the connection error as its cause.
  for (let c: (Error & { code?: unknown; cause?: unknown }) | undefined = e, depth = 0; c instanceof Error && depth < 4; c = c.cause as typeof c, depth++) {
    if (connectionCodes.includes(String(c.code)) || /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED/i.test(c.message)) return { code: 'unavailable' };
    // Disk full (53100, ENOSPC): the write is rolled back; the client is told to retry later, not shown a crash.
    if (c.code === '53100' || c.code === 'ENOSPC' || /No space left on device|could not extend file/i.test(c.message)) return { code: 'unavailable' };
  }
  if (status === 413 || e.code === 'FST_REQ_FILE_TOO_LARGE' || e.code === 'FST_PARTS_LIMIT' || e.code === 'FST_FILES_LIMIT' || e.code === 'FST_FIELDS_LIMIT') return { code: 'payload_too_large' };
  if (status === 415) return { code: 'unsupported_media_type' };
  // A truncated or malformed multipart body (busboy throws plain errors for these).
  if (/multipart|Malformed part header|boundary/i.test(e.message) && status === 500) return { code: 'bad_request' };
  if (status === 429) return { code: 'rate_limited' };
  if (status === 404) return { code: 'not_found' };
  if (status >= 400 && status < 500) return { code: 'bad_request' };
  return { code: 'internal' };
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const catalogue = createCatalogue(dictionaries);
  const deps: Deps = { db: database.db, config, catalogue };
  const site = { name: config.territoryName, nav, baseUrl: config.baseUrl };

  const app = Fastify({
    logger: { level: options.logLevel ?? config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    bodyLimit: config.uploadMaxBytes + 512 * 1024,
    routerOptions: { maxParamLength: 200 },
    trustProxy: config.env === 'production',
  });

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 2 * 1024 * 1024 });
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: config.uploadMaxBytes, files: 5, fields: 400, fieldSize: 1024 * 1024, parts: 500 },
    // Buffer each file (within the size cap) so the CSRF check and the handler see the whole form.
    onFile: async (part) => {
      (part as unknown as { value: Buffer }).value = await part.toBuffer();
    },
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: config.baseUrl.startsWith('https://') ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
  // Per-route limits count in the database: shared by every process, kept across restarts.
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(database.db) });
  await app.register(fastifyStatic, { root: publicDir, prefix: '/assets/', maxAge: '1d', index: false });

  // 0. A visitor's page asked for again within seconds is served as rendered (kernel/page-cache.ts).
  const pageCache = registerPageCache(app, { seconds: config.pageCacheSeconds, sessionCookie: sessionCookieName });
  app.decorate('pageCache', pageCache);

  app.decorateRequest('ctx', null as unknown as PageContext);
  app.decorateRequest('apiCtx', null as unknown as FastifyRequest['apiCtx']);
  app.decorateRequest('sessionCsrf', null);
  app.decorateRequest('apiScope', null);

  // 1. Who and in which language: built once per request, before any handler.
  app.addHook('onRequest', async (req, reply) => {
    const url = req.url;
    const prefix = url.split(/[/?#]/)[1];
    const queryLang = (req.query as Record<string, unknown> | undefined)?.lang;
    const locale: Locale = isLocale(prefix)
      ? prefix
      : isLocale(queryLang)
        ? queryLang
        : negotiateLocale(req.headers['accept-language'], (await readPlatformSettings(database.db)).defaultLocale ?? config.defaultLocale);
    let actor: Actor = visitor;
    let detour: string | null = null;
    const token = req.cookies[sessionCookieName];
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer && url.startsWith('/api/')) {
      // Machine clients: the token replaces the session (no cookie, so no CSRF token to send); a wrong token is refused.
      const resolved = await resolveApiToken(database.db, bearer);
      if (!resolved) throw new AppError('unauthenticated');
      actor = resolved.actor;
      req.apiScope = resolved.scope;
    } else if (token && !url.startsWith('/assets/') && !url.startsWith('/files/')) {
      const session = await resumeSession(database.db, token, config.session);
      if (session) {
        // A session still waiting for its second factor reads the API as a visitor.
        actor = session.pending && url.startsWith('/api/') ? visitor : session.actor;
        req.sessionCsrf = session.csrfToken;
        detour = secondFactorDetour(session.pending, isLocale(prefix) ? prefix : locale, url);
      }
    }
    const settings = await readPlatformSettings(database.db);
    const t = catalogue.translator(locale);
    const pathAfterLocale = isLocale(prefix) ? url.slice(prefix.length + 1) || '/' : url;
    const noticeKey = (req.query as Record<string, unknown> | undefined)?.notice;
    req.ctx = {
      locale,
      t,
      actor,
      path: pathAfterLocale.replace(/([?&])notice=[^&]*&?/, '$1').replace(/[?&]$/, ''),
      csrfToken: req.sessionCsrf ?? '',
      site: { ...site, name: settings.territoryName ?? site.name, logoUrl: settings.logoFileId ? `/files/${settings.logoFileId}` : null, contactEmail: settings.contactEmail },
      notice: typeof noticeKey === 'string' && /^[a-z_]+\.[a-z_]+$/.test(noticeKey) && catalogue.has(noticeKey) ? t(noticeKey) : null,
    };
    req.apiCtx = { actor, locale, t };
    // Two-factor sign-in: pending sessions are sent to type their code, or to enrol when their role requires it.
    if (detour && !url.startsWith('/api/')) {
      if (req.method === 'GET' || req.method === 'HEAD') return reply.redirect(detour, 303);
      throw new AppError('forbidden', t('accounts.enrol_required'));
    }
  });

  // 2. CSRF on every unsafe method: a cross-site request is refused outright, and a request that carries
  // the session cookie must also carry the session's token (form field _csrf or header x-csrf-token).
  app.addHook('preHandler', async (req) => {
    if (!unsafeMethods.has(req.method)) return;
    if (req.apiScope && req.apiScope !== 'write') throw new AppError('forbidden', req.ctx.t('accounts.token_read_only'));
    const fetchSite = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    const ownOrigin = new URL(config.baseUrl).origin;
    const hostOrigin = `${req.protocol}://${req.headers.host ?? ''}`;
    if (fetchSite === 'cross-site' || (origin && origin !== 'null' && origin !== ownOrigin && origin !== hostOrigin)) {
      throw new AppError('forbidden', req.ctx.t('error.csrf'));
    }
    if (origin === 'null') throw new AppError('forbidden', req.ctx.t('error.csrf'));
    if (req.sessionCsrf) {
      const body = req.body as Record<string, unknown> | undefined;
      const field = body?._csrf;
      const sent =
        (typeof field === 'string' ? field : typeof (field as { value?: unknown })?.value === 'string' ? (field as { value: string }).value : undefined) ??
        (typeof req.headers['x-csrf-token'] === 'string' ? req.headers['x-csrf-token'] : undefined);
      if (!sent || !sameToken(sent, req.sessionCsrf)) throw new AppError('forbidden', req.ctx.t('error.csrf'));
    }
  });

  const isApi = (req: FastifyRequest) => req.url.startsWith('/api/') || req.routeOptions.config?.api === true;

  async function renderFailure(req: FastifyRequest, reply: FastifyReply, code: ErrorCode, message?: string, fields?: Record<string, string>) {
    const ctx = req.ctx ?? { ...({} as PageContext) };
    const status = errorStatus[code];
    if (code === 'rate_limited') reply.header('retry-after', '300');
    if (code === 'unavailable') reply.header('retry-after', '5');
    if (isApi(req) || !ctx.t) {
      const t = ctx.t ?? catalogue.translator(config.defaultLocale);
      return reply.status(status).type('application/json; charset=utf-8').send({ error: { code, message: message ?? t(`error.${code}.text`), ...(fields ? { fields } : {}) } });
    }
    if (code === 'unauthenticated' && req.method === 'GET') {
      return reply.redirect(`/${ctx.locale}/sign-in?next=${encodeURIComponent(req.url)}`, 303);
    }
    return sendPage(reply, ErrorPage({ ctx, code, detail: message }), status);
  }

  app.setErrorHandler(async (error, req, reply) => {
    const { code, message, fields } = classify(error as Error);
    if (code === 'internal') req.log.error({ err: error }, 'request failed');
    else if (code === 'unavailable') req.log.warn({ err: error instanceof Error ? { message: error.message.slice(0, 300), code: (error as { code?: unknown }).code } : error }, 'database unavailable');
    return renderFailure(req, reply, code, code === 'internal' || code === 'unavailable' ? undefined : message, fields);
  });

  app.setNotFoundHandler(async (req, reply) => renderFailure(req, reply, 'not_found'));

  // Bare URLs go to the visitor's language.
  app.get('/', async (req, reply) => reply.redirect(`/${req.ctx.locale}`, 302));
  app.get('/healthz', async (_req, reply) => {
    try {
      await database.ping();
      return { status: 'ok', database: database.kind };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: database.kind });
    }
  });

  registerSitePages(app, deps);
  registerAccountPages(app, deps);
  registerOrganisationPages(app, deps);
  registerMemberPages(app, deps);
  registerAdminPages(app, deps);
  registerOrganisationApi(app, deps);
  registerNewsPages(app, deps);
  registerNewsApi(app, deps);
  registerEventPages(app, deps);
  registerEventApi(app, deps);
  registerPartnershipPages(app, deps);
  registerAlliancePages(app, deps);
  registerNetworkPages(app, deps);
  registerCampaignPages(app, deps);
  registerFundingPages(app, deps);
  registerFundingBackOffice(app, deps);
  registerFundingApi(app, deps);
  registerAllianceApi(app, deps);
  registerNetworkApi(app, deps);
  registerCampaignApi(app, deps);
  registerAccountApi(app, deps);
  registerSearchPages(app, deps);
  registerSearchApi(app, deps);
  registerProjectPages(app, deps);
  registerProjectApi(app, deps);
  registerStatsPages(app, deps);
  registerIatiApi(app, deps);
  registerIatiPages(app, deps);
  registerFileRoutes(app, deps);

  app.get('/api/openapi.json', async () => openApiDocument({ title: 'Passerelle API', version: '1', serverUrl: config.baseUrl }));
  registerApiDocsPage(app, deps);
  options.extraRoutes?.(app);

  return app;
}
