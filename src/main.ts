// The only file that starts the server: config → database (migrated, demo data on first start) → listen.
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { DataDirLockedError } from './db/lock.ts';
import { migrate } from './db/migrate.ts';
import { isEmpty, preparedDemoSnapshot, seedDemo } from './demo.ts';
import { scheduleRecurring, startJobRunner } from './kernel/jobs.ts';
import { createMailDelivery, mailJobHandlers } from './kernel/mail.ts';
import { throttleJobHandlers } from './kernel/throttle.ts';
import { accountJobHandlers } from './modules/accounts/commands.ts';
import { fundingJobHandlers } from './modules/funding/commands.ts';
import { purgeOldOffers } from './modules/projects/commands.ts';

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const database = await openDatabase({
    dataDir: config.dataDir,
    // A new embedded database starts from the demo snapshot prepared by `npm install`, when there is one.
    ...(config.demoData && !config.databaseUrl ? { initialDataDir: preparedDemoSnapshot } : {}),
    databaseUrl: config.databaseUrl,
    onPoolError: (err) => console.error(`database connection lost: ${err.message}`),
  });
  await migrate(database);
  if (config.demoData && (await isEmpty(database.db))) {
    console.log('Empty database: loading the demo data of the four seed scenarios…');
    await seedDemo(database.db);
  }
  const app = await buildApp({ config, database });
  await app.listen({ port: config.port, host: config.host });
  const where = database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  console.log(`Passerelle is serving ${config.baseUrl} (${where}), ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const mail = createMailDelivery(config.mail.smtpUrl, config.mail.from);
  const mailTimer = setInterval(() => {
    mail.deliverQueued(database.db).catch((err: Error) => app.log.warn({ err }, 'mail delivery failed'));
  }, 10_000);
  // Offers of help are deleted after the retention period stated on the privacy page (checked hourly).
  const purge = () => purgeOldOffers(database.db, config.pledgeRetentionDays).catch((err: Error) => app.log.warn({ err }, 'offer purge failed'));
  void purge();
  const purgeTimer = setInterval(() => void purge(), 3_600_000);

  // Housekeeping runs hourly through the job runner (outbox retention, ended rate-limit counters, expired sessions).
  const housekeeping = { ...mailJobHandlers(config.mail.retentionDays), ...throttleJobHandlers, ...accountJobHandlers(config.session) };
  for (const kind of Object.keys(housekeeping)) await scheduleRecurring(database.db, kind, 3_600_000);
  const jobRunner = startJobRunner(database.db, { ...fundingJobHandlers, ...housekeeping }, { onError: (err) => app.log.warn({ err }, 'job runner failed') });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    clearInterval(mailTimer);
    jobRunner.stop();
    clearInterval(purgeTimer);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    console.error(err.message);
  } else {
    console.error('Passerelle could not start:', err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
