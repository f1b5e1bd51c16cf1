/**
 * The config loader under fuzzing (fast-check): the real example configs mutated (keys deleted, wrong types,
 * huge numbers, deep nesting), random bytes (invalid UTF-8 too) spliced into their text, alias bombs. Every
 * case either loads or is refused with a ConfigError whose problems point into the file; nothing else escapes.
 * FUZZ_RUNS=100000 runs the soak (README "Operations").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ConfigError, MAX_CONFIG_CHARS, parseConfigText } from './loader.ts';
import { configSchema } from './schema.ts';
import { fuzzRuns } from '../test/helpers/fuzz-runs.ts';

const RUNS = fuzzRuns(200);
const dir = join(import.meta.dirname, 'examples');
const examples = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(join(dir, f), 'utf8'));

/** loads, or refuses with a ConfigError whose lines are in the text; any other throw fails the property */
function loadsOrRefuses(text: string): void {
  try {
    parseConfigText(text, 'exhibit.yaml', configSchema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    expect(err.problems.length).toBeGreaterThan(0);
    const lines = text.split(/\r\n|\r|\n/).length + 1;
    for (const p of err.problems) {
      expect(p.message).toBeTruthy();
      if (p.line !== undefined) expect(p.line).toBeLessThanOrEqual(lines);
      expect(err.message).toContain(p.line === undefined ? 'exhibit.yaml' : `exhibit.yaml:${p.line}:`);
    }
  }
}

type Json = unknown;
const nasty: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 1e-320, '', '\u0000', 'x'.repeat(5000), [], {}, null, true),
  fc.integer({ min: 1, max: 300 }).map((depth) => {
    let v: Json = 1;
    for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { deeper: v };
    return v;
  }),
);

/** a path into `value`: each step picks a key or index that exists (or stops) */
function pathsOf(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix);
  if (value && typeof value === 'object' && out.length < 400)
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, Array.isArray(value) ? Number(k) : k], out);
  return out;
}

function mutate(doc: Json, path: (string | number)[], op: 'delete' | 'set', v: Json): Json {
  if (path.length === 0) return op === 'set' ? v : {};
  const copy = structuredClone(doc) as Record<string | number, Json>;
  let at = copy;
  for (const step of path.slice(0, -1)) at = at[step] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (op === 'delete') {
    if (Array.isArray(at)) at.splice(Number(last), 1);
    else delete at[last];
  } else at[last] = v;
  return copy;
}

describe('config files under fuzzing: loaded or refused with file:line:column, never another exception', () => {
  it('the examples, each mutated a few times (keys deleted, wrong types, huge numbers, deep nesting)', () => {
    const example = fc.constantFrom(...examples.map((t) => parse(t) as Json));
    const step = fc.tuple(fc.nat(), fc.constantFrom('delete' as const, 'set' as const), nasty);
    fc.assert(
      fc.property(example, fc.array(step, { minLength: 1, maxLength: 4 }), (doc, steps) => {
        let d = doc;
        for (const [pick, op, v] of steps) {
          const paths = pathsOf(d);
          d = mutate(d, paths[pick % paths.length]!, op, v);
        }
        loadsOrRefuses(stringify(d, { aliasDuplicateObjects: false }));
      }),
      RUNS,
    );
  });

  it('random text and bytes (invalid UTF-8 too) spliced into the examples', () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('utf8')),
      fc.constantFrom(
        '&a',
        '*a',
        '*nope',
        '<<: *a',
        '---\n',
        ': :',
        '- [',
        '{',
        '"',
        "'",
        '\t',
        '!!binary x',
        '%YAML 9',
      ),
    );
    const edit = fc.tuple(fc.nat(), fc.nat({ max: 20 }), junk);
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.array(edit, { minLength: 1, maxLength: 5 }), (text, edits) => {
        let t = text;
        for (const [at, cut, s] of edits) {
          const i = at % (t.length + 1);
          t = t.slice(0, i) + s + t.slice(i + cut);
        }
        loadsOrRefuses(t);
      }),
      RUNS,
    );
  });

  it('alias bombs ("billion laughs") and very deep nesting are refused, not expanded', () => {
    const bomb = fc.record({ width: fc.integer({ min: 2, max: 12 }), depth: fc.integer({ min: 3, max: 12 }) });
    fc.assert(
      fc.property(bomb, ({ width, depth }) => {
        const lines = ['l0: &l0 [lol, lol]'];
        for (let i = 1; i < depth; i++)
          lines.push(
            `l${i}: &l${i} [${Array(width)
              .fill(`*l${i - 1}`)
              .join(', ')}]`,
          );
        const text = `displays: [{ id: main }]\n${lines.join('\n')}\n`;
        expect(() => parseConfigText(text, 'exhibit.yaml', configSchema)).toThrow(ConfigError);
        loadsOrRefuses(text);
      }),
      { numRuns: Math.min(RUNS.numRuns, 100) },
    );
    for (const deep of ['['.repeat(3000) + ']'.repeat(3000), '{a: '.repeat(3000) + '1' + '}'.repeat(3000)]) {
      expect(() => parseConfigText(`displays: ${deep}\n`, 'x.yaml', configSchema)).toThrow(/nested too deeply/);
    }
    expect(() => parseConfigText('#'.repeat(MAX_CONFIG_CHARS + 1), 'x.yaml', configSchema)).toThrow(/at most/);
  });
});
