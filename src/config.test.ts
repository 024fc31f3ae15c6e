import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults serve the embedded database on port 3000 in French', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.defaultLocale, 'fr');
  assert.equal(config.baseUrl, 'http://localhost:3000');
  assert.ok(config.dataDir.endsWith('/data'));
});

test('a bad configuration lists every problem at once', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', DEFAULT_LOCALE: 'de' }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.problems.length, 3);
      assert.match(err.message, /PORT/);
      assert.match(err.message, /DATABASE_URL/);
      assert.match(err.message, /DEFAULT_LOCALE/);
      return true;
    },
  );
});

test('empty variables count as unset', () => {
  assert.equal(loadConfig({ PORT: '' }).port, 3000);
  assert.equal(loadConfig({ BASE_URL: 'https://solidarite.example.org/' }).baseUrl, 'https://solidarite.example.org');
});
