import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type YAMLError } from 'yaml';
import type { ZodType } from 'zod';
import { problemsOf, wordIssue, type ConfigProblem } from './issues.ts';
import { keyAt, positionAt, positionOf } from './locate.ts';

export type { ConfigProblem };

/** A config file Nacre refuses: every problem at once, sorted by line, one per line of the message. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly file: string;
  readonly problems: ConfigProblem[];

  constructor(file: string, problems: ConfigProblem[]) {
    const sorted = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    super(sorted.map((p) => formatProblem(file, p)).join('\n'));
    this.file = file;
    this.problems = sorted;
  }
}

/** `file:line:column path: message`, the form editors and terminals turn into links. */
function formatProblem(file: string, p: ConfigProblem): string {
  const where = p.line === undefined ? file : `${file}:${p.line}:${p.column ?? 1}`;
  return p.path ? `${where} ${p.path}: ${p.message}` : `${where}: ${p.message}`;
}

export function formatConfigError(e: ConfigError): string {
  const count = e.problems.length === 1 ? '1 problem' : `${e.problems.length} problems`;
  return [`${e.file} has ${count}:`, ...e.problems.map((p) => `  ${formatProblem(e.file, p)}`)].join('\n');
}

export async function loadConfigFile<T>(file: string, schema: ZodType<T>): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [{ path: '', message: unreadable(file, err as NodeJS.ErrnoException) }]);
  }
  return parseConfigText(text, file, schema);
}

function unreadable(file: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `file not found (looked for ${resolve(file)}); name the config file with --config <file>`;
    case 'EISDIR':
      return 'is a directory, not a config file; name the file with --config <file>';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied; let the user running Nacre read it';
    default:
      return `cannot be read: ${err.message}`;
  }
}

/** a config or show file is a few kilobytes; far bigger text is refused before parsing (its parse takes seconds) */
export const MAX_CONFIG_CHARS = 1024 * 1024;
/** aliases a file may resolve: a "billion laughs" of nested aliases is refused, not expanded */
const MAX_ALIAS_COUNT = 100;

/** Parses and validates config text; `file` only names it in problems (hot reload passes the text it read). */
export function parseConfigText<T>(text: string, file: string, schema: ZodType<T>): T {
  if (text.length > MAX_CONFIG_CHARS) {
    const message = `is ${text.length} characters long: a config file holds at most ${MAX_CONFIG_CHARS}`;
    throw new ConfigError(file, [{ path: '', message }]);
  }
  const { doc, lines } = readDocument(text, file);
  const result = schema.safeParse(toData(doc, file), { error: wordIssue });
  if (result.success) return result.data;
  throw new ConfigError(
    file,
    result.error.issues.flatMap((issue) => problemsOf(issue, doc, lines)),
  );
}

function readDocument(text: string, file: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, merge: true });
  const problems = docs.flatMap((doc) => [
    ...doc.errors.map((e) => syntaxProblem(doc, e, lines)),
    ...danglingAliases(doc, lines),
  ]);
  const second = docs[1];
  if (second) {
    const message = `holds ${docs.length} YAML documents (separated by ---); a config file holds exactly one`;
    problems.push({ ...positionAt(second.range[0], lines), path: '', message });
  }
  if (problems.length > 0) throw new ConfigError(file, problems);

  const doc = docs[0];
  const contents = doc?.contents;
  if (!doc || !contents || (isScalar(contents) && contents.value === null)) {
    throw new ConfigError(file, [
      { path: '', message: 'the file is empty (nothing but comments or blank lines): it holds no settings' },
    ]);
  }
  if (!isMap(contents)) {
    const holds = isSeq(contents)
      ? 'a list'
      : isScalar(contents)
        ? `the single value ${JSON.stringify(contents.value)}`
        : 'something else';
    const message = `the top level must be a mapping of settings (lines of "key: value"), but the file holds ${holds}`;
    throw new ConfigError(file, [{ ...positionOf(contents, lines), path: '', message }]);
  }
  return { doc, lines };
}

function syntaxProblem(doc: Document, error: YAMLError, lines: LineCounter): ConfigProblem {
  const where = positionAt(error.pos[0], lines);
  const duplicate = error.code === 'DUPLICATE_KEY' ? keyAt(doc, error.pos[0]) : undefined;
  if (duplicate)
    return {
      ...where,
      path: duplicate.path,
      message: `duplicate key "${duplicate.key}": a key may appear only once in a mapping`,
    };
  const text = error.message.split('\n')[0] ?? '';
  // the parser turns its own stack overflow into an error at the place it gave up
  const message = /call stack/i.test(text)
    ? 'nested too deeply (lists or mappings inside each other hundreds of levels down): flatten it'
    : `YAML syntax: ${text}`;
  return { ...where, path: '', message };
}

function danglingAliases(doc: Document, lines: LineCounter): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc)) return;
      const message = `alias *${alias.source} refers to no anchor: define &${alias.source} above it`;
      problems.push({ ...positionOf(alias, lines), path: '', message });
    },
  });
  return problems;
}

function toData(doc: Document, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    throw new ConfigError(file, [{ path: '', message: `cannot be read as YAML: ${(err as Error).message}` }]);
  }
}
