// Sections one module contributes to another module's page without either importing the other: the owner of a
// page calls `renderSections(app, 'organisation.page', ctx, subject)` where it wants them; a module registers a
// renderer from its register…Pages function. Renderers return HTML already escaped. Kept per application
// instance (tests build several).
import type { FastifyInstance } from 'fastify';
import type { PageContext } from './web.ts';

export type SectionRenderer<S> = (ctx: PageContext, subject: S) => Promise<string> | string;

const registries = new WeakMap<FastifyInstance, Map<string, SectionRenderer<never>[]>>();

export function registerSection<S>(app: FastifyInstance, slot: string, renderer: SectionRenderer<S>): void {
  const registry = registries.get(app) ?? new Map<string, SectionRenderer<never>[]>();
  registries.set(app, registry);
  registry.set(slot, [...(registry.get(slot) ?? []), renderer as SectionRenderer<never>]);
}

export async function renderSections<S>(app: FastifyInstance, slot: string, ctx: PageContext, subject: S): Promise<string> {
  const list = (registries.get(app)?.get(slot) ?? []) as SectionRenderer<S>[];
  const parts = await Promise.all(list.map(async (render) => render(ctx, subject)));
  return parts.join('');
}
