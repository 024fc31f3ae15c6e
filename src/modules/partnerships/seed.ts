// Demo cooperation: what Cachan associations and their partners in Mali and Senegal offer and seek, their
// partnership requests (two accepted and turned into joint projects, one pending), and a message from an
// association abroad that is not yet in the directory. Amounts and dates are illustrative.
import type { Db } from '../../db/client.ts';
import { systemActor, type Actor } from '../../kernel/actor.ts';
import { addNeed, createJointProject, decidePartnershipRequest, saveOffer, sendPartnershipRequest, sendPublicContact } from './commands.ts';
import type { OfferInput } from './schema.ts';

const as = (organisationId: string): Actor => ({ ...systemActor, platformRoles: new Set(), memberships: new Map([[organisationId, 'admin']]) });

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }, what: string): T {
  if (!result.ok) throw new Error(`demo ${what}: ${JSON.stringify(result.error)}`);
  return result.value;
}

const offer = (o: Partial<OfferInput>): OfferInput => ({ skills: [], countries: [], themes: [], languages: ['fr'], volunteers: undefined, cofinancingCents: undefined, noteFr: undefined, noteEn: undefined, ...o });

export async function seedPartnerships(db: Db, orgs: Map<string, string>): Promise<void> {
  const id = (key: string) => {
    const value = orgs.get(key);
    if (!value) throw new Error(`demo organisation ${key} missing`);
    return value;
  };
  const offers: [string, OfferInput][] = [
    ['soroma', offer({ skills: ['project_management', 'fundraising'], languages: ['fr', 'bm'], volunteers: 25, cofinancingCents: 500_000, noteFr: 'Vingt ans de jumelage avec Soroma : montage de projets et collecte de fonds.', noteEn: 'Twenty years of partnership with Soroma: project design and fundraising.' })],
    ['djiguiya', offer({ skills: ['construction'], languages: ['fr', 'bm'], noteFr: 'Connaissance du village, main-d’œuvre locale, suivi des chantiers.', noteEn: 'Knowledge of the village, local workforce, site follow-up.' })],
    ['estp-batisseurs', offer({ skills: ['engineering', 'water_engineering', 'construction'], countries: ['ML', 'CM', 'TG'], themes: ['water', 'education-sanitation'], languages: ['fr', 'en'], volunteers: 30 })],
    ['kayes', offer({ skills: ['water_engineering'], languages: ['fr', 'bm'], volunteers: 35 })],
    ['podor', offer({ skills: ['fundraising'], languages: ['fr', 'wo'], volunteers: 40, cofinancingCents: 300_000 })],
    ['gie-podor', offer({ skills: ['agronomy', 'training'], languages: ['fr', 'wo'] })],
    ['ens-solidarite', offer({ skills: ['teaching', 'training'], languages: ['fr', 'en'], volunteers: 18 })],
    ['crij-cachan', offer({ cofinancingCents: 2_000_000, noteFr: 'Subventions aux associations cachanaises.', noteEn: 'Grants to Cachan associations.' })],
  ];
  for (const [key, input] of offers) must(await saveOffer(db, as(id(key)), id(key), input), `offer ${key}`);

  const need = async (key: string, input: Parameters<typeof addNeed>[3]) => must(await addNeed(db, as(id(key)), id(key), input), `need ${key}`);
  const base = { titleEn: undefined, descriptionFr: undefined, descriptionEn: undefined, skills: [], countries: [], themes: [], languages: [] };
  await need('soroma', { ...base, kind: 'skills', titleFr: 'Forage pour le centre de santé de Soroma', titleEn: 'A borehole for the Soroma health centre', skills: ['water_engineering', 'engineering'], countries: ['ML'], themes: ['water', 'health-centres'] });
  await need('djiguiya', { ...base, kind: 'cofunder', titleFr: 'Cofinancement de deux salles de classe', titleEn: 'Co-funding two classrooms', countries: ['ML'], themes: ['education'], languages: ['fr', 'bm'] });
  await need('gie-podor', { ...base, kind: 'project_partner', titleFr: 'Partenaire pour l’irrigation goutte-à-goutte', titleEn: 'A partner for drip irrigation', skills: ['water_engineering', 'agronomy'], countries: ['SN'], themes: ['food', 'water'], languages: ['wo', 'fr'] });
  await need('podor', { ...base, kind: 'local_partner', titleFr: 'Partenaire local dans la vallée du fleuve Sénégal', titleEn: 'A local partner in the Senegal River valley', countries: ['SN'], themes: ['women', 'food'] });

  // Solidarité Cachan Soroma ↔ Djiguiya: accepted, then a joint project.
  const soroma = must(
    await sendPartnershipRequest(db, as(id('soroma')), id('djiguiya'), { fromOrganisationId: id('soroma'), subject: 'Une école et un centre de santé pour Soroma', message: 'Nous proposons de porter ensemble la construction de deux salles de classe et l’équipement du centre de santé.', needId: undefined }),
    'request soroma',
  );
  must(await decidePartnershipRequest(db, as(id('djiguiya')), soroma.id, 'accept'), 'accept soroma');
  must(
    await createJointProject(db, as(id('soroma')), soroma.id, {
      titleFr: 'École et centre de santé de Soroma',
      titleEn: 'Soroma school and health centre',
      summaryFr: 'Deux salles de classe, du mobilier scolaire et l’équipement du centre de santé du village, avec l’association villageoise Djiguiya.',
      summaryEn: 'Two classrooms, school furniture and equipment for the village health centre, with the Djiguiya village association.',
      budgetCents: 4_800_000,
      projectId: undefined,
      participants: [
        { organisationId: id('soroma'), role: 'lead', sharePercent: 60 },
        { organisationId: id('djiguiya'), role: 'local_partner', sharePercent: 25 },
        { organisationId: id('crij-cachan'), role: 'cofunder', sharePercent: 15 },
      ],
    }),
    'joint project soroma',
  );

  // The Senegalese of Cachan for Podor ↔ the women market gardeners' group: accepted, then a joint project.
  const podor = must(
    await sendPartnershipRequest(db, as(id('podor')), id('gie-podor'), { fromOrganisationId: id('podor'), subject: 'Maraîchage des femmes de Podor', message: 'Nous souhaitons soutenir l’extension de vos parcelles et la formation des membres du groupement.', needId: undefined }),
    'request podor',
  );
  must(await decidePartnershipRequest(db, as(id('gie-podor')), podor.id, 'accept'), 'accept podor');
  must(
    await createJointProject(db, as(id('podor')), podor.id, {
      titleFr: 'Maraîchage des femmes de Podor',
      titleEn: 'Podor women’s market gardens',
      summaryFr: 'Extension à 8 hectares, puits maraîchers et formation de 120 femmes.',
      summaryEn: 'Extension to 8 hectares, garden wells and training for 120 women.',
      budgetCents: 2_600_000,
      projectId: undefined,
      participants: [
        { organisationId: id('podor'), role: 'lead', sharePercent: 70 },
        { organisationId: id('gie-podor'), role: 'local_partner', sharePercent: 30 },
      ],
    }),
    'joint project podor',
  );

  // A pending request, and a message from an association abroad not yet in the directory.
  must(
    await sendPartnershipRequest(db, as(id('estp-batisseurs')), id('gie-podor'), { fromOrganisationId: id('estp-batisseurs'), subject: 'Étude d’un système d’irrigation', message: 'Nos élèves ingénieurs peuvent étudier un système d’irrigation goutte-à-goutte avec vous.', needId: undefined }),
    'request estp',
  );
  must(
    await sendPublicContact(
      db,
      id('kayes'),
      { senderName: 'Moussa Diarra', senderOrganisation: 'Association des jeunes de Kita (fictive)', senderEmail: 'contact@jeunes-kita.example', senderCountry: 'ML', themes: ['water'], subject: 'Puits maraîchers à Kita', message: 'Nous cherchons une association de Cachan pour accompagner un projet de puits maraîchers à Kita.', consent: true },
      { ip: 'demo', honeypot: undefined, baseUrl: '' },
    ),
    'public contact',
  );
}
