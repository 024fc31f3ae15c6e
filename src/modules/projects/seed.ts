// Demo projects of the seed scenarios: the Cachan committee's funded projects, La Cimade's projects with its
// African partners, the Education Alliance founders' education projects. Budgets, transactions and results add
// up: incoming funds equal the funders' commitments, spending stays within the budget. Towns are real places
// (coordinates rounded); local association names are fictitious where the organisations seed says so.
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/actor.ts';
import { addSectionRow, createProject, setPublication } from './commands.ts';
import { projectInputSchema, sectionSchemas, type SectionKey } from './schema.ts';

type Row = Record<string, string | number | undefined>;
interface SeedProject {
  org: string;
  slug: string;
  titleFr: string;
  titleEn: string;
  descriptionFr: string;
  descriptionEn: string;
  objectivesFr?: string;
  objectivesEn?: string;
  targetGroupsFr?: string;
  targetGroupsEn?: string;
  status: string;
  plannedStart: string;
  plannedEnd: string;
  actualStart?: string;
  humanitarian?: boolean;
  sdgs: string[];
  draft?: boolean;
  rows: Partial<Record<SectionKey, Row[]>>;
}

/** Organisation seed keys are resolved to ids; `org:<key>` inside a row becomes that organisation's id. */
const E = (euros: number) => String(euros);

export const demoProjects: SeedProject[] = [
  // ── Scenario 1: the city committee (CRIJ) funds Cachan associations ──
  {
    org: 'soroma',
    slug: 'fournitures-scolaires-soroma',
    titleFr: 'Fournitures scolaires pour l’école de Soroma',
    titleEn: 'School supplies for the Soroma school',
    descriptionFr: 'Chaque rentrée, l’association équipe les 470 élèves de l’école de Soroma, au Mali, en cahiers, stylos et manuels, avec l’association villageoise Djiguiya qui gère le dépôt de fournitures.',
    descriptionEn: 'Every school year, the association equips the 470 pupils of the Soroma school in Mali with exercise books, pens and textbooks, with the Djiguiya village association, which runs the supplies store.',
    objectivesFr: 'Que chaque élève ait ses fournitures le jour de la rentrée.',
    objectivesEn: 'Every pupil has their supplies on the first day of school.',
    targetGroupsFr: 'Les élèves de l’école primaire de Soroma et leurs familles.',
    targetGroupsEn: 'Pupils of the Soroma primary school and their families.',
    status: '2',
    plannedStart: '2024-09-01',
    plannedEnd: '2026-07-31',
    actualStart: '2024-09-02',
    sdgs: ['4'],
    rows: {
      countries: [{ code: 'ML', percentage: 100 }],
      sectors: [{ theme: 'education-supplies', percentage: 100 }],
      participants: [
        { role: '1', organisationId: 'org:crij-cachan' },
        { role: '2', organisationId: 'org:soroma' },
        { role: '4', organisationId: 'org:djiguiya' },
      ],
      locations: [{ name: 'Soroma (cercle de Kati)', lat: 12.744, lng: -8.072, exactness: '2' }],
      budgets: [
        { type: '1', periodStart: '2024-09-01', periodEnd: '2025-07-31', amount: E(6000) },
        { type: '1', periodStart: '2025-09-01', periodEnd: '2026-07-31', amount: E(6000) },
      ],
      transactions: [
        { type: '1', date: '2024-06-20', amount: E(8000), providerOrganisationId: 'org:crij-cachan', description: 'Subvention du CRIJ' },
        { type: '1', date: '2024-06-30', amount: E(4000), providerName: 'Dons des adhérents', description: 'Collecte annuelle' },
        { type: '3', date: '2024-08-15', amount: E(5800), receiverOrganisationId: 'org:djiguiya', description: 'Achat des fournitures 2024-2025' },
        { type: '3', date: '2025-08-14', amount: E(5900), receiverOrganisationId: 'org:djiguiya', description: 'Achat des fournitures 2025-2026' },
      ],
      results: [{ type: '1', titleFr: 'Élèves équipés', titleEn: 'Pupils equipped', indicatorTitleFr: 'Élèves ayant reçu leur kit', indicatorTitleEn: 'Pupils who received their kit', measure: '1', baselineYear: 2024, baseline: '0', periodStart: '2024-09-01', periodEnd: '2025-07-31', target: '450', actual: '470' }],
      updates: [{ date: '2025-09-05', titleFr: 'Rentrée 2025 : les kits sont arrivés', titleEn: '2025 school year: the kits have arrived', bodyFr: 'Les 470 kits ont été distribués le jour de la rentrée.', bodyEn: 'All 470 kits were handed out on the first day of school.' }],
      needs: [
        { kind: 'volunteers', textFr: 'Bénévoles pour trier les dons de livres en septembre', textEn: 'Volunteers to sort donated books in September' },
        { kind: 'material', textFr: 'Dictionnaires français en bon état', textEn: 'French dictionaries in good condition' },
      ],
      documents: [{ titleFr: 'Rapport d’activité 2024-2025', titleEn: 'Activity report 2024-2025', category: 'A07', url: 'https://www.ville-cachan.fr/solidarite-internationale' }],
    },
  },
  {
    org: 'la-plaine-benin',
    slug: 'centre-de-sante-abomey',
    titleFr: 'Un centre de santé à Abomey',
    titleEn: 'A health centre in Abomey',
    descriptionFr: 'Construction et équipement d’un centre de santé de quartier à Abomey, au Bénin : salle de consultation, maternité, pharmacie de médicaments essentiels.',
    descriptionEn: 'Building and equipping a neighbourhood health centre in Abomey, Benin: consultation room, maternity ward, essential medicines pharmacy.',
    objectivesFr: 'Offrir des soins de premier niveau à 8 000 habitants.',
    objectivesEn: 'Provide primary care to 8,000 residents.',
    status: '2',
    plannedStart: '2023-03-01',
    plannedEnd: '2025-12-31',
    actualStart: '2023-04-15',
    sdgs: ['3'],
    rows: {
      countries: [{ code: 'BJ' }],
      sectors: [{ theme: 'health-centres', percentage: 80 }, { theme: 'health-medicines', percentage: 20 }],
      participants: [
        { role: '1', organisationId: 'org:crij-cachan' },
        { role: '2', organisationId: 'org:la-plaine-benin' },
        { role: '4', name: 'Comité de santé du quartier Djègbè', ref: '' },
      ],
      locations: [{ name: 'Abomey', lat: 7.1829, lng: 1.9912, exactness: '1' }],
      budgets: [
        { type: '1', periodStart: '2023-03-01', periodEnd: '2025-12-31', amount: E(40000) },
        { type: '2', periodStart: '2023-03-01', periodEnd: '2025-12-31', amount: E(45000) },
      ],
      transactions: [
        { type: '1', date: '2023-02-10', amount: E(15000), providerOrganisationId: 'org:crij-cachan', description: 'Subvention du CRIJ' },
        { type: '1', date: '2023-05-02', amount: E(30000), providerName: 'Fondation hospitalière (mécénat)', description: 'Mécénat' },
        { type: '4', date: '2023-11-30', amount: E(28000), description: 'Construction du bâtiment' },
        { type: '4', date: '2024-06-30', amount: E(12500), description: 'Équipement et médicaments' },
      ],
      results: [{ type: '2', titleFr: 'Consultations assurées', titleEn: 'Consultations provided', indicatorTitleFr: 'Consultations par an', indicatorTitleEn: 'Consultations per year', measure: '1', baselineYear: 2023, baseline: '0', periodStart: '2024-01-01', periodEnd: '2024-12-31', target: '5000', actual: '6200' }],
      needs: [{ kind: 'funding', textFr: 'Financer un second lit d’accouchement', textEn: 'Fund a second delivery bed' }],
    },
  },
  {
    org: 'niger-avenir',
    slug: 'eau-potable-tahoua',
    titleFr: 'Eau potable dans trois villages de la région de Tahoua',
    titleEn: 'Drinking water in three villages of the Tahoua region',
    descriptionFr: 'Réhabilitation de trois forages et formation de comités de gestion de l’eau dans la région de Tahoua, au Niger.',
    descriptionEn: 'Rehabilitating three boreholes and training water management committees in the Tahoua region of Niger.',
    status: '2',
    plannedStart: '2024-01-01',
    plannedEnd: '2025-12-31',
    actualStart: '2024-02-01',
    sdgs: ['6'],
    rows: {
      countries: [{ code: 'NE', percentage: 100 }],
      sectors: [{ theme: 'water', percentage: 100 }],
      participants: [
        { role: '1', organisationId: 'org:crij-cachan' },
        { role: '2', organisationId: 'org:niger-avenir' },
      ],
      locations: [{ name: 'Tahoua', lat: 14.8888, lng: 5.2692, exactness: '2' }],
      budgets: [{ type: '1', periodStart: '2024-01-01', periodEnd: '2025-12-31', amount: E(30000) }],
      transactions: [
        { type: '1', date: '2023-12-12', amount: E(10000), providerOrganisationId: 'org:crij-cachan', description: 'Subvention du CRIJ' },
        { type: '1', date: '2024-01-20', amount: E(20000), providerName: 'Agence de l’eau Seine-Normandie', description: 'Subvention 1 % eau' },
        { type: '4', date: '2024-09-30', amount: E(21000), description: 'Travaux sur deux forages' },
      ],
      results: [{ type: '1', titleFr: 'Forages réhabilités', titleEn: 'Boreholes rehabilitated', indicatorTitleFr: 'Forages en service', indicatorTitleEn: 'Boreholes in service', measure: '1', baseline: '0', baselineYear: 2024, periodStart: '2024-01-01', periodEnd: '2025-12-31', target: '3', actual: '2' }],
      needs: [{ kind: 'skills', textFr: 'Un hydrogéologue pour une mission de deux semaines', textEn: 'A hydrogeologist for a two-week mission' }],
    },
  },
  {
    org: 'podor',
    slug: 'maraichage-femmes-podor',
    titleFr: 'Maraîchage des femmes de Podor',
    titleEn: 'Women’s market gardening in Podor',
    descriptionFr: 'Le GIE des femmes maraîchères de Podor cultive six hectares dans la vallée du fleuve Sénégal. Le projet finance l’irrigation goutte à goutte, les semences et une chambre froide pour vendre au meilleur moment.',
    descriptionEn: 'The Podor women market gardeners’ group farms six hectares in the Senegal River valley. The project pays for drip irrigation, seeds and a cold room to sell at the best time.',
    targetGroupsFr: '120 femmes maraîchères et leurs familles.',
    targetGroupsEn: '120 women market gardeners and their families.',
    status: '2',
    plannedStart: '2024-03-01',
    plannedEnd: '2026-02-28',
    actualStart: '2024-03-10',
    sdgs: ['2', '5'],
    rows: {
      countries: [{ code: 'SN', percentage: 100 }],
      sectors: [{ theme: 'women', percentage: 50 }, { theme: 'food', percentage: 50 }],
      participants: [
        { role: '1', organisationId: 'org:crij-cachan' },
        { role: '2', organisationId: 'org:podor' },
        { role: '4', organisationId: 'org:gie-podor' },
      ],
      locations: [{ name: 'Podor', lat: 16.6518, lng: -14.9595, exactness: '1' }],
      budgets: [
        { type: '1', periodStart: '2024-03-01', periodEnd: '2025-02-28', amount: E(14000) },
        { type: '1', periodStart: '2025-03-01', periodEnd: '2026-02-28', amount: E(9000) },
      ],
      transactions: [
        { type: '1', date: '2024-02-15', amount: E(12000), providerOrganisationId: 'org:crij-cachan', description: 'Subvention du CRIJ' },
        { type: '1', date: '2024-02-28', amount: E(11000), providerName: 'Cotisations et repas solidaires', description: 'Fonds propres' },
        { type: '3', date: '2024-03-15', amount: E(13500), receiverOrganisationId: 'org:gie-podor', description: 'Irrigation et semences' },
        { type: '3', date: '2025-03-12', amount: E(8000), receiverOrganisationId: 'org:gie-podor', description: 'Chambre froide' },
      ],
      results: [{ type: '2', titleFr: 'Revenus des maraîchères', titleEn: 'Income of the market gardeners', indicatorTitleFr: 'Revenu mensuel moyen (FCFA)', indicatorTitleEn: 'Average monthly income (CFA francs)', measure: '1', baselineYear: 2023, baseline: '35000', periodStart: '2024-03-01', periodEnd: '2025-02-28', target: '50000', actual: '54000' }],
      needs: [
        { kind: 'volunteers', textFr: 'Bénévoles pour le repas solidaire de mars', textEn: 'Volunteers for the March fundraising dinner' },
        { kind: 'skills', textFr: 'Conseils en agronomie et en commercialisation', textEn: 'Advice on agronomy and marketing' },
      ],
      updates: [{ date: '2025-04-02', titleFr: 'La chambre froide est en service', titleEn: 'The cold room is running', bodyFr: 'Les oignons se vendent désormais en saison sèche, à un meilleur prix.', bodyEn: 'Onions are now sold in the dry season, at a better price.' }],
    },
  },
  {
    org: 'estp-batisseurs',
    slug: 'latrines-scolaires-bafoussam',
    titleFr: 'Latrines scolaires à Bafoussam',
    titleEn: 'School latrines in Bafoussam',
    descriptionFr: 'Des élèves ingénieurs conçoivent et construisent, avec des artisans locaux, des blocs de latrines séparés filles et garçons dans deux écoles de Bafoussam, au Cameroun.',
    descriptionEn: 'Engineering students design and build, with local craftsmen, separate latrine blocks for girls and boys in two schools of Bafoussam, Cameroon.',
    status: '3',
    plannedStart: '2023-06-01',
    plannedEnd: '2024-12-31',
    actualStart: '2023-07-01',
    sdgs: ['4', '6'],
    rows: {
      countries: [{ code: 'CM', percentage: 100 }],
      sectors: [{ theme: 'education-sanitation', percentage: 100 }],
      participants: [
        { role: '1', organisationId: 'org:crij-cachan' },
        { role: '2', organisationId: 'org:estp-batisseurs' },
      ],
      locations: [{ name: 'Bafoussam', lat: 5.4778, lng: 10.4176, exactness: '2' }],
      budgets: [{ type: '1', periodStart: '2023-06-01', periodEnd: '2024-12-31', amount: E(18000) }],
      transactions: [
        { type: '1', date: '2023-05-20', amount: E(6000), providerOrganisationId: 'org:crij-cachan' },
        { type: '1', date: '2023-06-10', amount: E(12000), providerName: 'Fondation de l’école', description: 'Bourse projet solidaire' },
        { type: '4', date: '2024-08-31', amount: E(17200), description: 'Construction de deux blocs' },
      ],
      results: [{ type: '1', titleFr: 'Blocs construits', titleEn: 'Blocks built', indicatorTitleFr: 'Blocs de latrines en service', indicatorTitleEn: 'Latrine blocks in use', measure: '1', baseline: '0', baselineYear: 2023, periodStart: '2023-06-01', periodEnd: '2024-12-31', target: '2', actual: '2' }],
    },
  },
  {
    org: 'iut-sans-frontieres',
    slug: 'bibliotheques-scolaires-gitega',
    titleFr: 'Bibliothèques scolaires à Gitega',
    titleEn: 'School libraries in Gitega',
    descriptionFr: 'Projet en préparation : collecte de livres et aménagement de deux bibliothèques scolaires au Burundi.',
    descriptionEn: 'Project in preparation: collecting books and fitting out two school libraries in Burundi.',
    status: '1',
    plannedStart: '2026-01-01',
    plannedEnd: '2026-12-31',
    sdgs: ['4'],
    draft: true,
    rows: { countries: [{ code: 'BI', percentage: 100 }], sectors: [{ theme: 'education-books', percentage: 100 }] },
  },
  // ── Scenario 2: La Cimade and its African partners ──
  {
    org: 'cimade',
    slug: 'protection-migrants-sahel',
    titleFr: 'Protéger les droits des personnes migrantes au Sahel',
    titleEn: 'Protecting the rights of migrants in the Sahel',
    descriptionFr: 'Avec le réseau Loujna Tounkaranké et l’ARACEM, accueil, accompagnement juridique et plaidoyer pour les personnes migrantes et refoulées au Mali, au Niger, au Sénégal et en Mauritanie.',
    descriptionEn: 'With the Loujna Tounkaranké network and ARACEM, reception, legal support and advocacy for migrants and people turned back in Mali, Niger, Senegal and Mauritania.',
    objectivesFr: 'Renforcer les associations africaines de défense des droits des personnes migrantes.',
    objectivesEn: 'Strengthen African associations defending migrants’ rights.',
    status: '2',
    plannedStart: '2023-01-01',
    plannedEnd: '2026-12-31',
    actualStart: '2023-01-01',
    sdgs: ['10', '16'],
    rows: {
      countries: [{ code: 'ML', percentage: 40 }, { code: 'NE', percentage: 30 }, { code: 'SN', percentage: 20 }, { code: 'MR', percentage: 10 }],
      sectors: [{ theme: 'migrants', percentage: 100 }],
      participants: [
        { role: '1', name: 'Agence française de développement', ref: 'FR-3' },
        { role: '2', organisationId: 'org:cimade' },
        { role: '4', organisationId: 'org:loujna' },
        { role: '4', organisationId: 'org:aracem' },
      ],
      locations: [
        { name: 'Bamako', lat: 12.6392, lng: -8.0029, exactness: '1' },
        { name: 'Niamey', lat: 13.5116, lng: 2.1254, exactness: '1' },
        { name: 'Nouakchott', lat: 18.0735, lng: -15.9582, exactness: '1' },
      ],
      budgets: [
        { type: '1', periodStart: '2023-01-01', periodEnd: '2024-12-31', amount: E(300000) },
        { type: '1', periodStart: '2025-01-01', periodEnd: '2026-12-31', amount: E(300000) },
      ],
      transactions: [
        { type: '11', date: '2022-12-01', amount: E(450000), providerName: 'Agence française de développement', description: 'Convention de financement' },
        { type: '1', date: '2023-02-01', amount: E(225000), providerName: 'Agence française de développement' },
        { type: '1', date: '2025-02-01', amount: E(225000), providerName: 'Agence française de développement' },
        { type: '3', date: '2023-03-01', amount: E(120000), receiverOrganisationId: 'org:loujna' },
        { type: '3', date: '2023-03-01', amount: E(90000), receiverOrganisationId: 'org:aracem' },
        { type: '4', date: '2024-12-31', amount: E(80000), description: 'Coordination, formation et plaidoyer' },
      ],
      results: [{ type: '2', titleFr: 'Personnes accompagnées', titleEn: 'People supported', indicatorTitleFr: 'Personnes ayant reçu un accompagnement juridique', indicatorTitleEn: 'People who received legal support', measure: '1', baselineYear: 2022, baseline: '900', periodStart: '2023-01-01', periodEnd: '2024-12-31', target: '3000', actual: '3450' }],
      documents: [{ titleFr: 'Présentation du programme', titleEn: 'Programme overview', category: 'A02', url: 'https://www.lacimade.org/nos-actions/solidarite-internationale/' }],
    },
  },
  {
    org: 'cimade',
    slug: 'droits-migrants-oujda',
    titleFr: 'Accès aux droits des personnes migrantes à Oujda',
    titleEn: 'Access to rights for migrants in Oujda',
    descriptionFr: 'Avec l’Association marocaine des droits humains : permanences juridiques et accès aux soins pour les personnes migrantes bloquées à Oujda.',
    descriptionEn: 'With the Moroccan Association for Human Rights: legal advice sessions and access to healthcare for migrants stranded in Oujda.',
    status: '2',
    plannedStart: '2024-01-01',
    plannedEnd: '2025-12-31',
    sdgs: ['10'],
    rows: {
      countries: [{ code: 'MA', percentage: 100 }],
      sectors: [{ theme: 'migrants', percentage: 100 }],
      participants: [
        { role: '2', organisationId: 'org:cimade' },
        { role: '4', organisationId: 'org:amdh' },
      ],
      locations: [{ name: 'Oujda', lat: 34.6814, lng: -1.9086, exactness: '1' }],
      budgets: [{ type: '1', periodStart: '2024-01-01', periodEnd: '2025-12-31', amount: E(80000) }],
      transactions: [
        { type: '1', date: '2024-01-15', amount: E(80000), providerName: 'Fondation privée (mécénat)' },
        { type: '3', date: '2024-02-01', amount: E(50000), receiverOrganisationId: 'org:amdh' },
      ],
    },
  },
  {
    org: 'cimade',
    slug: 'alertes-desert-agadez',
    titleFr: 'Alertes et secours dans le désert, au départ d’Agadez',
    titleEn: 'Alerts and rescue in the desert, from Agadez',
    descriptionFr: 'Soutien à Alarme Phone Sahara : une ligne d’alerte pour les personnes en détresse dans le désert et des lanceurs d’alerte dans les villes de transit.',
    descriptionEn: 'Supporting Alarme Phone Sahara: an alert line for people in distress in the desert and whistle-blowers in transit towns.',
    status: '2',
    plannedStart: '2024-06-01',
    plannedEnd: '2026-05-31',
    humanitarian: true,
    sdgs: ['10', '16'],
    rows: {
      countries: [{ code: 'NE', percentage: 100 }],
      sectors: [{ theme: 'migrants', percentage: 60 }, { theme: 'emergency', percentage: 40 }],
      participants: [
        { role: '2', organisationId: 'org:cimade' },
        { role: '4', organisationId: 'org:alarme-phone-sahara' },
      ],
      locations: [{ name: 'Agadez', lat: 16.9742, lng: 7.9865, exactness: '1' }],
      budgets: [{ type: '1', periodStart: '2024-06-01', periodEnd: '2026-05-31', amount: E(60000) }],
      transactions: [
        { type: '1', date: '2024-05-15', amount: E(60000), providerName: 'Dons de particuliers' },
        { type: '3', date: '2024-06-10', amount: E(30000), receiverOrganisationId: 'org:alarme-phone-sahara' },
      ],
      needs: [{ kind: 'funding', textFr: 'Financer les recharges téléphoniques des lanceurs d’alerte', textEn: 'Fund phone credit for the whistle-blowers' }],
    },
  },
  // ── Scenario 4: the Education Alliance's founders ──
  {
    org: 'aide-et-action',
    slug: 'skills-for-tomorrow',
    titleFr: 'Skills for Tomorrow — des compétences pour demain',
    titleEn: 'Skills for Tomorrow',
    descriptionFr: 'Formation professionnelle et compétences de vie pour les jeunes déscolarisés au Sénégal, au Mali et au Burkina Faso, avec les centres de formation publics.',
    descriptionEn: 'Vocational training and life skills for out-of-school young people in Senegal, Mali and Burkina Faso, with public training centres.',
    targetGroupsFr: '6 000 jeunes de 15 à 24 ans, dont la moitié de jeunes femmes.',
    targetGroupsEn: '6,000 young people aged 15 to 24, half of them young women.',
    status: '2',
    plannedStart: '2023-09-01',
    plannedEnd: '2027-08-31',
    actualStart: '2023-10-01',
    sdgs: ['4', '8'],
    rows: {
      countries: [{ code: 'SN', percentage: 40 }, { code: 'ML', percentage: 30 }, { code: 'BF', percentage: 30 }],
      sectors: [{ theme: 'education', percentage: 70 }, { theme: 'culture-youth', percentage: 30 }],
      participants: [
        { role: '1', name: 'Commission européenne', ref: 'XI-IATI-EC_INTPA' },
        { role: '2', organisationId: 'org:aide-et-action' },
        { role: '4', organisationId: 'org:solidarite-laique' },
      ],
      locations: [
        { name: 'Dakar', lat: 14.7167, lng: -17.4677, exactness: '1' },
        { name: 'Thiès', lat: 14.791, lng: -16.9359, exactness: '1' },
        { name: 'Ouagadougou', lat: 12.3714, lng: -1.5197, exactness: '1' },
      ],
      budgets: [{ type: '1', periodStart: '2023-09-01', periodEnd: '2027-08-31', amount: E(1200000) }],
      transactions: [
        { type: '11', date: '2023-07-01', amount: E(1000000), providerName: 'Commission européenne' },
        { type: '1', date: '2023-09-15', amount: E(400000), providerName: 'Commission européenne' },
        { type: '1', date: '2023-09-15', amount: E(200000), providerName: 'Fonds propres et mécénat' },
        { type: '3', date: '2023-11-01', amount: E(150000), receiverOrganisationId: 'org:solidarite-laique' },
        { type: '4', date: '2024-12-31', amount: E(380000) },
      ],
      results: [{ type: '1', titleFr: 'Jeunes formés', titleEn: 'Young people trained', indicatorTitleFr: 'Jeunes ayant terminé une formation', indicatorTitleEn: 'Young people who completed a course', measure: '1', baselineYear: 2023, baseline: '0', periodStart: '2023-09-01', periodEnd: '2025-08-31', target: '2500', actual: '2730' }],
    },
  },
  {
    org: 'solidarite-laique',
    slug: 'crisis-resilient-public-education',
    titleFr: 'Ensemble pour une éducation publique résiliente aux crises',
    titleEn: 'Together for Crisis Resilient Public Education',
    descriptionFr: 'Maintenir l’école ouverte pendant les crises au Sahel central : plans de continuité, espaces temporaires d’apprentissage, soutien psychosocial des enseignants.',
    descriptionEn: 'Keeping schools open during crises in the central Sahel: continuity plans, temporary learning spaces, psychosocial support for teachers.',
    status: '2',
    plannedStart: '2024-01-01',
    plannedEnd: '2026-12-31',
    humanitarian: true,
    sdgs: ['4', '16'],
    rows: {
      countries: [{ code: 'NE', percentage: 30 }, { code: 'ML', percentage: 25 }, { code: 'BF', percentage: 25 }],
      regions: [{ code: '289', percentage: 20 }],
      sectors: [{ theme: 'education-teachers', percentage: 60 }, { theme: 'emergency', percentage: 40 }],
      participants: [
        { role: '1', name: 'Education Cannot Wait', ref: 'XM-DAC-47066' },
        { role: '2', organisationId: 'org:solidarite-laique' },
        { role: '4', organisationId: 'org:aide-et-action' },
        { role: '3', organisationId: 'org:alliance-education' },
      ],
      locations: [{ name: 'Tillabéri', lat: 14.2117, lng: 1.4531, exactness: '2' }, { name: 'Mopti', lat: 14.4843, lng: -4.1827, exactness: '2' }],
      budgets: [
        { type: '1', periodStart: '2024-01-01', periodEnd: '2024-12-31', amount: E(250000) },
        { type: '1', periodStart: '2025-01-01', periodEnd: '2025-12-31', amount: E(250000) },
        { type: '1', periodStart: '2026-01-01', periodEnd: '2026-12-31', amount: E(200000) },
      ],
      transactions: [
        { type: '1', date: '2024-01-20', amount: E(500000), providerName: 'Education Cannot Wait' },
        { type: '3', date: '2024-02-15', amount: E(120000), receiverOrganisationId: 'org:aide-et-action' },
        { type: '4', date: '2024-12-31', amount: E(210000) },
      ],
      results: [{ type: '2', titleFr: 'Écoles restées ouvertes', titleEn: 'Schools kept open', indicatorTitleFr: 'Écoles avec un plan de continuité', indicatorTitleEn: 'Schools with a continuity plan', measure: '1', baselineYear: 2023, baseline: '12', periodStart: '2024-01-01', periodEnd: '2024-12-31', target: '80', actual: '74' }],
    },
  },
  {
    org: 'solidarite-laique',
    slug: 'sandrata-madagascar',
    titleFr: 'SANDRATA — éducation de qualité à Madagascar',
    titleEn: 'SANDRATA — quality education in Madagascar',
    descriptionFr: 'Le programme SANDRATA accompagne les écoles publiques d’Analamanga : formation des enseignants, cantines et associations de parents d’élèves.',
    descriptionEn: 'The SANDRATA programme supports public schools in Analamanga: teacher training, school canteens and parents’ associations.',
    status: '2',
    plannedStart: '2022-09-01',
    plannedEnd: '2026-08-31',
    sdgs: ['4'],
    rows: {
      countries: [{ code: 'MG', percentage: 100 }],
      sectors: [{ theme: 'education-teachers', percentage: 60 }, { theme: 'education', percentage: 40 }],
      participants: [
        { role: '2', organisationId: 'org:solidarite-laique' },
        { role: '4', name: 'Ministère de l’Éducation nationale de Madagascar' },
      ],
      locations: [{ name: 'Antananarivo', lat: -18.8792, lng: 47.5079, exactness: '2' }],
      budgets: [{ type: '1', periodStart: '2022-09-01', periodEnd: '2026-08-31', amount: E(520000) }],
      transactions: [
        { type: '1', date: '2022-09-01', amount: E(520000), providerName: 'Agence française de développement', providerRef: 'FR-3' },
        { type: '4', date: '2024-08-31', amount: E(310000) },
      ],
    },
  },
  {
    org: 'aide-et-action',
    slug: 'ecole-changement-social-haiti',
    titleFr: 'Une école pour le changement social en Haïti',
    titleEn: 'A school for social change in Haiti',
    descriptionFr: 'Écoles communautaires de Port-au-Prince : pédagogie active, éducation à la paix et implication des familles.',
    descriptionEn: 'Community schools in Port-au-Prince: active teaching, peace education and family involvement.',
    status: '2',
    plannedStart: '2024-10-01',
    plannedEnd: '2027-09-30',
    sdgs: ['4', '16'],
    rows: {
      countries: [{ code: 'HT', percentage: 100 }],
      sectors: [{ theme: 'education', percentage: 70 }, { theme: 'peace', percentage: 30 }],
      participants: [
        { role: '2', organisationId: 'org:aide-et-action' },
        { role: '3', organisationId: 'org:alliance-education' },
      ],
      locations: [{ name: 'Port-au-Prince', lat: 18.5944, lng: -72.3074, exactness: '2' }],
      budgets: [{ type: '1', periodStart: '2024-10-01', periodEnd: '2027-09-30', amount: E(360000) }],
      transactions: [{ type: '1', date: '2024-09-15', amount: E(360000), providerName: 'Fondation de France' }],
      needs: [{ kind: 'skills', textFr: 'Formateurs en pédagogie active (missions à distance)', textEn: 'Trainers in active teaching (remote missions)' }],
    },
  },
];

/** Creates the demo projects; returns their ids by slug. */
export async function seedProjects(db: Db, actor: Actor, organisations: Map<string, string>): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const orgId = (key: string) => {
    const id = organisations.get(key);
    if (!id) throw new Error(`demo project: unknown organisation ${key}`);
    return id;
  };
  for (const seed of demoProjects) {
    const input = projectInputSchema.parse({ ...seed, activityStatus: seed.status, sdgs: seed.sdgs, humanitarian: seed.humanitarian ?? false });
    const created = await createProject(db, actor, orgId(seed.org), input, { slug: seed.slug });
    if (!created.ok) throw new Error(`demo project ${seed.slug}: ${JSON.stringify(created.error)}`);
    for (const [key, rows] of Object.entries(seed.rows) as [SectionKey, Row[]][]) {
      for (const row of rows) {
        const resolved = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && v.startsWith('org:') ? orgId(v.slice(4)) : v === undefined ? undefined : String(v)]));
        const parsed = sectionSchemas[key].safeParse(resolved);
        if (!parsed.success) throw new Error(`demo project ${seed.slug} ${key}: ${parsed.error.message}`);
        const added = await addSectionRow(db, actor, created.value.id, key, parsed.data as never);
        if (!added.ok) throw new Error(`demo project ${seed.slug} ${key}: ${JSON.stringify(added.error)}`);
      }
    }
    if (!seed.draft) {
      const published = await setPublication(db, actor, created.value.id, 'published');
      if (!published.ok) throw new Error(`demo project ${seed.slug} publish: ${JSON.stringify(published.error)}`);
    }
    ids.set(seed.slug, created.value.id);
  }
  return ids;
}
