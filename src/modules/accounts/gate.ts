// Two-factor gate: a session that must still type its code, or whose role requires two-factor sign-in and has
// not enrolled yet, may only reach the pages that get it there (and sign out). Called by app.ts on every request.
import type { Locale } from '../../kernel/i18n.ts';

const challengeOpen = ['/two-factor', '/sign-out'];
const enrolOpen = ['/account/two-factor', '/sign-out', '/privacy', '/legal', '/accessibility'];

/** Where to send the request instead (a path with its locale), or null when it may go on. */
export function secondFactorDetour(pending: 'challenge' | 'enrol' | null, locale: Locale, url: string): string | null {
  if (!pending || url.startsWith('/assets/') || url.startsWith('/files/') || url === '/healthz') return null;
  const path = url.split('?')[0]!;
  const local = path.startsWith(`/${locale}/`) ? path.slice(locale.length + 1) : path === `/${locale}` ? '/' : path;
  const open = pending === 'challenge' ? challengeOpen : enrolOpen;
  if (open.some((p) => local === p || local.startsWith(`${p}/`))) return null;
  return pending === 'challenge' ? `/${locale}/two-factor` : `/${locale}/account/two-factor?notice=accounts.enrol_required`;
}
