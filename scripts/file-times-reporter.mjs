// A second test reporter for `npm test`: writes the test files that took longest (from their first test event to
// their last) to the file named by PASSERELLE_TEST_TIMES, which scripts/test.mjs prints after the summary, so that
// CI's 30-minute budget can be watched. Node 20 emits no event per file, and replays a file's pass/fail events in
// file order, late: the span runs from the first `test:dequeue` (a test begins) to the last `test:complete`, the
// two events sent as they happen.
// Written synchronously when the run's summary begins, so that it is there whatever ends the process after.
import { writeFileSync } from 'node:fs';

export default async function* fileTimes(source) {
  const spans = new Map();
  for await (const event of source) {
    if (event.type === 'test:diagnostic' && event.data.nesting === 0 && /^tests \d+$/.test(event.data.message)) {
      writeReport(spans);
      yield ''; // a reporter is a generator; this one writes its file itself
      continue; // keep reading: a reporter that stops cuts the others' stream short
    }
    const file = event.data?.file;
    if (!file || !/^test:(dequeue|complete)$/.test(event.type)) continue;
    const now = performance.now();
    const span = spans.get(file) ?? { first: now, last: now };
    if (event.type === 'test:complete') span.last = now;
    spans.set(file, span);
  }
  writeReport(spans);
}

function writeReport(spans) {
  const target = process.env.PASSERELLE_TEST_TIMES;
  if (!target) return;
  const root = process.cwd() + '/';
  const slowest = [...spans].map(([file, s]) => [file.replace(root, ''), (s.last - s.first) / 1000]).sort((a, b) => b[1] - a[1]);
  const lines = [`\n=== slowest test files (wall time from its first test start to its last test end; ${spans.size} files)`];
  for (const [file, seconds] of slowest.slice(0, 25)) lines.push(`  ${seconds.toFixed(1).padStart(7)} s  ${file}`);
  writeFileSync(target, lines.join('\n') + '\n');
}
