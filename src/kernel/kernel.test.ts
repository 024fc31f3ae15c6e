import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { dictionaries } from '../app.ts';
import { escapeFormula, toCsv } from './csv.ts';
import { createCatalogue, negotiateLocale, pick } from './i18n.ts';
import { slugify } from './ids.ts';
import { formatMoney, parseMoney } from './money.ts';
import { validate } from './validation.ts';

test('every interface text exists in French and in English', () => {
  const missing = createCatalogue(dictionaries).missingKeys();
  assert.deepEqual(missing, { fr: [], en: [] });
});

test('translations interpolate and pluralise per language', () => {
  const catalogue = createCatalogue(dictionaries);
  const fr = catalogue.translator('fr');
  const en = catalogue.translator('en');
  assert.equal(fr.plural('organisations.result_count', 1), '1 organisation');
  assert.equal(fr.plural('organisations.result_count', 1234), '1\u202f234 organisations');
  assert.equal(en.plural('organisations.result_count', 2), '2 organisations');
  assert.equal(en('paging.status', { page: 2, pages: 5 }), 'Page 2 of 5');
});

test('content falls back to the other language when one is empty', () => {
  assert.deepEqual(pick({ fr: 'Bonjour', en: '' }, 'en'), { text: 'Bonjour', lang: 'fr' });
  assert.deepEqual(pick({ fr: null, en: 'Hello' }, 'fr'), { text: 'Hello', lang: 'en' });
  assert.deepEqual(pick({ fr: 'Bonjour', en: 'Hello' }, 'en'), { text: 'Hello', lang: 'en' });
});

test('the first visit picks the language from Accept-Language', () => {
  assert.equal(negotiateLocale('en-GB,en;q=0.9,fr;q=0.8', 'fr'), 'en');
  assert.equal(negotiateLocale('de-DE,fr;q=0.5,en;q=0.4', 'en'), 'fr');
  assert.equal(negotiateLocale('de', 'fr'), 'fr');
  assert.equal(negotiateLocale(undefined, 'en'), 'en');
});

test('slugs are readable ASCII', () => {
  assert.equal(slugify('Solidarité Cachan Soroma'), 'solidarite-cachan-soroma');
  assert.equal(slugify('  Les Amis de Cusco !! '), 'les-amis-de-cusco');
  assert.equal(slugify('???'), 'item');
  // Long titles are cut at a word boundary, never in the middle of a word.
  assert.equal(slugify('Éducation inclusive à Madagascar et en Haïti — projet commun de l’Alliance Éducation'), 'education-inclusive-a-madagascar-et-en-haiti-projet-commun-de-l-alliance');
  assert.equal(slugify('abcdefghij'.repeat(10), 20), 'abcdefghijabcdefghij');
});

test('money is parsed in French and English notation, and formatted per language', () => {
  assert.equal(parseMoney('1 234,56'), 123456);
  assert.equal(parseMoney('1,234.56'), 123456);
  assert.equal(parseMoney('10 000 000 €'), 1_000_000_000);
  assert.equal(parseMoney('12.5'), 1250);
  assert.equal(parseMoney('abc'), undefined);
  assert.equal(parseMoney('-5'), undefined);
  assert.equal(formatMoney(1_000_000_000, 'EUR', 'fr'), '10\u202f000\u202f000\u00a0€');
  assert.equal(formatMoney(123456, 'EUR', 'en'), '€1,234.56');
});

test('CSV cells that look like formulas are neutralised, and the file starts with a BOM', () => {
  assert.equal(escapeFormula('=HYPERLINK("x")'), `'=HYPERLINK("x")`);
  assert.equal(escapeFormula('+33 1 23'), `'+33 1 23`);
  assert.equal(escapeFormula('Cachan'), 'Cachan');
  const csv = toCsv(['Nom', 'Ville'], [['=1+1', 'Cachan; Val-de-Marne']], ';');
  assert.ok(csv.startsWith('\ufeff'));
  assert.equal(csv, `\ufeffNom;Ville\r\n'=1+1;"Cachan; Val-de-Marne"\r\n`);
});

test('validation gives one translated message per field', () => {
  const t = createCatalogue(dictionaries).translator('fr');
  const schema = z.object({ email: z.email(), name: z.string().min(1).max(5), extra: z.string().refine(() => false, { params: { key: 'organisations.error.siret' } }) });
  const result = validate(schema, { email: 'nope', name: 'too long', extra: 'x' }, t);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.error.email, t('validation.email'));
  assert.equal(result.error.name, 'Au plus 5 caractères.');
  assert.equal(result.error.extra, t('organisations.error.siret'));
  const missing = validate(z.object({ name: z.string() }), {}, t);
  assert.equal(!missing.ok && missing.error.name, 'Ce champ est obligatoire.');
});
