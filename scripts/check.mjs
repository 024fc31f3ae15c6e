#!/usr/bin/env node
// `npm run check`: the quality gate. Runs every step (a failure does not stop the others), prints a header and a
// result line for each, then a summary; exits 1 when any step failed.
//   node scripts/check.mjs              all steps
//   node scripts/check.mjs lint deps    only the steps whose name contains one of the words
// The commands of typecheck, lint, xss-scan and deps are package.json's scripts of the same name, so that
// `npm run lint` and the gate run the same thing.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);
const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts ?? {};
const env = {
  ...process.env,
  PATH: `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
  FORCE_COLOR: process.env.FORCE_COLOR ?? '0',
};

/**
 * Runs a shell command, echoing its output as it comes; resolves with its exit code and output.
 * @param {string} command
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<{ code: number, output: string }>}
 */
function run(command, { timeoutMs = 10 * 60_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (stream) => (chunk) => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', take(process.stdout));
    child.stderr.on('data', take(process.stderr));
    const timer = setTimeout(() => {
      output += `\n(timed out after ${timeoutMs / 1000} s)\n`;
      process.stderr.write(`(timed out after ${timeoutMs / 1000} s)\n`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 1 : 0), output });
    });
  });
}

/** A step that runs one package.json script. */
const script = (name, { expect } = {}) => ({
  name,
  describe: scripts[name],
  async run() {
    if (!scripts[name]) return { ok: false, why: `package.json has no "${name}" script` };
    const { code, output } = await run(scripts[name]);
    if (code !== 0) return { ok: false, why: `exit code ${code}` };
    if (expect && !expect.test(output)) return { ok: false, why: `exit code 0 but no line matching ${expect} (did it crash?)` };
    return { ok: true };
  },
});

/** Files of a directory, recursively, as relative paths. */
function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
}

const steps = [
  script('typecheck'),
  script('lint'),
  // xss-scan exits 1 on errors, 2 on warnings only (both fail here), and 0 after an unexpected crash: require
  // its success line.
  script('xss-scan', { expect: /No XSS vulnerabilities found/ }),
  script('deps'),
  {
    name: 'migrations: drizzle-kit check',
    describe: 'drizzle-kit check (migration folder consistent: snapshots, journal, no collisions)',
    async run() {
      const { code, output } = await run('drizzle-kit check', { timeoutMs: 120_000 });
      // drizzle-kit can print an error and still exit 0.
      if (code !== 0) return { ok: false, why: `exit code ${code}` };
      if (/error/i.test(output) || !/Everything's fine/.test(output)) return { ok: false, why: 'drizzle-kit reported a problem' };
      return { ok: true };
    },
  },
  {
    name: 'migrations: drift',
    describe: 'drizzle-kit generate into a temporary copy of migrations/: must produce nothing',
    async run() {
      const temp = mkdtempSync(path.join(os.tmpdir(), 'passerelle-drift-'));
      try {
        const out = path.join(temp, 'migrations');
        cpSync('migrations', out, { recursive: true });
        const before = listFiles(out);
        const journalBefore = readFileSync(path.join(out, 'meta', '_journal.json'), 'utf8');
        // drizzle-kit prefixes `out` with "./": give it a path relative to the project root.
        const config = path.join(temp, 'drizzle.config.ts');
        writeFileSync(
          config,
          `import base from ${JSON.stringify(path.join(root, 'drizzle.config.ts'))};\n` +
            `export default { ...base, out: ${JSON.stringify(path.relative(root, out))} };\n`,
        );
        // No stdin: if the schema change is ambiguous (a rename?), drizzle-kit's question fails, which is drift too.
        const { code, output } = await run(`drizzle-kit generate --config ${JSON.stringify(config)}`, { timeoutMs: 120_000 });
        const added = listFiles(out).filter((file) => !before.includes(file));
        const journalChanged = readFileSync(path.join(out, 'meta', '_journal.json'), 'utf8') !== journalBefore;
        for (const file of added.filter((f) => f.endsWith('.sql'))) {
          console.log(`\n--- migration that drizzle-kit would generate (${file}):\n${readFileSync(path.join(out, file), 'utf8')}`);
        }
        if (added.length || journalChanged) {
          return { ok: false, why: 'the tables changed without a committed migration: run `npm run db:generate`, review and commit it' };
        }
        if (/Interactive prompts/.test(output)) {
          return { ok: false, why: 'the tables changed (a rename or drop drizzle-kit asks about) without a committed migration: run `npm run db:generate` in a terminal, answer, review and commit' };
        }
        if (code !== 0 || /\berror\b/i.test(output)) return { ok: false, why: `drizzle-kit generate failed (exit code ${code})` };
        if (!/No schema changes/.test(output)) return { ok: false, why: 'drizzle-kit did not say "No schema changes"' };
        return { ok: true };
      } finally {
        rmSync(temp, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'openapi drift',
    describe: 'tsx scripts/write-openapi.ts --check (committed openapi.json matches the routes)',
    async run() {
      if (!existsSync('scripts/write-openapi.ts')) return { skipped: true, why: 'scripts/write-openapi.ts does not exist yet' };
      const { code } = await run('tsx scripts/write-openapi.ts --check', { timeoutMs: 300_000 });
      return code === 0 ? { ok: true } : { ok: false, why: `exit code ${code}: run \`npm run openapi\` and commit openapi.json` };
    },
  },
];

const words = process.argv.slice(2);
const chosen = words.length ? steps.filter((step) => words.some((word) => step.name.includes(word))) : steps;
if (!chosen.length) {
  console.error(`check: no step matches ${words.join(' ')}; steps: ${steps.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

const results = [];
const started = performance.now();
for (const [index, step] of chosen.entries()) {
  console.log(`\n=== [${index + 1}/${chosen.length}] ${step.name}: ${step.describe ?? ''}`);
  const t0 = performance.now();
  let result;
  try {
    result = await step.run();
  } catch (error) {
    result = { ok: false, why: String(error?.stack ?? error) };
  }
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  results.push({ name: step.name, seconds, ...result });
  if (result.skipped) console.log(`--- ${step.name}: SKIPPED (${result.why}) [${seconds} s]`);
  else if (result.ok) console.log(`--- ${step.name}: ok [${seconds} s]`);
  else console.log(`--- ${step.name}: FAILED (${result.why}) [${seconds} s]`);
}

const passed = results.filter((r) => r.ok).length;
const failed = results.filter((r) => !r.ok && !r.skipped);
const skipped = results.filter((r) => r.skipped).length;
console.log('\n=== summary');
for (const r of results) console.log(`  ${r.skipped ? 'skip' : r.ok ? 'ok  ' : 'FAIL'}  ${r.name.padEnd(32)} ${r.seconds.padStart(6)} s`);
console.log(
  `check: ${passed} passed, ${failed.length} failed${skipped ? `, ${skipped} skipped` : ''} ` +
    `(${((performance.now() - started) / 1000).toFixed(1)} s)${failed.length ? ` — failed: ${failed.map((r) => r.name).join(', ')}` : ''}`,
);
process.exit(failed.length ? 1 : 0);
