// Demo data of the four seed scenarios, loaded on the first start of an empty database (DEMO_DATA=1)
// or with `passerelle seed`. Each module contributes its own seed; they run in dependency order.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Db } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { systemActor } from './kernel/actor.ts';
import { seedEvents } from './modules/events/seed.ts';
import { seedNews } from './modules/news/seed.ts';
import { countOrganisations } from './modules/organisations/queries.ts';
import { seedOrganisations } from './modules/organisations/seed.ts';
import { seedAlliances } from './modules/alliances/seed.ts';
import { seedCampaigns } from './modules/campaigns/seed.ts';
import { seedNetworks } from './modules/networks/seed.ts';
import { seedPartnerships } from './modules/partnerships/seed.ts';
import { seedFunding } from './modules/funding/seed.ts';
import { seedProjects } from './modules/projects/seed.ts';

export interface DemoIds {
  organisations: Map<string, string>;
  projects: Map<string, string>;
}

export async function isEmpty(db: Db): Promise<boolean> {
  return (await countOrganisations(db)) === 0;
}

export async function seedDemo(db: Db): Promise<DemoIds> {
  const organisations = await seedOrganisations(db, systemActor);
  const projects = await seedProjects(db, systemActor, organisations);
  await seedNews(db, systemActor, organisations, projects);
  await seedEvents(db, systemActor, organisations);
  await seedNetworks(db, systemActor, organisations);
  await seedPartnerships(db, organisations);
  await seedCampaigns(db, organisations);
  await seedAlliances(db, organisations, projects);
  await seedFunding(db, organisations, projects);
  return { organisations, projects };
}

// A ready-made demo database, prepared once by `npm install` (postinstall: scripts/prepare-demo.ts), so that the
// first `npm start` copies its files into DATA_DIR (a fraction of a second) instead of running initdb, the
// migrations and every seed (15–30 s on two cores). Its key covers every source file and migration and the PGlite version, so a changed
// checkout never starts from a stale snapshot: it falls back to seeding. See docs/decisions/0006-demo-snapshot.md.
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const demoSnapshotDir = path.join(projectRoot, 'node_modules', '.cache', 'passerelle');

export function demoSnapshotKey(): string {
  const hash = createHash('sha256');
  const files = [
    ...readdirSync(path.join(projectRoot, 'src'), { recursive: true, encoding: 'utf8' }).map((f) => path.join('src', f)),
    ...readdirSync(path.join(projectRoot, 'migrations'), { recursive: true, encoding: 'utf8' }).map((f) => path.join('migrations', f)),
    'package-lock.json',
  ]
    .filter((f) => /\.(ts|tsx|sql|json)$/.test(f) && !/\.test\.tsx?$/.test(f))
    .sort();
  for (const file of files) hash.update(file).update(readFileSync(path.join(projectRoot, file)));
  return hash.digest('hex').slice(0, 20);
}

export const demoSnapshotPath = (key = demoSnapshotKey()) => path.join(demoSnapshotDir, `demo-${key}`);

/** The prepared demo database for this checkout (a closed PGlite data directory), when `npm install` made one. */
export function preparedDemoSnapshot(): string | undefined {
  const dir = demoSnapshotPath();
  return existsSync(path.join(dir, 'PG_VERSION')) ? dir : undefined;
}

/** Builds the snapshot: a new embedded database, migrated and seeded, closed, then moved into the cache folder. */
export async function writeDemoSnapshot(): Promise<{ dir: string; bytes: number }> {
  const target = demoSnapshotPath();
  const building = path.join(demoSnapshotDir, `building-${process.pid}`);
  rmSync(building, { recursive: true, force: true });
  mkdirSync(demoSnapshotDir, { recursive: true });
  const database = await openDatabase({ dataDir: building });
  try {
    await migrate(database);
    await seedDemo(database.db);
  } finally {
    await database.close();
  }
  for (const old of readdirSync(demoSnapshotDir).filter((f) => f.startsWith('demo-'))) rmSync(path.join(demoSnapshotDir, old), { recursive: true, force: true });
  renameSync(path.join(building, 'pglite'), target);
  rmSync(building, { recursive: true, force: true });
  const bytes = readdirSync(target, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((n, e) => n + statSync(path.join(e.parentPath, e.name)).size, 0);
  return { dir: target, bytes };
}
