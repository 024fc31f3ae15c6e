// Account outputs: the personal-data export (a zip with the data as JSON, the lists as CSV, and a README of the
// fields) and the QR code of a two-factor enrolment.
import qrcode from 'qrcode-generator';
import { strToU8, zipSync } from 'fflate';
import { toCsv } from '../../kernel/csv.ts';
import type { PersonalData } from './queries.ts';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : '');

const readme = `Passerelle — your personal data / vos données personnelles

data.json           everything below in one file / tout le contenu en un seul fichier
account.csv         your account / votre compte
  email               your address / votre adresse
  displayName         the name shown to others / le nom affiché
  status              pending (not confirmed), active, suspended
  preferredLocale     interface language / langue de l'interface
  platformRoles       roles on the platform / rôles sur la plateforme
  emailConfirmedAt    when the address was confirmed / date de confirmation de l'adresse
  twoFactor           two-factor sign-in enabled / connexion à deux facteurs activée
  createdAt, updatedAt
organisations.csv   organisations you belong to, with your role (admin, editor, member)
sessions.csv        open sessions: when opened, last seen, browser (user agent)
api-tokens.csv      API tokens: name, scope (read/write), created, last used, revoked (the tokens themselves are not kept)
activity.csv        the audit log entries of your own actions: when, action, record type and id

Passwords, second-factor secrets and recovery codes are stored only as hashes and are not exported.
Les mots de passe, secrets de second facteur et codes de secours ne sont conservés que sous forme d'empreinte et ne sont pas exportés.
`;

export function personalDataZip(data: PersonalData): Uint8Array {
  const u = data.user;
  const files: Record<string, Uint8Array> = {
    'README.txt': strToU8(readme),
    'data.json': strToU8(JSON.stringify(data, null, 2)),
    'account.csv': strToU8(
      toCsv(
        ['email', 'displayName', 'status', 'preferredLocale', 'platformRoles', 'emailConfirmedAt', 'twoFactor', 'createdAt', 'updatedAt'],
        u ? [[u.email, u.displayName, u.status, u.preferredLocale, u.platformRoles.join(' '), iso(u.emailConfirmedAt), u.twoFactor ? 'yes' : 'no', iso(u.createdAt), iso(u.updatedAt)]] : [],
      ),
    ),
    'organisations.csv': strToU8(toCsv(['slug', 'name', 'role'], data.organisations.map((o) => [o.slug, o.name, o.role]))),
    'sessions.csv': strToU8(toCsv(['createdAt', 'lastSeenAt', 'userAgent'], data.sessions.map((s) => [iso(s.createdAt), iso(s.lastSeenAt), s.userAgent]))),
    'api-tokens.csv': strToU8(toCsv(['name', 'scope', 'createdAt', 'lastUsedAt', 'revokedAt'], data.apiTokens.map((t) => [t.name, t.scope, iso(t.createdAt), iso(t.lastUsedAt), iso(t.revokedAt)]))),
    'activity.csv': strToU8(toCsv(['at', 'action', 'subjectType', 'subjectId'], data.activity.map((a) => [iso(a.at), a.action, a.subjectType, a.subjectId]))),
  };
  return zipSync(files);
}

/**
 * The QR code of an enrolment URI (otpauth://…) as one SVG path: a unit square per dark module, drawn on the
 * server, so no script and no image request. Error correction M; `size` modules a side (without the quiet zone).
 */
export function qrCodePath(text: string): { size: number; d: string } {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const size = qr.getModuleCount();
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!qr.isDark(row, col)) continue;
      // Runs of dark modules on a row become one rectangle.
      let end = col;
      while (end + 1 < size && qr.isDark(row, end + 1)) end++;
      parts.push(`M${col} ${row}h${end - col + 1}v1h-${end - col + 1}z`);
      col = end;
    }
  }
  return { size, d: parts.join('') };
}

/** A short description of a browser from its user agent ("Firefox · Linux"), or null when nothing is recognised. */
export function describeUserAgent(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browsers: [RegExp, string][] = [[/Edg\//, 'Edge'], [/OPR\/|Opera/, 'Opera'], [/Firefox\//, 'Firefox'], [/Chrom(e|ium)\//, 'Chrome'], [/Safari\//, 'Safari'], [/curl\//, 'curl']];
  const systems: [RegExp, string][] = [[/Android/, 'Android'], [/iPhone|iPad|iOS/, 'iOS'], [/Windows/, 'Windows'], [/Mac OS X|Macintosh/, 'macOS'], [/CrOS/, 'ChromeOS'], [/Linux/, 'Linux']];
  const browser = browsers.find(([re]) => re.test(userAgent))?.[1];
  const system = systems.find(([re]) => re.test(userAgent))?.[1];
  return [browser, system].filter(Boolean).join(' · ') || null;
}
