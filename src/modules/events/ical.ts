// iCalendar (RFC 5545) writer: CRLF line ends, lines folded at 75 octets (never inside a UTF-8 character),
// TEXT values escaped (backslash, semicolon, comma, newline), times in UTC ("Z"), DTSTAMP and a stable UID
// on every event.

export interface IcsEvent {
  uid: string;
  title: string;
  description: string;
  start: Date;
  end: Date;
  location?: string | undefined;
  geo?: { lat: number; lng: number } | undefined;
  url?: string | undefined;
  cancelled?: boolean;
  updated: Date;
  organiser?: string | undefined;
}

/** TEXT escaping (RFC 5545 §3.3.11). */
export const escapeText = (value: string): string =>
  value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');

/** Folds a content line at 75 octets: CRLF then one space, cutting only between characters. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const utc = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export function icsCalendar(name: string, events: readonly IcsEvent[], now: Date = new Date()): string {
  const lines: string[] = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Passerelle//Events//FR', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(name)}`];
  for (const e of events) {
    lines.push('BEGIN:VEVENT');
    lines.push(`UID:${escapeText(e.uid)}`);
    lines.push(`DTSTAMP:${utc(now)}`);
    lines.push(`DTSTART:${utc(e.start)}`);
    lines.push(`DTEND:${utc(e.end)}`);
    lines.push(`LAST-MODIFIED:${utc(e.updated)}`);
    lines.push(`SUMMARY:${escapeText(e.title)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.geo) lines.push(`GEO:${e.geo.lat.toFixed(6)};${e.geo.lng.toFixed(6)}`);
    if (e.url) lines.push(`URL:${e.url.replace(/[\r\n]/g, '')}`);
    lines.push(`STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
