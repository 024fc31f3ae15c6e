// ESLint flat config. `npm run lint` (= `eslint .`); part of `npm run check`.
// typescript-eslint `recommended` everywhere, plus a few type-aware promise rules on TypeScript files
// (one TypeScript program through the project service: cheap compared to the full type-checked preset).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Node's globals for the plain JavaScript files (scripts/*.mjs, config files); TypeScript files get theirs
// from @types/node and do not use `no-undef`.
const nodeGlobals = Object.fromEntries(
  [
    'process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'fetch', 'structuredClone', 'AbortController',
    'TextEncoder', 'TextDecoder', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate',
    'queueMicrotask', 'performance',
  ].map((name) => [name, 'readonly']),
);
const commonJsGlobals = { module: 'writable', require: 'readonly', __dirname: 'readonly', __filename: 'readonly', exports: 'writable' };

export default defineConfig(
  {
    ignores: ['node_modules/', 'data/', 'migrations/', 'public/', 'dist/', 'coverage/', 'test-results/', 'tmp/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: nodeGlobals },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...nodeGlobals, ...commonJsGlobals } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Type-aware rules, TypeScript files only (all of them are in tsconfig.json's `include`).
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's top-level test()/describe() return promises the runner awaits itself; a subtest `t.test()`
      // must still be awaited (the parent would cancel it).
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
    },
  },
  // Configuration is read in one place: src/config.ts. Tests and scripts may read the environment.
  {
    files: ['src/**'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration from src/config.ts, the only reader of process.env.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'node:process', importNames: ['env'], message: 'Read configuration from src/config.ts.' },
            { name: 'process', importNames: ['env'], message: 'Read configuration from src/config.ts.' },
          ],
        },
      ],
    },
  },
  // Programs that talk to a terminal may print; the server logs through pino.
  {
    files: ['src/main.ts', 'src/cli/**', 'scripts/**', 'tests/**', 'bin/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-console': 'off' },
  },
);
