// Account writes: sign-up and confirmation, sessions, passwords and addresses, two-factor sign-in, API tokens,
// suspension, and the personal-data rights (export, erasure).
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { and, eq, gt, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { hash, verify } from '@node-rs/argon2';
import { Secret, TOTP } from 'otpauth';
import type { Db, DbOrTx } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { platformRoles, requiresSecondFactor, type Actor, type PlatformRole } from '../../kernel/actor.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { failure, type Failure } from '../../kernel/errors.ts';
import type { Locale, Translate } from '../../kernel/i18n.ts';
import { newId } from '../../kernel/ids.ts';
import { recurringJob, type JobHandlers } from '../../kernel/jobs.ts';
import { queueMail } from '../../kernel/mail.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { removeAllMembershipsOf } from '../organisations/commands.ts';
import { membershipsOf, organisationsWhereLastAdmin } from '../organisations/queries.ts';
import { sessionHandle } from './queries.ts';
import { can } from './policy.ts';
import type { CreateUserInput, SignInInput, SignUpInput } from './schema.ts';
import { accountTokens, apiTokens, sessions, users } from './tables.ts';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const randomToken = (): string => randomBytes(32).toString('base64url');

// argon2id (the library's default algorithm) with OWASP's minimum memory cost.
const hashPassword = (password: string): Promise<string> => hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 });

// Verified against when the account does not exist, so both answers take the same time.
let decoyHash: Promise<string> | undefined;
async function decoyVerify(password: string): Promise<void> {
  decoyHash ??= hashPassword(randomToken());
  await verify(await decoyHash, password).catch(() => false);
}

const byEmail = (email: string) => sql`lower(${users.email}) = lower(${email})`;

/** What a command needs to write a mail in the reader's language with links back to the platform. */
export interface MailContext {
  t: Translate;
  locale: Locale;
  baseUrl: string;
}
const link = (m: MailContext, path: string) => `${m.baseUrl}/${m.locale}${path}`;

const validRoles = (roles: readonly string[]): PlatformRole[] => roles.filter((r): r is PlatformRole => (platformRoles as readonly string[]).includes(r));

export async function createUser(
  db: Db,
  actor: Actor,
  input: CreateUserInput,
  roles: PlatformRole[] = [],
): Promise<Result<{ id: string }, 'email_taken'>> {
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, async (tx) => {
    const existing = await tx.select({ id: users.id }).from(users).where(byEmail(input.email));
    if (existing.length > 0) return err('email_taken' as const);
    const id = newId();
    await tx.insert(users).values({
      id,
      email: input.email,
      displayName: input.displayName,
      passwordHash,
      platformRoles: validRoles(roles),
      status: 'active',
      emailConfirmedAt: new Date(),
    });
    if (roles.length > 0) {
      await recordAudit(tx, actor, { action: 'user.roles_set', subjectType: 'user', subjectId: id, after: { roles } });
    }
    return ok({ id });
  });
}

async function issueAccountToken(tx: DbOrTx, userId: string, kind: 'confirm_email' | 'reset_password' | 'change_email', hours: number, payload?: string): Promise<string> {
  const token = randomToken();
  await tx.insert(accountTokens).values({ id: hashToken(token), userId, kind, payload: payload ?? null, expiresAt: new Date(Date.now() + hours * 3_600_000) });
  return token;
}

/** Takes a one-use token: valid, unused, not expired, of the right kind. Marks it used. */
async function takeAccountToken(tx: DbOrTx, token: string, kind: 'confirm_email' | 'reset_password' | 'change_email') {
  if (typeof token !== 'string' || token.length < 20 || token.length > 100) return undefined;
  const [row] = await tx
    .update(accountTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(accountTokens.id, hashToken(token)), eq(accountTokens.kind, kind), isNull(accountTokens.usedAt), gt(accountTokens.expiresAt, new Date())))
    .returning();
  return row;
}

/** Whether a reset link is still usable (the form is shown only then). */
export async function isUsableToken(db: DbOrTx, token: string, kind: 'reset_password'): Promise<boolean> {
  if (typeof token !== 'string' || token.length < 20 || token.length > 100) return false;
  const [row] = await db
    .select({ id: accountTokens.id })
    .from(accountTokens)
    .where(and(eq(accountTokens.id, hashToken(token)), eq(accountTokens.kind, kind), isNull(accountTokens.usedAt), gt(accountTokens.expiresAt, new Date())));
  return !!row;
}

/**
 * Self-service sign-up. The answer is the same whether or not the address already has an account: a new
 * address gets a confirmation link, a known one a mail saying so (with the password-reset link).
 */
export async function signUp(db: Db, input: SignUpInput, mail: MailContext): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  await inTransaction(db, async (tx) => {
    const [existing] = await tx.select({ id: users.id, status: users.status }).from(users).where(byEmail(input.email));
    if (existing) {
      if (existing.status === 'pending') {
        const token = await issueAccountToken(tx, existing.id, 'confirm_email', 48);
        await queueMail(tx, { to: input.email, kind: 'account.confirm', subject: mail.t('accounts.mail.confirm_subject'), text: mail.t('accounts.mail.confirm_text', { link: link(mail, `/confirm-email?token=${token}`) }) });
      } else {
        await queueMail(tx, { to: input.email, kind: 'account.exists', subject: mail.t('accounts.mail.exists_subject'), text: mail.t('accounts.mail.exists_text', { link: link(mail, '/password-reset') }) });
      }
      return;
    }
    const id = newId();
    await tx.insert(users).values({ id, email: input.email, displayName: input.displayName, passwordHash, status: 'pending', preferredLocale: mail.locale });
    const token = await issueAccountToken(tx, id, 'confirm_email', 48);
    await queueMail(tx, { to: input.email, kind: 'account.confirm', subject: mail.t('accounts.mail.confirm_subject'), text: mail.t('accounts.mail.confirm_text', { link: link(mail, `/confirm-email?token=${token}`) }) });
  });
}

export async function confirmEmail(db: Db, token: string): Promise<Result<{ userId: string }, 'invalid_link'>> {
  return inTransaction(db, async (tx) => {
    const row = await takeAccountToken(tx, token, 'confirm_email');
    if (!row) return err('invalid_link' as const);
    await tx
      .update(users)
      .set({ status: sql`case when ${users.status} = 'pending' then 'active' else ${users.status} end`, emailConfirmedAt: new Date(), updatedAt: new Date() })
      .where(eq(users.id, row.userId));
    return ok({ userId: row.userId });
  });
}

/** Sends a reset link when the address belongs to an active account; says nothing either way. */
export async function requestPasswordReset(db: Db, email: string, mail: MailContext): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [user] = await tx.select({ id: users.id, status: users.status }).from(users).where(byEmail(email));
    if (!user || user.status !== 'active') return;
    const token = await issueAccountToken(tx, user.id, 'reset_password', 1);
    await queueMail(tx, { to: email, kind: 'account.reset', subject: mail.t('accounts.mail.reset_subject'), text: mail.t('accounts.mail.reset_text', { link: link(mail, `/password-reset/new?token=${token}`) }) });
  });
}

/** Sets a new password from a reset link and ends every session of the account. */
export async function resetPassword(db: Db, token: string, password: string): Promise<Result<void, 'invalid_link'>> {
  const passwordHash = await hashPassword(password);
  return inTransaction(db, async (tx) => {
    const row = await takeAccountToken(tx, token, 'reset_password');
    if (!row) return err('invalid_link' as const);
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, row.userId));
    await tx.delete(sessions).where(eq(sessions.userId, row.userId));
    await recordAudit(tx, { ...anonymousFor(row.userId) }, { action: 'user.password_reset', subjectType: 'user', subjectId: row.userId });
    return ok(undefined);
  });
}

const anonymousFor = (userId: string): Actor => ({ userId, displayName: null, email: null, platformRoles: new Set(), memberships: new Map(), secondFactorDone: false });

export interface OpenedSession {
  token: string;
  userId: string;
  /** What the new session still needs: typing a code, or enrolling in two-factor sign-in first. */
  secondFactor: 'challenge' | 'enrol' | null;
}

/** Checks the password and opens a new session (a fresh id on every sign-in: no session fixation). */
export async function signIn(db: Db, input: SignInInput, userAgent?: string): Promise<Result<OpenedSession, 'invalid_credentials'>> {
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, status: users.status, totpSecret: users.totpSecret, roles: users.platformRoles })
    .from(users)
    .where(byEmail(input.email));
  if (!user || !user.passwordHash || user.status !== 'active') {
    await decoyVerify(input.password);
    return err('invalid_credentials');
  }
  const valid = await verify(user.passwordHash, input.password).catch(() => false);
  if (!valid) return err('invalid_credentials');
  const token = randomToken();
  await db.insert(sessions).values({
    id: hashToken(token),
    userId: user.id,
    csrfToken: randomToken(),
    secondFactorDone: false,
    userAgent: userAgent?.slice(0, 300) ?? null,
  });
  const secondFactor = user.totpSecret ? 'challenge' : requiresSecondFactor(user.roles) ? 'enrol' : null;
  return ok({ token, userId: user.id, secondFactor });
}

export async function signOut(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, hashToken(token)));
}

/** Ends every session of the account (this browser's included). */
export async function signOutEverywhere(db: Db, actor: Actor): Promise<void> {
  if (!actor.userId) return;
  await db.delete(sessions).where(eq(sessions.userId, actor.userId));
}

/** Ends one of the actor's own sessions (a browser left signed in elsewhere); says whether it was the current one. */
export async function revokeSession(db: Db, actor: Actor, currentToken: string, handle: string): Promise<Result<{ wasCurrent: boolean }, Failure>> {
  if (!actor.userId) return err(failure('unauthenticated'));
  if (!/^[0-9a-f]{32}$/.test(handle)) return err(failure('not_found'));
  const own = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, actor.userId));
  const target = own.find((s) => sessionHandle(s.id) === handle);
  if (!target) return err(failure('not_found'));
  await db.delete(sessions).where(and(eq(sessions.id, target.id), eq(sessions.userId, actor.userId)));
  return ok({ wasCurrent: target.id === hashToken(currentToken) });
}

export interface ResumedSession {
  actor: Actor;
  csrfToken: string;
  /** The session may not act yet: it must pass the second factor, or enrol first. */
  pending: 'challenge' | 'enrol' | null;
}

export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
}

async function buildActor(db: DbOrTx, row: { userId: string; email: string; displayName: string; roles: string[]; emailConfirmedAt: Date | null }, secondFactorDone: boolean): Promise<Actor> {
  return {
    userId: row.userId,
    email: row.email,
    displayName: row.displayName,
    platformRoles: new Set(validRoles(row.roles)),
    memberships: await membershipsOf(db, row.userId),
    secondFactorDone,
    emailConfirmed: row.emailConfirmedAt !== null,
  };
}

/**
 * Finds the session behind a cookie token and builds its actor; ends it when idle or too old.
 * Touches last_seen at most once a minute, so reading pages does not write on every request.
 */
export async function resumeSession(db: Db, token: string, limits: SessionLimits): Promise<ResumedSession | null> {
  if (typeof token !== 'string' || token.length > 200) return null;
  const id = hashToken(token);
  const [row] = await db
    .select({
      userId: sessions.userId,
      csrfToken: sessions.csrfToken,
      secondFactorDone: sessions.secondFactorDone,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      email: users.email,
      displayName: users.displayName,
      roles: users.platformRoles,
      status: users.status,
      totpSecret: users.totpSecret,
      emailConfirmedAt: users.emailConfirmedAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id));
  if (!row) return null;
  const now = Date.now();
  const expired =
    now - row.lastSeenAt.getTime() > limits.idleMinutes * 60_000 ||
    now - row.createdAt.getTime() > limits.absoluteHours * 3_600_000 ||
    row.status !== 'active';
  if (expired) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (now - row.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, id));
  }
  // Enrolled accounts pass the code at each sign-in; staff roles must enrol before they can act.
  const pending = row.secondFactorDone ? null : row.totpSecret ? 'challenge' : requiresSecondFactor(row.roles) ? 'enrol' : null;
  return { csrfToken: row.csrfToken, pending, actor: await buildActor(db, row, pending === null) };
}

/** Removes sessions past their limits (run by the hourly housekeeping job). */
export async function purgeExpiredSessions(db: DbOrTx, limits: SessionLimits, now: Date = new Date()): Promise<void> {
  const idleBefore = new Date(now.getTime() - limits.idleMinutes * 60_000);
  const createdBefore = new Date(now.getTime() - limits.absoluteHours * 3_600_000);
  await db.delete(sessions).where(or(lt(sessions.lastSeenAt, idleBefore), lt(sessions.createdAt, createdBefore)));
}

/** The accounts' housekeeping job, for the job runner. */
export const accountJobHandlers = (limits: SessionLimits): JobHandlers => recurringJob('accounts.purge_sessions', 3_600_000, (tx, now) => purgeExpiredSessions(tx, limits, now));

export async function setPlatformRoles(db: Db, actor: Actor, userId: string, roles: PlatformRole[]): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [before] = await tx.select({ roles: users.platformRoles }).from(users).where(eq(users.id, userId));
    await tx.update(users).set({ platformRoles: roles, updatedAt: new Date() }).where(and(eq(users.id, userId)));
    await recordAudit(tx, actor, { action: 'user.roles_set', subjectType: 'user', subjectId: userId, before: before ?? null, after: { roles } });
  });
}

// ---- Two-factor sign-in (TOTP, RFC 6238) with recovery codes ----

const TOTP_PERIOD_SECONDS = 30;
const totpFor = (secret: string, label: string) => new TOTP({ issuer: 'Passerelle', label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secret) });

/**
 * Checks a six-digit code (one step of clock drift either way) and records its time step for the account, in one
 * statement: a code is accepted once, and never one older than the last accepted (RFC 6238 §5.2), even when two
 * requests race. Returns false for a wrong, reused or older code.
 */
async function acceptTotpCode(tx: DbOrTx, userId: string, secret: string, label: string, code: string, now = Date.now()): Promise<boolean> {
  const digits = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(digits)) return false;
  const delta = totpFor(secret, label).validate({ token: digits, window: 1, timestamp: now });
  if (delta === null) return false;
  const step = Math.floor(now / 1000 / TOTP_PERIOD_SECONDS) + delta;
  const taken = await tx
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return taken.length > 0;
}

export interface Enrolment {
  secret: string;
  uri: string;
}

/** The secret to enrol with (kept pending until a first code confirms it). */
export async function startTotpEnrolment(db: Db, actor: Actor): Promise<Result<Enrolment, Failure>> {
  if (!actor.userId) return err(failure('unauthenticated'));
  const [user] = await db.select({ pending: users.totpPendingSecret, secret: users.totpSecret, email: users.email }).from(users).where(eq(users.id, actor.userId));
  if (!user) return err(failure('not_found'));
  if (user.secret) return err(failure('conflict'));
  let secret = user.pending;
  if (!secret) {
    secret = new Secret({ size: 20 }).base32;
    await db.update(users).set({ totpPendingSecret: secret }).where(eq(users.id, actor.userId));
  }
  return ok({ secret, uri: totpFor(secret, user.email).toString() });
}

const newRecoveryCodes = (): string[] =>
  Array.from({ length: 10 }, () => {
    const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
    const raw = Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join('');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
const normaliseCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

/** Confirms enrolment with a first code; the session counts as having passed. Returns the recovery codes (shown once). */
export async function confirmTotpEnrolment(db: Db, actor: Actor, sessionToken: string, code: string): Promise<Result<{ recoveryCodes: string[] }, Failure>> {
  if (!actor.userId) return err(failure('unauthenticated'));
  const userId = actor.userId;
  return inTransaction(db, async (tx) => {
    const [user] = await tx.select({ pending: users.totpPendingSecret, secret: users.totpSecret, email: users.email }).from(users).where(eq(users.id, userId));
    if (!user?.pending || user.secret) return err(failure('conflict'));
    if (!(await acceptTotpCode(tx, userId, user.pending, user.email, code))) return err(failure('validation', { code: 'accounts.two_factor_wrong_code' }));
    const codes = newRecoveryCodes();
    await tx
      .update(users)
      .set({ totpSecret: user.pending, totpPendingSecret: null, recoveryCodes: codes.map((c) => hashToken(normaliseCode(c))), updatedAt: new Date() })
      .where(eq(users.id, userId));
    await tx.update(sessions).set({ secondFactorDone: true }).where(eq(sessions.id, hashToken(sessionToken)));
    // Other sessions opened before enrolment must pass the code too.
    await tx.update(sessions).set({ secondFactorDone: false }).where(and(eq(sessions.userId, userId), ne(sessions.id, hashToken(sessionToken))));
    await recordAudit(tx, actor, { action: 'user.two_factor_enrolled', subjectType: 'user', subjectId: userId });
    return ok({ recoveryCodes: codes });
  });
}

/** Checks a code (or a recovery code, used once) for the session's account and marks the session as passed. */
export async function passSecondFactor(db: Db, sessionToken: string, code: string): Promise<Result<{ usedRecoveryCode: boolean }, 'wrong_code'>> {
  const sessionId = hashToken(sessionToken);
  return inTransaction(db, async (tx) => {
    const [row] = await tx
      .select({ userId: users.id, secret: users.totpSecret, email: users.email, codes: users.recoveryCodes })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, sessionId));
    if (!row?.secret) return err('wrong_code' as const);
    let usedRecoveryCode = false;
    if (!(await acceptTotpCode(tx, row.userId, row.secret, row.email, code))) {
      const hashed = hashToken(normaliseCode(code));
      if (!row.codes.includes(hashed)) return err('wrong_code' as const);
      await tx.update(users).set({ recoveryCodes: row.codes.filter((c) => c !== hashed) }).where(eq(users.id, row.userId));
      usedRecoveryCode = true;
    }
    // A new session id once the second factor is passed, too.
    await tx.update(sessions).set({ secondFactorDone: true }).where(eq(sessions.id, sessionId));
    return ok({ usedRecoveryCode });
  });
}

export async function remainingRecoveryCodes(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db.select({ codes: users.recoveryCodes }).from(users).where(eq(users.id, userId));
  return row?.codes.length ?? 0;
}

/** Turns two-factor sign-in off (only for accounts whose roles do not require it; a current code is needed). */
export async function disableTwoFactor(db: Db, actor: Actor, code: string): Promise<Result<void, Failure>> {
  if (!actor.userId || !actor.secondFactorDone) return err(failure('forbidden'));
  if (requiresSecondFactor(actor.platformRoles)) return err(failure('forbidden'));
  const userId = actor.userId;
  const [user] = await db.select({ secret: users.totpSecret, email: users.email }).from(users).where(eq(users.id, userId));
  if (!user?.secret) return err(failure('conflict'));
  if (!(await acceptTotpCode(db, userId, user.secret, user.email, code))) return err(failure('validation', { code: 'accounts.two_factor_wrong_code' }));
  await inTransaction(db, async (tx) => {
    await tx.update(users).set({ totpSecret: null, totpPendingSecret: null, totpLastStep: null, recoveryCodes: [] }).where(eq(users.id, userId));
    await recordAudit(tx, actor, { action: 'user.two_factor_disabled', subjectType: 'user', subjectId: userId });
  });
  return ok(undefined);
}

// ---- Password, address, profile ----

async function checkPassword(db: DbOrTx, userId: string, password: string): Promise<boolean> {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!user?.passwordHash) return false;
  return verify(user.passwordHash, password).catch(() => false);
}

/** Changes the password (the current one is asked) and ends the account's other sessions. */
export async function changePassword(db: Db, actor: Actor, sessionToken: string, current: string, password: string): Promise<Result<void, Failure>> {
  if (!actor.userId) return err(failure('unauthenticated'));
  const userId = actor.userId;
  if (!(await checkPassword(db, userId, current))) return err(failure('validation', { current: 'accounts.wrong_password' }));
  const passwordHash = await hashPassword(password);
  await inTransaction(db, async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
    await tx.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, hashToken(sessionToken))));
    await recordAudit(tx, actor, { action: 'user.password_changed', subjectType: 'user', subjectId: userId });
  });
  return ok(undefined);
}

/** Sends a confirmation link to the new address; the address changes only when it is followed. */
export async function requestEmailChange(db: Db, actor: Actor, current: string, newEmail: string, mail: MailContext): Promise<Result<void, Failure>> {
  if (!actor.userId) return err(failure('unauthenticated'));
  const userId = actor.userId;
  if (!(await checkPassword(db, userId, current))) return err(failure('validation', { current: 'accounts.wrong_password' }));
  await inTransaction(db, async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(byEmail(newEmail));
    // Same answer when the address is taken: the owner of that address is told instead.
    if (taken) {
      await queueMail(tx, { to: newEmail, kind: 'account.exists', subject: mail.t('accounts.mail.exists_subject'), text: mail.t('accounts.mail.exists_text', { link: link(mail, '/password-reset') }) });
      return;
    }
    const token = await issueAccountToken(tx, userId, 'change_email', 24, newEmail);
    await queueMail(tx, { to: newEmail, kind: 'account.change_email', subject: mail.t('accounts.mail.change_email_subject'), text: mail.t('accounts.mail.change_email_text', { link: link(mail, `/account/email/confirm?token=${token}`) }) });
    if (actor.email) {
      await queueMail(tx, { to: actor.email, kind: 'account.change_email_notice', subject: mail.t('accounts.mail.change_email_notice_subject'), text: mail.t('accounts.mail.change_email_notice_text', { email: newEmail }) });
    }
  });
  return ok(undefined);
}

export async function confirmEmailChange(db: Db, token: string): Promise<Result<{ userId: string }, 'invalid_link' | 'email_taken'>> {
  return inTransaction(db, async (tx) => {
    const row = await takeAccountToken(tx, token, 'change_email');
    if (!row?.payload) return err('invalid_link' as const);
    const [taken] = await tx.select({ id: users.id }).from(users).where(byEmail(row.payload));
    if (taken) return err('email_taken' as const);
    await tx.update(users).set({ email: row.payload, emailConfirmedAt: new Date(), updatedAt: new Date() }).where(eq(users.id, row.userId));
    // No address in the (append-only) log: it would survive the account's erasure.
    await recordAudit(tx, anonymousFor(row.userId), { action: 'user.email_changed', subjectType: 'user', subjectId: row.userId });
    return ok({ userId: row.userId });
  });
}

export async function updateProfile(db: Db, actor: Actor, displayName: string): Promise<Result<void, Failure>> {
  if (!actor.userId) return err(failure('unauthenticated'));
  await db.update(users).set({ displayName, updatedAt: new Date() }).where(eq(users.id, actor.userId));
  return ok(undefined);
}

// ---- API tokens ----

export async function createApiToken(db: Db, actor: Actor, name: string, scope: 'read' | 'write'): Promise<Result<{ token: string }, Failure>> {
  if (!actor.userId || !actor.secondFactorDone) return err(failure('forbidden'));
  const token = `psr_${randomToken()}`;
  await inTransaction(db, async (tx) => {
    const id = newId();
    await tx.insert(apiTokens).values({ id, userId: actor.userId!, name, scope, tokenHash: hashToken(token) });
    await recordAudit(tx, actor, { action: 'api_token.created', subjectType: 'api_token', subjectId: id, after: { name, scope } });
  });
  return ok({ token });
}

export async function revokeApiToken(db: Db, actor: Actor, id: string): Promise<Result<void, Failure>> {
  if (!actor.userId) return err(failure('unauthenticated'));
  if (!/^[0-9a-f-]{36}$/i.test(id)) return err(failure('not_found'));
  const revoked = await inTransaction(db, async (tx) => {
    const rows = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, actor.userId!), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (rows.length) await recordAudit(tx, actor, { action: 'api_token.revoked', subjectType: 'api_token', subjectId: id });
    return rows.length > 0;
  });
  return revoked ? ok(undefined) : err(failure('not_found'));
}

/** The actor and scope behind an `Authorization: Bearer` token, or null. */
export async function resolveApiToken(db: Db, token: string): Promise<{ actor: Actor; scope: 'read' | 'write' } | null> {
  if (typeof token !== 'string' || !token.startsWith('psr_') || token.length > 100) return null;
  const [row] = await db
    .select({ id: apiTokens.id, scope: apiTokens.scope, lastUsedAt: apiTokens.lastUsedAt, userId: users.id, email: users.email, displayName: users.displayName, roles: users.platformRoles, status: users.status, emailConfirmedAt: users.emailConfirmedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)));
  if (!row || row.status !== 'active') return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id));
  // A token is created by a session that passed the second factor; it acts with the account's roles.
  return { scope: row.scope, actor: await buildActor(db, row, true) };
}

// ---- Administration of accounts ----

export async function setUserSuspended(db: Db, actor: Actor, userId: string, suspended: boolean): Promise<Result<void, Failure>> {
  if (!can(actor, 'manage_users')) return err(failure('forbidden'));
  if (userId === actor.userId) return err(failure('conflict'));
  return inTransaction(db, async (tx) => {
    const [user] = await tx.select({ status: users.status }).from(users).where(eq(users.id, userId));
    if (!user || user.status === 'erased') return err(failure('not_found'));
    const status = suspended ? 'suspended' : 'active';
    await tx.update(users).set({ status, updatedAt: new Date() }).where(eq(users.id, userId));
    if (suspended) await tx.delete(sessions).where(eq(sessions.userId, userId));
    await recordAudit(tx, actor, { action: suspended ? 'user.suspended' : 'user.reactivated', subjectType: 'user', subjectId: userId, before: { status: user.status }, after: { status } });
    return ok(undefined);
  });
}

/** For a user who lost their authenticator and recovery codes: they enrol again at their next sign-in. */
export async function resetTwoFactor(db: Db, actor: Actor, userId: string): Promise<Result<void, Failure>> {
  if (!can(actor, 'manage_users')) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    const rows = await tx.update(users).set({ totpSecret: null, totpPendingSecret: null, totpLastStep: null, recoveryCodes: [], updatedAt: new Date() }).where(eq(users.id, userId)).returning({ id: users.id });
    if (!rows.length) return err(failure('not_found'));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await recordAudit(tx, actor, { action: 'user.two_factor_reset', subjectType: 'user', subjectId: userId });
    return ok(undefined);
  });
}

/** Sends a new confirmation link to an account that never confirmed its address. */
export async function resendConfirmation(db: Db, actor: Actor, userId: string, mail: MailContext): Promise<Result<void, Failure>> {
  if (!can(actor, 'manage_users')) return err(failure('forbidden'));
  return inTransaction(db, async (tx) => {
    const [user] = await tx.select({ email: users.email, status: users.status }).from(users).where(eq(users.id, userId));
    if (!user || user.status !== 'pending') return err(failure('conflict'));
    const token = await issueAccountToken(tx, userId, 'confirm_email', 48);
    await queueMail(tx, { to: user.email, kind: 'account.confirm', subject: mail.t('accounts.mail.confirm_subject'), text: mail.t('accounts.mail.confirm_text', { link: link(mail, `/confirm-email?token=${token}`) }) });
    return ok(undefined);
  });
}

// ---- Personal data ----

/**
 * Erases the account: signs out everywhere, revokes tokens, blanks the personal fields and leaves the
 * organisations. Records the user wrote stay, with the author shown as a deleted account. Refused while the
 * user is the last administrator of an organisation (they must hand it over first).
 */
export async function eraseAccount(db: Db, actor: Actor, password: string): Promise<Result<void, Failure>> {
  if (!actor.userId) return err(failure('unauthenticated'));
  const userId = actor.userId;
  if (!(await checkPassword(db, userId, password))) return err(failure('validation', { password: 'accounts.wrong_password' }));
  const blocking = await organisationsWhereLastAdmin(db, userId);
  if (blocking.length) return err(failure('conflict', { organisations: blocking.join(', ') }));
  return inTransaction(db, async (tx) => {
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await tx.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
    await tx.delete(accountTokens).where(eq(accountTokens.userId, userId));
    await removeAllMembershipsOf(tx, actor, userId);
    await tx
      .update(users)
      .set({
        email: `erased-${userId}@invalid`,
        displayName: '',
        passwordHash: null,
        totpSecret: null,
        totpLastStep: null,
        totpPendingSecret: null,
        recoveryCodes: [],
        platformRoles: [],
        status: 'erased',
        updatedAt: new Date(),
      })
      .where(eq(users.id, userId));
    await recordAudit(tx, actor, { action: 'user.erased', subjectType: 'user', subjectId: userId });
    return ok(undefined);
  });
}
