// Demo alliance: the Education Alliance created end of November 2021 by Aide et Action and Solidarité Laïque
// (press release of 1 December 2021): its charter, the founders' signatures of the deed of commitment, common
// territories, one admission accepted and one pending. The signatory names of the founders come from the
// press release; the admitted and applying members are demo data.
import type { Db } from '../../db/client.ts';
import { systemActor, type Actor } from '../../kernel/actor.ts';
import { addSectionRow, setPublication } from '../projects/commands.ts';
import { addFoundingMember, adoptCharterVersion, createAlliance, createAllianceJointProject, linkMemberProject, recordPastAdmission, requestAdmission, voteOnAdmission } from './commands.ts';

const as = (organisationId: string): Actor => ({ ...systemActor, platformRoles: new Set(), memberships: new Map([[organisationId, 'admin']]) });

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }, what: string): T {
  if (!result.ok) throw new Error(`demo ${what}: ${JSON.stringify(result.error)}`);
  return result.value;
}

export const educationAllianceCriteria = [
  { fr: 'Association ou organisation de droit français', en: 'An association or organisation under French law' },
  { fr: 'Non confessionnelle', en: 'Non-denominational' },
  { fr: 'Partage les valeurs de la charte', en: 'Shares the values of the charter' },
  { fr: 'Apporte une valeur ajoutée à l’Alliance', en: 'Brings added value to the Alliance' },
];

export async function seedAlliances(db: Db, orgs: Map<string, string>, projects: Map<string, string> = new Map()): Promise<void> {
  const id = (key: string) => {
    const value = orgs.get(key);
    if (!value) throw new Error(`demo organisation ${key} missing`);
    return value;
  };
  const alliance = must(
    await createAlliance(db, systemActor, {
      slug: 'alliance-education',
      nameFr: 'Alliance Éducation',
      nameEn: 'Education Alliance',
      summaryFr: 'Créée fin novembre 2021 par Aide et Action et Solidarité Laïque pour optimiser l’impact de leurs actions et construire ensemble un écosystème d’organisations françaises agissant à l’international pour l’éducation.',
      summaryEn: 'Created at the end of November 2021 by Aide et Action and Solidarité Laïque to optimise the impact of their actions and build together an ecosystem of French organisations working internationally for education.',
      organisationId: id('alliance-education'),
      coordinatorOrganisationId: id('aide-et-action'),
      countries: ['MG', 'HT'],
      regions: [{ fr: 'Afrique subsaharienne', en: 'Sub-Saharan Africa' }],
      pressContactName: 'Service de presse de l’Alliance (démo)',
      pressContactEmail: 'presse@alliance-education.example',
      foundedOn: '2021-11-30',
    }),
    'alliance',
  );
  must(
    await adoptCharterVersion(db, systemActor, alliance.id, {
      valuesFr: 'L’éducation doit être globale, émancipatrice et inclusive. Elle est un droit fondamental, un levier de développement humain, d’autonomie et d’émancipation des individus, et la réponse la plus efficace aux défis actuels pour construire un monde plus pacifique et durable. Les membres partagent une même conception de la solidarité internationale : favoriser un développement endogène, facteur d’autonomie et de résilience.',
      valuesEn: 'Education must be global, emancipating and inclusive. It is a fundamental right, a lever for human development, autonomy and the emancipation of individuals, and the most efficient response to current challenges to build a more peaceful and sustainable world. Members share the same conception of international solidarity: promoting endogenous development, a factor of autonomy and resilience.',
      priorityAreas: [
        { fr: 'Éducation à la citoyenneté', en: 'Education for citizenship' },
        { fr: 'Employabilité des jeunes et des femmes', en: 'Employability of young people and women' },
        { fr: 'Droit à l’éducation et soutien à la résilience des populations', en: 'The right to education and support for the resilience of populations' },
        { fr: 'Droit à l’éducation et protection de l’enfance', en: 'The right to education and child protection' },
      ],
      priorityThemes: ['education', 'culture-youth', 'women', 'awareness'],
      crossCuttingThemes: ['peace', 'environment', 'migrants', 'women'],
      admissionCriteria: educationAllianceCriteria,
      decisionRule: 'member_vote',
      adoptedOn: '2021-11-30',
    }),
    'charter',
  );
  must(await addFoundingMember(db, systemActor, alliance.id, id('aide-et-action'), { name: 'Charles-Emmanuel Ballanger', role: 'Directeur général international', signedOn: '2021-11-30' }), 'founder aea');
  must(await addFoundingMember(db, systemActor, alliance.id, id('solidarite-laique'), { name: 'Alain Canonne', role: 'Délégué général', signedOn: '2021-11-30' }), 'founder sl');

  const answers = (who: string) => [`${who} est une association loi 1901.`, 'Oui, sans affiliation religieuse.', 'Nous adhérons à une éducation globale, émancipatrice et inclusive.', 'Une expérience de terrain complémentaire.'];
  const accepted = must(
    await requestAdmission(db, as(id('ens-solidarite')), alliance.id, { organisationId: id('ens-solidarite'), answers: answers('ENS Solidarité Sud'), motivation: 'Nos élèves forment des enseignants et équipent des lycées en matériel scientifique.', signatoryName: 'Présidence de l’association (démo)', signatoryRole: 'Présidente', contactEmail: undefined }),
    'admission ens',
  );
  must(await voteOnAdmission(db, as(id('aide-et-action')), accepted.id, id('aide-et-action'), 'yes'), 'vote aea');
  must(await recordPastAdmission(db, systemActor, accepted.id, '2022-06-15'), 'admission ens accepted');
  must(
    await requestAdmission(db, as(id('iut-sans-frontieres')), alliance.id, { organisationId: id('iut-sans-frontieres'), answers: answers('IUT de Cachan sans frontières'), motivation: 'Nous équipons des bibliothèques scolaires au Burundi et à Madagascar.', signatoryName: 'Bureau de l’association (démo)', signatoryRole: 'Trésorier', contactEmail: undefined }),
    'admission iut',
  );

  // A joint project of the alliance, led by Aide et Action (a normal project row: a consortium application can
  // name it), with the two founders' own projects linked to it.
  // The platform (it writes project rows without a signed-in user) acting for the member organisation.
  const forMember = (key: string): Actor => ({ ...systemActor, memberships: new Map([[id(key), 'admin']]) });
  const aea = forMember('aide-et-action');
  const joint = must(
    await createAllianceJointProject(db, aea, alliance.id, {
      leadOrganisationId: id('aide-et-action'),
      titleFr: 'Éducation inclusive à Madagascar et en Haïti — projet commun de l’Alliance Éducation',
      titleEn: 'Inclusive education in Madagascar and Haiti — a joint project of the Education Alliance',
      descriptionFr: 'Les membres de l’Alliance mettent en commun leurs programmes de formation des enseignants et de soutien à la scolarisation, pour répondre ensemble aux appels à projets en consortium.',
      descriptionEn: 'The Alliance’s members pool their teacher-training and school-enrolment programmes, to answer consortium calls for proposals together.',
    }),
    'joint project',
  );
  for (const [key, row] of [
    ['countries', { code: 'MG', percentage: 60 }],
    ['countries', { code: 'HT', percentage: 40 }],
    ['sectors', { theme: 'education', percentage: 100 }],
  ] as const) must(await addSectionRow(db, aea, joint.id, key, row as never), `joint project ${key}`);
  must(await setPublication(db, aea, joint.id, 'published'), 'joint project published');
  for (const [slug, org] of [['sandrata-madagascar', 'solidarite-laique'], ['ecole-changement-social-haiti', 'aide-et-action']] as const) {
    const projectId = projects.get(slug);
    if (projectId) must(await linkMemberProject(db, forMember(org), alliance.id, joint.id, projectId), `link ${slug}`);
  }
}
