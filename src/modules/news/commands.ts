// Writes to news and press releases: policy first, one transaction, an audit entry for publication changes.
import { and, eq, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Actor } from '../../kernel/actor.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { failure, type Failure } from '../../kernel/errors.ts';
import { newId, slugify } from '../../kernel/ids.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { findOrganisationById } from '../organisations/queries.ts';
import { can, canWriteFor } from './policy.ts';
import { findNewsById } from './queries.ts';
import type { NewsInput } from './schema.ts';
import { newsArticles, type PressContact } from './tables.ts';

function pressContacts(input: NewsInput): PressContact[] {
  const slots = [
    [input.contact1Name, input.contact1Role, input.contact1Email, input.contact1Phone],
    [input.contact2Name, input.contact2Role, input.contact2Email, input.contact2Phone],
    [input.contact3Name, input.contact3Role, input.contact3Email, input.contact3Phone],
  ] as const;
  return slots.filter(([name]) => name).map(([name, role, email, phone]) => ({ name: name!, role: role ?? null, email: email ?? null, phone: phone ?? null }));
}

function columns(input: NewsInput, publishedAt: Date | null) {
  const organisationId = input.authorOrganisationId ?? null;
  return {
    type: input.type,
    authorOrganisationId: organisationId,
    authorKind: (organisationId ? (input.authorKind === 'platform' ? 'organisation' : input.authorKind) : 'platform') as NewsInput['authorKind'],
    titleFr: input.titleFr ?? null,
    titleEn: input.titleEn ?? null,
    summaryFr: input.summaryFr ?? null,
    summaryEn: input.summaryEn ?? null,
    bodyFr: input.bodyFr ?? null,
    bodyEn: input.bodyEn ?? null,
    themes: [...new Set(input.themes)],
    countries: [...new Set(input.countries)],
    projectIds: [...new Set(input.projectIds.map((s) => s.toLowerCase()))],
    campaignIds: [...new Set(input.campaignIds.map((s) => s.toLowerCase()))],
    status: input.status,
    publishedAt,
    datelinePlace: input.type === 'press_release' ? (input.datelinePlace ?? null) : null,
    datelineDate: input.type === 'press_release' ? (input.datelineDate ?? null) : null,
    pressContacts: input.type === 'press_release' ? pressContacts(input) : [],
  };
}

/** Publication date: the one typed, else now when published, else none yet. */
function publicationDate(input: NewsInput, previous: Date | null): Date | null {
  if (input.publishedOn) return new Date(`${input.publishedOn}T08:00:00Z`);
  if (input.status === 'published') return previous ?? new Date();
  return previous;
}

async function uniqueSlug(tx: Tx, base: string): Promise<string> {
  const taken = await tx
    .select({ slug: newsArticles.slug })
    .from(newsArticles)
    .where(or(eq(newsArticles.slug, base), sql`${newsArticles.slug} like ${base + '-%'}`));
  const used = new Set(taken.map((r) => r.slug));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

async function checkAuthor(db: Db, actor: Actor, organisationId: string | null): Promise<Failure | null> {
  if (organisationId && !(await findOrganisationById(db, organisationId))) return failure('validation', { authorOrganisationId: 'validation.choice' });
  if (!canWriteFor(actor, organisationId)) return organisationId ? failure('validation', { authorOrganisationId: 'news.error.author_forbidden' }) : failure('forbidden');
  return null;
}

export async function createNews(db: Db, actor: Actor, input: NewsInput): Promise<Result<{ id: string; slug: string }, Failure>> {
  if (!can(actor, 'create')) return err(failure('forbidden'));
  const refused = await checkAuthor(db, actor, input.authorOrganisationId ?? null);
  if (refused) return err(refused);
  return inTransaction(db, async (tx) => {
    const id = newId();
    const slug = await uniqueSlug(tx, slugify(input.titleFr ?? input.titleEn ?? 'article'));
    const values = columns(input, publicationDate(input, null));
    await tx.insert(newsArticles).values({ id, slug, ...values });
    await recordAudit(tx, actor, {
      action: values.status === 'published' ? 'news.published' : 'news.created',
      subjectType: 'news',
      subjectId: id,
      organisationId: values.authorOrganisationId,
      after: { slug, status: values.status, type: values.type, publishedAt: values.publishedAt },
    });
    return ok({ id, slug });
  });
}

export async function updateNews(db: Db, actor: Actor, id: string, expectedVersion: number, input: NewsInput): Promise<Result<{ slug: string; version: number }, Failure>> {
  const current = await findNewsById(db, id);
  if (!current) return err(failure('not_found'));
  if (!can(actor, 'update', current)) return err(failure('forbidden'));
  const refused = await checkAuthor(db, actor, input.authorOrganisationId ?? null);
  if (refused) return err(refused);
  return inTransaction(db, async (tx) => {
    const values = columns(input, publicationDate(input, current.publishedAt));
    const [row] = await tx
      .update(newsArticles)
      .set({ ...values, version: sql`${newsArticles.version} + 1`, updatedAt: new Date() })
      .where(and(eq(newsArticles.id, id), eq(newsArticles.version, expectedVersion)))
      .returning({ slug: newsArticles.slug, version: newsArticles.version });
    if (!row) return err(failure('conflict'));
    if (current.status !== values.status || current.publishedAt?.getTime() !== values.publishedAt?.getTime()) {
      await recordAudit(tx, actor, {
        action: values.status === 'published' ? 'news.published' : 'news.unpublished',
        subjectType: 'news',
        subjectId: id,
        organisationId: values.authorOrganisationId,
        before: { status: current.status, publishedAt: current.publishedAt },
        after: { status: values.status, publishedAt: values.publishedAt },
      });
    }
    return ok(row);
  });
}
