// passerelle <command>: administration from the shell. Reads its arguments here; everything else from config.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { DataDirLockedError } from '../db/lock.ts';
import { migrate } from '../db/migrate.ts';
import { isEmpty, seedDemo } from '../demo.ts';
import { systemActor } from '../kernel/actor.ts';
import { createUser } from '../modules/accounts/commands.ts';
import { createUserSchema } from '../modules/accounts/schema.ts';
import { importIatiFile, type ImportFileReport } from '../modules/iati/commands.ts';
import { iatiMessages } from '../modules/iati/messages.ts';
import { findOrganisationBySlug } from '../modules/organisations/queries.ts';
import { createCatalogue } from '../kernel/i18n.ts';

const usage = `Usage: passerelle <command> [options]

Commands:
  migrate                         apply the database migrations
  seed [--force]                  load the demo data (only into an empty database unless --force)
  create-admin --email E --name N [--password P]
                                  create a platform administrator (password read from standard input when not given)
  import-iati FILE… [--organisation SLUG] [--draft] [--progress] [--batch-size N]
                                  import IATI activity or organisation files (2.01–2.03, 1.0x best effort): projects
                                  are created or updated by activity identifier; --organisation attributes every
                                  activity to that organisation; --draft keeps new projects as drafts. Exit code 0
                                  when every file was readable, 1 otherwise
`;

/** The report of one file as plain lines: the summary, then each activity skipped or read with warnings. */
function printReport(r: ImportFileReport): void {
  const t = createCatalogue([iatiMessages]).translator('en');
  const c = r.counts;
  console.log(`${r.fileName}: ${r.readable ? 'read' : 'REFUSED'}${r.root ? ` (${r.root} ${r.version ?? '?'})` : ''}; ${c.imported} imported, ${c.updated} updated, ${c.skipped} skipped, ${c.warnings} warnings, ${c.organisationsCreated} directory entries added`);
  if (r.error) console.log(`  ${t(`iati.parse.${r.error.code}`, { line: r.error.line, column: r.error.column })}`);
  for (const e of r.entries) {
    const who = `  ${e.record} ${e.identifier ?? '(no identifier)'} (line ${e.line})`;
    if (e.outcome === 'skipped') console.log(`${who}: ${t(e.reason ?? 'iati.import.skip.database', { line: e.line, ...e.params })}`);
    else if (e.reason) console.log(`${who}: ${e.outcome}; ${t(e.reason, { line: e.line, ...e.params })}`);
    for (const w of e.warnings.slice(0, 3)) console.log(`${who}: ${t(`iati.warning.${w.code}`, { line: w.line, element: w.element })}`);
    if (e.warnings.length > 3) console.log(`${who}: … ${e.warnings.length - 3} more warnings`);
  }
  if (r.truncated) console.log('  … more entries not listed (the counts above are complete)');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    await migrate(database);
    return await work(database);
  } finally {
    await database.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate':
      await withDatabase(async () => undefined);
      console.log('Migrations applied.');
      return 0;
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { force: { type: 'boolean', default: false } } });
      return withDatabase(async ({ db }) => {
        if (!values.force && !(await isEmpty(db))) {
          console.log('The database already holds data: nothing loaded (use --force to add the demo data anyway).');
          return 0;
        }
        const ids = await seedDemo(db);
        console.log(`Demo data loaded: ${ids.organisations.size} organisations.`);
        return 0;
      });
    }
    case 'create-admin': {
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } } });
      const password = values.password ?? (await readStdin());
      const parsed = createUserSchema.safeParse({ email: values.email, displayName: values.name ?? values.email, password });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) console.error(`${issue.path.join('.')}: ${issue.message === 'accounts.password_too_short' ? 'at least 12 characters' : issue.message}`);
        return 2;
      }
      return withDatabase(async ({ db }) => {
        const created = await createUser(db, systemActor, parsed.data, ['platform_admin']);
        if (!created.ok) {
          console.error(`An account with the e-mail ${parsed.data.email} already exists.`);
          return 1;
        }
        console.log(`Administrator ${parsed.data.email} created.`);
        return 0;
      });
    }
    case 'import-iati': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { organisation: { type: 'string' }, draft: { type: 'boolean', default: false }, progress: { type: 'boolean', default: false }, 'batch-size': { type: 'string' } } });
      if (positionals.length === 0) {
        console.log(usage);
        return 2;
      }
      return withDatabase(async ({ db }) => {
        let organisationId: string | undefined;
        if (values.organisation) {
          const org = await findOrganisationBySlug(db, values.organisation);
          if (!org) {
            console.error(`No organisation with the slug ${values.organisation}.`);
            return 2;
          }
          organisationId = org.id;
        }
        let unreadable = 0;
        const totals = { imported: 0, updated: 0, skipped: 0 };
        for (const file of positionals) {
          try {
            if (!statSync(file).isFile()) throw new Error('not a file');
          } catch {
            console.log(`${file}: REFUSED: cannot be read (missing, not a file, or not allowed)`);
            unreadable++;
            continue;
          }
          const result = await importIatiFile(db, systemActor, { name: basename(file), data: createReadStream(file, { highWaterMark: 64 * 1024 }) }, {
            origin: 'cli',
            organisationId,
            publish: !values.draft,
            ...(values['batch-size'] && Number(values['batch-size']) > 0 ? { batchSize: Number(values['batch-size']) } : {}),
            ...(values.progress ? { onCommitted: (n: number) => console.log(`progress: ${file}: ${n} activities committed`) } : {}),
          });
          if (!result.ok) {
            console.error(`${file}: import refused (${result.error.code})`);
            return 1;
          }
          printReport(result.value);
          if (!result.value.readable) unreadable++;
          totals.imported += result.value.counts.imported;
          totals.updated += result.value.counts.updated;
          totals.skipped += result.value.counts.skipped;
        }
        console.log(`Total: ${positionals.length} files (${unreadable} refused); ${totals.imported} activities imported, ${totals.updated} updated, ${totals.skipped} skipped.`);
        return unreadable ? 1 : 0;
      });
    }
    default:
      console.log(usage);
      return command ? 2 : 0;
  }
}

run(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    console.error(err instanceof ConfigError || err instanceof DataDirLockedError ? err.message : `passerelle: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
