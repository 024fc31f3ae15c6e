// IATI import: a file (activities or organisations, 2.01–2.03 in full, 1.0x best effort) streamed through the
// reader, each activity mapped to a project (map.ts) and saved by activity identifier — created or updated, never
// duplicated. Activities are committed in batches (one transaction each, one statement per table): a crash loses
// at most the batch in flight, and running the import again completes it with nothing doubled. A batch the
// database refuses is retried activity by activity, so one bad record never takes its neighbours down.
// Organisations named by the file are matched to the directory by IATI identifier, then by normalised name;
// only reporting organisations the directory lacks are added (platform administrators only).
import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Actor } from '../../kernel/actor.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { failure, type Failure } from '../../kernel/errors.ts';
import type { Params } from '../../kernel/i18n.ts';
import { newId } from '../../kernel/ids.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { createImportedOrganisations, type ImportedOrganisation } from '../organisations/commands.ts';
import { findOrganisationById, normaliseOrganisationName, organisationIdentities, type OrganisationIdentity } from '../organisations/queries.ts';
import { checkShares, saveImportedProjects, type ImportedProject } from '../projects/commands.ts';
import { fromIatiActivity, organisationBudgetRows, type OrganisationBudgetRow, type ProjectRecord } from './map.ts';
import type { IatiOrganisation, Narratives, OrgDocumentLink } from './model.ts';
import { isIatiParseError, parseIati, type IatiInput, type ParseLimits, type ParseWarning } from './parse.ts';
import { can } from './policy.ts';
import { iatiImportRuns, iatiOrganisationBudgets, iatiOrganisationDocuments } from './tables.ts';

export interface ImportOptions {
  /** Attribute every activity to this organisation (an upload by its member, `--organisation`). */
  organisationId?: string | undefined;
  /** New projects are published when IATI gives what publication needs (default); otherwise kept as drafts. */
  publish?: boolean;
  origin: 'cli' | 'upload' | 'script';
  /** Activities per transaction (default 100, fewer when they hold more than 8,000 child rows: memory stays under 300 MB). */
  batchSize?: number;
  limits?: Partial<ParseLimits>;
  /** Most entries kept in the report (counts stay exact beyond it). */
  maxEntries?: number;
  /** Called after each committed batch with the number of activities committed so far. */
  onCommitted?: (activities: number) => void;
}

export interface ImportEntry {
  record: 'activity' | 'organisation';
  line: number;
  identifier?: string;
  outcome: 'imported' | 'updated' | 'skipped';
  /** Message key of why it was skipped, or of a note (kept as a draft). */
  reason?: string;
  params?: Params;
  warnings: ParseWarning[];
}

export interface ImportFileReport {
  fileName: string;
  runId: string;
  /** False when the file was refused (not XML, hostile, wrong root…), even after some records. */
  readable: boolean;
  root?: string;
  version?: string;
  error?: { code: string; line: number; column: number };
  counts: { imported: number; updated: number; skipped: number; warnings: number; organisationsCreated: number };
  entries: ImportEntry[];
  truncated: boolean;
}

/** Largest amount (in cents) a project row holds exactly. */
const MAX_CENTS = Number.MAX_SAFE_INTEGER;

const firstName = (n: Narratives | undefined): string[] => (n ? Object.values(n).filter((v) => v.trim() !== '') : []);

/** The directory as the importer sees it: entries by upper-case IATI identifier and by normalised name. */
class Directory {
  private byRef = new Map<string, OrganisationIdentity>();
  private byName = new Map<string, OrganisationIdentity>();
  constructor(entries: readonly OrganisationIdentity[]) {
    for (const e of entries) this.add(e);
  }
  add(e: OrganisationIdentity): void {
    if (e.iatiId) this.byRef.set(e.iatiId.trim().toUpperCase(), e);
    for (const n of [e.nameFr, e.nameEn]) {
      const key = n ? normaliseOrganisationName(n) : '';
      if (key && !this.byName.has(key)) this.byName.set(key, e);
    }
  }
  /** By identifier, then by name; a name never matches an entry holding another identifier. */
  find(ref: string | null | undefined, names: readonly string[]): OrganisationIdentity | undefined {
    const r = ref?.trim().toUpperCase();
    if (r) {
      const hit = this.byRef.get(r);
      if (hit) return hit;
    }
    for (const n of names) {
      const key = normaliseOrganisationName(n);
      const hit = key ? this.byName.get(key) : undefined;
      if (hit && (!r || !hit.iatiId || hit.iatiId.trim().toUpperCase() === r)) return hit;
    }
    return undefined;
  }
}

interface Pending {
  line: number;
  warnings: ParseWarning[];
  record: ProjectRecord;
}

/** Why publication would be refused (projects' rules), from the record alone. */
function publishable(r: ProjectRecord): boolean {
  const p = r.project;
  if (!(p.titleFr || p.titleEn) || !(p.descriptionFr || p.descriptionEn)) return false;
  if (r.countries.length + r.regions.length === 0 || r.sectors.length === 0) return false;
  return checkShares([...r.countries, ...r.regions].map((x) => x.percentage)).ok && checkShares(r.sectors.map((x) => x.percentage)).ok;
}

/** A reason to skip an activity before the database sees it. */
function refusal(r: ProjectRecord): { reason: string; params?: Params } | undefined {
  for (const m of [...r.budgets, ...r.transactions]) if (!Number.isSafeInteger(m.amount) || Math.abs(m.amount) > MAX_CENTS) return { reason: 'iati.import.skip.amount_too_large' };
  return undefined;
}

/** The SQLSTATE of a database error (drizzle wraps the driver's error in `cause`). */
function sqlState(e: unknown): string | undefined {
  for (let x = e as { code?: unknown; cause?: unknown } | undefined, i = 0; x && i < 5; x = x.cause as typeof x, i++) {
    if (typeof x.code === 'string' && /^[0-9A-Z]{5}$/.test(x.code)) return x.code;
  }
  return undefined;
}

/** Data the database refuses (class 22 data exception, 23 integrity, 54 program limit): skip the record, not the file. */
const isDataRefusal = (e: unknown) => /^(22|23|54)/.test(sqlState(e) ?? '');

/**
 * Imports one IATI file. Refusals of the whole file (hostile or unreadable input) and of single records are in
 * the report, never thrown; what is thrown is the database failing (the import can then simply be run again).
 * An import run row records who imported what, when, with the counts; the audit log gets one entry per file.
 */
export async function importIatiFile(db: Db, actor: Actor, source: { name: string; data: IatiInput }, options: ImportOptions): Promise<Result<ImportFileReport, Failure>> {
  const organisationId = options.organisationId;
  if (!can(actor, 'import', { organisationId })) return err(failure('forbidden'));
  if (organisationId && !(await findOrganisationById(db, organisationId))) return err(failure('not_found'));
  const fileName = source.name.slice(0, 300);
  const runId = newId();
  await db.insert(iatiImportRuns).values({ id: runId, actorUserId: actor.userId, organisationId: organisationId ?? null, fileName, source: options.origin });

  const batchSize = options.batchSize ?? 100;
  const maxEntries = options.maxEntries ?? 10_000;
  const publish = options.publish ?? true;
  const report: ImportFileReport = { fileName, runId, readable: true, counts: { imported: 0, updated: 0, skipped: 0, warnings: 0, organisationsCreated: 0 }, entries: [], truncated: false };
  const note = (e: ImportEntry) => {
    report.counts[e.outcome === 'imported' ? 'imported' : e.outcome === 'updated' ? 'updated' : 'skipped']++;
    report.counts.warnings += e.warnings.length;
    if (report.entries.length < maxEntries) report.entries.push(e.warnings.length > 20 ? { ...e, warnings: e.warnings.slice(0, 20) } : e);
    else report.truncated = true;
  };
  const directory = new Directory(await organisationIdentities(db));
  let committed = 0;

  /** Saves activities in one transaction; returns false when the database refused the data. */
  const commit = async (batch: Pending[]): Promise<void> => {
    let created: OrganisationIdentity[] = [];
    const outcomes = await inTransaction(db, async (tx) => {
      // An import is idempotent and its run is recorded done by a synchronous commit at the end (which makes the
      // batches before it durable too): a batch need not wait for its own flush to disk.
      await tx.execute(sql`set local synchronous_commit = off`);
      // Reporting organisations the directory lacks (without an organisation to attribute to), each added once.
      const owner = new Map<Pending, string>();
      if (!organisationId) {
        const missing: ImportedOrganisation[] = [];
        const planned = new Directory([]);
        for (const p of batch) {
          const o = p.record.reportingOrg!;
          const names = firstName(o.name);
          const hit = directory.find(o.ref, names) ?? planned.find(o.ref, names);
          if (hit) {
            owner.set(p, hit.id);
            continue;
          }
          const entry = { ref: o.ref, type: o.type, nameFr: o.name.fr ?? (o.name.en ? undefined : names[0]), nameEn: o.name.en };
          const placeholder = `planned:${missing.length}`;
          missing.push(entry);
          planned.add({ id: placeholder, slug: '', iatiId: o.ref ?? null, nameFr: entry.nameFr ?? null, nameEn: entry.nameEn ?? null });
          owner.set(p, placeholder);
        }
        if (missing.length) {
          const made = await createImportedOrganisations(tx, actor, missing);
          if (!made.ok) throw new Error('organisation import refused by policy');
          created = made.value;
          for (const [p, id] of owner) if (id.startsWith('planned:')) owner.set(p, made.value[Number(id.slice(8))]!.id);
        }
      }
      const items: ImportedProject[] = batch.map((p) => {
        const r = p.record;
        const match = (ref: string | null, name: string | null) => (ref || name ? (directory.find(ref, name ? [name] : [])?.id ?? null) : null);
        return {
          iatiIdentifier: r.iatiIdentifier,
          organisationId: organisationId ?? owner.get(p)!,
          publish: publish && publishable(r),
          project: r.project,
          countries: r.countries,
          regions: r.regions,
          sectors: r.sectors,
          participants: r.participants.map((x) => ({ ...x, organisationId: match(x.ref, x.name) })),
          locations: r.locations,
          budgets: r.budgets,
          // Providers and receivers of transactions stay as published (name and ref), not linked to the directory.
          transactions: r.transactions,
          results: r.results,
          documents: r.documents,
        };
      });
      return saveImportedProjects(tx, actor, items, organisationId ? { onlyOrganisationId: organisationId } : {});
    });
    for (const c of created) directory.add(c);
    report.counts.organisationsCreated += created.length;
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      const base = { record: 'activity' as const, line: p.line, identifier: p.record.iatiIdentifier, warnings: p.warnings };
      if (o.outcome === 'created') note({ ...base, outcome: 'imported', ...(publish && !publishable(p.record) ? { reason: 'iati.import.note.draft' } : {}) });
      else if (o.outcome === 'updated') note({ ...base, outcome: 'updated' });
      else note({ ...base, outcome: 'skipped', reason: `iati.import.skip.${o.outcome}` });
    });
    committed += batch.length;
    options.onCommitted?.(committed);
  };

  const flush = async (batch: Pending[]) => {
    if (batch.length === 0) return;
    try {
      await commit(batch);
    } catch (e) {
      if (!isDataRefusal(e) && batch.length === 1) throw e;
      if (batch.length === 1) {
        const p = batch[0]!;
        note({ record: 'activity', line: p.line, identifier: p.record.iatiIdentifier, warnings: p.warnings, outcome: 'skipped', reason: 'iati.import.skip.database', params: { code: sqlState(e) ?? '' } });
        return;
      }
      // One record the database refuses: the others go in one by one.
      for (const p of batch) await flush([p]);
    }
  };

  // One batch is written while the next is read: parsing and mapping (CPU here) overlap the database's work on
  // PostgreSQL. At most one batch is in flight; batches are committed in file order.
  let inFlight: Promise<void> | undefined;
  const startFlush = async (full: Pending[]) => {
    if (inFlight) await inFlight;
    inFlight = flush(full);
    inFlight.catch(() => undefined); // awaited before the next batch or at the end; never unhandled meanwhile
  };
  const settle = async () => {
    if (inFlight) await inFlight;
    inFlight = undefined;
  };

  let batch: Pending[] = [];
  let inBatch = new Set<string>();
  let children = 0;
  /** Hands the batch being filled to the writer and starts a new one. */
  const sendBatch = async () => {
    await startFlush(batch);
    batch = [];
    inBatch = new Set();
    children = 0;
  };
  try {
    for await (const event of parseIati(source.data, options.limits ? { limits: options.limits } : {})) {
      if (event.kind === 'start') {
        report.root = event.root;
        if (event.version) report.version = event.version;
      } else if (event.kind === 'skipped') {
        note({ record: event.record, line: event.line, ...(event.identifier ? { identifier: event.identifier } : {}), outcome: 'skipped', reason: `iati.skip.${event.reason}`, params: { line: event.line }, warnings: [] });
      } else if (event.kind === 'organisation') {
        await settle(); // it reads the directory that the batch in flight may extend
        await importOrganisationRecord(event.organisation, event.line, event.warnings);
      } else {
        const record = fromIatiActivity(event.activity);
        const base = { record: 'activity' as const, line: event.line, identifier: record.iatiIdentifier, warnings: event.warnings };
        const refused = refusal(record);
        if (refused) {
          note({ ...base, outcome: 'skipped', ...refused });
          continue;
        }
        if (!organisationId && !record.reportingOrg?.ref && firstName(record.reportingOrg?.name).length === 0) {
          note({ ...base, outcome: 'skipped', reason: 'iati.import.skip.no_reporting_org' });
          continue;
        }
        // The same identifier twice in one batch: the earlier goes in first, the later updates it.
        if (inBatch.has(record.iatiIdentifier)) await sendBatch();
        batch.push({ line: event.line, warnings: event.warnings, record });
        inBatch.add(record.iatiIdentifier);
        children += record.transactions.length + record.budgets.length + record.results.length + record.locations.length + record.sectors.length + record.participants.length;
        if (batch.length >= batchSize || children >= 8_000) await sendBatch();
      }
    }
  } catch (e) {
    if (!isIatiParseError(e)) {
      await inFlight?.catch(() => undefined); // no write left running behind the caller's back
      throw e;
    }
    report.readable = false;
    report.error = { code: e.code, line: e.line, column: e.column };
  }
  await settle();
  await flush(batch);
  // Records skipped while a batch was in flight were noted before it: the report follows the file's order.
  report.entries.sort((a, b) => a.line - b.line);

  await inTransaction(db, async (tx) => {
    const c = report.counts;
    await tx
      .update(iatiImportRuns)
      .set({
        status: report.readable ? 'done' : 'refused',
        root: report.root ?? null,
        version: report.version ?? null,
        imported: c.imported,
        updated: c.updated,
        skipped: c.skipped,
        organisationsCreated: c.organisationsCreated,
        error: report.error ?? null,
        finishedAt: new Date(),
        meta: { warnings: c.warnings },
      })
      .where(eq(iatiImportRuns.id, runId));
    await recordAudit(tx, actor, {
      action: 'iati.imported',
      subjectType: 'iati_import_run',
      subjectId: runId,
      organisationId: organisationId ?? null,
      after: { fileName, readable: report.readable, ...c, ...(report.error ? { error: report.error.code } : {}) },
    });
  });
  return ok(report);

  /**
   * An organisation file record: matched in the directory, or added to it (platform administrators); its budgets,
   * expenditure and documents replace those stored for that organisation — an upload only for the organisation it
   * targets.
   */
  async function importOrganisationRecord(o: IatiOrganisation, line: number, warnings: ParseWarning[]): Promise<void> {
    const base = { record: 'organisation' as const, line, identifier: o.identifier, warnings };
    const hit = directory.find(o.identifier, firstName(o.name));
    const { rows, dropped } = organisationBudgetRows(o);
    const budgetNote = { reason: 'iati.import.note.organisation_budgets', params: { budgets: rows.length, dropped } };
    if (hit) {
      const name = hit.nameFr ?? hit.nameEn ?? hit.slug;
      if (organisationId && organisationId !== hit.id) return note({ ...base, outcome: 'skipped', reason: 'iati.import.skip.organisation_other', params: { name } });
      await inTransaction(db, (tx) => replaceOrganisationFile(tx, hit.id, rows, o.documentLinks));
      return note({ ...base, outcome: 'updated', ...budgetNote, params: { ...budgetNote.params, name } });
    }
    if (organisationId) return note({ ...base, outcome: 'skipped', reason: 'iati.import.skip.organisation_file' });
    const made = await inTransaction(db, async (tx) => {
      const created = await createImportedOrganisations(tx, actor, [{ ref: o.identifier, type: o.reportingOrg?.type, nameFr: o.name.fr ?? (o.name.en ? undefined : firstName(o.name)[0]), nameEn: o.name.en }]);
      if (created.ok) for (const c of created.value) await replaceOrganisationFile(tx, c.id, rows, o.documentLinks);
      return created;
    });
    if (!made.ok) return note({ ...base, outcome: 'skipped', reason: 'iati.import.skip.forbidden' });
    for (const c of made.value) directory.add(c);
    report.counts.organisationsCreated += made.value.length;
    note({ ...base, outcome: 'imported', ...(rows.length || dropped ? budgetNote : {}) });
  }
}

/** Replaces an organisation's stored budgets, expenditure and documents by those of its newest organisation file. */
export async function replaceOrganisationFile(tx: Tx, organisationId: string, rows: readonly OrganisationBudgetRow[], documents: readonly OrgDocumentLink[]): Promise<void> {
  await tx.delete(iatiOrganisationBudgets).where(eq(iatiOrganisationBudgets.organisationId, organisationId));
  await tx.delete(iatiOrganisationDocuments).where(eq(iatiOrganisationDocuments.organisationId, organisationId));
  if (rows.length) await tx.insert(iatiOrganisationBudgets).values(rows.map((r) => ({ ...r, id: newId(), organisationId })));
  if (documents.length) await tx.insert(iatiOrganisationDocuments).values(documents.map((link, position) => ({ id: newId(), organisationId, position, link })));
}

/** Several files, one report each, in order. */
export async function importIatiFiles(db: Db, actor: Actor, sources: readonly { name: string; data: () => IatiInput }[], options: ImportOptions): Promise<Result<ImportFileReport[], Failure>> {
  const reports: ImportFileReport[] = [];
  for (const s of sources) {
    const r = await importIatiFile(db, actor, { name: s.name, data: s.data() }, options);
    if (!r.ok) return r;
    reports.push(r.value);
  }
  return ok(reports);
}
