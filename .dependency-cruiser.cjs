// Dependency rules of ARCHITECTURE.md ("Dependency rules"), checked by `npm run deps` and `npm run check`:
//   depcruise src tests --config .dependency-cruiser.cjs
// Paths are relative to the project root. In `to.path`/`to.pathNot`, `$1` is the module name captured by
// `from.path`. A test file (`*.test.ts(x)`, anything under tests/) may reach into any layer.

const MODULE_OF = '^src/modules/([^/]+)/';
const TEST_FILE = '\\.test\\.tsx?$';
const PUBLIC_OF_ANY_MODULE = '^src/modules/[^/]+/(queries|commands)\\.ts$';
const TAXONOMY = '^src/modules/taxonomy/[^/]+\\.ts$';
const TABLES_OF_ANY_MODULE = '^src/modules/[^/]+/tables\\.ts$';
const DB_COLUMN_TYPES = '^src/db/types\\.ts$';
const APP_TYPES = '^src/(deps|config)\\.ts$'; // what app.ts hands to every module

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // Rule 1: pages and api are thin: their own module's files and the kernel, nothing else of ours, no SQL.
    {
      name: 'handlers-own-module-and-kernel-only',
      comment:
        'pages.tsx and api.ts import only their own module\'s files (schema, queries, commands, policy, present…), ' +
        'src/kernel/ and the reference data src/modules/taxonomy/*.ts: no other module, no src/db/ (`import type` of the ' +
        'database handle is allowed: see db-only-from-data-layer), src/deps.ts and src/config.ts as types only.',
      severity: 'error',
      from: { path: `${MODULE_OF}(pages\\.tsx|api\\.ts)$` },
      to: { path: '^src/', pathNot: ['^src/modules/$1/', '^src/kernel/', TAXONOMY, '^src/db/', APP_TYPES] },
    },
    {
      name: 'handlers-app-types-only',
      comment: 'pages.tsx and api.ts receive the database and config from app.ts (src/deps.ts): import them as types only.',
      severity: 'error',
      from: { path: `${MODULE_OF}(pages\\.tsx|api\\.ts)$` },
      to: { path: APP_TYPES, dependencyTypesNot: ['type-only', 'type-import'] },
    },
    {
      name: 'handlers-no-sql',
      comment:
        'No SQL in handlers: pages.tsx and api.ts do not import tables.ts (not even its types: present.ts shapes rows) ' +
        'nor the query builder or drivers; call the module\'s queries/commands.',
      severity: 'error',
      from: { path: `${MODULE_OF}(pages\\.tsx|api\\.ts)$` },
      to: { path: '^src/modules/[^/]+/tables\\.ts$' },
    },
    {
      name: 'handlers-no-query-builder',
      comment: 'No SQL in handlers: pages.tsx and api.ts import no value from drizzle-orm, pg or PGlite (types are fine).',
      severity: 'error',
      from: { path: `${MODULE_OF}(pages\\.tsx|api\\.ts)$` },
      to: {
        path: 'node_modules/(drizzle-orm|pg|@electric-sql/pglite)/',
        dependencyTypesNot: ['type-only', 'type-import'],
      },
    },

    // Rule 2: only the data layer touches src/db/ (values; `import type` of its types is allowed anywhere).
    {
      name: 'db-only-from-data-layer',
      comment:
        'Only a module\'s queries.ts, commands.ts and seed.ts, src/cli/, src/app.ts, src/main.ts, src/demo.ts and tests import ' +
        'values from src/db/ (tables.ts: only the column types of src/db/types.ts). Elsewhere, kernel included, only ' +
        '`import type` (e.g. the Db handle type, passed in as an argument).',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: [
          '^src/db/',
          '^src/modules/[^/]+/(queries|commands|seed)\\.ts$',
          '^src/modules/[^/]+/tables\\.ts$', // see tables-only-db-column-types
          '^src/kernel/tables\\.ts$',
          '^src/cli/',
          '^src/app\\.ts$',
          '^src/demo\\.ts$', // builds the demo snapshot (decision 0006)
          '^src/main\\.ts$',
          '^src/demo\\.ts$', // ARCHITECTURE.md: demo.ts prepares the demo database
          TEST_FILE,
        ],
      },
      to: { path: '^src/db/', dependencyTypesNot: ['type-only', 'type-import'] },
    },
    {
      name: 'tables-only-db-column-types',
      comment: 'A tables.ts may import src/db/types.ts (custom column types) and nothing else of src/db/.',
      severity: 'error',
      from: { path: ['^src/modules/[^/]+/tables\\.ts$', '^src/kernel/tables\\.ts$'] },
      to: { path: '^src/db/', pathNot: DB_COLUMN_TYPES },
    },

    // Rule 3: a module reaches another only through its queries/commands (or pure reference data).
    {
      name: 'module-through-queries-commands',
      comment:
        'A module imports another module only through its queries.ts or commands.ts, or the reference data in ' +
        'src/modules/taxonomy/*.ts. (tables.ts files and the read-only modules search, stats, map have their own rules.)',
      severity: 'error',
      from: {
        path: MODULE_OF,
        pathNot: ['^src/modules/(search|stats|map)/', TABLES_OF_ANY_MODULE, TEST_FILE],
      },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', PUBLIC_OF_ANY_MODULE, TAXONOMY] },
    },
    {
      name: 'tables-reference-tables',
      comment: 'A tables.ts may import other modules\' tables.ts (foreign keys) and taxonomy, nothing else of other modules.',
      severity: 'error',
      from: { path: `${MODULE_OF}tables\\.ts$` },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', TABLES_OF_ANY_MODULE, TAXONOMY] },
    },
    {
      name: 'read-only-modules-read-tables',
      comment:
        'search, stats and map may read any module\'s tables.ts (read-only) besides queries/commands/taxonomy; ' +
        'writes still go through the owner\'s commands.',
      severity: 'error',
      from: { path: '^src/modules/(search|stats|map)/', pathNot: TEST_FILE },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', PUBLIC_OF_ANY_MODULE, TAXONOMY, TABLES_OF_ANY_MODULE] },
    },

    // Rule 4 and 5: kernel is domain-free; main.ts is an entry point; no cycles; no barrels.
    {
      name: 'kernel-domain-free',
      comment: 'src/kernel/ imports no module (nor cli, app or main). Its tests may (e.g. to build the app).',
      severity: 'error',
      from: { path: '^src/kernel/', pathNot: TEST_FILE },
      to: { path: ['^src/modules/', '^src/cli/', '^src/app\\.ts$', '^src/main\\.ts$'] },
    },
    {
      name: 'nothing-imports-main',
      comment: 'src/main.ts is the process entry point (argv, listen): import src/app.ts instead.',
      severity: 'error',
      from: {},
      to: { path: '^src/main\\.ts$' },
    },
    {
      name: 'no-circular',
      comment:
        'No import cycles. A cycle that goes through an `import type` is not a cycle at run time and is allowed.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only', 'type-import'] } },
    },
    {
      name: 'no-barrel-files',
      comment: 'No index.ts barrel files: import the file that holds the thing.',
      severity: 'error',
      from: {},
      to: { path: '(^|/)index\\.(ts|tsx|mts|js|mjs)$', pathNot: 'node_modules' },
    },
    {
      name: 'no-barrel-files-exporting',
      comment: 'No index.ts barrel files under src/ or tests/ (an index file that imports or re-exports anything).',
      severity: 'error',
      from: { path: '(^|/)index\\.(ts|tsx|mts|js|mjs)$', pathNot: 'node_modules' },
      to: {},
    },

    // Hygiene.
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing: a typo, or a package missing from package.json.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      comment: 'A package imported but not declared in package.json (works only by accident of hoisting).',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'src-not-to-dev-dep',
      comment:
        'Code under src/ (tests apart) runs in production, where devDependencies are not installed. ' +
        'Type-only imports are fine.',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST_FILE },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only', 'type-import'], pathNot: '/@types/' },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^node_modules/', '^data/', '^migrations/', '^public/'] },
    tsPreCompilationDeps: true, // see `import type` (dependency type "type-only")
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
