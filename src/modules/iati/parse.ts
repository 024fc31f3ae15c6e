// Streaming IATI reader: bytes in, one normalised record out as soon as its element closes.
//
// Memory is bounded by one record (plus one input chunk), whatever the file size: the parser (saxes) is fed
// small slices, each activity/organisation is built as a small element tree while it is open, converted to the
// model when it closes, handed to the consumer, and dropped. Hostile input ends in an `IatiParseError` (typed,
// with line and column), never a crash or a hang: any DOCTYPE is refused (so no entity can ever be declared,
// let alone expanded or fetched), text and markup runs are capped, element depth is capped, and a record too
// big to hold is skipped, not buffered.
//
// Versions: 2.01–2.03 are read in full; 1.0x on a best-effort mapping (text in elements instead of
// <narrative>, letter transaction types, named date types and roles, "DAC" vocabularies, coordinates…).
import { TextDecoder } from 'node:util';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type {
  ActivityDate,
  AidType,
  Baseline,
  BudgetLine,
  Budget,
  ContactInfo,
  Description,
  DocumentLink,
  Expenditure,
  IatiActivity,
  IatiOrganisation,
  Indicator,
  IndicatorPeriod,
  IndicatorValue,
  Location,
  Money,
  Narratives,
  OrgBudget,
  OrgDocumentLink,
  OtherIdentifier,
  ParticipatingOrg,
  PlannedDisbursement,
  PolicyMarker,
  RecipientCountry,
  RecipientRegion,
  RelatedActivity,
  ReportingOrg,
  Result,
  Sector,
  Tag,
  Transaction,
  TransactionOrg,
  TransactionSector,
} from './model.ts';

// ─── Public surface ──────────────────────────────────────────────────────────────────────────────────────

export type IatiRoot = 'iati-activities' | 'iati-organisations';

/** Why a whole file is refused. Messages: `iati.parse.<code>` in messages.ts. */
export const parseErrorCodes = [
  'not_xml',
  'malformed',
  'doctype_forbidden',
  'wrong_root',
  'encoding',
  'text_too_large',
  'too_deep',
  'empty',
] as const;
export type ParseErrorCode = (typeof parseErrorCodes)[number];

export class IatiParseError extends Error {
  constructor(
    readonly code: ParseErrorCode,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${code} at ${line}:${column}: ${detail}`);
    this.name = 'IatiParseError';
  }
}

export const isIatiParseError = (err: unknown): err is IatiParseError => err instanceof IatiParseError;

/** Why one record is skipped while the rest of the file is read. Messages: `iati.skip.<reason>`. */
export type SkipReason = 'identifier_missing' | 'record_too_large' | 'misplaced';

/** Something dropped or unreadable inside a record that was kept. Messages: `iati.warning.<code>`. */
export interface ParseWarning {
  line: number;
  code: 'date_reformatted' | 'date_unreadable' | 'number_unreadable' | 'element_incomplete' | 'element_repeated';
  /** The element (or element/@attribute) concerned, e.g. `transaction/value`. */
  element: string;
}

export type IatiParseEvent =
  | { kind: 'start'; root: IatiRoot; version?: string; generatedDatetime?: string; line: number }
  | { kind: 'activity'; activity: IatiActivity; line: number; warnings: ParseWarning[] }
  | { kind: 'organisation'; organisation: IatiOrganisation; line: number; warnings: ParseWarning[] }
  | {
      kind: 'skipped';
      record: 'activity' | 'organisation';
      reason: SkipReason;
      line: number;
      column: number;
      identifier?: string;
    };

export interface ParseLimits {
  /** Longest run of characters without markup event (a text node, an attribute list, a comment). */
  maxTextLength: number;
  /** Deepest element nesting (IATI itself needs 9). */
  maxDepth: number;
  /** Most elements in one activity or organisation before it is skipped as too large. */
  maxRecordElements: number;
}

export const defaultLimits: ParseLimits = {
  maxTextLength: 1_000_000,
  maxDepth: 64,
  maxRecordElements: 500_000,
};

export type IatiInput = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/**
 * Reads an IATI activity or organisation file and yields, in order: one `start` event, then each activity or
 * organisation (or `skipped` notice) as soon as its element closes. Throws `IatiParseError` on input that is
 * not a well-formed IATI file; records yielded before the error stay valid on their own.
 */
export async function* parseIati(
  input: IatiInput,
  options: { limits?: Partial<ParseLimits> } = {},
): AsyncGenerator<IatiParseEvent, void, undefined> {
  const limits: ParseLimits = { ...defaultLimits, ...options.limits };
  const reader = new IatiReader(limits);
  let decoder: TextDecoder | undefined;
  // The first bytes are held until there are enough to read the XML declaration's encoding.
  let head: Uint8Array[] = [];
  let headLength = 0;
  let sawText = false;
  let failure: Error | undefined;
  const decode = (bytes: Uint8Array, stream: boolean): string => {
    try {
      return decoder!.decode(bytes, { stream });
    } catch {
      throw reader.error('encoding', 'the bytes are not valid text in the declared encoding');
    }
  };
  const feed = (text: string) => {
    if (text.length === 0) return;
    if (!sawText) {
      sawText = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    reader.feed(text);
  };
  const flushHead = (stream: boolean) => {
    const bytes = head.length === 1 ? head[0]! : Buffer.concat(head);
    head = [];
    decoder = pickDecoder(bytes);
    feed(decode(bytes, stream));
  };
  try {
    for await (const chunk of input) {
      if (typeof chunk === 'string') {
        feed(chunk);
      } else if (decoder !== undefined) {
        feed(decode(chunk, true));
      } else if (chunk.length > 0) {
        head.push(chunk);
        headLength += chunk.length;
        if (headLength >= HEAD_BYTES) flushHead(true);
      }
      if (reader.queue.length > 0) {
        const events = reader.queue;
        reader.queue = [];
        for (const event of events) yield event;
      }
    }
    if (decoder === undefined && head.length > 0) flushHead(true);
    if (decoder !== undefined) feed(decode(new Uint8Array(0), false));
    reader.end();
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
  }
  // Records completed before a fault are handed over first: they are whole and valid on their own.
  const events = reader.queue;
  reader.queue = [];
  for (const event of events) yield event;
  if (failure !== undefined) throw failure;
}

/** Collects every event of a whole file: for tests and small uploads. */
export async function parseIatiAll(input: IatiInput, options?: { limits?: Partial<ParseLimits> }) {
  const events: IatiParseEvent[] = [];
  for await (const event of parseIati(input, options)) events.push(event);
  return events;
}

// ─── Bytes → text ────────────────────────────────────────────────────────────────────────────────────────

const SLICE = 1 << 16;
/** Bytes looked at for a byte-order mark and the XML declaration's encoding. */
const HEAD_BYTES = 256;

function pickDecoder(first: Uint8Array): TextDecoder {
  const b0 = first[0];
  const b1 = first[1];
  if (b0 === 0xff && b1 === 0xfe) return new TextDecoder('utf-16le', { fatal: true });
  if (b0 === 0xfe && b1 === 0xff) return new TextDecoder('utf-16be', { fatal: true });
  // The encoding declared in the XML declaration, when there is one in the first bytes.
  const head = String.fromCharCode(...first.subarray(0, Math.min(first.length, HEAD_BYTES)));
  const declared = /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    try {
      return new TextDecoder(declared, { fatal: true });
    } catch {
      // Unknown label: fall back to UTF-8, which fails loudly on bytes it cannot read.
    }
  }
  return new TextDecoder('utf-8', { fatal: true });
}

// ─── Markup → element trees ──────────────────────────────────────────────────────────────────────────────

/** A parsed element inside the record being read. */
interface El {
  name: string;
  attrs: Record<string, string>;
  kids: El[] | undefined;
  text: string;
  line: number;
}

const RECORD_OF: Record<IatiRoot, 'iati-activity' | 'iati-organisation'> = {
  'iati-activities': 'iati-activity',
  'iati-organisations': 'iati-organisation',
};

class IatiReader {
  queue: IatiParseEvent[] = [];
  private readonly parser = new SaxesParser({ xmlns: false, position: true });
  private depth = 0;
  private root: IatiRoot | undefined;
  private rootClosed = false;
  private rootLang = '';
  private rootVersion: string | undefined;
  /** Open foreign or ignored elements (their whole subtree is skipped). */
  private ignore = 0;
  private stack: El[] = [];
  private recordLine = 0;
  private recordColumn = 0;
  private recordElements = 0;
  private recordTooLarge = false;
  private tooLargeIdentifier: string | undefined;
  private tagLine = 1;
  private tagColumn = 0;
  /** Stream position of the last markup event: a long stretch without one is a text or tag too large. */
  private lastEvent = 0;

  constructor(private readonly limits: ParseLimits) {
    // At most six handlers: with a seventh, V8 stores the parser's fields in slow mode and saxes runs five
    // times slower (measured). So no 'error' handler (saxes then throws, and `write` converts), and no
    // comment or processing-instruction handler (a comment counts as text for the length limit).
    const p = this.parser;
    p.on('doctype', () => {
      throw this.error('doctype_forbidden', 'a DOCTYPE is never accepted in an IATI file');
    });
    p.on('opentagstart', (tag) => {
      this.tagLine = p.line;
      this.tagColumn = Math.max(1, p.column - tag.name.length - 1);
    });
    p.on('opentag', (tag) => this.open(tag));
    p.on('closetag', () => this.close());
    p.on('text', (text) => this.text(text));
    p.on('cdata', (text) => this.text(text));
  }

  /** Runs saxes, turning its well-formedness errors into typed ones. */
  private write(chunk: string | null): void {
    try {
      if (chunk === null) this.parser.close();
      else this.parser.write(chunk);
      this.commit();
    } catch (err) {
      if (err instanceof IatiParseError) throw err;
      const message = err instanceof Error ? err.message.replace(/^\d+:\d+: /, '') : String(err);
      throw this.error(this.root ? 'malformed' : 'not_xml', message);
    }
  }

  error(code: ParseErrorCode, detail: string): IatiParseError {
    return new IatiParseError(code, this.parser.line, this.parser.column + 1, detail);
  }

  feed(text: string): void {
    const p = this.parser;
    const max = this.limits.maxTextLength;
    for (let start = 0; start < text.length; start += SLICE) {
      this.write(start === 0 && text.length <= SLICE ? text : text.slice(start, start + SLICE));
      if (p.position - this.lastEvent > max) {
        throw this.error('text_too_large', `more than ${max} characters without markup`);
      }
    }
  }

  end(): void {
    if (!this.root) {
      if (this.parser.position === 0) throw this.error('empty', 'the file is empty');
      // Only a prolog (comments, declaration) or whitespace.
      this.write(null);
      throw this.error('not_xml', 'no root element');
    }
    this.write(null);
    if (!this.rootClosed) throw this.error('malformed', 'the file ends before the root element closes');
  }

  /**
   * A record becomes an event only once the parser has gone past its closing tag without error: saxes calls
   * the close handler before it checks that the closing tag's name matches (`<a></b>`).
   */
  private pending: IatiParseEvent | undefined;

  private commit(): void {
    if (this.pending !== undefined) {
      this.queue.push(this.pending);
      this.pending = undefined;
    }
  }

  private open(tag: SaxesTagPlain): void {
    this.commit();
    this.lastEvent = this.parser.position;
    const depth = ++this.depth;
    if (depth > this.limits.maxDepth) {
      throw this.error('too_deep', `elements nested more than ${this.limits.maxDepth} deep`);
    }
    if (depth === 1) return this.openRoot(tag);
    const name = tag.name;
    if (this.ignore > 0) {
      this.ignore++;
      // A record element where no record can be (e.g. inside a second, nested root element) is reported.
      if (name === RECORD_OF[this.root!] && this.stack.length === 0) this.skipMisplaced();
      return;
    }
    if (depth === 2) {
      if (name !== RECORD_OF[this.root!]) {
        this.ignore = 1;
        return;
      }
      this.recordLine = this.tagLine;
      this.recordColumn = this.tagColumn;
      this.recordElements = 1;
      this.recordTooLarge = false;
      this.tooLargeIdentifier = undefined;
      this.stack = [{ name, attrs: tag.attributes, kids: undefined, text: '', line: this.tagLine }];
      return;
    }
    if (name.includes(':')) {
      this.ignore = 1;
      return;
    }
    if (this.recordTooLarge) {
      // Of a record too large to hold, only the identifier is still read, for the skip notice.
      if (depth !== 3 || (name !== 'iati-identifier' && name !== 'organisation-identifier')) {
        this.ignore = 1;
        return;
      }
    } else if (++this.recordElements > this.limits.maxRecordElements) {
      // Let go of what was built so far; the open elements stay on the stack so that closing tags pair up.
      this.recordTooLarge = true;
      this.tooLargeIdentifier = findIdentifier(this.stack[0]!);
      for (const open of this.stack) open.kids = undefined;
      this.ignore = 1;
      return;
    }
    const el: El = { name, attrs: tag.attributes, kids: undefined, text: '', line: this.tagLine };
    const parent = this.stack[this.stack.length - 1]!;
    if (parent.kids === undefined) parent.kids = [el];
    else parent.kids.push(el);
    this.stack.push(el);
  }

  private skipMisplaced(): void {
    this.queue.push({
      kind: 'skipped',
      record: this.root === 'iati-activities' ? 'activity' : 'organisation',
      reason: 'misplaced',
      line: this.tagLine,
      column: this.tagColumn,
    });
  }

  private openRoot(tag: SaxesTagPlain): void {
    if (tag.name !== 'iati-activities' && tag.name !== 'iati-organisations') {
      throw this.error('wrong_root', `the root element is <${tag.name}>, not <iati-activities> or <iati-organisations>`);
    }
    this.root = tag.name;
    this.rootLang = lang(tag.attributes['xml:lang']) ?? '';
    const event: IatiParseEvent = { kind: 'start', root: tag.name, line: this.tagLine };
    const version = clean(tag.attributes['version']);
    if (version !== undefined) event.version = version;
    this.rootVersion = version;
    const generated = clean(tag.attributes['generated-datetime']);
    if (generated !== undefined) event.generatedDatetime = generated;
    this.queue.push(event);
  }

  private close(): void {
    this.commit();
    this.lastEvent = this.parser.position;
    const depth = this.depth--;
    if (depth === 1) {
      this.rootClosed = true;
      return;
    }
    if (this.ignore > 0) {
      this.ignore--;
      return;
    }
    if (depth === 2) {
      const record = this.stack[0]!;
      this.stack = [];
      this.emit(record);
      return;
    }
    this.stack.pop();
  }

  private text(text: string): void {
    this.commit();
    this.lastEvent = this.parser.position;
    if (text.length > this.limits.maxTextLength) {
      throw this.error('text_too_large', `a text of ${text.length} characters`);
    }
    if (this.ignore > 0 || this.stack.length === 0 || (this.recordTooLarge && this.stack.length < 2)) return;
    const el = this.stack[this.stack.length - 1]!;
    // Whitespace between child elements is layout, not content.
    if (el.kids !== undefined && text.trim() === '') return;
    el.text += text;
  }

  private emit(record: El): void {
    const kind = record.name === 'iati-activity' ? 'activity' : 'organisation';
    const skip = (reason: SkipReason, identifier: string | undefined) => {
      const event: IatiParseEvent = {
        kind: 'skipped',
        record: kind,
        reason,
        line: this.recordLine,
        column: this.recordColumn,
      };
      if (identifier) event.identifier = identifier;
      this.pending = event;
    };
    if (this.recordTooLarge) return skip('record_too_large', this.tooLargeIdentifier ?? findIdentifier(record));
    const version = clean(record.attrs['version']) ?? this.rootVersion;
    const ctx: Ctx = {
      lang: lang(record.attrs['xml:lang']) ?? this.rootLang,
      legacy: version === undefined || /^1(\.|$)/.test(version),
      warnings: [],
    };
    if (kind === 'activity') {
      const activity = toActivity(record, ctx);
      if (!activity) return skip('identifier_missing', undefined);
      this.pending = { kind: 'activity', activity, line: this.recordLine, warnings: ctx.warnings };
    } else {
      const organisation = toOrganisation(record, ctx);
      if (!organisation) return skip('identifier_missing', undefined);
      this.pending = { kind: 'organisation', organisation, line: this.recordLine, warnings: ctx.warnings };
    }
  }
}

function findIdentifier(record: El): string | undefined {
  for (const kid of record.kids ?? []) {
    if (kid.name === 'iati-identifier' || kid.name === 'organisation-identifier') return clean(kid.text);
  }
  return undefined;
}

// ─── Values ──────────────────────────────────────────────────────────────────────────────────────────────

interface Ctx {
  /** Language of narratives that do not state one. */
  lang: string;
  /** Read as IATI 1.0x (version 1.x or none): the codes that changed in 2.01 are mapped. */
  legacy: boolean;
  warnings: ParseWarning[];
}

/** A trimmed attribute or text; undefined when absent or blank. */
function clean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function lang(value: string | undefined): string | undefined {
  return clean(value)?.toLowerCase();
}

function warn(ctx: Ctx, el: El, code: ParseWarning['code'], element: string): void {
  ctx.warnings.push({ line: el.line, code, element });
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DD` from an xsd:date, a date-time, or a 1.0x text date; undefined when it is not a real date. */
export function readDate(value: string | undefined): string | undefined {
  const s = clean(value);
  if (s === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ]|Z|[+-]\d{2}:\d{2}$)/.exec(s);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > DAYS[month - 1]!) return undefined;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** An xsd:dateTime; a bare date becomes midnight. */
export function readDateTime(value: string | undefined): string | undefined {
  const s = clean(value);
  if (s === undefined) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(s);
  if (!m || readDate(m[1]) === undefined) return undefined;
  const [, date, hh = '00', mm = '00', ss = '00', fraction = '', zone = ''] = m;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return undefined;
  return `${date}T${hh}:${mm}:${ss}${fraction}${zone}`;
}

/** A finite decimal ("1234.50", "1,234.50", "1e6", "+5"); undefined otherwise. Never -0. */
export function readNumber(value: string | undefined): number | undefined {
  let s = clean(value);
  if (s === undefined) return undefined;
  if (s.endsWith('%')) s = s.slice(0, -1).trim();
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n)) return undefined;
  return n === 0 ? 0 : n;
}

function readBool(value: string | undefined): boolean | undefined {
  const s = clean(value)?.toLowerCase();
  if (s === '1' || s === 'true') return true;
  if (s === '0' || s === 'false') return false;
  return undefined;
}

function readInt(value: string | undefined, min: number, max: number): number | undefined {
  const s = clean(value);
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= min && n <= max ? (n === 0 ? 0 : n) : undefined;
}

function attr(el: El, name: string): string | undefined {
  return clean(el.attrs[name]);
}

/** Sets `obj[key]` only when the value is defined: the model never holds undefined-valued keys. */
function put<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) obj[key] = value;
}

function addText(out: Narratives, language: string, text: string): void {
  const before = out[language];
  out[language] = before === undefined ? text : `${before}\n\n${text}`;
}

/** <narrative> children (2.0x), or the element's own text (1.0x), by language. */
function narratives(el: El | undefined, ctx: Ctx, out: Narratives = {}): Narratives {
  if (el === undefined) return out;
  let found = false;
  if (el.kids !== undefined) {
    for (const kid of el.kids) {
      if (kid.name !== 'narrative') continue;
      found = true;
      const text = kid.text.trim();
      if (text !== '') addText(out, lang(kid.attrs['xml:lang']) ?? ctx.lang, text);
    }
  }
  if (!found) {
    const text = el.text.trim();
    if (text !== '') addText(out, lang(el.attrs['xml:lang']) ?? ctx.lang, text);
  }
  return out;
}

function kid(el: El, name: string): El | undefined {
  if (el.kids === undefined) return undefined;
  for (const k of el.kids) if (k.name === name) return k;
  return undefined;
}

function kids(el: El, name: string): El[] {
  return el.kids === undefined ? [] : el.kids.filter((k) => k.name === name);
}

/** A date from @iso-date, or from the text (1.0x); other spellings are read with a warning. */
function dateOf(el: El | undefined, ctx: Ctx, path: string, attribute = 'iso-date'): string | undefined {
  if (el === undefined) return undefined;
  const fromAttr = el.attrs[attribute];
  // Only date elements may carry their date as text (1.0x); a <value>'s text is its amount.
  const fromText = attribute === 'iso-date' ? el.text : undefined;
  const exact = readDate(fromAttr) ?? readDate(fromText);
  if (exact !== undefined) return exact;
  const loose = readLooseDate(fromAttr) ?? readLooseDate(fromText);
  if (loose !== undefined) {
    warn(ctx, el, 'date_reformatted', path);
    return loose;
  }
  if (clean(fromAttr ?? fromText) !== undefined) warn(ctx, el, 'date_unreadable', path);
  return undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function ymd(year: number, month: number, day: number): string | undefined {
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return readDate(date);
}

/**
 * Dates as spreadsheets write them, found in real 1.0x files: 31/03/2014 (day first unless that cannot be),
 * 2014/03/31, 21-May-13, and spreadsheet serial numbers (42916 = 2017-06-30). A bare year is not a date.
 */
export function readLooseDate(value: string | undefined): string | undefined {
  const s = clean(value);
  if (s === undefined) return undefined;
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) {
    const [a, b, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return b > 12 ? ymd(year, a, b) : ymd(year, b, a);
  }
  m = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[- ]([A-Za-z]{3})[A-Za-z]*[- ,]+(\d{2}|\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
    let year = Number(m[3]);
    if (m[3]!.length === 2) year += year < 70 ? 2000 : 1900;
    return month === 0 ? undefined : ymd(year, month, Number(m[1]));
  }
  m = /^(\d{5})$/.exec(s);
  if (m) {
    const serial = Number(m[1]);
    if (serial < 20000 || serial > 80000) return undefined;
    return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
  }
  return undefined;
}

function numberAttr(el: El, name: string, ctx: Ctx, path: string): number | undefined {
  const raw = el.attrs[name];
  const n = readNumber(raw);
  if (n === undefined && clean(raw) !== undefined) warn(ctx, el, 'number_unreadable', `${path}/@${name}`);
  return n;
}

function money(el: El | undefined, ctx: Ctx, path: string): Money | undefined {
  if (el === undefined) return undefined;
  const amount = readNumber(el.text);
  if (amount === undefined) {
    warn(ctx, el, clean(el.text) === undefined ? 'element_incomplete' : 'number_unreadable', path);
    return undefined;
  }
  const value: Money = { amount };
  put(value, 'currency', attr(el, 'currency'));
  put(value, 'valueDate', dateOf(el, ctx, `${path}/@value-date`, 'value-date'));
  return value;
}

// ─── 1.0x codes that changed in 2.01 ─────────────────────────────────────────────────────────────────────

const TRANSACTION_TYPES_1: Record<string, string> = {
  IF: '1', C: '2', D: '3', E: '4', IR: '5', LR: '6', R: '7', QP: '8', QS: '9', CG: '10',
};
const DATE_TYPES_1: Record<string, string> = {
  'start-planned': '1', 'start-actual': '2', 'end-planned': '3', 'end-actual': '4',
};
const ROLES_1: Record<string, string> = { funding: '1', accountable: '2', extending: '3', implementing: '4' };
const SECTOR_VOCABULARIES_1: Record<string, string> = {
  DAC: '1', 'DAC-3': '2', COFOG: '3', NACE: '4', NTEE: '5', ADT: '6', RO2: '98', RO: '99',
};
const POLICY_VOCABULARIES_1: Record<string, string> = { DAC: '1', RO: '99' };
const REGION_VOCABULARIES_1: Record<string, string> = { DAC: '1', UN: '2' };
const BUDGET_TYPES_1: Record<string, string> = { original: '1', revised: '2' };
const GAZETTEERS_1: Record<string, string> = { GEO: 'G1', OSM: 'G2' };

/** A 1.0x code in its 2.0x spelling (only in 1.0x files: a 2.0x file keeps every code as written). */
function mapped(
  ctx: Ctx,
  value: string | undefined,
  table: Record<string, string>,
  key = (v: string) => v,
): string | undefined {
  if (value === undefined || !ctx.legacy) return value;
  return table[key(value)] ?? value;
}

// ─── Activity ────────────────────────────────────────────────────────────────────────────────────────────

function toActivity(el: El, ctx: Ctx): IatiActivity | undefined {
  const a: IatiActivity = {
    identifier: '',
    title: {},
    descriptions: [],
    participatingOrgs: [],
    otherIdentifiers: [],
    dates: [],
    contacts: [],
    recipientCountries: [],
    recipientRegions: [],
    locations: [],
    sectors: [],
    tags: [],
    policyMarkers: [],
    defaultAidTypes: [],
    budgets: [],
    plannedDisbursements: [],
    transactions: [],
    documentLinks: [],
    relatedActivities: [],
    results: [],
  };
  let identifier: string | undefined;
  put(a, 'defaultLanguage', lang(el.attrs['xml:lang']));
  put(a, 'defaultCurrency', attr(el, 'default-currency'));
  put(a, 'humanitarian', readBool(el.attrs['humanitarian']));
  put(a, 'hierarchy', readInt(el.attrs['hierarchy'], -2147483648, 2147483647));
  put(a, 'lastUpdated', readDateTime(el.attrs['last-updated-datetime']));
  put(a, 'budgetNotProvided', attr(el, 'budget-not-provided'));
  const once = (k: El, has: boolean): boolean => {
    if (has) warn(ctx, k, 'element_repeated', k.name);
    return !has;
  };
  for (const k of el.kids ?? []) {
    switch (k.name) {
      case 'iati-identifier':
        if (identifier === undefined) identifier = clean(k.text);
        else warn(ctx, k, 'element_repeated', k.name);
        break;
      case 'reporting-org':
        if (once(k, a.reportingOrg !== undefined)) a.reportingOrg = reportingOrg(k, ctx);
        break;
      case 'title':
        narratives(k, ctx, a.title);
        break;
      case 'description': {
        const d: Description = { text: narratives(k, ctx) };
        put(d, 'type', attr(k, 'type'));
        a.descriptions.push(d);
        break;
      }
      case 'participating-org':
        a.participatingOrgs.push(participatingOrg(k, ctx));
        break;
      case 'other-identifier':
        pushDefined(a.otherIdentifiers, otherIdentifier(k, ctx, a.reportingOrg?.ref));
        break;
      case 'activity-status':
        if (once(k, a.status !== undefined)) put(a, 'status', attr(k, 'code'));
        break;
      case 'activity-date':
        pushDefined(a.dates, activityDate(k, ctx));
        break;
      case 'contact-info':
        a.contacts.push(contactInfo(k, ctx));
        break;
      case 'activity-scope':
        if (once(k, a.scope !== undefined)) put(a, 'scope', attr(k, 'code'));
        break;
      case 'recipient-country':
        pushDefined(a.recipientCountries, recipientCountry(k, ctx));
        break;
      case 'recipient-region':
        pushDefined(a.recipientRegions, recipientRegion(k, ctx));
        break;
      case 'location':
        a.locations.push(location(k, ctx));
        break;
      case 'sector':
        pushDefined(a.sectors, sector(k, ctx));
        break;
      case 'tag':
        pushDefined(a.tags, tag(k, ctx));
        break;
      case 'policy-marker':
        pushDefined(a.policyMarkers, policyMarker(k, ctx));
        break;
      case 'collaboration-type':
        if (once(k, a.collaborationType !== undefined)) put(a, 'collaborationType', attr(k, 'code'));
        break;
      case 'default-flow-type':
        if (once(k, a.defaultFlowType !== undefined)) put(a, 'defaultFlowType', attr(k, 'code'));
        break;
      case 'default-finance-type':
        if (once(k, a.defaultFinanceType !== undefined)) put(a, 'defaultFinanceType', attr(k, 'code'));
        break;
      case 'default-aid-type':
        pushDefined(a.defaultAidTypes, aidType(k, ctx));
        break;
      case 'default-tied-status':
        if (once(k, a.defaultTiedStatus !== undefined)) put(a, 'defaultTiedStatus', attr(k, 'code'));
        break;
      case 'budget':
        a.budgets.push(budget(k, ctx));
        break;
      case 'planned-disbursement':
        a.plannedDisbursements.push(plannedDisbursement(k, ctx));
        break;
      case 'transaction':
        a.transactions.push(transaction(k, ctx));
        break;
      case 'document-link':
        pushDefined(a.documentLinks, documentLink(k, ctx));
        break;
      case 'related-activity':
        pushDefined(a.relatedActivities, relatedActivity(k, ctx));
        break;
      case 'result':
        a.results.push(result(k, ctx));
        break;
      default:
        // Elements outside the model (capital-spend, conditions, crs-add, fss, legacy-data…) are not kept.
        break;
    }
  }
  if (identifier === undefined) return undefined;
  a.identifier = identifier;
  return a;
}

function pushDefined<T>(list: T[], item: T | undefined): void {
  if (item !== undefined) list.push(item);
}

function reportingOrg(el: El, ctx: Ctx): ReportingOrg {
  const org: ReportingOrg = { name: narratives(el, ctx) };
  put(org, 'ref', attr(el, 'ref'));
  put(org, 'type', attr(el, 'type'));
  put(org, 'secondaryReporter', readBool(el.attrs['secondary-reporter']));
  return org;
}

function participatingOrg(el: El, ctx: Ctx): ParticipatingOrg {
  const org: ParticipatingOrg = { name: narratives(el, ctx) };
  put(org, 'ref', attr(el, 'ref'));
  put(org, 'type', attr(el, 'type'));
  put(org, 'role', mapped(ctx, attr(el, 'role'), ROLES_1, (v) => v.toLowerCase()));
  put(org, 'activityId', attr(el, 'activity-id'));
  put(org, 'crsChannelCode', attr(el, 'crs-channel-code'));
  return org;
}

function otherIdentifier(el: El, ctx: Ctx, reportingRef: string | undefined): OtherIdentifier | undefined {
  const ref = attr(el, 'ref') ?? clean(el.kids === undefined ? el.text : undefined);
  if (ref === undefined) {
    warn(ctx, el, 'element_incomplete', 'other-identifier');
    return undefined;
  }
  const id: OtherIdentifier = { ref };
  const ownerEl = kid(el, 'owner-org');
  if (ownerEl !== undefined) {
    const owner: { ref?: string; name: Narratives } = { name: narratives(ownerEl, ctx) };
    put(owner, 'ref', attr(ownerEl, 'ref'));
    id.ownerOrg = owner;
  } else if (attr(el, 'owner-ref') !== undefined || attr(el, 'owner-name') !== undefined) {
    // 1.0x: owner-ref / owner-name attributes.
    const owner: { ref?: string; name: Narratives } = { name: {} };
    put(owner, 'ref', attr(el, 'owner-ref'));
    const ownerName = attr(el, 'owner-name');
    if (ownerName !== undefined) owner.name[ctx.lang] = ownerName;
    id.ownerOrg = owner;
  }
  const type = attr(el, 'type');
  if (type !== undefined) id.type = type;
  else if (attr(el, 'ref') === undefined) {
    // 1.0x had no type: the reporting organisation's own id (A1), or another organisation's (A9).
    const ownerRef = id.ownerOrg?.ref;
    id.type = ownerRef === undefined || ownerRef === reportingRef ? 'A1' : 'A9';
  }
  return id;
}

function activityDate(el: El, ctx: Ctx): ActivityDate | undefined {
  const type = mapped(ctx, attr(el, 'type'), DATE_TYPES_1, (v) => v.toLowerCase());
  const date = dateOf(el, ctx, 'activity-date');
  // An unreadable date is reported by dateOf; a missing date or type here.
  if (type === undefined || (date === undefined && clean(el.attrs['iso-date'] ?? el.text) === undefined)) {
    warn(ctx, el, 'element_incomplete', 'activity-date');
  }
  return type === undefined || date === undefined ? undefined : { type, date };
}

function contactInfo(el: El, ctx: Ctx): ContactInfo {
  const c: ContactInfo = {
    organisation: {},
    department: {},
    personName: {},
    jobTitle: {},
    telephones: [],
    emails: [],
    websites: [],
    mailingAddresses: [],
  };
  put(c, 'type', attr(el, 'type'));
  for (const k of el.kids ?? []) {
    switch (k.name) {
      case 'organisation':
      case 'organization':
        narratives(k, ctx, c.organisation);
        break;
      case 'department':
        narratives(k, ctx, c.department);
        break;
      case 'person-name':
        narratives(k, ctx, c.personName);
        break;
      case 'job-title':
        narratives(k, ctx, c.jobTitle);
        break;
      case 'telephone':
        pushDefined(c.telephones, clean(k.text));
        break;
      case 'email':
        pushDefined(c.emails, clean(k.text));
        break;
      case 'website':
        pushDefined(c.websites, clean(k.text));
        break;
      case 'mailing-address': {
        const address = narratives(k, ctx);
        if (Object.keys(address).length > 0) c.mailingAddresses.push(address);
        break;
      }
      default:
        break;
    }
  }
  return c;
}

function recipientCountry(el: El, ctx: Ctx): RecipientCountry | undefined {
  const code = attr(el, 'code');
  if (code === undefined) {
    warn(ctx, el, 'element_incomplete', 'recipient-country');
    return undefined;
  }
  const c: RecipientCountry = { code, name: narratives(el, ctx) };
  put(c, 'percentage', numberAttr(el, 'percentage', ctx, 'recipient-country'));
  return c;
}

function recipientRegion(el: El, ctx: Ctx): RecipientRegion | undefined {
  const code = attr(el, 'code');
  if (code === undefined) {
    warn(ctx, el, 'element_incomplete', 'recipient-region');
    return undefined;
  }
  const r: RecipientRegion = { code, name: narratives(el, ctx) };
  put(r, 'vocabulary', mapped(ctx, attr(el, 'vocabulary'), REGION_VOCABULARIES_1));
  put(r, 'vocabularyUri', attr(el, 'vocabulary-uri'));
  put(r, 'percentage', numberAttr(el, 'percentage', ctx, 'recipient-region'));
  return r;
}

function location(el: El, ctx: Ctx): Location {
  const loc: Location = { ids: [], name: {}, description: {}, activityDescription: {}, administratives: [] };
  put(loc, 'ref', attr(el, 'ref'));
  for (const k of el.kids ?? []) {
    switch (k.name) {
      case 'location-reach':
        put(loc, 'reach', attr(k, 'code'));
        break;
      case 'location-id': {
        const vocabulary = attr(k, 'vocabulary');
        const code = attr(k, 'code');
        if (vocabulary !== undefined && code !== undefined) loc.ids.push({ vocabulary, code });
        else warn(ctx, k, 'element_incomplete', 'location/location-id');
        break;
      }
      case 'gazetteer-entry': {
        // 1.0x: <gazetteer-entry gazetteer-ref="GEO">code</gazetteer-entry>
        const vocabulary = mapped(ctx, attr(k, 'gazetteer-ref'), GAZETTEERS_1);
        const code = clean(k.text);
        if (vocabulary !== undefined && code !== undefined) loc.ids.push({ vocabulary, code });
        else warn(ctx, k, 'element_incomplete', 'location/gazetteer-entry');
        break;
      }
      case 'name':
        narratives(k, ctx, loc.name);
        break;
      case 'description':
        narratives(k, ctx, loc.description);
        break;
      case 'activity-description':
        narratives(k, ctx, loc.activityDescription);
        break;
      case 'administrative': {
        const vocabulary = attr(k, 'vocabulary');
        const code = attr(k, 'code');
        if (vocabulary !== undefined && code !== undefined) {
          const adm: Location['administratives'][number] = { vocabulary, code };
          put(adm, 'level', readInt(k.attrs['level'], 0, Number.MAX_SAFE_INTEGER));
          loc.administratives.push(adm);
        } else {
          warn(ctx, k, 'element_incomplete', 'location/administrative');
        }
        break;
      }
      case 'point': {
        const pos = kid(k, 'pos');
        const parts = clean(pos?.text)?.split(/\s+/);
        const lat = readNumber(parts?.[0]);
        const lng = readNumber(parts?.[1]);
        if (parts?.length === 2 && lat !== undefined && lng !== undefined) loc.point = { lat, lng };
        else warn(ctx, k, 'number_unreadable', 'location/point/pos');
        break;
      }
      case 'coordinates': {
        // 1.0x: <coordinates latitude="" longitude="" precision=""/>
        const lat = readNumber(k.attrs['latitude']);
        const lng = readNumber(k.attrs['longitude']);
        if (lat !== undefined && lng !== undefined) loc.point = { lat, lng };
        else warn(ctx, k, 'number_unreadable', 'location/coordinates');
        const precision = attr(k, 'precision');
        if (precision !== undefined && loc.exactness === undefined) loc.exactness = precision === '1' ? '1' : '2';
        break;
      }
      case 'exactness':
        put(loc, 'exactness', attr(k, 'code'));
        break;
      case 'location-class':
        put(loc, 'locationClass', attr(k, 'code'));
        break;
      case 'feature-designation':
      case 'location-type':
        put(loc, 'featureDesignation', attr(k, 'code'));
        break;
      default:
        break;
    }
  }
  return loc;
}

function sector(el: El, ctx: Ctx): Sector | undefined {
  const code = attr(el, 'code');
  if (code === undefined) {
    warn(ctx, el, 'element_incomplete', 'sector');
    return undefined;
  }
  const s: Sector = { code, narrative: narratives(el, ctx) };
  put(s, 'vocabulary', mapped(ctx, attr(el, 'vocabulary'), SECTOR_VOCABULARIES_1));
  put(s, 'vocabularyUri', attr(el, 'vocabulary-uri'));
  put(s, 'percentage', numberAttr(el, 'percentage', ctx, 'sector'));
  return s;
}

function tag(el: El, ctx: Ctx): Tag | undefined {
  const code = attr(el, 'code');
  const vocabulary = attr(el, 'vocabulary');
  if (code === undefined || vocabulary === undefined) {
    warn(ctx, el, 'element_incomplete', 'tag');
    return undefined;
  }
  const t: Tag = { vocabulary, code, narrative: narratives(el, ctx) };
  put(t, 'vocabularyUri', attr(el, 'vocabulary-uri'));
  return t;
}

function policyMarker(el: El, ctx: Ctx): PolicyMarker | undefined {
  const code = attr(el, 'code');
  if (code === undefined) {
    warn(ctx, el, 'element_incomplete', 'policy-marker');
    return undefined;
  }
  const m: PolicyMarker = { code, narrative: narratives(el, ctx) };
  put(m, 'vocabulary', mapped(ctx, attr(el, 'vocabulary'), POLICY_VOCABULARIES_1));
  put(m, 'vocabularyUri', attr(el, 'vocabulary-uri'));
  put(m, 'significance', attr(el, 'significance'));
  return m;
}

function aidType(el: El, ctx: Ctx): AidType | undefined {
  const code = attr(el, 'code');
  if (code === undefined) {
    warn(ctx, el, 'element_incomplete', el.name);
    return undefined;
  }
  const t: AidType = { code };
  put(t, 'vocabulary', attr(el, 'vocabulary'));
  return t;
}

function budget(el: El, ctx: Ctx): Budget {
  const b: Budget = {};
  put(b, 'type', mapped(ctx, attr(el, 'type'), BUDGET_TYPES_1, (v) => v.toLowerCase()));
  put(b, 'status', attr(el, 'status'));
  put(b, 'periodStart', dateOf(kid(el, 'period-start'), ctx, 'budget/period-start'));
  put(b, 'periodEnd', dateOf(kid(el, 'period-end'), ctx, 'budget/period-end'));
  put(b, 'value', money(kid(el, 'value'), ctx, 'budget/value'));
  return b;
}

function transactionOrg(el: El | undefined, ctx: Ctx, activityIdAttr: string): TransactionOrg | undefined {
  if (el === undefined) return undefined;
  const org: TransactionOrg = { name: narratives(el, ctx) };
  put(org, 'ref', attr(el, 'ref'));
  put(org, 'type', attr(el, 'type'));
  put(org, 'activityId', attr(el, activityIdAttr));
  return org;
}

function plannedDisbursement(el: El, ctx: Ctx): PlannedDisbursement {
  const d: PlannedDisbursement = {};
  put(d, 'type', mapped(ctx, attr(el, 'type'), BUDGET_TYPES_1, (v) => v.toLowerCase()));
  put(d, 'periodStart', dateOf(kid(el, 'period-start'), ctx, 'planned-disbursement/period-start'));
  put(d, 'periodEnd', dateOf(kid(el, 'period-end'), ctx, 'planned-disbursement/period-end'));
  put(d, 'value', money(kid(el, 'value'), ctx, 'planned-disbursement/value'));
  put(d, 'providerOrg', transactionOrg(kid(el, 'provider-org'), ctx, 'provider-activity-id'));
  put(d, 'receiverOrg', transactionOrg(kid(el, 'receiver-org'), ctx, 'receiver-activity-id'));
  return d;
}

function transaction(el: El, ctx: Ctx): Transaction {
  const t: Transaction = { description: {}, sectors: [], aidTypes: [] };
  put(t, 'ref', attr(el, 'ref'));
  put(t, 'humanitarian', readBool(el.attrs['humanitarian']));
  for (const k of el.kids ?? []) {
    switch (k.name) {
      case 'transaction-type':
        put(t, 'type', mapped(ctx, attr(k, 'code'), TRANSACTION_TYPES_1, (v) => v.toUpperCase()));
        break;
      case 'transaction-date':
        put(t, 'date', dateOf(k, ctx, 'transaction/transaction-date'));
        break;
      case 'value':
        put(t, 'value', money(k, ctx, 'transaction/value'));
        break;
      case 'description':
        narratives(k, ctx, t.description);
        break;
      case 'provider-org':
        put(t, 'providerOrg', transactionOrg(k, ctx, 'provider-activity-id'));
        break;
      case 'receiver-org':
        put(t, 'receiverOrg', transactionOrg(k, ctx, 'receiver-activity-id'));
        break;
      case 'disbursement-channel':
        put(t, 'disbursementChannel', attr(k, 'code'));
        break;
      case 'sector': {
        const code = attr(k, 'code');
        if (code === undefined) {
          warn(ctx, k, 'element_incomplete', 'transaction/sector');
          break;
        }
        const s: TransactionSector = { code, narrative: narratives(k, ctx) };
        put(s, 'vocabulary', mapped(ctx, attr(k, 'vocabulary'), SECTOR_VOCABULARIES_1));
        put(s, 'vocabularyUri', attr(k, 'vocabulary-uri'));
        t.sectors.push(s);
        break;
      }
      case 'recipient-country': {
        const code = attr(k, 'code');
        if (code !== undefined) t.recipientCountry = { code, name: narratives(k, ctx) };
        else warn(ctx, k, 'element_incomplete', 'transaction/recipient-country');
        break;
      }
      case 'recipient-region': {
        const code = attr(k, 'code');
        if (code === undefined) {
          warn(ctx, k, 'element_incomplete', 'transaction/recipient-region');
          break;
        }
        const r: NonNullable<Transaction['recipientRegion']> = { code, name: narratives(k, ctx) };
        put(r, 'vocabulary', mapped(ctx, attr(k, 'vocabulary'), REGION_VOCABULARIES_1));
        put(r, 'vocabularyUri', attr(k, 'vocabulary-uri'));
        t.recipientRegion = r;
        break;
      }
      case 'flow-type':
        put(t, 'flowType', attr(k, 'code'));
        break;
      case 'finance-type':
        put(t, 'financeType', attr(k, 'code'));
        break;
      case 'aid-type':
        pushDefined(t.aidTypes, aidType(k, ctx));
        break;
      case 'tied-status':
        put(t, 'tiedStatus', attr(k, 'code'));
        break;
      default:
        break;
    }
  }
  return t;
}

function documentLink(el: El, ctx: Ctx): DocumentLink | undefined {
  const url = attr(el, 'url');
  if (url === undefined) {
    warn(ctx, el, 'element_incomplete', 'document-link');
    return undefined;
  }
  const d: DocumentLink = { url, title: {}, description: {}, categories: [], languages: [] };
  put(d, 'format', attr(el, 'format'));
  for (const k of el.kids ?? []) {
    switch (k.name) {
      case 'title':
        narratives(k, ctx, d.title);
        break;
      case 'description':
        narratives(k, ctx, d.description);
        break;
      case 'category':
        pushDefined(d.categories, attr(k, 'code'));
        break;
      case 'language':
        pushDefined(d.languages, attr(k, 'code'));
        break;
      case 'document-date':
        put(d, 'documentDate', dateOf(k, ctx, 'document-link/document-date'));
        break;
      default:
        break;
    }
  }
  return d;
}

function relatedActivity(el: El, ctx: Ctx): RelatedActivity | undefined {
  const ref = attr(el, 'ref');
  const type = attr(el, 'type');
  if (ref === undefined || type === undefined) {
    warn(ctx, el, 'element_incomplete', 'related-activity');
    return undefined;
  }
  return { ref, type };
}

function indicatorValue(el: El, ctx: Ctx): IndicatorValue {
  const v: IndicatorValue = { comment: narratives(kid(el, 'comment'), ctx) };
  put(v, 'value', attr(el, 'value'));
  return v;
}

function result(el: El, ctx: Ctx): Result {
  const r: Result = { title: {}, description: {}, indicators: [] };
  put(r, 'type', attr(el, 'type'));
  put(r, 'aggregationStatus', readBool(el.attrs['aggregation-status']));
  for (const k of el.kids ?? []) {
    if (k.name === 'title') narratives(k, ctx, r.title);
    else if (k.name === 'description') narratives(k, ctx, r.description);
    else if (k.name === 'indicator') r.indicators.push(indicator(k, ctx));
  }
  return r;
}

function indicator(el: El, ctx: Ctx): Indicator {
  const ind: Indicator = { title: {}, description: {}, baselines: [], periods: [] };
  put(ind, 'measure', attr(el, 'measure'));
  put(ind, 'ascending', readBool(el.attrs['ascending']));
  put(ind, 'aggregationStatus', readBool(el.attrs['aggregation-status']));
  for (const k of el.kids ?? []) {
    switch (k.name) {
      case 'title':
        narratives(k, ctx, ind.title);
        break;
      case 'description':
        narratives(k, ctx, ind.description);
        break;
      case 'baseline': {
        const b: Baseline = indicatorValue(k, ctx);
        put(b, 'year', readInt(k.attrs['year'], 1, 9999));
        put(b, 'date', dateOf(k.attrs['iso-date'] === undefined ? undefined : k, ctx, 'baseline/@iso-date'));
        ind.baselines.push(b);
        break;
      }
      case 'period': {
        const p: IndicatorPeriod = { targets: [], actuals: [] };
        put(p, 'start', dateOf(kid(k, 'period-start'), ctx, 'period/period-start'));
        put(p, 'end', dateOf(kid(k, 'period-end'), ctx, 'period/period-end'));
        for (const t of kids(k, 'target')) p.targets.push(indicatorValue(t, ctx));
        for (const t of kids(k, 'actual')) p.actuals.push(indicatorValue(t, ctx));
        ind.periods.push(p);
        break;
      }
      default:
        break;
    }
  }
  return ind;
}

// ─── Organisation ────────────────────────────────────────────────────────────────────────────────────────

function toOrganisation(el: El, ctx: Ctx): IatiOrganisation | undefined {
  const o: IatiOrganisation = {
    identifier: '',
    name: {},
    totalBudgets: [],
    recipientOrgBudgets: [],
    recipientRegionBudgets: [],
    recipientCountryBudgets: [],
    totalExpenditures: [],
    documentLinks: [],
  };
  let identifier: string | undefined;
  put(o, 'defaultLanguage', lang(el.attrs['xml:lang']));
  put(o, 'defaultCurrency', attr(el, 'default-currency'));
  put(o, 'lastUpdated', readDateTime(el.attrs['last-updated-datetime']));
  for (const k of el.kids ?? []) {
    switch (k.name) {
      case 'organisation-identifier':
      case 'iati-identifier':
        identifier ??= clean(k.text);
        break;
      case 'name':
        narratives(k, ctx, o.name);
        break;
      case 'reporting-org':
        if (o.reportingOrg === undefined) o.reportingOrg = reportingOrg(k, ctx);
        else warn(ctx, k, 'element_repeated', k.name);
        break;
      case 'total-budget':
        o.totalBudgets.push(orgBudget(k, ctx));
        break;
      case 'recipient-org-budget': {
        const target = kid(k, 'recipient-org');
        const recipientOrg: { ref?: string; name: Narratives } = { name: narratives(target, ctx) };
        if (target) put(recipientOrg, 'ref', attr(target, 'ref'));
        o.recipientOrgBudgets.push({ recipientOrg, ...orgBudget(k, ctx) });
        break;
      }
      case 'recipient-region-budget': {
        const target = kid(k, 'recipient-region');
        const region: { code?: string; vocabulary?: string; vocabularyUri?: string; name: Narratives } = {
          name: narratives(target, ctx),
        };
        if (target) {
          put(region, 'code', attr(target, 'code'));
          put(region, 'vocabulary', mapped(ctx, attr(target, 'vocabulary'), REGION_VOCABULARIES_1));
          put(region, 'vocabularyUri', attr(target, 'vocabulary-uri'));
        }
        o.recipientRegionBudgets.push({ recipientRegion: region, ...orgBudget(k, ctx) });
        break;
      }
      case 'recipient-country-budget': {
        const target = kid(k, 'recipient-country');
        const code = target ? attr(target, 'code') : undefined;
        if (code === undefined) {
          warn(ctx, k, 'element_incomplete', 'recipient-country-budget/recipient-country');
          break;
        }
        o.recipientCountryBudgets.push({ recipientCountry: { code, name: narratives(target, ctx) }, ...orgBudget(k, ctx) });
        break;
      }
      case 'total-expenditure': {
        const e: Expenditure = { lines: budgetLines(k, 'expense-line', ctx) };
        put(e, 'periodStart', dateOf(kid(k, 'period-start'), ctx, 'total-expenditure/period-start'));
        put(e, 'periodEnd', dateOf(kid(k, 'period-end'), ctx, 'total-expenditure/period-end'));
        put(e, 'value', money(kid(k, 'value'), ctx, 'total-expenditure/value'));
        o.totalExpenditures.push(e);
        break;
      }
      case 'document-link': {
        const base = documentLink(k, ctx);
        if (base === undefined) break;
        const d: OrgDocumentLink = { ...base, recipientCountries: [] };
        for (const c of kids(k, 'recipient-country')) {
          const code = attr(c, 'code');
          if (code !== undefined) d.recipientCountries.push({ code, name: narratives(c, ctx) });
          else warn(ctx, c, 'element_incomplete', 'document-link/recipient-country');
        }
        o.documentLinks.push(d);
        break;
      }
      default:
        break;
    }
  }
  if (identifier === undefined) return undefined;
  o.identifier = identifier;
  return o;
}

function orgBudget(el: El, ctx: Ctx): OrgBudget {
  const b: OrgBudget = { lines: budgetLines(el, 'budget-line', ctx) };
  put(b, 'status', attr(el, 'status'));
  put(b, 'periodStart', dateOf(kid(el, 'period-start'), ctx, `${el.name}/period-start`));
  put(b, 'periodEnd', dateOf(kid(el, 'period-end'), ctx, `${el.name}/period-end`));
  put(b, 'value', money(kid(el, 'value'), ctx, `${el.name}/value`));
  return b;
}

function budgetLines(el: El, name: string, ctx: Ctx): BudgetLine[] {
  return kids(el, name).map((k) => {
    const line: BudgetLine = { narrative: {} };
    // The line's narratives are its own <narrative> children (its text holds no name).
    for (const n of kids(k, 'narrative')) {
      const text = n.text.trim();
      if (text !== '') addText(line.narrative, lang(n.attrs['xml:lang']) ?? ctx.lang, text);
    }
    put(line, 'ref', attr(k, 'ref'));
    put(line, 'value', money(kid(k, 'value'), ctx, `${name}/value`));
    return line;
  });
}
