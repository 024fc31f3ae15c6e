// Pure rules: the funder's time zone, eligibility, weighted ranking, prequalification, the SCDL format and
// document sniffing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { sniffDocument } from '../files/documents.ts';
import { callPhase, checkEligibility, instantToLocal, isPrequalified, localToInstant, rankApplications, weightedScore } from './rules.ts';
import { parseCsv, scdlAmount, scdlColumns, scdlShare, validateScdlCsv, validateScdlRows, writeScdlCsv, type ScdlRow } from './scdl.ts';

test('dates typed in Paris time become the right instants, summer and winter', () => {
  assert.equal(localToInstant('2026-11-30T17:00')?.toISOString(), '2026-11-30T16:00:00.000Z');
  assert.equal(localToInstant('2026-07-01T12:00')?.toISOString(), '2026-07-01T10:00:00.000Z');
  assert.equal(instantToLocal(new Date('2026-07-01T10:00:00Z')), '2026-07-01T12:00');
  assert.equal(localToInstant('2026-13-01T10:00'), null);
  assert.equal(localToInstant('nonsense'), null);
});

test('a call closes by itself at its deadline', () => {
  const call = { opensAt: new Date('2026-01-01T00:00:00Z'), closesAt: new Date('2026-02-01T00:00:00Z') };
  assert.equal(callPhase(call, new Date('2025-12-31T23:59:59Z')), 'upcoming');
  assert.equal(callPhase(call, new Date('2026-01-15T00:00:00Z')), 'open');
  assert.equal(callPhase(call, new Date('2026-02-01T00:00:00Z')), 'closed');
});

const call = { eligibleSubtypes: ['ngo'], countries: ['SN', 'ML'], themes: ['water'], minAmountCents: 100_000, maxAmountCents: 1_000_000, coFinancingMinPercent: 20, questions: [{ key: 'q', labelFr: 'Q', labelEn: 'Q', required: true }], requiredDocuments: [{ key: 'statuts', labelFr: 'Statuts', labelEn: 'Statutes' }] };
const good = { organisationSubtype: 'ngo', countries: ['SN'], themes: ['water'], requestedCents: 500_000, totalBudgetCents: 1_000_000, budgetLines: [{ label: 'a', amountCents: 1_000_000 }], otherFunders: [], answers: { q: 'oui' }, documentKeys: ['statuts'] };

test('eligibility: every rule of the call, one problem each', () => {
  assert.deepEqual(checkEligibility(call, good), []);
  const cases: [Partial<typeof good>, string][] = [
    [{ organisationSubtype: 'student' }, 'subtype_not_eligible'],
    [{ countries: ['FR'] }, 'country_not_eligible'],
    [{ themes: ['education'] }, 'theme_not_eligible'],
    [{ requestedCents: 50_000 }, 'amount_below_minimum'],
    [{ requestedCents: 2_000_000, totalBudgetCents: 5_000_000, budgetLines: [] }, 'amount_above_maximum'],
    [{ totalBudgetCents: 400_000, budgetLines: [] }, 'request_exceeds_budget'],
    [{ budgetLines: [{ label: 'a', amountCents: 1 }] }, 'budget_lines_mismatch'],
    [{ requestedCents: 900_000 }, 'co_financing_too_low'],
    [{ answers: { q: '  ' } }, 'answers_missing'],
    [{ documentKeys: [] }, 'documents_missing'],
  ];
  for (const [change, problem] of cases) assert.ok(checkEligibility(call, { ...good, ...change }).includes(problem as never), problem);
  // a sub-theme of an eligible theme is eligible
  assert.deepEqual(checkEligibility({ ...call, themes: ['education'] }, { ...good, themes: ['education-books'] }), []);
});

test('ranking: weighted scores on 100, spread between reviewers, conflicts left out', () => {
  const criteria = [{ key: 'a', labelFr: 'A', labelEn: 'A', weight: 3 }, { key: 'b', labelFr: 'B', labelEn: 'B', weight: 1 }];
  assert.equal(weightedScore(criteria, { a: { score: 5, comment: '' }, b: { score: 5, comment: '' } }), 100);
  assert.equal(weightedScore(criteria, { a: { score: 4, comment: '' }, b: { score: 0, comment: '' } }), 60);
  assert.equal(weightedScore(criteria, { a: { score: 4, comment: '' } }), null);
  const ranking = rankApplications(criteria, new Map<string, { conflict: boolean; scores: Record<string, { score: number; comment: string }> }[]>([
    ['x', [{ conflict: false, scores: { a: { score: 2, comment: '' }, b: { score: 2, comment: '' } } }]],
    ['y', [{ conflict: false, scores: { a: { score: 5, comment: '' }, b: { score: 5, comment: '' } } }, { conflict: false, scores: { a: { score: 4, comment: '' }, b: { score: 0, comment: '' } } }, { conflict: true, scores: {} }]],
  ]));
  assert.deepEqual(ranking.map((r) => [r.applicationId, r.mean, r.spread, r.conflicts]), [['y', 80, 40, 1], ['x', 40, 0, 0]]);
});

test('prequalification lasts two years', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  assert.equal(isPrequalified('2025-01-01', now), true);
  assert.equal(isPrequalified('2024-11-24', now), true);
  assert.equal(isPrequalified('2024-11-23', now), false);
  assert.equal(isPrequalified('2027-01-01', now), false);
  assert.equal(isPrequalified(null, now), false);
  assert.equal(isPrequalified('garbage', now), false);
});

const row: ScdlRow = {
  nomAttribuant: 'Région Auvergne-Rhône-Alpes', idAttribuant: '20005376700014', dateConvention: '2026-03-31', referenceDecision: 'CP-2026-031',
  nomBeneficiaire: 'Tétraktys', idBeneficiaire: '41234567800021', rnaBeneficiaire: 'W381000123', objet: 'Écotourisme, "solidaire", au pays dogon', montant: '20000',
  nature: 'aide en numéraire', conditionsVersement: 'échelonné', datesPeriodeVersement: '2026-03-31/2026-09-30', idRAE: '', notificationUE: 'non', pourcentageSubvention: '1', dispositifAide: 'Projets',
};

test('SCDL 2.1.1: exact columns in order, formats, a file that reads back valid', () => {
  assert.equal(scdlColumns.join(','), 'nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,rnaBeneficiaire,objet,montant,nature,conditionsVersement,datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention,dispositifAide');
  assert.deepEqual(validateScdlRows([row]), []);
  const csv = writeScdlCsv([row]);
  assert.ok(!csv.startsWith('\ufeff'));
  assert.deepEqual(validateScdlCsv(csv, parseCsv), []);
  assert.equal(scdlAmount(1_500_050), '15000.5');
  assert.equal(scdlAmount(2_000_000), '20000');
  assert.equal(scdlShare(1, 3), '0.3333');
  const bad: [Partial<ScdlRow>, string, string][] = [
    [{ idAttribuant: '123' }, 'idAttribuant', 'siret'],
    [{ idBeneficiaire: '' }, 'idBeneficiaire', 'required'],
    [{ rnaBeneficiaire: 'X123' }, 'rnaBeneficiaire', 'rna'],
    [{ dateConvention: '2026-02-30' }, 'dateConvention', 'date'],
    [{ montant: '20 000,00' }, 'montant', 'number'],
    [{ nature: 'chèque' }, 'nature', 'choice'],
    [{ datesPeriodeVersement: '2026-09-30/2026-03-31' }, 'datesPeriodeVersement', 'date_or_period'],
    [{ notificationUE: 'peut-être' }, 'notificationUE', 'choice'],
    [{ pourcentageSubvention: '1.5' }, 'pourcentageSubvention', 'between_0_and_1'],
    [{ objet: 'x'.repeat(256) }, 'objet', 'too_long'],
  ];
  for (const [change, column, problem] of bad) {
    assert.deepEqual(validateScdlRows([{ ...row, ...change }]).map((p) => [p.column, p.problem]), [[column, problem]], `${column}`);
  }
  assert.deepEqual(validateScdlCsv('\ufeff' + csv, parseCsv)[0]?.problem, 'bom');
  assert.deepEqual(validateScdlCsv(csv.replace('nomAttribuant,idAttribuant', 'idAttribuant,nomAttribuant'), parseCsv)[0]?.problem, 'columns');
  // nature may name both kinds
  assert.deepEqual(validateScdlRows([{ ...row, nature: 'aide en numéraire;aide en nature' }]), []);
});

test('documents are recognised from their bytes: PDF, ODT, DOCX; anything else is refused', () => {
  assert.equal(sniffDocument(Buffer.from('%PDF-1.7\n...')), 'pdf');
  const odt = Buffer.from(zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }], 'content.xml': strToU8('<x/>') }));
  assert.equal(sniffDocument(odt), 'odt');
  const docx = Buffer.from(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') }));
  assert.equal(sniffDocument(docx), 'docx');
  assert.equal(sniffDocument(Buffer.from(zipSync({ 'a.txt': strToU8('hello') }))), null);
  assert.equal(sniffDocument(Buffer.from('<html>%PDF-')), null);
  assert.equal(sniffDocument(Buffer.from([0x89, 0x50, 0x4e, 0x47])), null);
});
