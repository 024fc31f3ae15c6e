// What the home page shows, gathered from the modules that own it.
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/actor.ts';
import { listEvents } from '../events/queries.ts';
import { listOpenCalls } from '../funding/queries.ts';
import { listPublishedNews } from '../news/queries.ts';
import { searchOrganisations } from '../organisations/queries.ts';
import { projectFilterSchema, searchProjects } from '../search/queries.ts';
import { territoryKpis } from '../stats/queries.ts';

export async function homeData(db: Db, actor: Actor, now = new Date()) {
  const [directory, kpis, calls, events, news, atlas] = await Promise.all([
    searchOrganisations(db, actor, { page: 1, pageSize: 48, partners: false, q: undefined, subtype: undefined, country: undefined, theme: undefined }),
    territoryKpis(db),
    listOpenCalls(db, now),
    listEvents(db, actor, {}, { from: now }, { page: 1, pageSize: 3 }),
    listPublishedNews(db, {}, 3),
    searchProjects(db, actor, projectFilterSchema.parse({}), { limit: 1 }),
  ]);
  return {
    organisationCount: directory.total,
    kpis,
    openCalls: calls.slice(0, 4).map((c) => ({ slug: c.slug, title: { fr: c.titleFr, en: c.titleEn }, closesAt: c.closesAt })),
    upcomingEvents: events.items.map((e) => ({ slug: e.slug, title: { fr: e.titleFr, en: e.titleEn }, startsAt: e.startsAt, timeZone: e.timeZone })),
    /** Projects per country (the home page's compact map and its list), most first. */
    projectCountries: atlas.facets.country.map((f) => ({ code: f.value, count: f.count })),
    latestNews: news.map((n) => ({ slug: n.slug, title: { fr: n.titleFr, en: n.titleEn }, publishedAt: n.publishedAt ?? n.createdAt })),
    logoWall: directory.items.map((o) => ({
      slug: o.slug,
      name: { fr: o.nameFr, en: o.nameEn },
      website: o.website,
      logoFileId: o.logoFileId,
    })),
  };
}
