// Demo data of funding: the region's 10 M€ envelope split in lines and the city's smaller one, open and closed
// calls, applications in every state, reviews, awards with tranches paid and one report overdue, and an
// emergency call after a flood. Everything goes through the module's commands (the same path as the pages),
// with `now` moved back in time where the story happened months ago. Demo accounts: see README.md.
import type { Db } from '../../db/client.ts';
import { systemActor, type Actor, type OrganisationRole, type PlatformRole } from '../../kernel/actor.ts';
import { createUser } from '../accounts/commands.ts';
import { addOrganisationMember } from '../organisations/commands.ts';
import {
  addTeamMember, assignReviewer, closeReviewPhase, confirmCoApplicant, createCall, createEnvelope, openEmergencyCall, recordDecisions, recordPayment,
  reviewReport, saveApplication, saveReview, setPrequalification, signAgreement, startApplication, submitReport, transitionApplication,
} from './commands.ts';
import { findApplication, projectIndicators, reportsOf, tranchesOf, awardOf } from './queries.ts';
import type { ApplicationInput, CallInput } from './schema.ts';

export const DEMO_PASSWORD = 'demo-passerelle-2026';
export const demoAccounts = {
  staff: 'instruction.region@demo.passerelle.org',
  finance: 'finances.region@demo.passerelle.org',
  reviewer: 'evaluation.region@demo.passerelle.org',
  reviewer2: 'evaluation2.region@demo.passerelle.org',
  cityStaff: 'crij@demo.passerelle.org',
  tetraktys: 'tetraktys@demo.passerelle.org',
  equisol: 'equisol@demo.passerelle.org',
  jeunes: 'jeunes-isere@demo.passerelle.org',
  savoie: 'secours-savoyard@demo.passerelle.org',
  soroma: 'soroma@demo.passerelle.org',
  djiguiya: 'djiguiya@demo.passerelle.org',
} as const;

const DAY = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);

function unwrap<T>(label: string, r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`demo funding ${label}: ${JSON.stringify(r.error)}`);
  return r.value;
}

async function demoUser(db: Db, email: string, displayName: string, roles: PlatformRole[], memberships: [string, OrganisationRole][] = []): Promise<Actor> {
  const created = await createUser(db, systemActor, { email, displayName, password: DEMO_PASSWORD }, roles);
  const id = unwrap(`user ${email}`, created).id;
  for (const [organisationId, role] of memberships) unwrap(`membership ${email}`, await addOrganisationMember(db, systemActor, organisationId, id, role));
  return { userId: id, displayName, email, platformRoles: new Set(roles), memberships: new Map(memberships), secondFactorDone: true };
}

const emptyApplication: ApplicationInput = {
  title: undefined, summary: undefined, projectId: undefined, countries: [], themes: [], requestedCents: 0, totalBudgetCents: 0, budgetLines: [],
  otherFunders: [], answers: {}, applicantSiret: undefined, applicantRna: undefined, coApplicants: [],
};

const criteria = [
  { key: 'pertinence', labelFr: 'Pertinence au regard des besoins', labelEn: 'Relevance to the needs', weight: 3 },
  { key: 'partenariat', labelFr: 'Qualité du partenariat local', labelEn: 'Quality of the local partnership', weight: 2 },
  { key: 'budget', labelFr: 'Réalisme du budget', labelEn: 'Realism of the budget', weight: 1 },
];
const questions = [{ key: 'partenaire', labelFr: 'Qui est votre partenaire local et comment décidez-vous ensemble ?', labelEn: 'Who is your local partner and how do you decide together?', required: true }];

export async function seedFunding(db: Db, orgs: Map<string, string>, projects: Map<string, string> = new Map(), now = new Date()): Promise<void> {
  const org = (key: string) => {
    const id = orgs.get(key);
    if (!id) throw new Error(`demo funding: organisation ${key} missing`);
    return id;
  };
  const region = org('region-rhone-alpes');
  const city = org('crij-cachan');

  // People. The region's instructor sits on the committee too; finance records payments; two reviewers.
  const staff = await demoUser(db, demoAccounts.staff, 'Claire Martin (Région, instruction)', ['funder_staff']);
  const finance = await demoUser(db, demoAccounts.finance, 'Hervé Lemaître (Région, finances)', ['finance']);
  const reviewer = await demoUser(db, demoAccounts.reviewer, 'Aïssata Diallo (évaluatrice)', ['reviewer']);
  const reviewer2 = await demoUser(db, demoAccounts.reviewer2, 'Jérôme Février (évaluateur)', ['reviewer']);
  const cityStaff = await demoUser(db, demoAccounts.cityStaff, 'Sophie Ndiaye (CRIJ de Cachan)', ['funder_staff', 'finance']);
  const tetraktys = await demoUser(db, demoAccounts.tetraktys, 'Élodie Roux (Tétraktys)', [], [[org('tetraktys'), 'admin']]);
  const equisol = await demoUser(db, demoAccounts.equisol, 'Benoît Girard (Équi’Sol)', [], [[org('equisol'), 'admin']]);
  const jeunes = await demoUser(db, demoAccounts.jeunes, 'Inès Bouvier (Jeunes solidaires de l’Isère)', [], [[org('jeunes-solidaires-isere'), 'admin']]);
  const savoie = await demoUser(db, demoAccounts.savoie, 'Marc Perrin (Secours savoyard)', [], [[org('humanitaires-savoie'), 'admin'], [org('bioforce'), 'editor'], [org('resacoop'), 'admin'], [org('solidarite-laique'), 'admin'], [org('aide-et-action'), 'admin'], [org('alliance-education'), 'admin']]);
  const soroma = await demoUser(db, demoAccounts.soroma, 'Françoise Keïta (Solidarité Cachan Soroma)', [], [[org('soroma'), 'admin'], [org('kayes'), 'admin']]);
  const djiguiya = await demoUser(db, demoAccounts.djiguiya, 'Moussa Traoré (Djiguiya)', [], [[org('djiguiya'), 'admin']]);

  for (const [funder, user, role] of [
    [region, staff, 'staff'], [region, staff, 'committee'], [region, finance, 'finance'], [region, reviewer, 'reviewer'], [region, reviewer2, 'reviewer'],
    [city, cityStaff, 'staff'], [city, cityStaff, 'committee'], [city, cityStaff, 'finance'], [city, reviewer, 'reviewer'],
  ] as const) {
    unwrap('team', await addTeamMember(db, systemActor, funder, user.userId!, role));
  }

  // Envelopes.
  const year = now.getUTCFullYear();
  const regionEnvelope = unwrap('region envelope', await createEnvelope(db, staff, {
    funderId: region, year, nameFr: 'Solidarité internationale', nameEn: 'International solidarity', amountCents: 1_000_000_000, currency: 'EUR',
    grantorName: 'Région Auvergne-Rhône-Alpes', grantorSiret: '20005376700014',
    lines: [
      { nameFr: 'Projets de solidarité internationale', nameEn: 'International solidarity projects', earmarkedCents: 450_000_000, isEmergency: false },
      { nameFr: 'Commerce équitable', nameEn: 'Fair trade', earmarkedCents: 150_000_000, isEmergency: false },
      { nameFr: 'Sensibilisation et éducation à la citoyenneté mondiale', nameEn: 'Awareness-raising and global citizenship education', earmarkedCents: 150_000_000, isEmergency: false },
      { nameFr: 'Projets de jeunes', nameEn: 'Young people’s projects', earmarkedCents: 150_000_000, isEmergency: false },
      { nameFr: 'Fonds d’urgence', nameEn: 'Emergency fund', earmarkedCents: 100_000_000, isEmergency: true },
    ],
  }));
  const [solidarityLine, fairTradeLine, awarenessLine, youthLine, emergencyLine] = regionEnvelope.lineIds as [string, string, string, string, string];
  const cityEnvelope = unwrap('city envelope', await createEnvelope(db, cityStaff, {
    funderId: city, year, nameFr: 'Subventions de solidarité internationale', nameEn: 'International solidarity grants', amountCents: 12_000_000, currency: 'EUR',
    grantorName: 'Commune de Cachan', grantorSiret: '21940016500017',
    lines: [
      { nameFr: 'Projets des associations cachanaises', nameEn: 'Projects of Cachan associations', earmarkedCents: 10_000_000, isEmergency: false },
      { nameFr: 'Urgences', nameEn: 'Emergencies', earmarkedCents: 2_000_000, isEmergency: true },
    ],
  }));

  const baseCall = (lineId: string, titleFr: string, titleEn: string, opensAt: Date, closesAt: Date, extra: Partial<CallInput> = {}): CallInput => ({
    lineId, titleFr, titleEn, opensAt, closesAt,
    textFr: `${titleFr} : la Région soutient les associations de son territoire et leurs partenaires.\n\nLes projets sont conduits avec un partenaire local qui participe aux décisions.`,
    textEn: `${titleEn}: the Region supports the associations of its territory and their partners.\n\nProjects are run with a local partner who takes part in decisions.`,
    eligibleSubtypes: [], countries: [], themes: [], minAmountCents: 500_000, maxAmountCents: 5_000_000, coFinancingMinPercent: 20,
    criteria, requiredDocuments: [], questions, trancheShares: [50, 50], trancheIntervalMonths: 6, ...extra,
  });

  // A call of last winter, closed: its applications went all the way.
  const past = (days: number) => new Date(now.getTime() - days * DAY);
  const closedCall = unwrap('closed call', await createCall(db, staff, baseCall(solidarityLine, 'Projets de solidarité internationale — session d’hiver', 'International solidarity projects — winter session', past(300), past(260))));
  // Open calls.
  const fairCall = unwrap('fair call', await createCall(db, staff, baseCall(fairTradeLine, 'Commerce équitable : filières et sensibilisation', 'Fair trade: supply chains and awareness', past(20), new Date(now.getTime() + 40 * DAY), { themes: ['fair-trade', 'awareness'] })));
  const awarenessCall = unwrap('awareness call', await createCall(db, staff, baseCall(awarenessLine, 'Festival des solidarités — actions de sensibilisation', 'Solidarity festival — awareness actions', past(40), new Date(now.getTime() + 20 * DAY), { minAmountCents: 100_000, maxAmountCents: 2_000_000, coFinancingMinPercent: 0 })));
  const youthCall = unwrap('youth call', await createCall(db, staff, baseCall(youthLine, 'Projets de jeunes solidaires', 'Young people’s solidarity projects', past(10), new Date(now.getTime() + 60 * DAY), { minAmountCents: 100_000, maxAmountCents: 1_500_000, coFinancingMinPercent: 10 })));
  void youthCall;
  const cityCall = unwrap('city call', await createCall(db, cityStaff, baseCall(cityEnvelope.lineIds[0]!, 'Fonds cachanais de solidarité internationale', 'Cachan international solidarity fund', past(15), new Date(now.getTime() + 30 * DAY), { minAmountCents: 100_000, maxAmountCents: 1_500_000, coFinancingMinPercent: 0, trancheShares: [1], trancheIntervalMonths: 12 })));

  const fill = (title: string, requested: number, countries: string[], themes: string[], extra: Partial<ApplicationInput> = {}): ApplicationInput => ({
    ...emptyApplication, title, summary: `${title} — projet conduit avec un partenaire local.`, countries, themes, requestedCents: requested, totalBudgetCents: requested * 2,
    budgetLines: [{ label: 'Investissements', amountCents: requested }, { label: 'Fonctionnement et suivi', amountCents: requested }],
    otherFunders: [{ name: 'Fonds propres et Agence française de développement', amountCents: requested }],
    answers: { partenaire: 'Un comité de pilotage local réunit les habitants, la mairie et notre association chaque trimestre.' }, ...extra,
  });

  async function draft(actor: Actor, callId: string, orgKey: string, input: ApplicationInput, at: Date): Promise<string> {
    const id = unwrap(`start ${input.title}`, await startApplication(db, actor, callId, org(orgKey), at)).id;
    const app = (await findApplication(db, id))!;
    unwrap(`save ${input.title}`, await saveApplication(db, actor, id, app.version, input));
    return id;
  }
  const move = async (actor: Actor, id: string, action: Parameters<typeof transitionApplication>[3], at: Date, extra = {}) =>
    unwrap(`${action} ${id}`, await transitionApplication(db, actor, id, action, undefined, extra, at));

  // Closed call: eight applications submitted during the window.
  const during = past(280);
  const closedApps: Record<string, string> = {};
  const closedSpecs: [string, string, number, string[], string[], Partial<ApplicationInput>][] = [
    ['tetraktys', 'Écotourisme solidaire au pays dogon', 2_400_000, ['ML'], ['environment'], { applicantSiret: '41234567800021', applicantRna: 'W381000123' }],
    ['resacoop', 'Coopération décentralisée Rhône-Alpes — Sénégal : formation des élus', 3_000_000, ['SN'], ['local-governance'], { applicantSiret: '38765432100018' }],
    ['bioforce', 'Former des logisticiens humanitaires à Ouagadougou', 4_000_000, ['BF'], ['emergency'], {}],
    ['aide-et-action', 'Écoles inclusives à Madagascar', 3_500_000, ['MG'], ['education'], { applicantSiret: '31456789000012' }],
    ['solidarite-laique', 'Éducation à la paix en Haïti', 2_000_000, ['HT'], ['peace'], {}],
    ['alliance-education', 'Réseau d’écoles partenaires au Sahel', 2_500_000, ['ML', 'BF'], ['education'], {}],
    ['humanitaires-savoie', 'Eau potable pour trois villages de la région d’Analamanga', 1_800_000, ['MG'], ['water'], { applicantSiret: '44455566600031' }],
  ];
  // Solidarité Laïque applies with its project of the atlas: the grant and its payments show on the project.
  const resilient = projects.get('crisis-resilient-public-education');
  if (resilient) closedSpecs.push(['solidarite-laique-2', 'Écoles résilientes aux crises : plans de continuité au Sahel', 2_200_000, ['NE', 'ML', 'BF'], ['education'], { projectId: resilient }]);
  for (const [key, title, amount, countries, themes, extra] of closedSpecs) {
    const actor = key === 'tetraktys' ? tetraktys : savoie;
    closedApps[key] = await draft(actor, closedCall.id, key.replace(/-2$/, ''), fill(title, amount, countries, themes, extra), during);
    await move(actor, closedApps[key]!, 'submit', during);
  }
  const screening = past(255);
  await move(staff, closedApps['solidarite-laique']!, 'declare_ineligible', screening, { note: 'Le projet ne relève pas des pays prioritaires de la Région.' });
  await move(savoie, closedApps['alliance-education']!, 'withdraw', screening);
  const reviewed = ['tetraktys', 'resacoop', 'bioforce', 'aide-et-action', 'humanitaires-savoie', ...(resilient ? ['solidarite-laique-2'] : [])];
  const scoresFor = (base: number) => Object.fromEntries(criteria.map((c, i) => [c.key, { score: Math.max(0, Math.min(5, base - (i % 2))), comment: 'Projet solide, partenaire impliqué.' }]));
  for (const [i, key] of reviewed.entries()) {
    const id = closedApps[key]!;
    await move(staff, id, 'declare_eligible', screening);
    const r1 = unwrap('assign', await assignReviewer(db, staff, id, reviewer.userId!)).id;
    const r2 = unwrap('assign', await assignReviewer(db, staff, id, reviewer2.userId!)).id;
    await move(staff, id, 'start_review', screening);
    unwrap('score', await saveReview(db, reviewer, r1, { conflict: false, conflictNote: undefined, scores: scoresFor(5 - i) }));
    if (key === 'bioforce') unwrap('conflict', await saveReview(db, reviewer2, r2, { conflict: true, conflictNote: 'J’ai été formateur à Bioforce cette année.', scores: {} }));
    else unwrap('score', await saveReview(db, reviewer2, r2, { conflict: false, conflictNote: undefined, scores: scoresFor(4 - (i % 3)) }));
  }
  unwrap('close review', await closeReviewPhase(db, staff, closedCall.id));
  const recommending = past(245);
  for (const key of ['tetraktys', 'resacoop', 'aide-et-action', 'humanitaires-savoie', ...(resilient ? ['solidarite-laique-2'] : [])]) await move(staff, closedApps[key]!, 'recommend', recommending);
  await move(staff, closedApps['bioforce']!, 'not_recommend', recommending);
  const committeeDay = past(240);
  const version = async (id: string) => (await findApplication(db, id))!.version;
  const decisions = await recordDecisions(db, staff, region, { reference: `CP-${committeeDay.getUTCFullYear()}-031`, heldOn: day(committeeDay) }, [
    { applicationId: closedApps.tetraktys!, version: await version(closedApps.tetraktys!), decision: 'award', amountCents: 2_000_000, conditions: 'Transmettre la convention signée avec le partenaire malien.' },
    { applicationId: closedApps.resacoop!, version: await version(closedApps.resacoop!), decision: 'award', amountCents: 3_000_000, conditions: undefined },
    { applicationId: closedApps['humanitaires-savoie']!, version: await version(closedApps['humanitaires-savoie']!), decision: 'award', amountCents: 1_800_000, conditions: undefined },
    { applicationId: closedApps['aide-et-action']!, version: await version(closedApps['aide-et-action']!), decision: 'reject', conditions: 'Enveloppe insuffisante cette session : à représenter.' },
    { applicationId: closedApps.bioforce!, version: await version(closedApps.bioforce!), decision: 'reject', conditions: undefined },
    ...(resilient ? [{ applicationId: closedApps['solidarite-laique-2']!, version: await version(closedApps['solidarite-laique-2']!), decision: 'award' as const, amountCents: 2_000_000, conditions: 'Rendre compte des plans de continuité adoptés.' }] : []),
  ], committeeDay);
  for (const o of unwrap('decisions', decisions).outcomes) if (!o.ok) throw new Error(`demo funding decision: ${JSON.stringify(o)}`);

  // Tétraktys: signed, first tranche paid, the interim report (due 6 months later) never came: overdue.
  const signing = past(235);
  unwrap('sign', await signAgreement(db, staff, closedApps.tetraktys!, day(signing), signing));
  const tetraktysAward = (await awardOf(db, closedApps.tetraktys!))!;
  const [t1] = await tranchesOf(db, tetraktysAward.id);
  unwrap('pay', await recordPayment(db, finance, { trancheId: t1!.id, idempotencyKey: `demo-pay-${t1!.id}`, paidOn: day(signing), reference: 'VIR-2026-0412' }, signing));
  // Secours savoyard: both tranches paid, both reports accepted, grant closed.
  unwrap('sign', await signAgreement(db, staff, closedApps['humanitaires-savoie']!, day(signing), signing));
  const savoieAward = (await awardOf(db, closedApps['humanitaires-savoie']!))!;
  const savoieTranches = await tranchesOf(db, savoieAward.id);
  const savoieReports = await reportsOf(db, savoieAward.id);
  unwrap('pay', await recordPayment(db, finance, { trancheId: savoieTranches[0]!.id, idempotencyKey: `demo-pay-${savoieTranches[0]!.id}`, paidOn: day(signing), reference: 'VIR-2026-0413' }, signing));
  const reportDay = past(60);
  const reportText = { narrative: 'Les trois forages sont réalisés et le comité de gestion de l’eau est formé.', financial: 'Dépenses conformes au budget (écart de 3 %).', results: '1 850 personnes ont accès à l’eau potable (objectif : 1 800).' };
  unwrap('report', await submitReport(db, savoie, savoieReports[0]!.id, reportText, reportDay));
  unwrap('accept', await reviewReport(db, staff, savoieReports[0]!.id, 'accepted', 'Merci pour ce compte rendu détaillé.', reportDay));
  unwrap('pay', await recordPayment(db, finance, { trancheId: savoieTranches[1]!.id, idempotencyKey: `demo-pay-${savoieTranches[1]!.id}`, paidOn: day(reportDay), reference: 'VIR-2026-0977' }, reportDay));
  unwrap('report', await submitReport(db, savoie, savoieReports[1]!.id, reportText, past(5)));
  unwrap('accept', await reviewReport(db, staff, savoieReports[1]!.id, 'accepted', undefined, past(5)));
  await move(staff, closedApps['humanitaires-savoie']!, 'close', past(4));
  // RESACOOP's award waits for the signed agreement.
  // Solidarité Laïque: signed, first tranche paid, interim report with its results against the project's indicator
  // accepted, second tranche paid; the commitment and both payments are the project's IATI transactions.
  if (resilient) {
    const id = closedApps['solidarite-laique-2']!;
    unwrap('sign', await signAgreement(db, staff, id, day(signing), signing));
    const award = (await awardOf(db, id))!;
    const [first, second] = await tranchesOf(db, award.id);
    const [interim] = await reportsOf(db, award.id);
    unwrap('pay', await recordPayment(db, finance, { trancheId: first!.id, idempotencyKey: `demo-pay-${first!.id}`, paidOn: day(signing), reference: 'VIR-2026-0414' }, signing));
    const indicators = (await projectIndicators(db, resilient)).map((ind) => ({ resultId: ind.resultId, indicator: ind.indicator, actual: '41', comment: 'À mi-parcours : 41 écoles ont adopté leur plan.' }));
    unwrap('report', await submitReport(db, savoie, interim!.id, { narrative: 'Les plans de continuité sont rédigés avec les équipes pédagogiques et les parents.', financial: 'Dépenses conformes au budget.', results: '41 écoles sur 80 ont adopté leur plan de continuité.', indicators }, past(65)));
    unwrap('accept', await reviewReport(db, staff, interim!.id, 'accepted', undefined, past(62)));
    unwrap('pay', await recordPayment(db, finance, { trancheId: second!.id, idempotencyKey: `demo-pay-${second!.id}`, paidOn: day(past(60)), reference: 'VIR-2026-0980' }, past(60)));
  }

  // Open calls: applications on their way.
  const fairDraft = await draft(equisol, fairCall.id, 'equisol', fill('Une filière de karité équitable au Burkina Faso', 3_000_000, ['BF'], ['fair-trade'], { applicantSiret: '50012345600017' }), now);
  await move(equisol, fairDraft, 'submit', now);
  const completion = await draft(tetraktys, awarenessCall.id, 'tetraktys', fill('Exposition itinérante « Tourisme et solidarité »', 800_000, ['ML', 'MG'], ['awareness']), now);
  await move(tetraktys, completion, 'submit', now);
  await move(staff, completion, 'request_completion', now, { completionDueAt: new Date(now.getTime() + 14 * DAY), note: 'Merci de préciser le calendrier des étapes de l’exposition.' });
  const eligible = await draft(savoie, awarenessCall.id, 'solidarite-laique', fill('Semaine de la solidarité internationale dans les lycées', 1_200_000, ['SN'], ['awareness']), now);
  await move(savoie, eligible, 'submit', now);
  await move(staff, eligible, 'declare_eligible', now);
  const inReview = await draft(savoie, awarenessCall.id, 'resacoop', fill('Rencontres régionales des acteurs de la solidarité', 1_500_000, ['SN', 'ML'], ['awareness']), now);
  await move(savoie, inReview, 'submit', now);
  await move(staff, inReview, 'declare_eligible', now);
  const pending = unwrap('assign', await assignReviewer(db, staff, inReview, reviewer.userId!)).id;
  void pending;
  await move(staff, inReview, 'start_review', now);
  // A young people's project in draft, with a co-applicant still to confirm.
  await draft(jeunes, youthCall.id, 'jeunes-solidaires-isere', fill('Échanges de jeunes Grenoble — Saint-Louis', 600_000, ['SN'], ['culture-youth'], { coApplicants: [{ organisationId: org('equisol'), partCents: 100_000 }] }), now);

  // The city: Soroma with its Malian partner (confirmed), submitted; Kayes still drafting.
  const soromaProject = projects.get('fournitures-scolaires-soroma');
  const soromaApp = await draft(soroma, cityCall.id, 'soroma', fill('Équiper l’école de Soroma en tables-bancs et manuels', 800_000, ['ML'], ['education-supplies'], { applicantRna: 'W942001234', coApplicants: [{ organisationId: org('djiguiya'), partCents: 200_000 }], ...(soromaProject ? { projectId: soromaProject } : {}) }), now);
  unwrap('confirm', await confirmCoApplicant(db, djiguiya, soromaApp, org('djiguiya')));
  await move(soroma, soromaApp, 'submit', now);
  await draft(soroma, cityCall.id, 'kayes', fill('Un forage pour le village de Diéma', 1_200_000, ['ML'], ['water']), now);

  // Emergency: the region vets its humanitarian associations, then opens a call after floods in Senegal.
  unwrap('prequalify', await setPrequalification(db, staff, region, org('humanitaires-savoie'), day(past(200)), 'Audit des comptes et visite de terrain.'));
  unwrap('prequalify', await setPrequalification(db, staff, region, org('bioforce'), day(past(900)), 'Vérification ancienne : à renouveler.'));
  const flood = unwrap('emergency', await openEmergencyCall(db, staff, {
    lineId: emergencyLine, titleFr: 'Inondations dans la vallée du fleuve Sénégal', titleEn: 'Floods in the Senegal River valley', kind: 'disaster', countries: ['SN'],
    glide: 'FL-2026-000150-SEN', decisionHours: 72, maxAmountCents: 5_000_000,
    textFr: 'Des pluies exceptionnelles ont inondé la région de Podor. Les associations pré-qualifiées peuvent demander un soutien pour l’eau, les abris et l’alimentation.',
    textEn: 'Exceptional rains flooded the Podor region. Pre-qualified associations may apply for support with water, shelter and food.',
  }, now));
  const floodApp = await draft(savoie, flood.id, 'humanitaires-savoie', { ...fill('Kits d’hygiène et eau potable pour 600 familles de Podor', 4_000_000, ['SN'], ['emergency']), budgetLines: [], otherFunders: [], totalBudgetCents: 5_000_000, answers: { needs: '600 familles sans accès à l’eau potable depuis la crue.' } }, now);
  await move(savoie, floodApp, 'submit', now);
  void cityEnvelope;
  void solidarityLine;
  void systemActor;
}
