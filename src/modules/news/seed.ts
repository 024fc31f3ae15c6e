// Demo news: one article on each theme, La Cimade's news (migrants' rights, Frontexit, Boats 4 People) and the
// Education Alliance's founding press release (Paris, 1 December 2021) with its press contacts.
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/actor.ts';
import { createNews } from './commands.ts';
import { emptyNewsInput } from './present.ts';
import type { NewsInput } from './schema.ts';

type Seed = Partial<NewsInput> & { author: string | null; titleFr: string; projects?: string[] };

const demoNews: Seed[] = [
  // La Cimade — its feed is /fr/news/feed.atom?author=la-cimade
  {
    author: 'cimade',
    titleFr: 'Droits des personnes migrantes : un observatoire des frontières avec nos partenaires africains',
    titleEn: 'Migrants’ rights: a border observatory with our African partners',
    summaryFr: 'Avec l’AMDH, l’ARACEM et Alarme Phone Sahara, La Cimade documente les refoulements et les expulsions dans les pays de transit.',
    summaryEn: 'With AMDH, ARACEM and Alarme Phone Sahara, La Cimade documents push-backs and expulsions in transit countries.',
    bodyFr: '## Un réseau d’observation\n\nDepuis plusieurs années, nos partenaires du Maroc, du Mali, du Niger et de Mauritanie recueillent les témoignages des personnes refoulées.\n\n- formation des observateurs ;\n- rapports publics ;\n- plaidoyer auprès des institutions.\n\nEn savoir plus sur [le site de La Cimade](https://www.lacimade.org).',
    bodyEn: '## An observation network\n\nFor several years our partners in Morocco, Mali, Niger and Mauritania have gathered the testimonies of people pushed back.\n\n- training observers;\n- public reports;\n- advocacy with institutions.\n\nMore on [La Cimade’s website](https://www.lacimade.org).',
    themes: ['migrants'],
    countries: ['MA', 'ML', 'NE', 'MR'],
    publishedOn: '2026-10-12',
  },
  {
    author: 'cimade',
    titleFr: 'Frontexit : la campagne pour le respect des droits aux frontières extérieures de l’Europe',
    titleEn: 'Frontexit: the campaign for rights at Europe’s external borders',
    summaryFr: 'La campagne Frontexit interpelle l’agence européenne Frontex sur ses opérations et leurs conséquences pour les personnes migrantes.',
    summaryEn: 'The Frontexit campaign questions the European agency Frontex about its operations and their consequences for migrants.',
    bodyFr: 'La campagne **Frontexit** réunit des associations d’Afrique et d’Europe.\n\nElle demande la transparence des accords de coopération et la fin des opérations qui empêchent l’exercice du droit d’asile.',
    bodyEn: 'The **Frontexit** campaign brings together associations from Africa and Europe.\n\nIt calls for transparency of cooperation agreements and an end to operations that prevent people from seeking asylum.',
    themes: ['migrants'],
    countries: ['SN', 'MR', 'MA'],
    publishedOn: '2026-09-03',
  },
  {
    author: 'cimade',
    titleFr: 'Boats 4 People : observer et secourir en Méditerranée',
    titleEn: 'Boats 4 People: watching and rescuing in the Mediterranean',
    summaryFr: 'Retour sur la coalition Boats 4 People, née pour que cessent les morts en mer et que le droit maritime soit respecté.',
    summaryEn: 'Looking back at the Boats 4 People coalition, created to end deaths at sea and uphold the law of the sea.',
    bodyFr: 'La coalition **Boats 4 People** a rassemblé des organisations des deux rives de la Méditerranée.\n\n1. Observer les zones de passage ;\n2. alerter les secours ;\n3. témoigner publiquement.',
    bodyEn: 'The **Boats 4 People** coalition brought together organisations from both shores of the Mediterranean.\n\n1. Watch the crossing areas;\n2. alert rescue services;\n3. bear public witness.',
    themes: ['migrants', 'emergency'],
    countries: ['TN', 'DZ'],
    publishedOn: '2026-07-21',
  },
  // The Education Alliance's founding press release
  {
    author: 'alliance-education',
    authorKind: 'alliance',
    type: 'press_release',
    titleFr: 'Aide et Action et Solidarité Laïque fondent l’Alliance Éducation',
    titleEn: 'Aide et Action and Solidarité Laïque found the Education Alliance',
    summaryFr: 'Les deux ONG s’unissent pour bâtir un écosystème d’organisations françaises agissant pour l’éducation à l’international.',
    summaryEn: 'The two NGOs join forces to build an ecosystem of French organisations working internationally for education.',
    bodyFr: '## Une alliance ouverte\n\nL’Alliance Éducation invite les associations, fondations, collectivités et établissements à la rejoindre autour de quatre axes :\n\n- l’accès de toutes et tous à une éducation de qualité ;\n- la culture et la jeunesse ;\n- la paix ;\n- l’environnement.\n\nLes membres partagent leurs projets, leurs études et leurs positions de plaidoyer.',
    bodyEn: '## An open alliance\n\nThe Education Alliance invites associations, foundations, local authorities and institutions to join it around four lines:\n\n- access for all to quality education;\n- culture and youth;\n- peace;\n- the environment.\n\nMembers share their projects, studies and advocacy positions.',
    themes: ['education', 'culture-youth', 'peace', 'environment'],
    countries: ['SN', 'ML', 'BF', 'MG', 'HT'],
    publishedOn: '2021-12-01',
    datelinePlace: 'Paris',
    datelineDate: '2021-12-01',
    contact1Name: 'Claire Martin',
    contact1Role: 'Responsable communication, Aide et Action',
    contact1Email: 'presse@aide-et-action.example.org',
    contact1Phone: '+33 1 55 00 00 01',
    contact2Name: 'Karim Benali',
    contact2Role: 'Chargé de presse, Solidarité Laïque',
    contact2Email: 'presse@solidarite-laique.example.org',
    contact2Phone: '+33 1 45 00 00 02',
  },
  // One article on each theme
  { author: 'soroma', projects: ['fournitures-scolaires-soroma'], titleFr: 'Soroma : la nouvelle école accueille ses premiers élèves', titleEn: 'Soroma: the new school welcomes its first pupils', themes: ['education', 'education-supplies'], countries: ['ML'], bodyFr: 'Trois salles de classe équipées de tables-bancs et de tableaux accueillent désormais 180 élèves.', bodyEn: 'Three classrooms equipped with desks and blackboards now welcome 180 pupils.', publishedOn: '2026-10-05' },
  { author: 'la-plaine-benin', titleFr: 'Abomey : le centre de santé reçoit son équipement de maternité', titleEn: 'Abomey: the health centre receives its maternity equipment', themes: ['health', 'health-centres'], countries: ['BJ'], bodyFr: 'Tables d’accouchement, couveuse et stérilisateur sont arrivés au centre de santé.', bodyEn: 'Delivery tables, an incubator and a steriliser have reached the health centre.', publishedOn: '2026-09-18' },
  { author: 'kayes', titleFr: 'Trois nouveaux forages dans la région de Kayes', titleEn: 'Three new boreholes in the Kayes region', themes: ['water'], countries: ['ML'], bodyFr: 'Les villages de la commune disposent désormais d’eau potable toute l’année.', bodyEn: 'The villages of the commune now have drinking water all year round.', publishedOn: '2026-08-30' },
  { author: 'podor', projects: ['maraichage-femmes-podor'], titleFr: 'Podor : première récolte du périmètre maraîcher des femmes', titleEn: 'Podor: first harvest of the women’s market garden', themes: ['food', 'women'], countries: ['SN'], bodyFr: 'Oignons, tomates et gombos : le groupement de 120 femmes a vendu sa première récolte au marché.', bodyEn: 'Onions, tomatoes and okra: the group of 120 women sold its first harvest at the market.', publishedOn: '2026-06-14' },
  { author: 'tisserands-ci', titleFr: 'Korhogo : l’atelier de tissage devient une coopérative', titleEn: 'Korhogo: the weaving workshop becomes a cooperative', themes: ['women', 'culture-youth'], countries: ['CI'], bodyFr: 'Les tisserandes gèrent désormais elles-mêmes la vente de leurs pagnes.', bodyEn: 'The weavers now run the sale of their cloth themselves.', publishedOn: '2026-05-02' },
  { author: 'amdh', titleFr: 'Rabat : une journée pour la paix et la réconciliation', titleEn: 'Rabat: a day for peace and reconciliation', themes: ['peace'], countries: ['MA'], bodyFr: 'Associations marocaines et subsahariennes ont débattu de la place des personnes migrantes dans la société.', bodyEn: 'Moroccan and sub-Saharan associations debated the place of migrants in society.', publishedOn: '2026-04-20' },
  { author: 'equisol', titleFr: 'Quinzaine du commerce équitable : les collectivités s’engagent', titleEn: 'Fair Trade Fortnight: local authorities commit', themes: ['fair-trade', 'awareness'], countries: ['BF', 'PE'], bodyFr: 'Douze communes de la région servent désormais des produits équitables dans leurs cantines.', bodyEn: 'Twelve towns of the region now serve fair-trade products in their canteens.', publishedOn: '2026-05-25' },
  { author: 'humanitaires-savoie', titleFr: 'Haïti : reconstruction des points d’eau après le cyclone', titleEn: 'Haiti: rebuilding water points after the hurricane', themes: ['emergency', 'water'], countries: ['HT'], bodyFr: 'Nos équipes ont remis en service 14 points d’eau dans le département du Sud.', bodyEn: 'Our teams brought 14 water points back into service in the South department.', publishedOn: '2026-10-28' },
  { author: 'tetraktys', titleFr: 'Madagascar : un parc naturel géré avec les communes riveraines', titleEn: 'Madagascar: a natural park run with the neighbouring communes', themes: ['environment', 'local-governance'], countries: ['MG'], bodyFr: 'Un plan de gestion concerté protège la forêt et crée des revenus grâce au tourisme solidaire.', bodyEn: 'A jointly agreed management plan protects the forest and creates income through community tourism.', publishedOn: '2026-03-11' },
  { author: 'jeunes-solidaires-isere', titleFr: 'Échange de jeunes Isère–Sénégal : le carnet de voyage', titleEn: 'Isère–Senegal youth exchange: the travel diary', themes: ['culture-youth', 'awareness'], countries: ['SN'], bodyFr: 'Quinze lycéens racontent leurs trois semaines à Saint-Louis.', bodyEn: 'Fifteen pupils tell of their three weeks in Saint-Louis.', publishedOn: '2026-09-09' },
  { author: 'resacoop', titleFr: 'Coopération décentralisée : le guide régional mis à jour', titleEn: 'Decentralised cooperation: the regional guide updated', themes: ['local-governance'], countries: [], bodyFr: 'Le guide explique comment monter un partenariat entre collectivités du Nord et du Sud.', bodyEn: 'The guide explains how to set up a partnership between local authorities of the North and the South.', publishedOn: '2026-02-16' },
  { author: 'amities-vietnam', titleFr: 'Médicaments essentiels : un nouvel envoi pour Hué', titleEn: 'Essential medicines: a new shipment for Hué', themes: ['health-medicines'], countries: ['VN'], bodyFr: 'Le dispensaire partenaire a reçu son stock annuel.', bodyEn: 'The partner dispensary received its yearly stock.', publishedOn: '2026-07-07' },
  { author: null, authorKind: 'platform', titleFr: 'Semaine de la solidarité internationale 2026 : le programme est en ligne', titleEn: 'International Solidarity Week 2026: the programme is online', themes: ['awareness'], countries: [], bodyFr: 'Retrouvez dans l’[agenda](/fr/events) les rencontres de Lyon, Grenoble et Cachan.', bodyEn: 'Find the meetings in Lyon, Grenoble and Cachan in the [events calendar](/en/events).', publishedOn: '2026-11-02' },
  { author: 'soroma', status: 'draft', titleFr: 'Brouillon : bilan de la mission de novembre', themes: ['education'], countries: ['ML'], bodyFr: 'À compléter.' },
];

export async function seedNews(db: Db, actor: Actor, organisations: Map<string, string>, projects: Map<string, string> = new Map()): Promise<void> {
  for (const { author, projects: linked, ...seed } of demoNews) {
    const authorOrganisationId = author ? organisations.get(author) : undefined;
    if (author && !authorOrganisationId) throw new Error(`demo news: unknown organisation ${author}`);
    const projectIds = (linked ?? []).flatMap((slug) => projects.get(slug) ?? []);
    const result = await createNews(db, actor, { ...emptyNewsInput, ...seed, authorOrganisationId, ...(projectIds.length ? { projectIds } : {}) });
    if (!result.ok) throw new Error(`demo news "${seed.titleFr}": ${JSON.stringify(result.error)}`);
  }
}
