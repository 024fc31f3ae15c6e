// Disk full: the embedded database (PGlite DATA_DIR) lives on a small tmpfs that the test mounts and then fills
// with a filler file. Logo uploads (stored in the database) are sent until the disk refuses them (then an IATI
// import is sent too, and run again once space is freed: complete, nothing doubled): the refusal is
// a clear answer (no stack trace, no crash); once space is freed the same upload succeeds, and after a restart
// every acknowledged save is there and the database is consistent. Needs root to mount tmpfs (skipped
// otherwise, with a message). PGlite only: with DATABASE_URL the disk is the PostgreSQL server's.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { seedDemo } from '../../src/demo.ts';
import { organisations } from '../../src/modules/organisations/tables.ts';
import { makeUser, multipartBody, testPassword } from '../support/app.ts';
import { removeDir, signInHttp, startServer, tempDir, type Server } from './server.ts';

const root = tempDir('diskfull');
/** A real publisher's file of 45 activities (../shared/iati/corpus). */
const IATI_FILE = path.resolve(import.meta.dirname, '../../../shared/iati/corpus/csv2iati-public-backup/1409249656.74.xml');
const mountPoint = path.join(root, 'tmpfs');
function tryMount(sizeMb: number): string | false {
  if (process.env.DATABASE_URL) return 'runs on the embedded database only (DATABASE_URL is set)';
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  try {
    mkdirSync(mountPoint);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', mountPoint], { stdio: 'pipe' });
    return false;
  } catch (err) {
    return `mount -t tmpfs failed: ${(err as Error).message.split('\n')[0]}`;
  }
}
const seeded = path.join(root, 'seeded');
let server: Server | undefined;
let mounted = false;
after(async () => {
  await server?.kill('SIGKILL');
  if (mounted) execFileSync('umount', ['-l', mountPoint]);
  removeDir(root);
});

const freeBytes = (dir: string) => {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
};

async function noisyImage(seed: number): Promise<Buffer> {
  const raw = Buffer.alloc(512 * 512 * 3);
  let x = seed * 2654435761;
  for (let i = 0; i < raw.length; i++) raw[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return sharp(raw, { raw: { width: 512, height: 512, channels: 3 } }).png().toBuffer();
}

test('disk full under the embedded database: uploads refused clearly, accepted again once space is freed, nothing half-written', { timeout: 300_000 }, async (t) => {
  // The demo data, migrated and seeded on ordinary disk, with a platform admin to upload logos.
  const database = await openDatabase({ dataDir: seeded });
  await migrate(database);
  await seedDemo(database.db);
  const admin = await makeUser(database.db, ['platform_admin']);
  const [org] = await database.db.select().from(organisations).where(eq(organisations.slug, 'niger-avenir'));
  await database.close();
  const usedMb = Math.ceil(Number(execFileSync('du', ['-sm', seeded]).toString().split('\t')[0]));
  const skip = tryMount(usedMb + 48);
  if (skip) {
    console.log(`disk-full: SKIPPED — ${skip}`);
    t.skip(skip);
    return;
  }
  mounted = true;
  const dataDir = path.join(mountPoint, 'data');
  cpSync(seeded, dataDir, { recursive: true });
  rmSync(path.join(dataDir, 'passerelle.lock'), { force: true });
  server = await startServer({ dataDir });
  const browser = await signInHttp(server.base, admin.email, testPassword);

  let version = org!.version;
  const save = async (i: number) => {
    const { payload, contentType } = multipartBody({ _csrf: browser.csrf, nameFr: 'Niger Avenir', subtype: 'diaspora', version: String(version), city: `Ville ${i}` }, { logo: { name: `logo-${i}.png`, type: 'image/png', data: await noisyImage(i) } });
    const res = await fetch(`${server!.base}/fr/organisations/niger-avenir/edit`, { method: 'POST', redirect: 'manual', headers: { cookie: browser.cookie, 'content-type': contentType }, body: payload });
    return { status: res.status, body: await res.text() };
  };

  // Fill the disk, leaving a little room, then save until the disk refuses.
  const filler = path.join(mountPoint, 'filler');
  writeFileSync(filler, Buffer.alloc(Math.max(0, freeBytes(mountPoint) - 2 * 1024 * 1024)));
  let acknowledged = 0;
  let refusal: { status: number; body: string } | undefined;
  for (let i = 0; i < 40 && !refusal; i++) {
    const res = await save(i).catch((err: Error) => ({ status: 0, body: err.message }));
    if (res.status === 303) {
      acknowledged++;
      version++;
    } else refusal = res;
  }
  assert.ok(refusal, 'the full disk refused a save');
  console.log(`disk-full: ${acknowledged} saves acknowledged before the disk refused one with ${refusal.status}; server ${server.child.exitCode === null ? 'still running' : `exited ${server.child.exitCode}`}`);
  assert.doesNotMatch(refusal.body, /at .*\.ts:\d+|stack/i, 'no stack trace');
  assert.ok(refusal.status === 503 || refusal.status === 507, `a clear refusal, not ${refusal.status}: ${refusal.body.slice(0, 300)}`);
  assert.equal(server.child.exitCode, null, 'the server did not crash');

  // An IATI import while the disk is full: a clear answer (the report, or 503), never a crash or a stack trace.
  const iatiFile = readFileSync(IATI_FILE);
  const importFile = async () => {
    const { payload, contentType } = multipartBody({ _csrf: browser.csrf, organisation: '', publish: 'on' }, { file: { name: 'activities.xml', type: 'application/xml', data: iatiFile } });
    const res = await fetch(`${server!.base}/fr/iati/import`, { method: 'POST', redirect: 'manual', headers: { cookie: browser.cookie, 'content-type': contentType }, body: payload });
    return { status: res.status, body: await res.text() };
  };
  const fullImport = await importFile();
  console.log(`disk-full: IATI import on the full disk answered ${fullImport.status}`);
  assert.ok([200, 422, 503, 507].includes(fullImport.status), `a clear answer to the import, not ${fullImport.status}: ${fullImport.body.slice(0, 300)}`);
  assert.doesNotMatch(fullImport.body, /at .*\.ts:\d+/, 'no stack trace');
  assert.equal(server.child.exitCode, null, 'the server did not crash during the import');

  // Free the space: the same save goes through without a restart.
  rmSync(filler);
  let recovered = false;
  for (let i = 0; i < 20 && !recovered; i++) {
    const res = await save(100 + i);
    if (res.status === 303) {
      recovered = true;
      acknowledged++;
      version++;
    } else await new Promise((r) => setTimeout(r, 500));
  }
  assert.ok(recovered, 'saves are accepted again once space is freed');
  // The same import, run again with room: complete, and nothing doubled by the first attempt.
  const again = await importFile();
  assert.equal(again.status, 200, again.body.slice(0, 300));

  // Restart: every acknowledged save is there, and no logo file is orphaned or missing.
  await server.kill('SIGTERM');
  server = undefined;
  const reopened = await openDatabase({ dataDir });
  const [after] = await reopened.db.select().from(organisations).where(eq(organisations.id, org!.id));
  assert.equal(after!.version, org!.version + acknowledged, 'one version per acknowledged save, none lost, none half-applied');
  const missing = ((await reopened.db.execute(sql`select count(*)::int n from organisations o where o.logo_file_id is not null and not exists (select 1 from files f where f.id = o.logo_file_id)`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
  assert.equal(missing, 0, 'every logo points at a stored file');
  const check = ((await reopened.db.execute(sql`select count(*)::int n from organisations`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
  const expectedIds = new Set([...iatiFile.toString('utf8').matchAll(/<iati-identifier>\s*([^<]+?)\s*<\/iati-identifier>/g)].map((m) => m[1]!));
  const imported = ((await reopened.db.execute(sql`select iati_identifier id, count(*)::int n from projects where iati_identifier in ${sql.raw(`(${[...expectedIds].map((id) => `'${id.replace(/'/g, "''")}'`).join(',')})`)} group by iati_identifier`)) as unknown as { rows: { id: string; n: number }[] }).rows;
  assert.equal(imported.length, expectedIds.size, 'every activity of the file is there after the second import');
  assert.ok(imported.every((r) => r.n === 1), 'none doubled');
  assert.ok(check > 0);
  await reopened.close();
  console.log(`disk-full: recovered after freeing space; ${acknowledged} saves acknowledged in all, version ${after!.version}`);
  assert.ok(existsSync(dataDir));
});
