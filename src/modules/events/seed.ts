// Demo events: International Solidarity Week (November 2026) in Lyon, Grenoble, Cachan and online, one of them
// nearly full, and a few events of the Cachan associations until February 2027.
// The dates are fixed, not relative to the day the demo is loaded: the demo tells the story of November 2026 –
// February 2027 (the tests, stories, screenshots and feeds name those dates), and the same seed gives the same
// database whatever the day. Registrations are taken as of `demoRegistrationDay`, so their counts do not depend
// on the day either (the forum of 14 November keeps its three registrations).
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/actor.ts';
import { createEvent, createSeries, registerForEvent } from './commands.ts';
import type { EventInput } from './schema.ts';

type Seed = Omit<Partial<EventInput>, 'organiserIds'> & { organisers: string[]; startsAt: string; endsAt: string; series?: boolean; registrations?: number };

const base: Omit<EventInput, 'startsAt' | 'endsAt' | 'organiserIds'> = {
  titleFr: undefined,
  titleEn: undefined,
  descriptionFr: undefined,
  descriptionEn: undefined,
  timeZone: 'Europe/Paris',
  placeName: undefined,
  address: undefined,
  city: undefined,
  latitude: undefined,
  longitude: undefined,
  onlineUrl: undefined,
  themes: [],
  capacity: undefined,
  seriesId: undefined,
  status: 'published',
};

const demoEvents: Seed[] = [
  {
    series: true,
    organisers: ['resacoop', 'region-rhone-alpes'],
    titleFr: 'Forum régional de la solidarité internationale',
    titleEn: 'Regional International Solidarity Forum',
    descriptionFr: 'Une journée d’ateliers pour les collectivités, associations et établissements de la région.\n\n- coopération décentralisée ;\n- éducation à la citoyenneté mondiale ;\n- financements régionaux.',
    descriptionEn: 'A day of workshops for the region’s local authorities, associations and institutions.\n\n- decentralised cooperation;\n- global citizenship education;\n- regional funding.',
    startsAt: '2026-11-14T09:30',
    endsAt: '2026-11-14T17:30',
    placeName: 'Hôtel de Région',
    address: '1 esplanade François Mitterrand',
    city: 'Lyon',
    latitude: 45.7398,
    longitude: 4.8189,
    themes: ['local-governance', 'awareness'],
    capacity: 200,
    registrations: 3,
  },
  {
    series: true,
    organisers: ['cimade'],
    titleFr: 'Webinaire : migrations, déconstruire les idées reçues',
    titleEn: 'Webinar: migration, debunking the myths',
    descriptionFr: 'Une heure et demie pour comprendre les chiffres des migrations et les routes migratoires, avec nos partenaires africains.',
    descriptionEn: 'An hour and a half to understand migration figures and routes, with our African partners.',
    startsAt: '2026-11-25T18:30',
    endsAt: '2026-11-25T20:00',
    onlineUrl: 'https://visio.example.org/cimade-semaine-solidarite',
    themes: ['migrants', 'awareness'],
    capacity: 100,
    registrations: 4,
  },
  {
    series: true,
    organisers: ['tetraktys', 'jeunes-solidaires-isere'],
    titleFr: 'Ciné-débat : jeunesse et engagement international',
    titleEn: 'Film and debate: young people and international commitment',
    descriptionFr: 'Projection d’un documentaire tourné au Sénégal par des lycéens de l’Isère, suivie d’un débat.',
    descriptionEn: 'Screening of a documentary filmed in Senegal by pupils from Isère, followed by a debate.',
    startsAt: '2026-11-26T19:00',
    endsAt: '2026-11-26T22:00',
    placeName: 'Maison de l’International',
    address: '1 rue Hector Berlioz',
    city: 'Grenoble',
    latitude: 45.1885,
    longitude: 5.7245,
    themes: ['culture-youth', 'awareness'],
    capacity: 30,
    // Nearly full: 28 of 30 seats taken.
    registrations: 28,
  },
  {
    series: true,
    organisers: ['crij-cachan', 'soroma', 'djiguiya'],
    titleFr: 'Soirée Cachan–Soroma : vingt ans d’amitié',
    titleEn: 'Cachan–Soroma evening: twenty years of friendship',
    descriptionFr: 'Exposition de photos, témoignages et repas partagé pour fêter le jumelage de cœur avec le village de Soroma, au Mali.',
    descriptionEn: 'Photo exhibition, testimonies and a shared meal to celebrate the friendship link with the village of Soroma in Mali.',
    startsAt: '2026-11-27T19:00',
    endsAt: '2026-11-27T22:30',
    placeName: 'Hôtel de ville de Cachan',
    address: 'Square de la Libération',
    city: 'Cachan',
    latitude: 48.7914,
    longitude: 2.3317,
    themes: ['education', 'health-centres'],
    capacity: 120,
    registrations: 5,
  },
  {
    series: true,
    organisers: ['equisol'],
    titleFr: 'Marché du commerce équitable',
    titleEn: 'Fair trade market',
    descriptionFr: 'Producteurs, coopératives et associations présentent leurs produits. Entrée libre.',
    descriptionEn: 'Producers, cooperatives and associations present their products. Free entry.',
    startsAt: '2026-11-28T10:00',
    endsAt: '2026-11-28T18:00',
    placeName: 'Place des Terreaux',
    city: 'Lyon',
    latitude: 45.7675,
    longitude: 4.8336,
    themes: ['fair-trade'],
  },
  {
    organisers: ['podor'],
    titleFr: 'Repas solidaire sénégalais',
    titleEn: 'Senegalese solidarity lunch',
    descriptionFr: 'Thiéboudiène et musique : les bénéfices financent la motopompe du périmètre maraîcher des femmes de Podor.',
    descriptionEn: 'Thieboudienne and music: the profits pay for the motor pump of the Podor women’s market garden.',
    startsAt: '2026-12-12T12:00',
    endsAt: '2026-12-12T15:00',
    placeName: 'Centre socioculturel de la Plaine',
    address: '2 rue Gallieni',
    city: 'Cachan',
    latitude: 48.7957,
    longitude: 2.3362,
    themes: ['women', 'food'],
    capacity: 80,
    registrations: 2,
  },
  {
    organisers: ['iut-sans-frontieres'],
    titleFr: 'Grande collecte de livres pour Madagascar',
    titleEn: 'Big book collection for Madagascar',
    descriptionFr: 'Déposez vos livres scolaires et romans jeunesse en bon état.',
    descriptionEn: 'Drop off your school books and children’s novels in good condition.',
    startsAt: '2027-01-16T10:00',
    endsAt: '2027-01-16T17:00',
    placeName: 'IUT de Cachan',
    address: '9 avenue de la Division Leclerc',
    city: 'Cachan',
    latitude: 48.7886,
    longitude: 2.3275,
    themes: ['education-books'],
  },
  {
    organisers: ['ens-solidarite'],
    titleFr: 'Conférence : enseigner les sciences dans les lycées de Dakar',
    titleEn: 'Talk: teaching science in Dakar’s secondary schools',
    descriptionFr: 'Retour de mission des élèves de l’ENS qui ont équipé trois laboratoires et formé vingt enseignants.',
    descriptionEn: 'Students of the ENS report on their mission: three laboratories equipped and twenty teachers trained.',
    startsAt: '2027-02-04T18:30',
    endsAt: '2027-02-04T20:30',
    placeName: 'ENS Paris-Saclay',
    address: '4 avenue des Sciences',
    city: 'Gif-sur-Yvette',
    latitude: 48.7128,
    longitude: 2.1664,
    themes: ['education-science', 'education-teachers'],
    capacity: 60,
    registrations: 1,
  },
];

/** The day the demo's registrations are taken, before the first demo event. */
export const demoRegistrationDay = new Date('2026-11-02T09:00:00Z');

const people = ['Awa Diop', 'Louis Bernard', 'Fatou Sow', 'Marie Lefèvre', 'Mamadou Keïta', 'Julie Moreau', 'Ibrahima Ba', 'Chloé Garnier', 'Aminata Traoré', 'Hugo Petit'];

export async function seedEvents(db: Db, actor: Actor, organisations: Map<string, string>): Promise<void> {
  const series = await createSeries(db, actor, {
    titleFr: 'Semaine de la solidarité internationale',
    titleEn: 'International Solidarity Week',
    descriptionFr: 'Chaque année en novembre, associations, collectivités et établissements du territoire proposent des rencontres, projections, marchés et débats pour faire connaître la solidarité internationale.',
    descriptionEn: 'Every November, the territory’s associations, local authorities and institutions offer meetings, screenings, markets and debates to make international solidarity known.',
    website: 'https://www.festivaldessolidarites.org',
  });
  if (!series.ok) throw new Error('demo event series');
  for (const { organisers, series: inSeries, registrations, ...seed } of demoEvents) {
    const organiserIds = organisers.map((key) => {
      const id = organisations.get(key);
      if (!id) throw new Error(`demo events: unknown organisation ${key}`);
      return id;
    });
    const created = await createEvent(db, actor, { ...base, ...seed, organiserIds, seriesId: inSeries ? series.value.id : undefined });
    if (!created.ok) throw new Error(`demo event "${seed.titleFr}": ${JSON.stringify(created.error)}`);
    for (let i = 0; i < (registrations ?? 0); i++) {
      const name = `${people[i % people.length]}${i >= people.length ? ` ${Math.floor(i / people.length) + 1}` : ''}`;
      const email = `inscription.${i + 1}.${created.value.slug.slice(0, 20)}@example.org`;
      const result = await registerForEvent(db, actor, created.value.id, { name, email }, 'fr', undefined, demoRegistrationDay);
      if (!result.ok) break;
    }
  }
}
