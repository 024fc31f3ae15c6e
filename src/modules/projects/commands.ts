// Writes to projects. Each takes the acting user first; the policy decides before anything; one transaction;
// publication, money (budgets, transactions) and participation changes are written to the audit log.
import { and, eq, getTableColumns, getTableName, inArray, isNull, lt, sql, type Table } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Actor } from '../../kernel/actor.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { failure, type Failure } from '../../kernel/errors.ts';
import type { Catalogue } from '../../kernel/i18n.ts';
import { newId, slugify } from '../../kernel/ids.ts';
import { queueMail } from '../../kernel/mail.ts';
import { formatMoney } from '../../kernel/money.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { contactsOfUsers } from '../accounts/queries.ts';
import { documentMediaType, storeDocument, storeImage, type Upload } from '../files/commands.ts';
import { findOrganisationById, findOrganisationsByIds, organisationMemberIds } from '../organisations/queries.ts';
import { findTheme } from '../taxonomy/themes.ts';
import { can } from './policy.ts';
import { countRecentOffers, findOffer, findParticipant, findProjectById, sectionTables, type ProjectRow } from './queries.ts';
import type { HelpOfferInput, ProjectInput, SectionInput, SectionKey } from './schema.ts';
import {
  helpOfferEvents,
  helpOffers,
  projectBudgets,
  projectCountries,
  projectDocuments,
  projectLocations,
  projectNeeds,
  projectParticipants,
  projectRegions,
  projectResults,
  projects,
  projectSectors,
  projectTransactions,
  type StoredIndicator,
} from './tables.ts';

function columns(input: ProjectInput) {
  const start = input.actualStart ?? input.plannedStart;
  const end = input.actualEnd ?? input.plannedEnd;
  return {
    titleFr: input.titleFr ?? null,
    titleEn: input.titleEn ?? null,
    descriptionFr: input.descriptionFr ?? null,
    descriptionEn: input.descriptionEn ?? null,
    objectivesFr: input.objectivesFr ?? null,
    objectivesEn: input.objectivesEn ?? null,
    targetGroupsFr: input.targetGroupsFr ?? null,
    targetGroupsEn: input.targetGroupsEn ?? null,
    activityStatus: input.activityStatus,
    plannedStart: input.plannedStart ?? null,
    actualStart: input.actualStart ?? null,
    plannedEnd: input.plannedEnd ?? null,
    actualEnd: input.actualEnd ?? null,
    humanitarian: input.humanitarian,
    defaultCurrency: input.defaultCurrency,
    sdgs: [...new Set(input.sdgs)].sort((a, b) => Number(a) - Number(b)),
    startYear: start ? Number(start.slice(0, 4)) : null,
    endYear: end ? Number(end.slice(0, 4)) : null,
  };
}

async function uniqueSlug(tx: Tx, base: string): Promise<string> {
  const taken = await tx
    .select({ slug: projects.slug })
    .from(projects)
    .where(sql`${projects.slug} = ${base} or ${projects.slug} like ${base + '-%'}`);
  const used = new Set(taken.map((r) => r.slug));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** IATI activity identifier: the organisation's IATI identifier followed by the project's slug. */
export function activityIdentifier(org: { iatiId: string | null; slug: string }, slug: string): string {
  return org.iatiId ? `${org.iatiId}-${slug}` : `XX-PASSERELLE-${org.slug}-${slug}`.slice(0, 200);
}

/** Percentage shares: none given, or all given and adding up to 100 (IATI rule). */
export type ShareCheck = { ok: true } | { ok: false; problem: 'partial' | 'sum'; sum: number };
export function checkShares(percentages: readonly (number | null | undefined)[]): ShareCheck {
  const given = percentages.filter((p): p is number => typeof p === 'number');
  if (given.length === 0) return { ok: true };
  const sum = Math.round(given.reduce((a, b) => a + b, 0) * 100) / 100;
  if (given.length !== percentages.length) return { ok: false, problem: 'partial', sum };
  return Math.abs(sum - 100) < 0.01 ? { ok: true } : { ok: false, problem: 'sum', sum };
}

/** Problems that prevent publishing, as message keys with their parameters (shown field by field). */
export async function publicationProblems(db: Db | Tx, project: ProjectRow): Promise<{ field: string; key: string; params?: Record<string, string | number> }[]> {
  const [countries, regions, sectors] = await Promise.all([
    db.select({ p: projectCountries.percentage }).from(projectCountries).where(eq(projectCountries.projectId, project.id)),
    db.select({ p: projectRegions.percentage }).from(projectRegions).where(eq(projectRegions.projectId, project.id)),
    db.select({ p: projectSectors.percentage }).from(projectSectors).where(eq(projectSectors.projectId, project.id)),
  ]);
  const problems: { field: string; key: string; params?: Record<string, string | number> }[] = [];
  if (!project.titleFr && !project.titleEn) problems.push({ field: 'titleFr', key: 'projects.error.title_required' });
  if (!project.descriptionFr && !project.descriptionEn) problems.push({ field: 'descriptionFr', key: 'projects.problem.description' });
  if (countries.length + regions.length === 0) problems.push({ field: 'countries', key: 'projects.problem.where' });
  if (sectors.length === 0) problems.push({ field: 'sectors', key: 'projects.problem.sector' });
  // IATI: country and region shares together add up to 100 when given.
  const geo = checkShares([...countries, ...regions].map((r) => r.p));
  if (!geo.ok) problems.push({ field: 'countries', key: `projects.problem.shares_${geo.problem}`, params: { sum: geo.sum } });
  const sec = checkShares(sectors.map((r) => r.p));
  if (!sec.ok) problems.push({ field: 'sectors', key: `projects.problem.shares_${sec.problem}`, params: { sum: sec.sum } });
  return problems;
}

/** Themes with their parent themes: filtering on "education" finds a project tagged "education-books". */
function withParents(codes: string[]): string[] {
  return [...new Set(codes.flatMap((c) => [c, findTheme(c)?.parent].filter((x): x is string => !!x)))];
}

/** Sum of the latest budgets in cents: per period, a revised budget replaces the original one. */
function budgetTotal(budgets: readonly { periodStart: string; periodEnd: string; type: string; amount: number }[]): number {
  const periods = new Map<string, { type: string; amount: number }>();
  for (const b of budgets) {
    const key = `${b.periodStart}/${b.periodEnd}`;
    const seen = periods.get(key);
    if (!seen || (b.type === '2' && seen.type !== '2')) periods.set(key, { type: b.type, amount: b.amount });
    else if (seen.type === b.type) seen.amount += b.amount;
  }
  return [...periods.values()].reduce((a, b) => a + b.amount, 0);
}

/** Rewrites the facet columns from the child rows and bumps the version. */
export async function refreshDerived(tx: Db | Tx, projectId: string): Promise<void> {
  const project = await findProjectById(tx, projectId);
  if (!project) return;
  const [countries, regions, sectors, participants, budgets, needs] = await Promise.all([
    tx.select({ code: projectCountries.code }).from(projectCountries).where(eq(projectCountries.projectId, projectId)),
    tx.select({ code: projectRegions.code }).from(projectRegions).where(eq(projectRegions.projectId, projectId)),
    tx.select({ theme: projectSectors.theme }).from(projectSectors).where(eq(projectSectors.projectId, projectId)),
    tx.select().from(projectParticipants).where(eq(projectParticipants.projectId, projectId)),
    tx.select().from(projectBudgets).where(eq(projectBudgets.projectId, projectId)),
    tx.select({ n: sql<number>`count(*)::int` }).from(projectNeeds).where(eq(projectNeeds.projectId, projectId)),
  ]);
  const total = budgetTotal(budgets);
  const funders = participants.filter((p) => p.role === '1' && p.organisationId).map((p) => p.organisationId!);
  const partners = participants.filter((p) => p.organisationId && p.acceptance === 'accepted').map((p) => p.organisationId!);
  await tx
    .update(projects)
    .set({
      countries: [...new Set(countries.map((c) => c.code))],
      regions: [...new Set(regions.map((r) => r.code))],
      themes: withParents(sectors.map((s) => s.theme).filter((t): t is string => !!t)),
      funderIds: [...new Set(funders)],
      partnerIds: [...new Set([project.organisationId, ...partners])],
      totalBudget: total,
      needsHelp: (needs[0]?.n ?? 0) > 0,
      version: sql`${projects.version} + 1`,
      updatedAt: new Date(),
    })
    .where(eq(projects.id, projectId));
}

export async function createProject(
  db: Db,
  actor: Actor,
  organisationId: string,
  input: ProjectInput,
  options: { iatiIdentifier?: string; slug?: string } = {},
): Promise<Result<{ id: string; slug: string }, Failure>> {
  const org = await findOrganisationById(db, organisationId);
  if (!org) return err(failure('not_found'));
  if (!can(actor, 'create', { organisationId })) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    const id = newId();
    const slug = await uniqueSlug(tx, slugify(options.slug ?? input.titleFr ?? input.titleEn ?? 'projet', 60));
    const iatiIdentifier = options.iatiIdentifier ?? activityIdentifier(org, slug);
    const [clash] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.iatiIdentifier, iatiIdentifier));
    if (clash) return err(failure('validation', { iatiIdentifier: 'projects.error.identifier_taken' }));
    await tx.insert(projects).values({ id, slug, organisationId, iatiIdentifier, ...columns(input), partnerIds: [organisationId] });
    await recordAudit(tx, actor, { action: 'project.created', subjectType: 'project', subjectId: id, organisationId, after: { slug, iatiIdentifier, publication: 'draft' } });
    return ok({ id, slug });
  });
}

export async function updateProject(db: Db, actor: Actor, id: string, expectedVersion: number, input: ProjectInput): Promise<Result<{ slug: string; version: number }, Failure>> {
  const current = await findProjectById(db, id);
  if (!current) return err(failure('not_found'));
  if (!can(actor, 'update', current)) return err(failure('forbidden'));
  const updated = await db
    .update(projects)
    .set({ ...columns(input), version: sql`${projects.version} + 1`, updatedAt: new Date() })
    .where(and(eq(projects.id, id), eq(projects.version, expectedVersion)))
    .returning({ slug: projects.slug, version: projects.version });
  return updated[0] ? ok(updated[0]) : err(failure('conflict'));
}

export async function setPublication(db: Db, actor: Actor, id: string, publication: 'draft' | 'published'): Promise<Result<{ slug: string }, Failure>> {
  const current = await findProjectById(db, id);
  if (!current) return err(failure('not_found'));
  if (!can(actor, 'publish', current)) return err(failure('forbidden'));
  if (current.publication === publication) return ok({ slug: current.slug });
  if (publication === 'published') {
    const problems = await publicationProblems(db, current);
    if (problems.length) return err(failure('validation', Object.fromEntries(problems.map((p) => [p.field, p.key]))));
  }
  return inTransaction(db, async (tx) => {
    await tx
      .update(projects)
      .set({ publication, publishedAt: publication === 'published' ? new Date() : current.publishedAt, version: sql`${projects.version} + 1`, updatedAt: new Date() })
      .where(eq(projects.id, id));
    await recordAudit(tx, actor, {
      action: publication === 'published' ? 'project.published' : 'project.unpublished',
      subjectType: 'project',
      subjectId: id,
      organisationId: current.organisationId,
      before: { publication: current.publication },
      after: { publication },
    });
    return ok({ slug: current.slug });
  });
}

export async function deleteProject(db: Db, actor: Actor, id: string): Promise<Result<{ organisationId: string }, Failure>> {
  const current = await findProjectById(db, id);
  if (!current) return err(failure('not_found'));
  if (!can(actor, 'delete', current)) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    await tx.delete(projects).where(eq(projects.id, id));
    await recordAudit(tx, actor, { action: 'project.deleted', subjectType: 'project', subjectId: id, organisationId: current.organisationId, before: { slug: current.slug, iatiIdentifier: current.iatiIdentifier } });
    return ok({ organisationId: current.organisationId });
  });
}

const audited = new Set<SectionKey>(['budgets', 'transactions', 'participants']);

/** Values of one child row from its validated input (and, for participants, who is named). */
async function rowValues<K extends SectionKey>(tx: Tx, actor: Actor, project: ProjectRow, key: K, input: SectionInput<K>, upload?: Upload): Promise<Result<Record<string, unknown>, Failure>> {
  switch (key) {
    case 'countries':
    case 'regions': {
      const i = input as SectionInput<'countries'>;
      return ok({ code: i.code, percentage: i.percentage ?? null });
    }
    case 'sectors': {
      const i = input as SectionInput<'sectors'>;
      const theme = findTheme(i.theme);
      return ok({ theme: i.theme, vocabulary: '1', code: i.code ?? theme?.dac[0] ?? '99810', percentage: i.percentage ?? null });
    }
    case 'participants': {
      const i = input as SectionInput<'participants'>;
      if (i.organisationId) {
        const [org] = await findOrganisationsByIds(tx, [i.organisationId]);
        if (!org) return err(failure('validation', { organisationId: 'projects.error.organisation' }));
        // Naming one's own organisation, or a platform administrator's entry, needs no acceptance.
        const acceptance = org.id === project.organisationId || can(actor, 'answer_participation', { organisationId: org.id }) ? 'accepted' : 'pending';
        return ok({ role: i.role, organisationId: org.id, name: null, ref: org.iatiId, type: org.kind, acceptance });
      }
      return ok({ role: i.role, organisationId: null, name: i.name, ref: i.ref ?? null, type: null, acceptance: 'accepted' });
    }
    case 'locations': {
      const i = input as SectionInput<'locations'>;
      return ok({ name: i.name, lat: i.lat, lng: i.lng, exactness: i.exactness, locationClass: '2' });
    }
    case 'budgets': {
      const i = input as SectionInput<'budgets'>;
      return ok({ type: i.type, status: i.status, periodStart: i.periodStart, periodEnd: i.periodEnd, amount: i.amount, currency: i.currency, valueDate: i.periodStart });
    }
    case 'transactions': {
      const i = input as SectionInput<'transactions'>;
      return ok({
        type: i.type,
        date: i.date,
        amount: i.amount,
        currency: i.currency,
        valueDate: i.date,
        description: i.description ?? null,
        providerOrganisationId: i.providerOrganisationId ?? null,
        providerName: i.providerName ?? null,
        receiverOrganisationId: i.receiverOrganisationId ?? null,
        receiverName: i.receiverName ?? null,
      });
    }
    case 'results': {
      const i = input as SectionInput<'results'>;
      const indicator: StoredIndicator = {
        measure: i.measure,
        ascending: true,
        ...(i.indicatorTitleFr ? { titleFr: i.indicatorTitleFr } : {}),
        ...(i.indicatorTitleEn ? { titleEn: i.indicatorTitleEn } : {}),
        baselines: i.baseline !== undefined || i.baselineYear !== undefined ? [{ ...(i.baselineYear ? { year: i.baselineYear } : {}), ...(i.baseline ? { value: i.baseline } : {}) }] : [],
        periods: i.periodStart || i.periodEnd || i.target || i.actual ? [{ ...(i.periodStart ? { start: i.periodStart } : {}), ...(i.periodEnd ? { end: i.periodEnd } : {}), ...(i.target ? { target: i.target } : {}), ...(i.actual ? { actual: i.actual } : {}) }] : [],
      };
      const hasIndicator = i.indicatorTitleFr || i.indicatorTitleEn;
      return ok({ type: i.type, titleFr: i.titleFr ?? null, titleEn: i.titleEn ?? null, indicators: hasIndicator ? [indicator] : [] });
    }
    case 'documents': {
      // A link to a document published elsewhere, or a file stored here (PDF, ODT, DOCX, checked from its bytes).
      const i = input as SectionInput<'documents'>;
      const base = { titleFr: i.titleFr ?? null, titleEn: i.titleEn ?? null, category: i.category, documentDate: null };
      if (upload && upload.data.length > 0) {
        if (i.url) return err(failure('validation', { file: 'projects.error.document_link_or_file' }));
        const stored = await storeDocument(tx, actor.userId, upload);
        if (!stored.ok) return err(failure('validation', { file: `projects.error.document_${stored.error}` }));
        return ok({ ...base, url: null, fileId: stored.value.id, format: documentMediaType(stored.value.type) });
      }
      if (!i.url) return err(failure('validation', { url: 'projects.error.document_link_or_file' }));
      return ok({ ...base, url: i.url, format: 'text/html' });
    }
    case 'photos': {
      const i = input as SectionInput<'photos'>;
      if (!upload) return err(failure('validation', { photo: 'validation.required' }));
      const stored = await storeImage(tx, actor.userId, upload, { maxSide: 1600 });
      if (!stored.ok) return err(failure('validation', { photo: `projects.error.photo_${stored.error}` }));
      return ok({ fileId: stored.value.id, captionFr: i.captionFr ?? null, captionEn: i.captionEn ?? null });
    }
    case 'updates': {
      const i = input as SectionInput<'updates'>;
      return ok({ date: i.date, titleFr: i.titleFr ?? null, titleEn: i.titleEn ?? null, bodyFr: i.bodyFr ?? null, bodyEn: i.bodyEn ?? null });
    }
    case 'needs': {
      const i = input as SectionInput<'needs'>;
      return ok({ kind: i.kind, textFr: i.textFr ?? null, textEn: i.textEn ?? null });
    }
    default:
      return err(failure('bad_request'));
  }
}

/** Adds one repeated element (a country, a budget, a transaction…) to a project. */
export async function addSectionRow<K extends SectionKey>(db: Db, actor: Actor, projectId: string, key: K, input: SectionInput<K>, options: { upload?: Upload; extra?: Record<string, unknown> } = {}): Promise<Result<{ id: string }, Failure>> {
  const project = await findProjectById(db, projectId);
  if (!project) return err(failure('not_found'));
  if (!can(actor, 'update', project)) return err(failure('forbidden'));
  const table = sectionTables[key];
  return inTransaction(db, async (tx) => {
    const values = await rowValues(tx, actor, project, key, input, options.upload);
    if (!values.ok) return values;
    if (key === 'countries' || key === 'regions' || key === 'sectors') {
      const col = key === 'sectors' ? projectSectors.theme : key === 'countries' ? projectCountries.code : projectRegions.code;
      const value = key === 'sectors' ? values.value.theme : values.value.code;
      const [dup] = await tx.select({ id: (table as typeof projectCountries).id }).from(table as typeof projectCountries).where(and(eq((table as typeof projectCountries).projectId, projectId), eq(col, value as string)));
      if (dup) return err(failure('validation', { [key === 'sectors' ? 'theme' : 'code']: 'projects.error.duplicate' }));
    }
    const [pos] = await tx.select({ n: sql<number>`coalesce(max(position), -1)::int + 1` }).from(table as typeof projectCountries).where(eq((table as typeof projectCountries).projectId, projectId));
    const id = newId();
    await tx.insert(table as typeof projectCountries).values({ id, projectId, position: pos?.n ?? 0, ...(options.extra ? { iatiExtra: options.extra } : {}), ...values.value } as typeof projectCountries.$inferInsert);
    if (audited.has(key)) await recordAudit(tx, actor, { action: `project.${key}.added`, subjectType: 'project', subjectId: projectId, organisationId: project.organisationId, after: { id, ...values.value } });
    await refreshDerived(tx, projectId);
    return ok({ id });
  });
}

export async function removeSectionRow(db: Db, actor: Actor, projectId: string, key: SectionKey, rowId: string): Promise<Result<void, Failure>> {
  const project = await findProjectById(db, projectId);
  if (!project) return err(failure('not_found'));
  if (!can(actor, 'update', project)) return err(failure('forbidden'));
  const table = sectionTables[key] as typeof projectCountries;
  return inTransaction(db, async (tx) => {
    const removed = await tx.delete(table).where(and(eq(table.id, rowId), eq(table.projectId, projectId))).returning();
    if (removed.length === 0) return err(failure('not_found'));
    if (audited.has(key)) await recordAudit(tx, actor, { action: `project.${key}.removed`, subjectType: 'project', subjectId: projectId, organisationId: project.organisationId, before: removed[0] });
    await refreshDerived(tx, projectId);
    return ok(undefined);
  });
}

/** A directory organisation named on a project accepts (it then lists the project on its page) or declines. */
export async function answerParticipation(db: Db, actor: Actor, participantId: string, answer: 'accepted' | 'declined'): Promise<Result<{ projectId: string }, Failure>> {
  const participant = await findParticipant(db, participantId);
  if (!participant || !participant.organisationId) return err(failure('not_found'));
  if (!can(actor, 'answer_participation', { organisationId: participant.organisationId })) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    await tx.update(projectParticipants).set({ acceptance: answer }).where(eq(projectParticipants.id, participantId));
    await recordAudit(tx, actor, {
      action: `project.participation.${answer}`,
      subjectType: 'project',
      subjectId: participant.projectId,
      organisationId: participant.organisationId,
      before: { acceptance: participant.acceptance },
      after: { acceptance: answer },
    });
    await refreshDerived(tx, participant.projectId);
    return ok({ projectId: participant.projectId });
  });
}

// ── Help offers ─────────────────────────────────────────────────────────────────────────────────────────
export const offerRateLimit = { perEmail: 5, windowMinutes: 60 };

/**
 * A visitor offers help. Anyone may (the project must be published); the organisation's members receive it by
 * e-mail (in their language) and in their inbox. An address sending too many offers in an hour is refused.
 */
export async function offerHelp(db: Db, catalogue: Catalogue, baseUrl: string, projectId: string, input: HelpOfferInput): Promise<Result<{ id: string }, Failure>> {
  const project = await findProjectById(db, projectId);
  if (!project || project.publication !== 'published') return err(failure('not_found'));
  const since = new Date(Date.now() - offerRateLimit.windowMinutes * 60_000);
  if ((await countRecentOffers(db, input.email, since)) >= offerRateLimit.perEmail) return err(failure('rate_limited'));
  const org = await findOrganisationById(db, project.organisationId);
  const members = await contactsOfUsers(db, await organisationMemberIds(db, project.organisationId));
  const recipients = members.length ? members : org?.contactEmail ? [{ id: '', email: org.contactEmail, locale: 'fr' as const }] : [];
  return inTransaction(db, async (tx) => {
    const id = newId();
    await tx.insert(helpOffers).values({ id, projectId, organisationId: project.organisationId, kind: input.kind, name: input.name, email: input.email, message: input.message, amount: input.amount ?? null, consent: true });
    for (const r of recipients) {
      const t = catalogue.translator(r.locale);
      const title = (r.locale === 'en' ? project.titleEn || project.titleFr : project.titleFr || project.titleEn) ?? project.slug;
      await queueMail(tx, {
        to: r.email,
        kind: 'project.help_offer',
        subject: t('projects.mail.offer_subject', { project: title }),
        text: t('projects.mail.offer_text', {
          project: title,
          kind: t(`projects.help.kind.${input.kind}`),
          name: input.name,
          email: input.email,
          amount: input.amount ? formatMoney(input.amount, project.defaultCurrency, r.locale) : '—',
          message: input.message,
          url: `${baseUrl}/${r.locale}/projects/inbox/${project.organisationId}`,
        }),
      });
    }
    return ok({ id });
  });
}

export async function answerOffer(db: Db, actor: Actor, catalogue: Catalogue, offerId: string, text: string): Promise<Result<void, Failure>> {
  const offer = await findOffer(db, offerId);
  if (!offer) return err(failure('not_found'));
  if (!can(actor, 'handle_offers', offer)) return err(failure('forbidden'));
  const project = await findProjectById(db, offer.projectId);
  return inTransaction(db, async (tx) => {
    await tx.insert(helpOfferEvents).values({ id: newId(), offerId, actorUserId: actor.userId, kind: 'answered', text });
    const t = catalogue.translator('fr');
    await queueMail(tx, { to: offer.email, kind: 'project.help_answer', subject: t('projects.mail.answer_subject', { project: project?.titleFr ?? project?.titleEn ?? '' }), text });
    return ok(undefined);
  });
}

export async function setOfferStatus(db: Db, actor: Actor, offerId: string, status: 'new' | 'handled'): Promise<Result<void, Failure>> {
  const offer = await findOffer(db, offerId);
  if (!offer) return err(failure('not_found'));
  if (!can(actor, 'handle_offers', offer)) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    await tx.update(helpOffers).set({ status, handledAt: status === 'handled' ? new Date() : null }).where(eq(helpOffers.id, offerId));
    await tx.insert(helpOfferEvents).values({ id: newId(), offerId, actorUserId: actor.userId, kind: status === 'handled' ? 'handled' : 'reopened' });
    return ok(undefined);
  });
}

/** Deletes offers older than the retention period stated on the privacy page; returns how many. */
export async function purgeOldOffers(db: Db, retentionDays: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const deleted = await db.delete(helpOffers).where(lt(helpOffers.createdAt, cutoff)).returning({ id: helpOffers.id });
  return deleted.length;
}


// ── IATI import: many projects in one statement per table ───────────────────────────────────────────────

type Row<T extends Table> = Omit<T['$inferInsert'], 'id' | 'projectId' | 'position'>;

/** The project's own columns as an IATI activity gives them (iati/map.ts reads activities into this shape). */
export interface ImportedProjectColumns {
  titleFr: string | null;
  titleEn: string | null;
  descriptionFr: string | null;
  descriptionEn: string | null;
  objectivesFr: string | null;
  objectivesEn: string | null;
  targetGroupsFr: string | null;
  targetGroupsEn: string | null;
  activityStatus: string;
  plannedStart: string | null;
  actualStart: string | null;
  plannedEnd: string | null;
  actualEnd: string | null;
  humanitarian: boolean;
  defaultCurrency: string;
  sdgs: string[];
  iatiExtra: Record<string, unknown>;
}

/** A project as an IATI import gives it (the `ProjectRecord` of iati/map.ts), directory organisations resolved. */
export interface ImportedProject {
  iatiIdentifier: string;
  /** The reporting organisation of a new project (an existing project keeps its own). */
  organisationId: string;
  /** A new project is published (true) or kept as a draft; an existing one keeps its state. */
  publish: boolean;
  project: ImportedProjectColumns;
  countries: Row<typeof projectCountries>[];
  regions: Row<typeof projectRegions>[];
  sectors: Row<typeof projectSectors>[];
  /** `organisationId`: the directory entry matched by the importer, or null (kept by name and ref). */
  participants: Omit<Row<typeof projectParticipants>, 'acceptance'>[];
  locations: Row<typeof projectLocations>[];
  budgets: Row<typeof projectBudgets>[];
  transactions: Row<typeof projectTransactions>[];
  results: Row<typeof projectResults>[];
  documents: Row<typeof projectDocuments>[];
}

export type ImportedOutcome = { iatiIdentifier: string; outcome: 'created' | 'updated'; id: string; slug: string } | { iatiIdentifier: string; outcome: 'foreign' | 'forbidden'; id?: string };

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Many rows in one statement whatever their number: the rows travel as one JSON parameter that PostgreSQL
 * spreads into the table's row type (`json_populate_recordset`). Columns: those the rows name.
 */
async function insertRows(tx: Tx, table: Table, rows: Record<string, unknown>[], onConflict?: string): Promise<void> {
  if (rows.length === 0) return;
  const known = new Set(Object.values(getTableColumns(table)).map((c) => c.name));
  const named = new Set<string>();
  const json = rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      const column = snake(k);
      if (!known.has(column) || v === undefined) continue;
      named.add(column);
      out[column] = v;
    }
    return out;
  });
  const cols = [...named].map((c) => `"${c}"`).join(', ');
  const name = getTableName(table);
  await tx.execute(sql`insert into ${sql.raw(`"${name}"`)} (${sql.raw(cols)}) select ${sql.raw(cols)} from json_populate_recordset(null::${sql.raw(`"${name}"`)}, ${JSON.stringify(json)}::json) ${sql.raw(onConflict ?? '')}`);
}

/** The IATI sections a re-import replaces (photos, updates and needs are the platform's own and stay). */
const importedSections = [projectCountries, projectRegions, projectSectors, projectParticipants, projectLocations, projectBudgets, projectTransactions, projectResults] as const;

const projectUpdateSet = [
  'title_fr', 'title_en', 'description_fr', 'description_en', 'objectives_fr', 'objectives_en', 'target_groups_fr', 'target_groups_en',
  'activity_status', 'planned_start', 'actual_start', 'planned_end', 'actual_end', 'humanitarian', 'default_currency', 'sdgs', 'iati_extra',
  'countries', 'regions', 'themes', 'funder_ids', 'partner_ids', 'total_budget', 'start_year', 'end_year',
];

const slugHash = (identifier: string) => {
  let h = 2166136261;
  for (let i = 0; i < identifier.length; i++) h = Math.imul(h ^ identifier.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36).padStart(7, '0');
};

/**
 * Creates or updates projects by IATI activity identifier, inside the caller's transaction, in one statement per
 * table whatever the number of projects: a re-import replaces the IATI sections of the project (countries…
 * documents given as links) and its columns, keeps its slug, owner, publication state, photos, updates, needs,
 * stored documents and the answers of directory organisations named as participants. With `onlyOrganisationId`,
 * a project of another organisation is left alone (`foreign`). Identifiers must be distinct within one call.
 * Policy: creating and updating as for a project edited by hand.
 */
export async function saveImportedProjects(tx: Tx, actor: Actor, items: readonly ImportedProject[], options: { onlyOrganisationId?: string } = {}): Promise<ImportedOutcome[]> {
  if (items.length === 0) return [];
  const existing = new Map(
    (
      await tx
        .select({ id: projects.id, slug: projects.slug, iatiIdentifier: projects.iatiIdentifier, organisationId: projects.organisationId, publication: projects.publication })
        .from(projects)
        .where(inArray(projects.iatiIdentifier, items.map((i) => i.iatiIdentifier)))
    ).map((r) => [r.iatiIdentifier, r]),
  );
  const outcomes: ImportedOutcome[] = [];
  const accepted: { item: ImportedProject; id: string; slug: string; organisationId: string; created: boolean; publication?: 'draft' | 'published' }[] = [];
  for (const item of items) {
    const found = existing.get(item.iatiIdentifier);
    if (found) {
      if (options.onlyOrganisationId && found.organisationId !== options.onlyOrganisationId) outcomes.push({ iatiIdentifier: item.iatiIdentifier, outcome: 'foreign', id: found.id });
      else if (!can(actor, 'update', found)) outcomes.push({ iatiIdentifier: item.iatiIdentifier, outcome: 'forbidden', id: found.id });
      else {
        accepted.push({ item, id: found.id, slug: found.slug, organisationId: found.organisationId, created: false, publication: found.publication });
        outcomes.push({ iatiIdentifier: item.iatiIdentifier, outcome: 'updated', id: found.id, slug: found.slug });
      }
    } else if (!can(actor, 'create', { organisationId: item.organisationId })) {
      outcomes.push({ iatiIdentifier: item.iatiIdentifier, outcome: 'forbidden' });
    } else {
      const id = newId();
      const slug = `${slugify(item.project.titleFr ?? item.project.titleEn ?? item.iatiIdentifier, 50)}-${slugHash(item.iatiIdentifier)}`;
      accepted.push({ item, id, slug, organisationId: item.organisationId, created: true });
      outcomes.push({ iatiIdentifier: item.iatiIdentifier, outcome: 'created', id, slug });
    }
  }
  if (accepted.length === 0) return outcomes;

  // Answers of directory organisations already named on the projects being replaced.
  const updatedIds = accepted.filter((a) => !a.created).map((a) => a.id);
  const answers = new Map<string, string>();
  if (updatedIds.length) {
    const rows = await tx
      .select({ projectId: projectParticipants.projectId, organisationId: projectParticipants.organisationId, acceptance: projectParticipants.acceptance })
      .from(projectParticipants)
      .where(inArray(projectParticipants.projectId, updatedIds));
    for (const r of rows) if (r.organisationId) answers.set(`${r.projectId}/${r.organisationId}`, r.acceptance);
    for (const table of importedSections) await tx.delete(table).where(inArray(table.projectId, updatedIds));
    await tx.delete(projectDocuments).where(and(inArray(projectDocuments.projectId, updatedIds), isNull(projectDocuments.fileId)));
  }

  const projectRows: Record<string, unknown>[] = [];
  const children = new Map<Table, Record<string, unknown>[]>(importedSections.map((t) => [t, []]));
  children.set(projectDocuments, []);
  const now = new Date().toISOString();
  for (const { item, id, slug, organisationId, created, publication } of accepted) {
    const p = item.project;
    const participants = item.participants.map((r) => ({
      ...r,
      acceptance: r.organisationId === organisationId ? 'accepted' : ((r.organisationId && answers.get(`${id}/${r.organisationId}`)) ?? 'pending'),
    }));
    const start = p.actualStart ?? p.plannedStart;
    const end = p.actualEnd ?? p.plannedEnd;
    projectRows.push({
      id,
      slug,
      organisationId,
      iatiIdentifier: item.iatiIdentifier,
      ...p,
      sdgs: [...new Set(p.sdgs)].sort((a, b) => Number(a) - Number(b)),
      // An existing project's state is named only because the row must be whole; the update leaves it as it is.
      ...(created ? { publication: item.publish ? 'published' : 'draft', publishedAt: item.publish ? now : null } : { publication }),
      countries: [...new Set(item.countries.map((c) => c.code))],
      regions: [...new Set(item.regions.map((r) => r.code))],
      themes: withParents(item.sectors.map((s) => s.theme).filter((t): t is string => !!t)),
      funderIds: [...new Set(participants.filter((r) => r.role === '1' && r.organisationId).map((r) => r.organisationId!))],
      partnerIds: [...new Set([organisationId, ...participants.filter((r) => r.organisationId && r.acceptance === 'accepted').map((r) => r.organisationId!)])],
      totalBudget: budgetTotal(item.budgets.map((b) => ({ periodStart: b.periodStart, periodEnd: b.periodEnd, type: b.type ?? '1', amount: b.amount }))),
      startYear: start ? Number(start.slice(0, 4)) : null,
      endYear: end ? Number(end.slice(0, 4)) : null,
    });
    const add = (table: Table, rows: readonly object[]) => {
      const out = children.get(table)!;
      rows.forEach((r, position) => out.push({ ...r, id: newId(), projectId: id, position }));
    };
    add(projectCountries, item.countries);
    add(projectRegions, item.regions);
    add(projectSectors, item.sectors);
    add(projectParticipants, participants);
    add(projectLocations, item.locations);
    add(projectBudgets, item.budgets);
    add(projectTransactions, item.transactions);
    add(projectResults, item.results);
    add(projectDocuments, item.documents);
  }
  await insertRows(
    tx,
    projects,
    projectRows,
    `on conflict (id) do update set ${projectUpdateSet.map((c) => `${c} = excluded.${c}`).join(', ')}, version = projects.version + 1, updated_at = now()`,
  );
  for (const [table, rows] of children) await insertRows(tx, table, rows);
  return outcomes;
}
