import { isMap, type Document, type LineCounter } from 'yaml';
import type { core } from 'zod';
import { findPair, positionOf, walk, type Entry } from './locate.ts';

/** One problem of a config file, where it is (config/loader.ts words it as file:line:column path: message). */
export interface ConfigProblem {
  /** 1-based, as editors count */
  line?: number;
  column?: number;
  /** dotted path of the setting (`displays.1.id`); empty for problems with the file as a whole */
  path: string;
  message: string;
}

type RawIssue = core.$ZodRawIssue;

/**
 * Zod error map that words issues for the integrator writing the YAML. A message set in a schema
 * (`.min(1, 'at least one display')`) still wins over it; returning undefined keeps zod's own text.
 */
export function wordIssue(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? missing(issue.path)
        : `expected ${noun(issue.expected)}, got ${shown(issue.input)}${quotedNumber(issue)}`;
    case 'invalid_value':
      return `${oneOf(issue.values)}, not ${shown(issue.input)}`;
    case 'too_small':
      return `${bound('at least', 'more than', issue.minimum, issue.inclusive, issue.origin)}${got(issue)}`;
    case 'too_big':
      return `${bound('at most', 'less than', issue.maximum, issue.inclusive, issue.origin)}${got(issue)}`;
    case 'invalid_format':
      return issue.format === 'regex'
        ? `${shown(issue.input)} does not match the pattern ${issue.pattern}`
        : `must be a valid ${issue.format}, not ${shown(issue.input)}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}, not ${shown(issue.input)}`;
    case 'invalid_union':
      return union(issue);
    case 'unrecognized_keys':
      return allowedKeys(issue);
    default:
      return undefined;
  }
}

function missing(path: readonly PropertyKey[] | undefined): string {
  const key = path?.at(-1);
  return key === undefined ? 'a required value is missing' : `required "${String(key)}" is missing`;
}

function noun(expected: string): string {
  const nouns: Record<string, string> = {
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping of keys',
  };
  return nouns[expected] ?? expected;
}

function shown(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value !== 'string') return String(value);
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

function quotedNumber(issue: { expected: string; input?: unknown }): string {
  const { input } = issue;
  const numeric = typeof input === 'string' && input.trim() !== '' && !Number.isNaN(Number(input));
  return issue.expected === 'number' && numeric ? ' (written as text: remove the quotes)' : '';
}

function oneOf(values: readonly unknown[]): string {
  const list = values.map((v) => (typeof v === 'string' ? v : String(v))).join(', ');
  return values.length === 1 ? `must be ${list}` : `must be one of ${list}`;
}

function bound(
  inclusive: string,
  exclusive: string,
  limit: number | bigint,
  isInclusive: boolean | undefined,
  origin: string,
): string {
  const relation = isInclusive === false ? exclusive : inclusive;
  if (origin === 'string')
    return Number(limit) === 1 && relation === 'at least'
      ? 'must not be empty'
      : `must be ${relation} ${limit} characters long`;
  if (origin === 'array' || origin === 'set') return `needs ${relation} ${limit} item${Number(limit) === 1 ? '' : 's'}`;
  return `must be ${relation} ${limit}`;
}

function got(issue: { origin: string; input?: unknown }): string {
  return issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint'
    ? `, not ${shown(issue.input)}`
    : '';
}

function union(issue: core.$ZodRawIssue<core.$ZodIssueInvalidUnion>): string {
  if (issue.inclusive === false) return `${shown(issue.input)} matches more than one of the accepted forms`;
  if (issue.discriminator !== undefined) {
    const value = (issue.input as Record<string, unknown> | null)?.[issue.discriminator];
    const choices = `one of ${(Array.isArray(issue.options) ? issue.options : []).map(String).join(', ')}`;
    return value === undefined ? `${missing(issue.path)} (${choices})` : `must be ${choices}, not ${shown(value)}`;
  }
  // a union of literals (`0 | 1`) fails with one invalid_value per branch: list them together
  const branches = issue.errors.map((errors) =>
    errors.length === 1 && errors[0]?.code === 'invalid_value' ? errors[0].values : undefined,
  );
  if (branches.every((b) => b !== undefined)) return `${oneOf(branches.flat())}, not ${shown(issue.input)}`;
  return `${shown(issue.input)} does not match any of the accepted forms`;
}

function allowedKeys(issue: core.$ZodRawIssue<core.$ZodIssueUnrecognizedKeys>): string {
  const shape = (issue.inst?._zod.def as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? `allowed here: ${Object.keys(shape).join(', ')}` : 'not a setting here';
}

/** One problem per zod issue, placed on the line of the node it concerns; one per unknown key. */
export function problemsOf(issue: core.$ZodIssue, doc: Document, lines: LineCounter): ConfigProblem[] {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const object = walk(doc, issue.path).entry.value;
    return issue.keys.map((key) => {
      const pair = isMap(object) ? findPair(doc, object, key) : undefined;
      const where = positionOf((pair?.key ?? object) as Entry['key'], lines);
      return { ...where, path: path ? `${path}.${key}` : key, message: `unknown key "${key}" (${issue.message})` };
    });
  }
  const { entry, depth } = walk(doc, issue.path);
  // a missing key has no node: point at the mapping that should hold it, by its own key where it has one
  const node = depth === issue.path.length ? (entry.value ?? entry.key) : (entry.key ?? entry.value);
  return [{ ...positionOf(node, lines), path, message: issue.message }];
}
