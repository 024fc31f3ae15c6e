#!/usr/bin/env node
// `npm test`: every test with Node's built-in runner through tsx.
//   npm test                              everything: src/**/*.test.ts(x), tests/**/*.test.ts(x), tests/stories/*.spec.ts
//   npm test -- organisations csv         only the files whose path contains one of the words
//   npm test -- --test-name-pattern=slug  arguments starting with "-" go to node (--test-only, --test-name-pattern…)
//   E2E=skip npm test                     leave out the browser stories (CI never sets it)
//   DATABASE_URL=postgres://… npm test    integration tests also run on that PostgreSQL server
// On Node 20 a bare `node --test` finds no .ts files: the files are listed here and passed explicitly.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);

const CHROMIUM = '/usr/bin/chromium';
const args = process.argv.slice(2);
const nodeArgs = args.filter((arg) => arg.startsWith('-'));
const words = args.filter((arg) => !arg.startsWith('-'));
const skipStories = process.env.E2E === 'skip';

/** Files under `dir` (recursively) whose path relative to the root matches `pattern`. */
function find(dir, pattern, { recursive = true } = {}) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join('/'))
    .filter((file) => !file.includes('node_modules/') && pattern.test(file))
    .sort();
}

const unitAndIntegration = [...find('src', /\.test\.tsx?$/), ...find('tests', /\.test\.tsx?$/)];
const stories = find('tests/stories', /\.spec\.ts$/, { recursive: false });
const matches = (file) => !words.length || words.some((word) => file.includes(word));

// TEST_SCOPE=integration (CI's PostgreSQL pass): the unit and integration tests without the fuzz files and the
// browser stories, which exercise the same code and run in full on the embedded database.
const integrationOnly = process.env.TEST_SCOPE === 'integration';
// In that pass, test files that never open a database (parsers, writers, pure rules) are left out too: they
// give the same result on any database and run in the embedded pass.
const usesDatabase = (file) => /createTestApp|createTestDatabase|openDatabase|startServer|DATABASE_URL|testDatabaseUrl/.test(readFileSync(file, 'utf8'));
let files = unitAndIntegration.filter(matches).filter((file) => !integrationOnly || (!/fuzz/.test(file) && usesDatabase(file)));
const selectedStories = integrationOnly ? [] : stories.filter(matches);
if (integrationOnly) console.log('test: TEST_SCOPE=integration: fuzz files, browser stories and files that open no database left out of this pass (they run on the embedded database)');

console.log(`test: database: ${describeDatabase()}`);
if (skipStories) {
  console.log('');
  console.log('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
  console.log(`!!! E2E=skip: ${selectedStories.length} browser stor${selectedStories.length === 1 ? 'y was' : 'ies were'} LEFT OUT (tests/stories/*.spec.ts). CI never skips them.`);
  console.log('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
  console.log('');
} else if (selectedStories.length) {
  if (!existsSync(CHROMIUM)) {
    console.error(`test: ${CHROMIUM} not found.`);
    console.error("Browser stories need Debian's chromium: apt-get install -y chromium (or set E2E=skip to leave them out)");
    process.exit(1);
  }
  files = [...files, ...selectedStories]; // last: the slowest
}

if (!files.length) {
  const what = words.length ? `no test file matches ${words.join(' or ')}` : 'no test files found';
  console.error(`test: ${what}${skipStories && selectedStories.length ? ' (apart from the browser stories left out by E2E=skip)' : ''}`);
  process.exit(1);
}
console.log(
  `test: ${files.length} file(s): ${files.length - (skipStories ? 0 : selectedStories.length)} unit/integration, ` +
    `${skipStories ? 0 : selectedStories.length} browser stor${selectedStories.length === 1 ? 'y' : 'ies'}` +
    (words.length ? ` (matching ${words.join(' or ')})` : ''),
);

// The spec reporter prints its summary (ℹ tests, ℹ pass, ℹ fail…) and then lists the failing tests again: the
// summary is collected from its output and printed once more at the very end, as `# pass N` lines.
// The slowest files, written by a second reporter and printed after the summary (CI's time budget).
const fileTimesReport = path.join(os.tmpdir(), `passerelle-test-times-${process.pid}.txt`);
const runnerArgs = [
  '--import', 'tsx',
  // A file whose handles stay open must not hang CI once its tests are done; not --test-force-exit, which loses
  // test verdicts on Node 20 (see the guard's header).
  '--import', './scripts/test-exit-guard.mjs',
  '--test',
  '--test-concurrency=2',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=./scripts/file-times-reporter.mjs',
  '--test-reporter-destination=stdout', // it prints nothing there: it writes fileTimesReport itself
  ...nodeArgs,
  ...files,
];

const started = performance.now();
const child = spawn(process.execPath, runnerArgs, {
  stdio: ['inherit', 'pipe', 'inherit'],
  env: { ...process.env, PASSERELLE_TEST_TIMES: fileTimesReport, FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0') },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
const summary = new Map();
let pending = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const lines = (pending + chunk).split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) collect(line);
});
child.on('close', (code, signal) => {
  collect(pending);
  const exitCode = code ?? (signal ? 1 : 0);
  console.log('');
  console.log(
    `=== test summary: ${describeDatabase()}; browser stories ${skipStories ? 'SKIPPED (E2E=skip)' : selectedStories.length ? 'run' : 'none selected'}; ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (existsSync(fileTimesReport)) {
    process.stdout.write(readFileSync(fileTimesReport, 'utf8'));
    rmSync(fileTimesReport, { force: true });
  }
  for (const [name, value] of summary) console.log(`# ${name} ${value}`);
  if (!summary.size) console.log('# (the runner printed no summary: it crashed or was killed)');
  if (Number(summary.get('skipped') ?? 0) || Number(summary.get('todo') ?? 0)) {
    console.log('test: warning: skipped or todo tests left behind (QUALITY.md: none)');
  }
  console.log(`test: ${exitCode === 0 ? 'passed' : `FAILED (exit code ${exitCode}${signal ? `, ${signal}` : ''})`}`);
  process.exit(exitCode);
});

/** Keeps the spec reporter's summary lines: `ℹ pass 12`. */
function collect(line) {
  // eslint-disable-next-line no-control-regex -- strips ANSI colour codes
  const match = /^ℹ (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ([\d.]+)\s*$/.exec(line.replace(/\x1b\[[0-9;]*m/g, ''));
  if (match) summary.set(match[1], match[2]);
}

function describeDatabase() {
  const url = process.env.DATABASE_URL;
  if (!url) return 'embedded PGlite';
  try {
    const { hostname, port, pathname } = new URL(url);
    return `PostgreSQL at ${hostname}${port ? `:${port}` : ''}${pathname}`;
  } catch {
    return 'PostgreSQL at (unparsable DATABASE_URL)';
  }
}
