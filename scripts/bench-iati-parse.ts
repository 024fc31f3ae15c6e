// Benchmark of the IATI reader on every activity file of ../shared/iati/corpus (MANIFEST.csv, root
// iati-activities). Prints plain lines: corpus size, bare saxes speed (no-op handlers, the same bytes read the
// same way), our parser's speed (model records built), activities per second, peak RSS.
// Run: node --import tsx scripts/bench-iati-parse.ts [rounds]
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIati } from '../src/modules/iati/parse.ts';
import { bareSaxes, chunks } from './bench-saxes.ts';

const corpus = fileURLToPath(new URL('../../shared/iati/corpus/', import.meta.url));
const rounds = Number(process.argv[2] ?? 3);

const files = readFileSync(join(corpus, 'MANIFEST.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const cells = line.split(',');
    return { path: cells.slice(0, -6).join(','), root: cells.at(-5) };
  })
  .filter((f) => f.root === 'iati-activities')
  .map((f) => join(corpus, f.path));

let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
};
const sampler = setInterval(sampleRss, 20);

// The files are read into memory first, so that both runs measure parsing, not the disk.
const buffers = await Promise.all(files.map((f) => readFile(f)));
const bytes = buffers.reduce((n, b) => n + b.length, 0);

async function ours(): Promise<{ activities: number; skipped: number; refused: number }> {
  let activities = 0;
  let skipped = 0;
  let refused = 0;
  for (const buffer of buffers) {
    try {
      for await (const event of parseIati(chunks(buffer))) {
        if (event.kind === 'activity') activities++;
        else if (event.kind === 'skipped') skipped++;
      }
    } catch {
      refused++;
    }
  }
  return { activities, skipped, refused };
}

const mb = bytes / 1e6;
console.log(`corpus: ${files.length} activity files, ${mb.toFixed(1)} MB`);
let bareBest = Infinity;
let oursBest = Infinity;
let result = { activities: 0, skipped: 0, refused: 0 };
for (let round = 0; round < rounds; round++) {
  let t = performance.now();
  bareSaxes(buffers);
  bareBest = Math.min(bareBest, (performance.now() - t) / 1000);
  sampleRss();
  t = performance.now();
  result = await ours();
  oursBest = Math.min(oursBest, (performance.now() - t) / 1000);
  sampleRss();
}
clearInterval(sampler);
console.log(`activities: ${result.activities} read, ${result.skipped} skipped, ${result.refused} files refused`);
console.log(`bare saxes parse: ${(mb / bareBest).toFixed(1)} MB/s (${bareBest.toFixed(2)} s, best of ${rounds})`);
console.log(`iati parser: ${(mb / oursBest).toFixed(1)} MB/s, ${Math.round(result.activities / oursBest)} activities/s (${oursBest.toFixed(2)} s, best of ${rounds})`);
console.log(`iati parser / bare saxes: ${((bareBest / oursBest) * 100).toFixed(0)} %`);
console.log(`peak RSS: ${(peakRss / 1e6).toFixed(0)} MB (corpus held in memory: ${mb.toFixed(0)} MB)`);
