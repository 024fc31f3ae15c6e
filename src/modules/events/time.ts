// Wall-clock times in an IANA time zone ↔ instants. Events are typed in their own zone ("18:00 in Paris") and
// stored as instants (timestamptz); pages show them back in that zone.

export function isTimeZone(tz: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2}$/.test(tz) && tz !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const timeZones = (): string[] => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Europe/Paris', 'UTC']);

/** The wall-clock parts of an instant in a zone. */
export function zonedParts(date: Date, tz: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

function offsetMs(date: Date, tz: string): number {
  const p = zonedParts(date, tz);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(date.getTime() / 1000) * 1000;
}

/** "2026-11-14T18:00" in Europe/Paris → the instant. Null when the text is not a valid local date-time. */
export function zonedToInstant(local: string, tz: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  if (new Date(asUtc).getUTCDate() !== d) return null;
  let instant = asUtc - offsetMs(new Date(asUtc), tz);
  const second = offsetMs(new Date(instant), tz);
  instant = asUtc - second;
  return new Date(instant);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The instant as "YYYY-MM-DDTHH:mm" in the zone (form values). */
export function instantToZoned(date: Date, tz: string): string {
  const p = zonedParts(date, tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The local calendar day of an instant in a zone, "YYYY-MM-DD". */
export const zonedDay = (date: Date, tz: string): string => instantToZoned(date, tz).slice(0, 10);
