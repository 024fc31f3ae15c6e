// The 2.03 writer: complete records validate with xmllint and read back the same; elements come in the order
// of the official schema's sequences (read from the .xsd itself); texts are escaped; numbers are plain decimals;
// empty optional elements are left out; a record the schema would reject is reported, not written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import type { IatiActivity } from './model.ts';
import { parseIatiAll } from './parse.ts';
import { formatDecimal, isWritableDecimal } from './decimal.ts';
import { escapeAttr, escapeText, writeActivities, writeOrganisations } from './write.ts';
import { sampleActivity, sampleOrganisation, schema203, xmllint } from './testing.ts';

async function text(chunks: AsyncIterable<string>) {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

const generatedAt = new Date('2025-01-02T03:04:05.678Z');

/** The child element names of `parent` in the written XML, in document order (one level down). */
function childNames(xml: string, parent: string): string[][] {
  const parser = new SaxesParser({ xmlns: false });
  const stack: string[] = [];
  const found: string[][] = [];
  parser.on('opentag', (tag) => {
    if (stack.at(-1) === parent) found.at(-1)!.push(tag.name);
    if (tag.name === parent) found.push([]);
    stack.push(tag.name);
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  return found;
}

/** The order of the element sequence declared for `element` in an XSD (names and refs, nested included). */
function schemaSequence(xsd: string, element: string): string[] {
  const parser = new SaxesParser({ xmlns: false });
  const names: string[] = [];
  let depth = 0;
  let inside = 0;
  parser.on('opentag', (tag) => {
    depth++;
    const name = tag.attributes['name'] ?? tag.attributes['ref'];
    if (inside === 0 && tag.name === 'xsd:element' && tag.attributes['name'] === element) inside = depth;
    else if (inside > 0 && tag.name === 'xsd:element' && depth === inside + 3 && name) names.push(name);
  });
  parser.on('closetag', () => {
    if (depth === inside) inside = -1;
    depth--;
  });
  parser.write(xsd).close();
  return names;
}

function assertInOrder(children: string[], order: string[], label: string) {
  let last = -1;
  for (const name of children) {
    const index = order.indexOf(name);
    assert.ok(index >= 0, `${label}: <${name}> is not in the schema's sequence`);
    assert.ok(index >= last, `${label}: <${name}> comes after <${order[last]}>`);
    last = index;
  }
}

test('a complete activity is written as valid 2.03, in the schema’s element order, and reads back the same', async () => {
  const activity = sampleActivity();
  const xml = await text(writeActivities([activity], { generatedAt }));
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<iati-activities version="2.03" generated-datetime="2025-01-02T03:04:05Z">\n/);
  assert.match(xml, /<iati-activity last-updated-datetime="2024-05-04T13:30:00Z" xml:lang="fr" default-currency="EUR" humanitarian="0">/);
  assert.deepEqual(await xmllint(xml, schema203.activities), []);
  const events = await parseIatiAll([xml]);
  assert.deepEqual(events[1]?.kind === 'activity' && events[1].activity, activity);

  const xsd = await readFile(schema203.activities, 'utf8');
  const order = schemaSequence(xsd, 'iati-activity');
  assert.deepEqual(order.slice(0, 6), ['iati-identifier', 'reporting-org', 'title', 'description', 'participating-org', 'other-identifier']);
  const [children] = childNames(xml, 'iati-activity');
  assertInOrder(children!, order, 'iati-activity');
  assert.equal(new Set(children).size, 27, 'every top-level element of the model is present in the sample');
  for (const [parent, seq] of [
    ['transaction', schemaSequence(xsd, 'transaction')],
    ['location', schemaSequence(xsd, 'location')],
    ['budget', schemaSequence(xsd, 'budget')],
    ['planned-disbursement', schemaSequence(xsd, 'planned-disbursement')],
    ['contact-info', schemaSequence(xsd, 'contact-info')],
  ] as const) {
    assert.ok(seq.length > 2, `sequence of ${parent}`);
    for (const kids of childNames(xml, parent)) assertInOrder(kids, seq, parent);
  }
});

test('a complete organisation is written as valid 2.03, in schema order, and reads back the same', async () => {
  const organisation = sampleOrganisation();
  const xml = await text(writeOrganisations([organisation], { generatedAt }));
  assert.match(xml, /<iati-organisations version="2.03" generated-datetime="2025-01-02T03:04:05Z">/);
  assert.deepEqual(await xmllint(xml, schema203.organisations), []);
  const events = await parseIatiAll([xml]);
  assert.deepEqual(events[1]?.kind === 'organisation' && events[1].organisation, organisation);
  const xsd = await readFile(schema203.organisations, 'utf8');
  const [children] = childNames(xml, 'iati-organisation');
  assertInOrder(children!, schemaSequence(xsd, 'iati-organisation'), 'iati-organisation');
  assert.equal(new Set(children).size, 9);
});

test('texts and attributes are escaped; characters XML cannot carry are dropped', async () => {
  assert.equal(escapeText('a < b && c > d "q" \'s\''), 'a &lt; b &amp;&amp; c &gt; d "q" \'s\'');
  assert.equal(escapeText(']]>'), ']]&gt;');
  assert.equal(escapeText('line\r\nnext\u0000\u0007\uFFFE\uD800x😀'), 'line&#13;\nnextx😀');
  assert.equal(escapeAttr('say "hi"\t<&>\n'), 'say &quot;hi&quot;&#9;&lt;&amp;&gt;&#10;');

  const activity = sampleActivity();
  activity.title = { fr: '<script>alert("x")</script> & ]]> \'quoted\'\r\nline 2\ttab', en: 'Café — 😀 ﷽' };
  activity.identifier = 'FR-RNA-W751000001-P1 & "co" <x>';
  activity.recipientCountries = [{ code: 'M"L\nX', percentage: 100, name: {} }];
  const xml = await text(writeActivities([activity], { generatedAt }));
  assert.doesNotMatch(xml, /<script>/);
  assert.deepEqual(await xmllint(xml, schema203.activities), []);
  const events = await parseIatiAll([xml]);
  assert.deepEqual(events[1]?.kind === 'activity' && events[1].activity, activity);
});

test('numbers are written as plain decimals that read back as the same number', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [-0, '0'],
    [12000.5, '12000.5'],
    [-1000.25, '-1000.25'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [-2.5e-10, '-0.00000000025'],
    [123456789012345680000, '123456789012345680000'],
    [5e-324, `0.${'0'.repeat(323)}5`],
  ];
  for (const [n, s] of cases) assert.equal(formatDecimal(n), s, String(n));
  // libxml2 takes at most 24 digits in an xsd:decimal: longer ones are refused by the rules, not written.
  assert.ok(isWritableDecimal(1.5e23));
  assert.ok(!isWritableDecimal(1e24 + 2 ** 30));
  assert.ok(isWritableDecimal(1e-24));
  assert.ok(!isWritableDecimal(1.5e-24));
  assert.ok(isWritableDecimal(-1234567890123.5));
  assert.ok(!isWritableDecimal(Number.NaN));
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
      const s = formatDecimal(n);
      assert.match(s, /^-?\d+(\.\d+)?$/);
      assert.ok(Object.is(Number(s), n === 0 ? 0 : n), `${n} → ${s}`);
    }),
    { numRuns: 2000 },
  );
});

test('empty optional elements are left out', async () => {
  const bare: IatiActivity = {
    ...sampleActivity(),
    humanitarian: undefined as never,
    contacts: [{ organisation: {}, department: {}, personName: {}, jobTitle: {}, telephones: [], emails: [], websites: [], mailingAddresses: [] }],
    locations: [{ ids: [], name: {}, description: {}, activityDescription: {}, administratives: [] }],
    tags: [],
    documentLinks: [],
    results: [],
  };
  delete (bare as Partial<IatiActivity>).humanitarian;
  const xml = await text(writeActivities([bare], { generatedAt }));
  assert.match(xml, /<contact-info\/>/);
  assert.match(xml, /<location\/>/);
  assert.doesNotMatch(xml, /<iati-activity [^>]*humanitarian/);
  for (const absent of ['<organisation', '<department', '<name', '<tag', '<document-link', '<result', '<narrative/>', '<narrative></narrative>']) {
    assert.ok(!xml.includes(absent), `no ${absent}`);
  }
  assert.deepEqual(await xmllint(xml, schema203.activities), []);
});

test('a record the schema would reject is reported with its problems, not written; the others are', async () => {
  const incomplete = sampleActivity();
  incomplete.identifier = 'FR-RNA-W751000001-P2';
  incomplete.descriptions = [];
  incomplete.transactions[0]!.value = { amount: 5 };
  const skipped: { id: string; problems: string[] }[] = [];
  const xml = await text(
    writeActivities([sampleActivity(), incomplete], {
      generatedAt,
      onSkip: (id, problems) => skipped.push({ id, problems: problems.map((p) => `${p.field} ${p.code}`) }),
    }),
  );
  assert.deepEqual(skipped, [
    { id: 'FR-RNA-W751000001-P2', problems: ['descriptions description_missing', 'transactions[0].value.valueDate value_date_missing'] },
  ]);
  assert.equal(childNames(xml, 'iati-activities')[0]!.length, 1);
  assert.deepEqual(await xmllint(xml, schema203.activities), []);
  // Written as it is on request: it then reads back the same, but does not validate.
  const asIs = await text(writeActivities([incomplete], { generatedAt, incomplete: 'write' }));
  const events = await parseIatiAll([asIs]);
  assert.deepEqual(events[1]?.kind === 'activity' && events[1].activity, incomplete);
  assert.notDeepEqual(await xmllint(asIs, schema203.activities), []);
});

test('the writer streams: it pulls records one at a time from an async source', async () => {
  let pulled = 0;
  async function* source() {
    for (let i = 0; i < 1000; i++) {
      pulled++;
      yield { ...sampleActivity(), identifier: `FR-RNA-W751000001-P${i}` };
    }
  }
  const chunks = writeActivities(source(), { generatedAt });
  const header = await chunks.next();
  assert.match(String(header.value), /<iati-activities/);
  const first = await chunks.next();
  assert.match(String(first.value), /FR-RNA-W751000001-P0</);
  assert.equal(pulled, 1);
  await chunks.return(undefined);
});
