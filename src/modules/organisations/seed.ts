// Demo organisations of the four seed scenarios: the Cachan committee and its associations, La Cimade and
// its partners, the Rhône-Alpes region and its network, the two founders of the Education Alliance.
// Logos are generated from the initials. Names of invented local associations are fictitious.
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/actor.ts';
import { createOrganisation } from './commands.ts';
import type { OrganisationInput } from './schema.ts';

type Seed = Partial<OrganisationInput> & Pick<OrganisationInput, 'subtype'> & { key: string };

const base: Omit<OrganisationInput, 'subtype'> = {
  nameFr: undefined,
  nameEn: undefined,
  kind: undefined,
  website: undefined,
  summaryFr: undefined,
  summaryEn: undefined,
  descriptionFr: undefined,
  descriptionEn: undefined,
  address: undefined,
  postcode: undefined,
  city: undefined,
  country: 'FR',
  countries: [],
  themes: [],
  siret: undefined,
  rna: undefined,
  iatiId: undefined,
  lookingForPartners: false,
  contactEmail: undefined,
  contactPublic: false,
  staffCount: undefined,
  volunteerCount: undefined,
};

const cachanCountries = ['ML', 'SN', 'CI', 'CM', 'NE', 'BJ', 'TG', 'BI', 'MG', 'VN', 'PE'];

export const demoOrganisations: Seed[] = [
  // Scenario 1 — the city committee and the associations it supports
  {
    key: 'crij-cachan',
    subtype: 'local_authority',
    nameFr: 'Ville de Cachan — Comité des relations internationales et du jumelage (CRIJ)',
    nameEn: 'City of Cachan — International Relations and Twinning Committee (CRIJ)',
    website: 'https://www.ville-cachan.fr',
    city: 'Cachan',
    postcode: '94230',
    countries: cachanCountries,
    themes: ['education', 'health', 'water', 'food', 'women'],
    summaryFr: 'Le CRIJ soutient financièrement les associations cachanaises engagées dans des actions de développement, en Afrique subsaharienne, à Madagascar, au Vietnam et au Pérou.',
    summaryEn: 'The CRIJ funds Cachan associations running development actions in sub-Saharan Africa, Madagascar, Vietnam and Peru.',
    descriptionFr: 'La solidarité du CRIJ a commencé il y a de nombreuses années au Mali avec l’association Solidarité Cachan Soroma, puis s’est étendue au Sénégal, à la Côte d’Ivoire, au Cameroun, au Niger, au Bénin, au Togo, au Burundi, à Madagascar, au Vietnam et au Pérou.\n\nLe comité subventionne l’équipement des écoles (mobilier, sanitaires, livres, matériel scientifique, formation des enseignants), la construction et l’équipement de centres de santé, l’accès à l’eau, la production alimentaire et les activités économiques des femmes.',
    descriptionEn: 'The CRIJ’s solidarity started many years ago in Mali with the association Solidarité Cachan Soroma, then extended to Senegal, Côte d’Ivoire, Cameroon, Niger, Benin, Togo, Burundi, Madagascar, Vietnam and Peru.\n\nThe committee funds school equipment (furniture, sanitation, books, scientific equipment, teacher training), building and equipping health centres, water supply, food production and women’s economic activities.',
    iatiId: 'FR-INSEE-219400165',
    staffCount: 2,
  },
  { key: 'soroma', subtype: 'citizen', nameFr: 'Solidarité Cachan Soroma', city: 'Cachan', countries: ['ML'], themes: ['education-supplies', 'health-centres', 'water'], summaryFr: 'Jumelage de cœur entre Cachan et le village de Soroma, au Mali : école, centre de santé et puits.', summaryEn: 'A friendship link between Cachan and the village of Soroma in Mali: school, health centre and wells.', rna: 'W942001234', lookingForPartners: true, volunteerCount: 25 },
  { key: 'ens-solidarite', subtype: 'student', nameFr: 'ENS Solidarité Sud', nameEn: 'ENS Southern Solidarity', city: 'Cachan', countries: ['SN', 'BJ'], themes: ['education-science', 'education-teachers'], summaryFr: 'Les élèves de l’École normale supérieure équipent des lycées en matériel scientifique et forment des enseignants.', summaryEn: 'Students of the École normale supérieure equip secondary schools with scientific equipment and train teachers.', volunteerCount: 18 },
  { key: 'estp-batisseurs', subtype: 'student', nameFr: 'Bâtisseurs solidaires de l’École des travaux publics', nameEn: 'Solidarity Builders of the Public Works School', city: 'Cachan', countries: ['CM', 'TG'], themes: ['education-sanitation', 'water'], summaryFr: 'Des élèves ingénieurs construisent des latrines scolaires et des points d’eau.', summaryEn: 'Engineering students build school latrines and water points.', lookingForPartners: true, volunteerCount: 30 },
  { key: 'iut-sans-frontieres', subtype: 'student', nameFr: 'IUT de Cachan sans frontières', nameEn: 'IUT Cachan Without Borders', city: 'Cachan', countries: ['BI', 'MG'], themes: ['education-books', 'education-supplies'], summaryFr: 'Collecte et envoi de livres, équipement de bibliothèques scolaires.', summaryEn: 'Collecting and sending books, equipping school libraries.', volunteerCount: 12 },
  { key: 'amities-vietnam', subtype: 'citizen', nameFr: 'Amitiés Cachan-Vietnam', nameEn: 'Cachan-Vietnam Friendship', city: 'Cachan', countries: ['VN'], themes: ['health-medicines', 'education'], summaryFr: 'Née d’un voyage de Cachanais au Vietnam : médicaments essentiels et bourses scolaires.', summaryEn: 'Born from a trip of Cachan residents to Vietnam: essential medicines and school grants.', volunteerCount: 9 },
  { key: 'amis-cusco', subtype: 'citizen', nameFr: 'Les Amis de Cusco', nameEn: 'Friends of Cusco', city: 'Cachan', countries: ['PE'], themes: ['food', 'women'], summaryFr: 'Soutien aux coopératives agricoles de femmes dans la région de Cusco, au Pérou.', summaryEn: 'Supporting women’s farming cooperatives in the Cusco region of Peru.', volunteerCount: 7 },
  { key: 'podor', subtype: 'diaspora', nameFr: 'Association des Sénégalais de Cachan pour le développement de Podor', nameEn: 'Senegalese of Cachan for the Development of Podor', city: 'Cachan', countries: ['SN'], themes: ['women', 'food'], summaryFr: 'Des Cachanais originaires de Podor soutiennent le maraîchage mené par les femmes de la vallée du fleuve Sénégal.', summaryEn: 'Cachan residents from Podor support market gardening run by women in the Senegal River valley.', lookingForPartners: true, volunteerCount: 40 },
  { key: 'kayes', subtype: 'diaspora', nameFr: 'Ressortissants de la région de Kayes à Cachan', nameEn: 'People from the Kayes region in Cachan', city: 'Cachan', countries: ['ML'], themes: ['water', 'health'], summaryFr: 'Forages et adductions d’eau dans les villages d’origine de ses membres.', summaryEn: 'Boreholes and water supply in the home villages of its members.', volunteerCount: 35 },
  { key: 'niger-avenir', subtype: 'diaspora', nameFr: 'Niger Avenir', city: 'Cachan', countries: ['NE'], themes: ['water', 'food'], summaryFr: 'Accès à l’eau potable et petite irrigation dans la région de Tahoua.', summaryEn: 'Drinking water and small-scale irrigation in the Tahoua region.', volunteerCount: 15 },
  { key: 'la-plaine-benin', subtype: 'socio_cultural', nameFr: 'Solidarité Bénin — Centre socioculturel de la Plaine', nameEn: 'Benin Solidarity — La Plaine Socio-cultural Centre', city: 'Cachan', countries: ['BJ'], themes: ['health-centres', 'health-medicines'], summaryFr: 'Née des rencontres au centre socioculturel entre habitants et familles béninoises : un centre de santé à Abomey.', summaryEn: 'Born from meetings at the socio-cultural centre between residents and Beninese families: a health centre in Abomey.', volunteerCount: 20 },
  { key: 'tisserands-ci', subtype: 'socio_cultural', nameFr: 'Les Tisserands de l’amitié', nameEn: 'Weavers of Friendship', city: 'Cachan', countries: ['CI'], themes: ['women', 'culture-youth'], summaryFr: 'Ateliers de tissage et activités économiques de femmes à Korhogo, en Côte d’Ivoire.', summaryEn: 'Weaving workshops and women’s economic activities in Korhogo, Côte d’Ivoire.', volunteerCount: 11 },
  { key: 'djiguiya', subtype: 'partner_abroad', country: 'ML', nameFr: 'Association Djiguiya de Soroma', nameEn: 'Djiguiya Association of Soroma', city: 'Soroma', countries: ['ML'], themes: ['education', 'health-centres'], summaryFr: 'Association villageoise partenaire de Solidarité Cachan Soroma, au Mali.', summaryEn: 'Village association in Mali, partner of Solidarité Cachan Soroma.', lookingForPartners: true },
  { key: 'gie-podor', subtype: 'partner_abroad', country: 'SN', nameFr: 'GIE des femmes maraîchères de Podor', nameEn: 'Podor Women Market Gardeners’ Group', city: 'Podor', countries: ['SN'], themes: ['women', 'food'], summaryFr: 'Groupement de 120 femmes qui cultivent 6 hectares de maraîchage.', summaryEn: 'A group of 120 women farming 6 hectares of market gardens.', lookingForPartners: true },
  // Scenario 2 — an NGO's international department and its African partners
  {
    key: 'cimade',
    subtype: 'ngo',
    nameFr: 'La Cimade',
    website: 'https://www.lacimade.org',
    city: 'Paris',
    postcode: '75013',
    countries: ['DZ', 'MA', 'NE', 'MR', 'SN', 'ML', 'PS'],
    themes: ['migrants', 'peace'],
    summaryFr: 'Le pôle Solidarités internationales défend les droits des personnes migrantes dans les pays de départ et de transit, avec des partenaires africains, et soutient des actions de réconciliation entre les peuples.',
    summaryEn: 'The International Solidarities department defends the rights of migrants in countries of departure and transit with African partners, and supports reconciliation between peoples.',
    descriptionFr: 'Forte de plus de cinquante ans d’expérience en solidarité internationale, La Cimade concentre ses missions à l’international sur les migrations, sous l’angle de la défense des droits des personnes migrantes, et sur la construction de la paix.\n\nElle participe aux campagnes inter-associatives Frontexit et Boats 4 People et au projet Loujna Tounkaranké avec ses partenaires d’Algérie, du Maroc, du Niger, de Mauritanie, du Sénégal et du Mali.',
    descriptionEn: 'With more than fifty years of experience in international solidarity, La Cimade focuses its international work on migration, defending migrants’ rights, and on peace-building.\n\nIt takes part in the inter-association campaigns Frontexit and Boats 4 People and in the Loujna Tounkaranké project with partners in Algeria, Morocco, Niger, Mauritania, Senegal and Mali.',
    rna: 'W751000265',
    staffCount: 110,
    volunteerCount: 2500,
  },
  { key: 'aracem', subtype: 'partner_abroad', country: 'ML', nameFr: 'ARACEM — Association des refoulés d’Afrique centrale au Mali', nameEn: 'ARACEM — Association of Central Africans Deported to Mali', city: 'Bamako', countries: ['ML'], themes: ['migrants'], summaryFr: 'Accueil et accompagnement des personnes migrantes expulsées ou refoulées à Bamako.', summaryEn: 'Welcoming and supporting migrants expelled or turned back to Bamako.' },
  { key: 'amdh', subtype: 'partner_abroad', country: 'MA', nameFr: 'Association marocaine des droits humains', nameEn: 'Moroccan Association for Human Rights', city: 'Rabat', countries: ['MA'], themes: ['migrants', 'peace'], summaryFr: 'Défense des droits humains au Maroc, dont ceux des personnes migrantes aux frontières.', summaryEn: 'Defending human rights in Morocco, including those of migrants at the borders.' },
  { key: 'alarme-phone-sahara', subtype: 'partner_abroad', country: 'NE', nameFr: 'Alarme Phone Sahara', city: 'Agadez', countries: ['NE', 'ML'], themes: ['migrants', 'emergency'], summaryFr: 'Alerte et secours pour les personnes migrantes en détresse dans le désert.', summaryEn: 'Alerts and rescue for migrants in distress in the desert.' },
  { key: 'amdh-mauritanie', subtype: 'partner_abroad', country: 'MR', nameFr: 'Association mauritanienne des droits de l’homme', nameEn: 'Mauritanian Human Rights Association', city: 'Nouakchott', countries: ['MR'], themes: ['migrants'], summaryFr: 'Observation des expulsions et accès au droit des personnes migrantes en Mauritanie.', summaryEn: 'Monitoring expulsions and access to rights for migrants in Mauritania.' },
  { key: 'boza-fii', subtype: 'partner_abroad', country: 'SN', nameFr: 'Boza Fii', city: 'Dakar', countries: ['SN'], themes: ['migrants', 'culture-youth'], summaryFr: 'Sensibilisation des jeunes aux droits des migrants et accompagnement des personnes de retour.', summaryEn: 'Raising young people’s awareness of migrants’ rights and supporting returnees.' },
  { key: 'laddh', subtype: 'partner_abroad', country: 'DZ', nameFr: 'Ligue algérienne pour la défense des droits de l’homme', nameEn: 'Algerian League for the Defence of Human Rights', city: 'Alger', countries: ['DZ'], themes: ['migrants'], summaryFr: 'Défense des droits des personnes migrantes en Algérie.', summaryEn: 'Defending the rights of migrants in Algeria.' },
  { key: 'loujna', subtype: 'network', nameFr: 'Loujna Tounkaranké', city: 'Paris', countries: ['DZ', 'MA', 'NE', 'MR', 'SN', 'ML', 'TN'], themes: ['migrants'], summaryFr: 'Réseau d’associations du Maghreb, d’Afrique de l’Ouest et d’Europe pour les droits des personnes migrantes.', summaryEn: 'A network of associations of the Maghreb, West Africa and Europe for the rights of migrants.' },
  // Scenario 3 — the region and its regional multi-actor network
  {
    key: 'region-rhone-alpes',
    subtype: 'local_authority',
    nameFr: 'Région Rhône-Alpes — Solidarité internationale',
    nameEn: 'Rhône-Alpes Region — International Solidarity',
    website: 'https://www.auvergnerhonealpes.fr',
    city: 'Lyon',
    postcode: '69002',
    countries: ['SN', 'ML', 'BF', 'MG', 'HT', 'VN', 'TN'],
    themes: ['fair-trade', 'awareness', 'culture-youth', 'emergency', 'local-governance'],
    summaryFr: '10 millions d’euros par an pour la solidarité internationale : projets de solidarité, commerce équitable, sensibilisation, projets de jeunes et fonds d’urgence.',
    summaryEn: '10 million euros a year for international solidarity: solidarity projects, fair trade, awareness-raising, young people’s projects and an emergency fund.',
    descriptionFr: 'La Région agit directement sur le terrain avec des partenaires spécialisés. Elle promeut le commerce équitable à chaque étape, sensibilise les citoyens — notamment pendant la Semaine de la solidarité internationale chaque mois de novembre —, encourage les jeunes à s’engager avec les ONG et, en cas de catastrophe naturelle ou de conflit, mobilise un fonds d’urgence pour les associations humanitaires de la région.',
    descriptionEn: 'The Region acts in the field with specialised partners. It promotes fair trade at every stage, raises citizens’ awareness — notably during International Solidarity Week every November —, encourages young people to work with NGOs and, after a natural disaster or a conflict, calls on an emergency fund for the region’s humanitarian associations.',
    iatiId: 'FR-INSEE-200053767',
    staffCount: 12,
  },
  { key: 'resacoop', subtype: 'network', nameFr: 'RESACOOP — Réseau régional multi-acteurs de la coopération internationale', nameEn: 'RESACOOP — Regional Multi-actor Network for International Cooperation', website: 'https://www.resacoop.org', city: 'Lyon', countries: [], themes: ['local-governance', 'awareness'], summaryFr: 'Le réseau régional qui accompagne collectivités, associations, établissements et entreprises engagés à l’international.', summaryEn: 'The regional network supporting local authorities, associations, institutions and companies working internationally.', staffCount: 8 },
  { key: 'bioforce', subtype: 'school', nameFr: 'Institut Bioforce', nameEn: 'Bioforce Institute', website: 'https://www.bioforce.org', city: 'Vénissieux', countries: ['SN', 'BF', 'ML'], themes: ['emergency', 'culture-youth'], summaryFr: 'Forme les professionnels de l’action humanitaire.', summaryEn: 'Trains humanitarian professionals.', staffCount: 90 },
  { key: 'equisol', subtype: 'ngo', nameFr: 'Équi’Sol', city: 'Lyon', countries: ['BF', 'PE'], themes: ['fair-trade', 'awareness'], summaryFr: 'Promotion du commerce équitable auprès des consommateurs et des collectivités de la région.', summaryEn: 'Promoting fair trade among the region’s consumers and local authorities.', staffCount: 4, volunteerCount: 60 },
  { key: 'tetraktys', subtype: 'ngo', nameFr: 'Tétraktys', city: 'Grenoble', countries: ['ML', 'BF', 'MG'], themes: ['environment', 'local-governance'], summaryFr: 'Tourisme solidaire et gestion durable des espaces naturels avec les collectivités partenaires.', summaryEn: 'Community tourism and sustainable management of natural areas with partner authorities.', staffCount: 6, volunteerCount: 25 },
  { key: 'jeunes-solidaires-isere', subtype: 'citizen', nameFr: 'Jeunes solidaires de l’Isère', nameEn: 'Young People in Solidarity, Isère', city: 'Grenoble', countries: ['SN'], themes: ['culture-youth', 'awareness'], summaryFr: 'Des lycéens et apprentis montent des projets d’échange avec des jeunes sénégalais.', summaryEn: 'High-school pupils and apprentices run exchange projects with young Senegalese.', volunteerCount: 45 },
  { key: 'humanitaires-savoie', subtype: 'ngo', nameFr: 'Secours savoyard international', nameEn: 'Savoy International Relief', city: 'Chambéry', countries: ['HT', 'MG'], themes: ['emergency', 'water'], summaryFr: 'Association humanitaire régionale : eau, abris et reconstruction après les catastrophes.', summaryEn: 'Regional humanitarian association: water, shelter and reconstruction after disasters.', staffCount: 5, volunteerCount: 80 },
  // Scenario 4 — the two founders of the Education Alliance
  {
    key: 'aide-et-action',
    subtype: 'ngo',
    nameFr: 'Aide et Action',
    website: 'https://www.aide-et-action.org',
    city: 'Paris',
    countries: ['SN', 'ML', 'BF', 'MG', 'HT', 'CI', 'GN', 'TG'],
    themes: ['education', 'culture-youth', 'women'],
    summaryFr: 'Association internationale de solidarité qui agit pour l’accès de toutes et tous à une éducation de qualité.',
    summaryEn: 'International solidarity association working for access to quality education for all.',
    staffCount: 700,
  },
  {
    key: 'solidarite-laique',
    subtype: 'ngo',
    nameFr: 'Solidarité Laïque',
    website: 'https://www.solidarite-laique.org',
    city: 'Paris',
    countries: ['SN', 'ML', 'BF', 'MG', 'HT', 'NE', 'TG'],
    themes: ['education', 'culture-youth', 'awareness'],
    summaryFr: 'Collectif d’organisations engagées pour l’éducation, l’inclusion et la solidarité, en France et dans le monde.',
    summaryEn: 'A collective of organisations working for education, inclusion and solidarity in France and worldwide.',
    staffCount: 60,
  },
  { key: 'alliance-education', subtype: 'alliance', nameFr: 'Alliance Éducation', nameEn: 'Education Alliance', city: 'Paris', countries: ['SN', 'ML', 'BF', 'MG', 'HT'], themes: ['education', 'culture-youth', 'peace', 'environment'], summaryFr: 'Fondée par Aide et Action et Solidarité Laïque pour bâtir ensemble un écosystème d’organisations françaises agissant pour l’éducation à l’international.', summaryEn: 'Founded by Aide et Action and Solidarité Laïque to build together an ecosystem of French organisations working internationally for education.', lookingForPartners: true },
];

/** Creates the demo organisations; returns their ids by seed key (other modules' seeds link to them). */
export async function seedOrganisations(db: Db, actor: Actor): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const { key, ...seed } of demoOrganisations) {
    const result = await createOrganisation(db, actor, { ...base, ...seed }, { logo: { generate: true }, makeCreatorAdmin: false });
    if (!result.ok) throw new Error(`demo organisation ${key}: ${JSON.stringify(result.error)}`);
    ids.set(key, result.value.id);
  }
  return ids;
}
