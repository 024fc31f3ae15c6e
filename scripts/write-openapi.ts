// Writes openapi.json from the routes every module declares (kernel/api.ts registry).
// `--check` exits 1 when the committed file differs, so the document never drifts from the code.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { openApiDocument } from '../src/kernel/api.ts';

const check = process.argv.includes('--check');
const file = new URL('../openapi.json', import.meta.url);

// Registering the routes needs no data: an in-memory database is enough.
const database = await openDatabase({ dataDir: '', inMemory: true });
const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), database, logLevel: 'silent' });
await app.ready();
const text = JSON.stringify(openApiDocument({ title: 'Passerelle API', version: '1' }), null, 2) + '\n';
await app.close();
await database.close();

if (check) {
  const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (committed !== text) {
    console.error('openapi.json is out of date: run `npm run openapi` and commit it.');
    process.exit(1);
  }
  console.log('openapi.json matches the routes.');
} else {
  writeFileSync(file, text);
  console.log(`openapi.json written (${Object.keys(JSON.parse(text).paths).length} paths).`);
}
