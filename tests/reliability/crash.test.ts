// Crash: the real server is killed with SIGKILL in the middle of a burst of payment recordings (idempotency
// keys) and committee decisions sent over HTTP by signed-in finance and committee staff; it is restarted on the
// same data and every request whose answer the client had not seen is sent again. Nothing may be lost, nothing
// doubled, no award half-written. PGlite data directory by default; a fresh PostgreSQL database when
// DATABASE_URL is set. (The IATI import crash case waits for the IATI database import to be merged.)
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { DEMO_PASSWORD, demoAccounts } from '../../src/modules/funding/seed.ts';
import { payableTranche, recommendedApplication } from './fixtures.ts';
import { freshPostgresDatabase, removeDir, signInHttp, startServer, tempDir, type HttpClient, type Server } from './server.ts';

const PAYMENTS = Number(process.env.CRASH_PAYMENTS ?? 60);
const DECISIONS = Number(process.env.CRASH_DECISIONS ?? 20);
const KILL_AFTER = Math.floor(PAYMENTS / 3);
const AWARD_CENTS = 10_000;

const dataDir = tempDir('crash');
const pgUrl = process.env.DATABASE_URL || undefined;
const fresh = pgUrl ? await freshPostgresDatabase(pgUrl) : undefined;
const open = (): Promise<Database> => openDatabase({ dataDir, databaseUrl: fresh?.url, poolSize: 2 });
let server: Server | undefined;
after(async () => {
  await server?.kill('SIGKILL');
  await fresh?.drop();
  removeDir(dataDir);
});

const rows = async <T,>(db: Database, query: ReturnType<typeof sql>): Promise<T[]> => ((await db.db.execute(query)) as unknown as { rows: T[] }).rows;

/** N running grants with one unpaid tranche each, and M applications recommended and waiting for the committee. */
async function prepare(db: Database): Promise<{ tranches: { id: string; app: string; cents: number }[]; recommended: { id: string; callId: string; version: number }[] }> {
  const tranches = [];
  for (let i = 0; i < PAYMENTS; i++) tranches.push(await payableTranche(db.db, 1_000 + i * 7, `Crash test grant ${i}`));
  const recommended = [];
  for (let i = 0; i < DECISIONS; i++) recommended.push(await recommendedApplication(db.db, AWARD_CENTS * 2, `Crash test decision ${i}`));
  return { tranches, recommended };
}

interface Req {
  label: string;
  send(client: HttpClient, signal?: AbortSignal): Promise<Response>;
  ok(status: number): boolean;
  seen?: number;
}

test(`SIGKILL during ${PAYMENTS} payments and ${DECISIONS} committee decisions: restart, retry the unanswered, nothing lost or doubled`, { timeout: 600_000 }, async () => {
  // First start: migrate and load the demo data; then stop cleanly and add the grants to pay and decide.
  server = await startServer({ dataDir, databaseUrl: fresh?.url });
  await server.kill('SIGTERM');
  let db = await open();
  const { tranches, recommended } = await prepare(db);
  await db.close();

  server = await startServer({ dataDir, databaseUrl: fresh?.url });
  let finance = await signInHttp(server.base, demoAccounts.finance, DEMO_PASSWORD);
  let staff = await signInHttp(server.base, demoAccounts.staff, DEMO_PASSWORD);
  const requests: (Req & { who: 'finance' | 'staff' })[] = [];
  tranches.forEach((t, i) =>
    requests.push({
      who: 'finance',
      label: `payment ${i}`,
      send: (c, signal) => c.post(`/fr/funding/applications/${t.app}/pay`, { trancheId: t.id, idempotencyKey: `crash-pay-${i.toString().padStart(4, '0')}`, paidOn: '2026-11-23', reference: `VIR-CRASH-${i}` }, signal),
      ok: (s) => s === 303,
    }),
  );
  recommended.forEach((a, i) =>
    requests.splice(Math.min(requests.length, i * 3 + 1), 0, {
      who: 'staff',
      label: `decision ${i}`,
      send: (c, signal) => c.post(`/fr/funding/calls/${a.callId}/committee`, { reference: `CP-CRASH-${i}`, heldOn: '2026-11-23', [`decision_${a.id}`]: 'award', [`amount_${a.id}`]: String(AWARD_CENTS / 100), [`version_${a.id}`]: String(a.version) }, signal),
      // On a retry, 409 "decided concurrently" means the first attempt was committed before the crash.
      ok: (s) => s === 303 || s === 409,
    }),
  );

  // The burst: 6 requests in flight; SIGKILL once a third of the payments were answered.
  const victim = server;
  let answered = 0;
  let killed = false;
  const queue = [...requests];
  const worker = async () => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      if (killed) return;
      try {
        const res = await r.send(r.who === 'finance' ? finance : staff);
        if (!killed) {
          r.seen = res.status;
          if (r.who === 'finance' && ++answered === KILL_AFTER) {
            killed = true;
            victim.child.kill('SIGKILL');
          }
        }
      } catch {
        // connection reset by the kill: the answer was not seen
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  assert.equal(await victim.exited, 'SIGKILL');
  const seenBeforeCrash = requests.filter((r) => r.seen !== undefined);
  for (const r of seenBeforeCrash) assert.ok(r.seen === 303, `${r.label} answered ${r.seen} before the crash`);

  // Restart on the same data; the client retries whatever it did not see acknowledged.
  server = await startServer({ dataDir, databaseUrl: fresh?.url });
  finance = await signInHttp(server.base, demoAccounts.finance, DEMO_PASSWORD);
  staff = await signInHttp(server.base, demoAccounts.staff, DEMO_PASSWORD);
  const unseen = requests.filter((r) => r.seen === undefined);
  const retryStatuses: Record<string, number> = {};
  for (const r of unseen) {
    const res = await r.send(r.who === 'finance' ? finance : staff);
    await res.arrayBuffer();
    retryStatuses[res.status] = (retryStatuses[res.status] ?? 0) + 1;
    assert.ok(r.ok(res.status), `${r.label} retried: ${res.status}`);
  }
  // Every payment again (an idempotent replay everywhere): still 303, still one row each.
  for (const r of requests.filter((x) => x.who === 'finance').slice(0, 10)) assert.equal((await r.send(finance)).status, 303);
  await server.kill('SIGTERM');

  db = await open();
  const [pay] = await rows<{ n: string; sum: string; tranches: string }>(db, sql`select count(*) n, coalesce(sum(amount_cents), 0) sum, count(distinct tranche_id) tranches from funding_payments where idempotency_key like 'crash-pay-%'`);
  const expectedSum = tranches.reduce((s, t) => s + t.cents, 0);
  assert.equal(Number(pay!.n), PAYMENTS, 'one payment per request');
  assert.equal(Number(pay!.tranches), PAYMENTS);
  assert.equal(Number(pay!.sum), expectedSum, 'the sum paid equals the expected total');
  const [paidFlags] = await rows<{ n: string }>(db, sql`select count(*) n from funding_tranches t join funding_payments p on p.tranche_id = t.id where p.idempotency_key like 'crash-pay-%' and t.paid_at is not null`);
  assert.equal(Number(paidFlags!.n), PAYMENTS, 'every paid tranche is marked paid');
  const [audits] = await rows<{ n: string }>(db, sql`select count(*) n from audit_log where action = 'funding.payment_recorded' and subject_id in (select a.id::text from funding_applications a where a.title like 'Crash test grant %')`);
  assert.equal(Number(audits!.n), PAYMENTS, 'one audit entry per payment');

  const ids = recommended.map((r) => r.id);
  const [states] = await rows<{ awarded: string; other: string }>(db, sql`select count(*) filter (where state = 'awarded') awarded, count(*) filter (where state <> 'awarded') other from funding_applications where title like 'Crash test decision %'`);
  assert.equal(Number(states!.awarded), DECISIONS, 'every decision recorded');
  assert.equal(Number(states!.other), 0);
  const awardRows = await rows<{ application_id: string; amount_cents: string; tranche_sum: string; tranche_n: string; report_n: string }>(db, sql`select w.application_id, w.amount_cents, (select coalesce(sum(amount_cents), 0) from funding_tranches t where t.award_id = w.id) tranche_sum, (select count(*) from funding_tranches t where t.award_id = w.id) tranche_n, (select count(*) from funding_reports r where r.award_id = w.id) report_n from funding_awards w join funding_applications a on a.id = w.application_id where a.title like 'Crash test decision %'`);
  assert.equal(awardRows.length, DECISIONS, 'one award per awarded application, none doubled');
  assert.deepEqual(new Set(awardRows.map((w) => w.application_id)), new Set(ids));
  for (const w of awardRows) {
    assert.equal(Number(w.amount_cents), AWARD_CENTS);
    assert.equal(Number(w.tranche_sum), AWARD_CENTS, 'tranches add up to the award: no half-written award');
    assert.ok(Number(w.tranche_n) >= 1);
    assert.equal(Number(w.report_n), Number(w.tranche_n), 'one report per tranche');
  }
  await db.close();
  console.log(
    `crash: ${requests.length} requests (${PAYMENTS} payments, ${DECISIONS} decisions); ${seenBeforeCrash.length} answered before SIGKILL; ${unseen.length} retried after restart ${JSON.stringify(retryStatuses)}; ` +
      `payments ${pay!.n} rows, sum ${pay!.sum} = expected ${expectedSum}; awards ${awardRows.length}/${DECISIONS}, each with its tranches and reports`,
  );
});
