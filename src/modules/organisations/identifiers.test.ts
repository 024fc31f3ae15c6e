import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactIdentifier, isValidIatiOrganisationId, isValidRna, isValidSiret } from './identifiers.ts';

test('SIRET: 14 digits with a Luhn check digit', () => {
  assert.ok(isValidSiret('73282932000074'));
  assert.ok(isValidSiret(compactIdentifier('732 829 320 00074')));
  assert.ok(!isValidSiret('73282932000075'));
  assert.ok(!isValidSiret('7328293200007'));
  assert.ok(!isValidSiret('7328293200007A'));
  assert.ok(isValidSiret('35600000000010'), 'La Poste establishments use the digit-sum rule');
});

test('RNA: W, département, seven digits', () => {
  assert.ok(isValidRna('W751234567'));
  assert.ok(isValidRna('W2A1234567'));
  assert.ok(!isValidRna('751234567'));
  assert.ok(!isValidRna('W75123456'));
  assert.ok(!isValidRna('X751234567'));
});

test('IATI organisation identifiers: registry prefix and number', () => {
  for (const ok of ['FR-RNA-W751234567', 'XM-DAC-41114', 'GB-CHC-1234567', 'NL-KVK-41198677', 'FR-6', 'XI-IATI-EC_DEVCO']) assert.ok(isValidIatiOrganisationId(ok), ok);
  for (const bad of ['FR RNA W75', 'fr-rna-1', 'FR/RNA/1', 'W751234567', '', 'FR-']) assert.ok(!isValidIatiOrganisationId(bad), bad);
});
