/**
 * npm run deps: the picture of our imports (docs/dependencies.md, a mermaid graph of the folders) and the check
 * that they hold the rules of .dependency-cruiser.cjs: no circle, runtime/core a leaf, drivers, models and
 * displays importing each other and runtime only through runtime/core. Exits 1 on any violation.
 * `npm run deps -- --check` leaves the picture alone (only the rules); `--stdout` prints it instead.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const FOLDERS = ['runtime', 'drivers', 'models', 'displays', 'config', 'bench', 'scripts', 'test'];
const OUT = 'docs/dependencies.md';

interface Dependency {
  resolved: string;
  coreModule: boolean;
  couldNotResolve: boolean;
  dependencyTypes: string[];
}
interface Module {
  source: string;
  dependencies: Dependency[];
}
interface Violation {
  from: string;
  to: string;
  type: string;
  rule: { name: string; severity: string };
  cycle?: { name: string }[];
}
interface Cruise {
  modules: Module[];
  summary: { violations: Violation[]; totalCruised: number; totalDependenciesCruised: number };
}

async function cruise(): Promise<Cruise> {
  const args = ['depcruise', ...FOLDERS, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'];
  try {
    const { stdout } = await promisify(execFile)('npx', args, { maxBuffer: 256 * 1024 * 1024 });
    return JSON.parse(stdout) as Cruise;
  } catch (err) {
    // depcruise exits non-zero when rules are broken, with the full result on stdout all the same
    const stdout = (err as { stdout?: string }).stdout;
    if (stdout?.trimStart().startsWith('{')) return JSON.parse(stdout) as Cruise;
    throw err;
  }
}

/** the box a file is drawn in: runtime/core apart from the rest of runtime, the top folder otherwise */
function box(path: string): string | undefined {
  if (path.startsWith('runtime/core/')) return 'runtime/core';
  const top = path.split('/')[0]!;
  return FOLDERS.includes(top) && path.includes('/') ? top : undefined;
}

const isTest = (path: string) => /\.(test|hw\.test|suite|contract)\.ts$/.test(path) || path.startsWith('test/');

/** edges between boxes with the number of imports behind each, product code and tests apart */
function edges(modules: Module[]): Map<string, { product: number; tests: number }> {
  const out = new Map<string, { product: number; tests: number }>();
  for (const m of modules) {
    const from = box(m.source);
    if (!from) continue;
    for (const d of m.dependencies) {
      const to = d.coreModule || d.couldNotResolve ? undefined : box(d.resolved);
      if (!to || to === from) continue;
      const key = `${from} -> ${to}`;
      const e = out.get(key) ?? { product: 0, tests: 0 };
      if (isTest(m.source)) e.tests++;
      else e.product++;
      out.set(key, e);
    }
  }
  return out;
}

const id = (b: string) => b.replace('/', '_');

function mermaid(all: Map<string, { product: number; tests: number }>, tests: boolean): string {
  const lines = ['flowchart LR'];
  const boxes = new Set<string>();
  for (const [key, e] of [...all].sort(([a], [b]) => a.localeCompare(b))) {
    const n = tests ? e.tests : e.product;
    if (n === 0) continue;
    const [from, to] = key.split(' -> ') as [string, string];
    boxes.add(from).add(to);
    lines.push(`  ${id(from)} -->|${n}| ${id(to)}`);
  }
  lines.splice(1, 0, ...[...boxes].sort().map((b) => `  ${id(b)}["${b}"]`));
  return lines.join('\n');
}

function violationLine(v: Violation): string {
  const cycle = v.cycle?.length ? ` (${[v.from, ...v.cycle.map((c) => c.name)].join(' -> ')})` : '';
  return `- ${v.rule.name}: ${v.from} -> ${v.to}${cycle}`;
}

function picture(c: Cruise): string {
  const all = edges(c.modules);
  const violations = c.summary.violations;
  return [
    '# The import picture',
    '',
    'Written by `npm run deps` (dependency-cruiser, rules in `.dependency-cruiser.cjs`; the same boundaries are',
    'enforced file by file by ESLint, `eslint.config.js`). Do not edit: run `npm run deps` after moving imports.',
    '',
    'The rules: `runtime/core` depends on nothing of ours; `drivers`, `models` and `displays` import each other',
    'and `runtime` only through `runtime/core` (their tests may also use `test/`); `config` may import the leaves',
    'and `runtime/core`, not the rest of `runtime`; no circle of imports anywhere.',
    '',
    `${c.summary.totalCruised} modules, ${c.summary.totalDependenciesCruised} imports. Arrows: "imports from", with the number of imports.`,
    '',
    '## Product code',
    '',
    '```mermaid',
    mermaid(all, false),
    '```',
    '',
    '## Tests, suites and test helpers',
    '',
    '```mermaid',
    mermaid(all, true),
    '```',
    '',
    '## Violations',
    '',
    violations.length ? violations.map(violationLine).join('\n') : 'None.',
  ].join('\n');
}

const c = await cruise();
const text = `${picture(c)}\n`;
if (process.argv.includes('--stdout')) process.stdout.write(text);
else if (!process.argv.includes('--check')) await writeFile(OUT, text);
const violations = c.summary.violations;
if (violations.length) {
  console.error(`${violations.length} import rule violation(s):\n${violations.map(violationLine).join('\n')}`);
  process.exitCode = 1;
} else {
  console.error(
    `imports: ${c.summary.totalCruised} modules, no circle, boundaries hold${process.argv.includes('--check') ? '' : ` (picture in ${OUT})`}`,
  );
}
