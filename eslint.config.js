// @ts-check
// ESLint flat config: typescript-eslint with the promise rules that need types, no `any`, and the import
// boundaries of issue 10 (runtime/core is the leaf everything else takes its contracts from).
// `npm run lint` runs it with a cache; `npm test` runs it; test/lint/boundaries.test.ts proves the boundary bites.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

/** Folders of ours that hold code; anything under them is "ours" for the boundary rule. */
const LEAVES = ['drivers', 'models', 'displays'];
const TOOLS = ['bench', 'scripts', 'test'];

/**
 * Parts of runtime that own a section of the exhibit's config: config/schema.ts puts their schemas together
 * (and config's default mappings are MappingSpecs). The only files of runtime outside runtime/core that config
 * may import; relative to runtime/.
 */
const CONFIG_SECTIONS = [
  './mapping/mapping.ts',
  './session/config.ts',
  './output-bindings.ts',
  './transport/config.ts',
  './show/config.ts',
  './schedule/config.ts',
  './phones/config.ts',
];

const WHY = ' Import contracts from runtime/core instead (see docs/dependencies.md).';

/**
 * The zones of import-x/no-restricted-paths. `target` is the importing file's folder, `from` what it must not
 * import; paths are relative to the repository root (basePath below).
 * @param {{ tests: boolean }} options tests: the zones for *.test.ts files, which may also import test/**
 */
function zones({ tests }) {
  const tools = tests ? TOOLS.filter((t) => t !== 'test') : TOOLS;
  return [
    {
      target: 'runtime/core',
      from: 'runtime',
      except: ['./core'],
      message: ' runtime/core is the leaf: it imports nothing of ours outside runtime/core.',
    },
    {
      target: 'runtime/core',
      from: [...LEAVES, 'config', ...tools],
      message: ' runtime/core is the leaf: it imports nothing of ours outside runtime/core.',
    },
    ...LEAVES.flatMap((leaf) => [
      {
        target: leaf,
        from: 'runtime',
        except: ['./core'],
        message: ` ${leaf}/ imports from runtime/ only what is in runtime/core.` + WHY,
      },
      {
        target: leaf,
        from: [...LEAVES.filter((other) => other !== leaf), 'config', ...tools],
        message: ` ${leaf}/ imports nothing from the other leaves (drivers, models, displays), config or tools.` + WHY,
      },
    ]),
    {
      target: 'config',
      from: 'runtime',
      except: ['./core', ...CONFIG_SECTIONS],
      message:
        ' config/ may import drivers, models, displays and runtime/core (and the schemas of the config sections runtime owns), not the rest of runtime.',
    },
    {
      target: 'config',
      from: tools,
      message: ' config/ imports nothing from bench, scripts or test.',
    },
  ];
}

/** Test code: tests, and the contract suites tests run (they may import test/** helpers). */
const TESTS = ['**/*.test.ts', '**/*.hw.test.ts', '**/*.suite.ts', '**/*.contract.ts'];

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'coverage/**', 'var/**', '**/__pycache__/**', 'models/server/**/*.py'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json', '.node'] })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: zones({ tests: false }) }],
    },
  },
  {
    // one idea a file, one job a function (docs/architecture.md); tests and rigs may read as long stories
    files: ['**/*.ts', '**/*.js'],
    ignores: [...TESTS, '**/*.contract.ts', 'test/**'],
    rules: {
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 50, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    files: TESTS,
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: zones({ tests: true }) }],
    },
  },
  {
    // the pages' globals, typechecked with them by tsconfig.pages.json (outside the Node program)
    files: ['types/**/*.d.ts'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // Page scripts run in the browser; tsconfig.pages.json typechecks them (checkJs).
    files: [
      'displays/projector/page/*.js',
      'runtime/console/page/*.js',
      'runtime/phones/page/*.js',
      'test/rigs/happyoyster/sdk/lib/*.js',
    ],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser, io: 'readonly' } },
  },
  {
    files: ['eslint.config.js', '.dependency-cruiser.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
