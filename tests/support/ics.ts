// A strict reader of the iCalendar files we write (RFC 5545): fails on any line rule it breaks.
import assert from 'node:assert/strict';

export interface IcsComponent {
  name: string;
  props: { name: string; params: string; value: string }[];
  components: IcsComponent[];
}

const unescape = (v: string) => v.replace(/\\(n|N|\\|;|,)/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

export function parseIcs(text: string): IcsComponent {
  assert.ok(text.endsWith('\r\n'), 'ends with CRLF');
  assert.doesNotMatch(text.replace(/\r\n/g, ''), /[\r\n]/, 'no bare CR or LF');
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `line longer than 75 octets: ${line}`);
  // Unfold: a line starting with a space or tab continues the previous one.
  const lines: string[] = [];
  for (const line of physical) {
    if (/^[ \t]/.test(line)) {
      assert.ok(lines.length > 0, 'continuation without a line');
      lines[lines.length - 1] += line.slice(1);
    } else lines.push(line);
  }
  const root: IcsComponent = { name: '#root', props: [], components: [] };
  const stack = [root];
  for (const line of lines) {
    const m = /^([A-Z][A-Z0-9-]*)((?:;[A-Z0-9-]+=[^:;]*)*):(.*)$/.exec(line);
    assert.ok(m, `malformed content line: ${line}`);
    const [, name, params, value] = m;
    if (name === 'BEGIN') {
      const c: IcsComponent = { name: value!, props: [], components: [] };
      stack.at(-1)!.components.push(c);
      stack.push(c);
    } else if (name === 'END') {
      assert.equal(stack.pop()!.name, value, 'END matches BEGIN');
    } else stack.at(-1)!.props.push({ name: name!, params: params!, value: ['SUMMARY', 'DESCRIPTION', 'LOCATION'].includes(name!) ? unescape(value!) : value! });
  }
  assert.equal(stack.length, 1, 'every BEGIN has its END');
  assert.equal(root.components.length, 1);
  const cal = root.components[0]!;
  assert.equal(cal.name, 'VCALENDAR');
  assert.equal(prop(cal, 'VERSION'), '2.0');
  assert.ok(prop(cal, 'PRODID'));
  for (const ev of cal.components.filter((c) => c.name === 'VEVENT')) {
    for (const required of ['UID', 'DTSTAMP', 'DTSTART']) assert.ok(prop(ev, required), `VEVENT has ${required}`);
    for (const time of ['DTSTAMP', 'DTSTART', 'DTEND']) if (prop(ev, time)) assert.match(prop(ev, time)!, /^\d{8}T\d{6}Z$/, `${time} in UTC`);
  }
  return cal;
}

export const prop = (c: IcsComponent, name: string): string | undefined => c.props.find((p) => p.name === name)?.value;
export const events = (cal: IcsComponent): IcsComponent[] => cal.components.filter((c) => c.name === 'VEVENT');
