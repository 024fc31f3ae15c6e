// Funding fixtures for the reliability tests, cloned in SQL from the demo data (the demo has one running grant
// and one application in review): a running grant with one unpaid tranche, and an application the committee
// can decide. Plain SQL that PGlite and PostgreSQL 15 both accept.
import assert from 'node:assert/strict';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';

export const rowsOf = async <T,>(db: Db, query: SQL): Promise<T[]> => ((await db.execute(query)) as unknown as { rows: T[] }).rows;

let n = 0;

/** A copy of the demo's running grant, with an award and one unpaid tranche of `cents` (no report due). */
export async function payableTranche(db: Db, cents: number, title = `Reliability grant ${++n}`): Promise<{ id: string; app: string; cents: number }> {
  const [running] = await rowsOf<{ id: string; session_id: string | null }>(db, sql`select a.id, w.session_id from funding_applications a join funding_awards w on w.application_id = a.id where a.state = 'in_progress' limit 1`);
  assert.ok(running, 'the demo data has a running grant');
  const [app] = await rowsOf<{ id: string }>(db, sql`insert into funding_applications select (jsonb_populate_record(null::funding_applications, to_jsonb(a) || jsonb_build_object('id', gen_random_uuid(), 'title', ${title}::text))).* from funding_applications a where a.id = ${running.id} returning id`);
  const [award] = await rowsOf<{ id: string }>(db, sql`insert into funding_awards (id, application_id, session_id, amount_cents, decided_on, agreement_signed_on, start_on) values (gen_random_uuid(), ${app!.id}, ${running.session_id}, ${cents}, '2026-01-10', '2026-01-12', '2026-01-10') returning id`);
  const [tranche] = await rowsOf<{ id: string }>(db, sql`insert into funding_tranches (id, award_id, sequence, amount_cents, planned_at) values (gen_random_uuid(), ${award!.id}, 1, ${cents}, now()) returning id`);
  return { id: tranche!.id, app: app!.id, cents };
}

/** A copy of the demo application in review, set to `recommended` with `requestedCents`, its line topped up. */
export async function recommendedApplication(db: Db, requestedCents: number, title = `Reliability decision ${++n}`): Promise<{ id: string; callId: string; version: number }> {
  const [inReview] = await rowsOf<{ id: string }>(db, sql`select id from funding_applications where state = 'in_review' limit 1`);
  assert.ok(inReview, 'the demo data has an application in review');
  const [app] = await rowsOf<{ id: string; call_id: string; version: number }>(db, sql`insert into funding_applications select (jsonb_populate_record(null::funding_applications, to_jsonb(a) || jsonb_build_object('id', gen_random_uuid(), 'title', ${title}::text, 'state', 'recommended', 'requested_cents', ${requestedCents}::int))).* from funding_applications a where a.id = ${inReview.id} returning id, call_id, version`);
  await db.execute(sql`update funding_lines set earmarked_cents = earmarked_cents + ${requestedCents}::int where id in (select line_id from funding_calls where id = ${app!.call_id})`);
  return { id: app!.id, callId: app!.call_id, version: app!.version };
}
