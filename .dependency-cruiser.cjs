// dependency-cruiser: the import picture (npm run deps -> docs/dependencies.md) and the rules it must hold.
// The same boundaries are enforced file by file in eslint.config.js (import-x/no-restricted-paths); this run
// adds what a per-file rule cannot see: circles.
const LEAVES = '(drivers|models|displays)';
const TEST_FILE = '[.](test|hw[.]test|suite|contract)[.]ts$';
/** runtime's parts that own a config section (eslint.config.js CONFIG_SECTIONS): config puts their schemas together */
const CONFIG_SECTIONS = [
  '^runtime/mapping/mapping[.]ts$',
  '^runtime/session/config[.]ts$',
  '^runtime/output-bindings[.]ts$',
  '^runtime/transport/config[.]ts$',
  '^runtime/show/config[.]ts$',
  '^runtime/schedule/config[.]ts$',
  '^runtime/phones/config[.]ts$',
];
const OURS = '(runtime|drivers|models|displays|config|bench|scripts|test)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A circle of imports: one of them has to go through a contract in runtime/core.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-a-leaf',
      severity: 'error',
      comment: 'runtime/core imports nothing of ours outside runtime/core.',
      from: { path: '^runtime/core/' },
      to: { path: `^${OURS}/`, pathNot: '^runtime/core/' },
    },
    {
      name: 'leaves-through-core',
      severity: 'error',
      comment: 'drivers, models and displays import each other and runtime only through runtime/core.',
      from: { path: `^${LEAVES}/`, pathNot: TEST_FILE },
      to: { path: `^${OURS}/`, pathNot: ['^runtime/core/', '^$1/'] },
    },
    {
      name: 'leaf-tests-through-core',
      severity: 'error',
      comment: 'a test in drivers, models or displays may also import test/**.',
      from: { path: `^${LEAVES}/.*${TEST_FILE}` },
      to: { path: `^${OURS}/`, pathNot: ['^runtime/core/', '^$1/', '^test/'] },
    },
    {
      name: 'config-not-runtime',
      severity: 'error',
      comment: 'config may import drivers, models, displays and runtime/core, not the rest of runtime (nor the tools).',
      from: { path: '^config/', pathNot: TEST_FILE },
      to: { path: '^(runtime|bench|scripts|test)/', pathNot: ['^runtime/core/', ...CONFIG_SECTIONS] },
    },
    {
      name: 'config-tests-not-runtime',
      severity: 'error',
      comment: 'a config test may also import test/**.',
      from: { path: `^config/.*${TEST_FILE}` },
      to: { path: '^(runtime|bench|scripts)/', pathNot: ['^runtime/core/', ...CONFIG_SECTIONS] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6'],
  },
};
