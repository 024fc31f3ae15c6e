// npm run bench — runs every benchmark and prints its figures (targets: ../shared/docs/QUALITY.md).
// `npm run bench -- http` runs only the benchmarks whose name contains "http".
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const benches = [
  { name: 'iati-parse', file: 'scripts/bench-iati-parse.ts' },
  { name: 'http', file: 'scripts/bench-http.ts' },
  { name: 'import', file: 'scripts/bench-import.ts' },
  { name: 'scale', file: 'scripts/bench-scale.ts' },
  { name: 'projects', file: 'scripts/bench-projects.ts' },
];
const filter = process.argv[2];
let failed = 0;
for (const bench of benches) {
  if (filter && !bench.name.includes(filter)) continue;
  if (!existsSync(bench.file)) {
    console.log(`\n=== bench:${bench.name}: not written yet (${bench.file})`);
    continue;
  }
  console.log(`\n=== bench:${bench.name}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', bench.file], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
