// Hostile and broken input: each is refused with a typed IatiParseError (code, line, column), quickly, without
// reading more than it needs, and without any exception of another kind escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIatiParseError, parseIati, type IatiInput, type IatiParseEvent, type ParseErrorCode } from './parse.ts';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n';

/** Parses to the end; resolves to the typed error, or fails the test if something else happens. */
async function refusal(input: IatiInput, maxMs = 3000) {
  const started = performance.now();
  const events: IatiParseEvent[] = [];
  try {
    for await (const event of parseIati(input)) events.push(event);
  } catch (err) {
    const ms = performance.now() - started;
    assert.ok(isIatiParseError(err), `a typed error, not ${String(err)}`);
    assert.ok(ms < maxMs, `refused in ${ms.toFixed(0)} ms`);
    return { error: err, events, ms };
  }
  assert.fail(`accepted (${events.length} events)`);
}

async function expectCode(input: IatiInput, code: ParseErrorCode) {
  const { error } = await refusal(input);
  assert.equal(error.code, code, error.message);
  assert.ok(error.line >= 1 && error.column >= 1);
  return error;
}

/** Counts how many chunks the parser pulled from a generator: a refusal must not drain the stream. */
function counted<T>(source: Iterable<T>) {
  const state = { pulled: 0 };
  function* wrap() {
    for (const item of source) {
      state.pulled++;
      yield item;
    }
  }
  return { input: wrap(), state };
}

test('billion laughs (entity expansion bomb) is refused at its DOCTYPE, before any expansion', async () => {
  const entities = ['<!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  const xml = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n${entities.join('\n')}\n]>\n<iati-activities version="2.03"><iati-activity><iati-identifier>&lol9;</iati-identifier></iati-activity></iati-activities>`;
  const error = await expectCode([xml], 'doctype_forbidden');
  assert.equal(error.line, 13);
});

test('an external entity (file:///etc/passwd) is never resolved: the DOCTYPE is refused', async () => {
  const xml = `<?xml version="1.0"?>\n<!DOCTYPE iati-activities [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n${HEAD.split('\n')[1]}<iati-activity><iati-identifier>&xxe;</iati-identifier></iati-activity></iati-activities>`;
  const { error, events } = await refusal([xml]);
  assert.equal(error.code, 'doctype_forbidden');
  assert.equal(events.length, 0);
  assert.doesNotMatch(JSON.stringify(events), /root:/);
  // Without a DOCTYPE the entity is simply undefined: a well-formedness error, not a file read.
  const bare = `${HEAD}<iati-activity><iati-identifier>&xxe;</iati-identifier></iati-activity></iati-activities>`;
  await expectCode([bare], 'malformed');
});

test('a huge DOCTYPE internal subset is cut short, not buffered', async () => {
  const { input, state } = counted(
    (function* () {
      yield '<!DOCTYPE x [';
      for (let i = 0; i < 800; i++) yield '<!-- padding -->'.repeat(4096);
    })(),
  );
  const { error } = await refusal(input);
  assert.ok(['doctype_forbidden', 'text_too_large'].includes(error.code));
  assert.ok(state.pulled < 100, `${state.pulled} chunks read`);
});

test('not XML: text, a PDF, a spreadsheet, invalid UTF-8, NUL bytes, nothing at all', async () => {
  await expectCode(['hello, this is not XML'], 'not_xml');
  await expectCode([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj', 'latin1')], 'encoding');
  await expectCode([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0xff])], 'encoding');
  await expectCode([Buffer.from([0x3c, 0x61, 0x3e, 0xc3, 0x28, 0x3c, 0x2f, 0x61, 0x3e])], 'encoding');
  await expectCode([`${HEAD}<iati-activity>\u0000</iati-activity></iati-activities>`], 'malformed');
  await expectCode([], 'empty');
  await expectCode([Buffer.alloc(0)], 'empty');
  await expectCode(['  \n\t '], 'not_xml');
  await expectCode(['<?xml version="1.0"?>\n<!-- only a comment -->\n'], 'not_xml');
});

test('a wrong root element is refused with its name and position', async () => {
  const error = await expectCode(['<?xml version="1.0"?>\n<html><body>hi</body></html>'], 'wrong_root');
  assert.equal(error.line, 2);
  assert.match(error.detail, /<html>/);
  await expectCode(['<iati-activity><iati-identifier>A-1</iati-identifier></iati-activity>'], 'wrong_root');
  await expectCode(['<registry-record/>'], 'wrong_root');
});

test('malformed and truncated XML is refused with the line and column of the fault', async () => {
  const error = await expectCode(
    [`${HEAD}<iati-activity>\n<iati-identifier>A-1</iati-identifier>\n<title></titel>\n</iati-activity></iati-activities>`],
    'malformed',
  );
  assert.equal(error.line, 5);
  await expectCode([`${HEAD}<iati-activity><iati-identifier>A-1</iati-identifier>`], 'malformed');
  await expectCode([`${HEAD}<iati-activity a="1" a="2"/></iati-activities>`], 'malformed');
  await expectCode([`${HEAD}</iati-activities><iati-activities version="2.03"/>`], 'malformed');
});

test('50 MB of random bytes, streamed and never stored, are refused at once', async () => {
  let seed = 42;
  const { input, state } = counted(
    (function* () {
      for (let i = 0; i < 800; i++) {
        const chunk = Buffer.alloc(65536);
        for (let j = 0; j < chunk.length; j++) {
          seed = (seed * 1103515245 + 12345) >>> 0;
          chunk[j] = seed >>> 24;
        }
        yield chunk;
      }
    })(),
  );
  const { error } = await refusal(input, 1000);
  assert.ok(['encoding', 'not_xml'].includes(error.code), error.code);
  assert.ok(state.pulled <= 2, `${state.pulled} chunks read`);
});

test('50 MB of printable garbage, and 50 MB of text inside the root, are refused quickly', async () => {
  let seed = 7;
  const garbage = counted(
    (function* () {
      for (let i = 0; i < 800; i++) {
        let text = '';
        for (let j = 0; j < 65536; j++) {
          seed = (seed * 1103515245 + 12345) >>> 0;
          text += String.fromCharCode(32 + ((seed >>> 24) % 95));
        }
        yield text;
      }
    })(),
  );
  const first = await refusal(garbage.input, 2000);
  assert.ok(['not_xml', 'text_too_large', 'malformed'].includes(first.error.code), first.error.code);
  assert.ok(garbage.state.pulled < 20);

  const text = counted(
    (function* () {
      yield `${HEAD}<iati-activity><iati-identifier>A-1</iati-identifier><title><narrative>`;
      for (let i = 0; i < 800; i++) yield 'A'.repeat(65536);
    })(),
  );
  const second = await refusal(text.input, 2000);
  assert.equal(second.error.code, 'text_too_large');
  assert.ok(text.state.pulled < 20, `${text.state.pulled} chunks read`);
});

test('a start tag with endless attributes and an endless comment are cut at the size limit', async () => {
  const attrs = counted(
    (function* () {
      yield `${HEAD}<iati-activity `;
      for (let i = 0; i < 800; i++) {
        let s = '';
        for (let j = 0; j < 4000; j++) s += ` a${i}x${j}="1"`;
        yield s;
      }
    })(),
  );
  assert.equal((await refusal(attrs.input)).error.code, 'text_too_large');
  assert.ok(attrs.state.pulled < 40);
  const comment = counted(
    (function* () {
      yield `${HEAD}<!--`;
      for (let i = 0; i < 800; i++) yield '<x>'.repeat(20000);
    })(),
  );
  assert.equal((await refusal(comment.input)).error.code, 'text_too_large');
  assert.ok(comment.state.pulled < 40);
});

test('deeply nested elements are refused at the depth limit', async () => {
  const { input, state } = counted(
    (function* () {
      yield HEAD;
      for (let i = 0; i < 100_000; i++) yield '<a><b><c><d><e><f><g><h><i><j>';
    })(),
  );
  const { error } = await refusal(input);
  assert.equal(error.code, 'too_deep');
  assert.ok(state.pulled < 20);
  const shallow = await refusal([`${HEAD}${'<x>'.repeat(10)}`], 1000);
  assert.equal(shallow.error.code, 'malformed', 'ten levels are fine, then the file is truncated');
  const limited = await refusal([`${HEAD}${'<x>'.repeat(10)}`], 1000);
  assert.equal(limited.error.code, 'malformed');
  await assert.rejects(
    async () => {
      for await (const _ of parseIati([`${HEAD}${'<x>'.repeat(10)}`], { limits: { maxDepth: 5 } }));
    },
    (err: unknown) => isIatiParseError(err) && err.code === 'too_deep',
  );
});

test('a record too large to hold is skipped with its line and identifier, and reading goes on', async () => {
  const big = `<iati-activity>\n<iati-identifier>BIG-1</iati-identifier>\n${'<transaction><value>1</value></transaction>\n'.repeat(200)}</iati-activity>\n`;
  // 1.0x allows the identifier after everything else: it is still found.
  const bigLate = `<iati-activity>${'<transaction><value>1</value></transaction>'.repeat(200)}<iati-identifier>BIG-2</iati-identifier></iati-activity>\n`;
  const small = '<iati-activity><iati-identifier>SMALL-1</iati-identifier></iati-activity>\n';
  const events: IatiParseEvent[] = [];
  for await (const e of parseIati([HEAD, big, bigLate, small, '</iati-activities>'], { limits: { maxRecordElements: 100 } })) {
    events.push(e);
  }
  const [, skipped, skippedLate, kept] = events;
  assert.deepEqual(skipped, { kind: 'skipped', record: 'activity', reason: 'record_too_large', line: 3, column: 1, identifier: 'BIG-1' });
  assert.deepEqual(skippedLate, { kind: 'skipped', record: 'activity', reason: 'record_too_large', line: 206, column: 1, identifier: 'BIG-2' });
  assert.equal(kept?.kind === 'activity' && kept.activity.identifier, 'SMALL-1');
});

test('activities without an identifier are skipped with their line; the others are read', async () => {
  const xml = `${HEAD}<iati-activity>\n<title><narrative>No id</narrative></title>\n</iati-activity>\n<iati-activity><iati-identifier>  </iati-identifier></iati-activity>\n<iati-activity><iati-identifier>OK-1</iati-identifier></iati-activity>\n</iati-activities>`;
  const events: IatiParseEvent[] = [];
  for await (const e of parseIati([xml])) events.push(e);
  assert.deepEqual(
    events.map((e) => (e.kind === 'skipped' ? `skipped ${e.reason} ${e.line}` : e.kind === 'activity' ? `activity ${e.activity.identifier} ${e.line}` : e.kind)),
    ['start', 'skipped identifier_missing 3', 'skipped identifier_missing 6', 'activity OK-1 7'],
  );
});

test('a refusal mid-file comes after the records already read, which stay usable', async () => {
  const xml = `${HEAD}<iati-activity><iati-identifier>A-1</iati-identifier></iati-activity>\n<iati-activity><iati-identifier>A-2</iati-identifier></iati-activit>`;
  const { error, events } = await refusal([xml]);
  assert.equal(error.code, 'malformed');
  assert.deepEqual(
    events.filter((e) => e.kind === 'activity').map((e) => (e.kind === 'activity' ? e.activity.identifier : '')),
    ['A-1'],
  );
});
