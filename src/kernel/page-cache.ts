// A short-lived cache of the pages rendered for visitors (microcaching): the same public page asked for many
// times a second is rendered once, then served from memory for PAGE_CACHE_SECONDS (default 5). Only what is the
// same for every visitor is kept — a GET of a /fr or /en page, without a session cookie or a token, answered 200
// with no cookie set — and any write handled by this process (an unsafe method) empties it, so a visitor never
// sees a page older than their own last change. Another process's writes show within the delay.
// See docs/decisions/0007-visitor-page-cache.md.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { unsafeMethods } from './web.ts';

interface CachedPage {
  expires: number;
  status: number;
  headers: Record<string, string | string[]>;
  body: string | Buffer;
}

export interface PageCacheOptions {
  seconds: number;
  /** The session cookie's name: a request carrying it is never served from the cache. */
  sessionCookie: string;
  maxEntries?: number;
  maxBytes?: number;
}

// Headers that describe this one response, not the page.
const perResponse = new Set(['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'set-cookie']);

export function registerPageCache(app: FastifyInstance, options: PageCacheOptions): { clear(): void; size(): number } {
  const pages = new Map<string, CachedPage>();
  const maxEntries = options.maxEntries ?? 1000;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const clear = () => pages.clear();
  if (options.seconds <= 0) return { clear, size: () => 0 };

  const cacheable = (req: FastifyRequest) =>
    req.method === 'GET' &&
    /^\/(fr|en)(\/|\?|$)/.test(req.url) &&
    !req.headers.authorization &&
    !(req.headers.cookie ?? '').includes(`${options.sessionCookie}=`);

  app.addHook('onRequest', async (req, reply) => {
    if (!cacheable(req)) return;
    const hit = pages.get(req.url);
    if (!hit) return;
    if (hit.expires <= Date.now()) {
      pages.delete(req.url);
      return;
    }
    // Most recently used last, so the oldest entries go first when the cache is full.
    pages.delete(req.url);
    pages.set(req.url, hit);
    return reply.code(hit.status).headers(hit.headers).header('x-page-cache', 'hit').send(hit.body);
  });

  app.addHook('onSend', async (req, reply: FastifyReply, payload) => {
    if (unsafeMethods.has(req.method)) {
      clear();
      return payload;
    }
    if (!cacheable(req) || reply.statusCode !== 200 || reply.getHeader('set-cookie') || reply.getHeader('x-page-cache')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload; // streams are not kept
    if (payload.length > maxBytes) return payload;
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined && !perResponse.has(name)) headers[name] = Array.isArray(value) ? value : String(value);
    }
    pages.set(req.url, { expires: Date.now() + options.seconds * 1000, status: 200, headers, body: payload });
    while (pages.size > maxEntries) pages.delete(pages.keys().next().value!);
    return payload;
  });

  return { clear, size: () => pages.size };
}
