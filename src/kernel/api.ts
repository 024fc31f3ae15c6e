// JSON API routes. Each route declares its parameters and its output schema once; the same declaration
// registers the Fastify route and describes it in the OpenAPI document served at /api/openapi.json.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from './actor.ts';
import type { Locale, Translate } from './i18n.ts';

export interface ApiParameter {
  name: string;
  in: 'query' | 'path';
  description: string;
  schema: Record<string, unknown>;
  required?: boolean;
}

export interface ApiRouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify path syntax (/api/v1/organisations/:slug); converted to {slug} in the document. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  parameters?: ApiParameter[];
  /** Output schema of a 200 answer; omit for non-JSON answers and describe `produces` instead. */
  response?: z.ZodType;
  produces?: string;
  requestBody?: z.ZodType;
}

export interface ApiContext {
  actor: Actor;
  locale: Locale;
  t: Translate;
}

declare module 'fastify' {
  interface FastifyRequest {
    apiCtx: ApiContext;
  }
}

export type ApiHandler = (ctx: ApiContext, req: FastifyRequest, reply: FastifyReply) => unknown;

const registry: ApiRouteSpec[] = [];

export function apiRoute(app: FastifyInstance, spec: ApiRouteSpec, handler: ApiHandler): void {
  if (!registry.some((r) => r.method === spec.method && r.path === spec.path)) registry.push(spec);
  app.route({ method: spec.method, url: spec.path, config: { api: true }, handler: (req, reply) => handler(req.apiCtx, req, reply) });
}

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'one message per invalid field, in the request language' },
      },
      required: ['code', 'message'],
    },
  },
};

export function openApiDocument(info: { title: string; version: string; serverUrl?: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const sorted = [...registry].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  for (const spec of sorted) {
    const path = spec.path.replace(/:(\w+)/g, '{$1}');
    const responses: Record<string, unknown> = {
      '200': spec.response
        ? { description: 'OK', content: { 'application/json': { schema: z.toJSONSchema(spec.response, { target: 'openapi-3.0', io: 'output', unrepresentable: 'any' }) } } }
        : { description: 'OK', content: { [spec.produces ?? 'application/octet-stream']: {} } },
      '400': { description: 'Invalid parameters', content: { 'application/json': { schema: errorSchema } } },
      '404': { description: 'Not found', content: { 'application/json': { schema: errorSchema } } },
      '429': { description: 'Too many requests', content: { 'application/json': { schema: errorSchema } } },
    };
    (paths[path] ??= {})[spec.method.toLowerCase()] = {
      operationId: spec.operationId,
      summary: spec.summary,
      tags: [spec.tag],
      parameters: [
        ...(spec.parameters ?? []),
        { name: 'lang', in: 'query', description: 'Language of labels and error messages (fr or en; default from Accept-Language)', schema: { type: 'string', enum: ['fr', 'en'] } },
      ],
      ...(spec.requestBody
        ? { requestBody: { content: { 'application/json': { schema: z.toJSONSchema(spec.requestBody, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: info.title, version: info.version, description: 'Open data of the Passerelle platform: directory, projects and more. Read endpoints are public.' },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    paths,
  };
}
