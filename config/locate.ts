import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  visit,
  type Document,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';

export interface Position {
  line: number;
  column: number;
}

/** Where a path ends in the document: the key that names it (absent for list items and the root) and its value. */
export interface Entry {
  key?: Node;
  value?: Node;
}

export function positionAt(offset: number, lines: LineCounter): Position {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

export function positionOf(node: Node | undefined, lines: LineCounter): Position | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : positionAt(offset, lines);
}

/** Follows `path` as far as it exists, through aliases and `<<` merges; `depth` counts the segments found. */
export function walk(doc: Document, path: readonly PropertyKey[]): { entry: Entry; depth: number } {
  let entry: Entry = { value: doc.contents ?? undefined };
  let depth = 0;
  for (const segment of path) {
    const next = child(doc, entry.value, segment);
    if (!next) break;
    entry = next;
    depth++;
  }
  return { entry, depth };
}

function child(doc: Document, node: Node | undefined, segment: PropertyKey): Entry | undefined {
  const target = deref(doc, node);
  if (isSeq(target) && typeof segment === 'number') {
    const item = target.items[segment];
    return isNodeLike(item) ? { value: item } : undefined;
  }
  if (!isMap(target)) return undefined;
  const pair = findPair(doc, target, String(segment));
  if (!pair) return undefined;
  return { key: pair.key as Node, value: isNodeLike(pair.value) ? pair.value : undefined };
}

/** The pair for `key`, its own before any merged in with `<<` (the order YAML gives them precedence). */
export function findPair(doc: Document, map: YAMLMap, key: string): Pair | undefined {
  const own = map.items.find((p) => isScalar(p.key) && typeof p.key.value !== 'symbol' && String(p.key.value) === key);
  if (own) return own;
  for (const source of mergeSources(doc, map)) {
    const merged = findPair(doc, source, key);
    if (merged) return merged;
  }
  return undefined;
}

function mergeSources(doc: Document, map: YAMLMap): YAMLMap[] {
  // with `merge: true` the parser gives a `<<` key a symbol value; nothing else has one
  const merges = map.items.filter((p) => isScalar(p.key) && typeof p.key.value === 'symbol');
  const values = merges.flatMap((p) => (isSeq(p.value) ? p.value.items : [p.value]));
  return values.map((v) => deref(doc, isNodeLike(v) ? v : undefined)).filter((v): v is YAMLMap => isMap(v));
}

function deref(doc: Document, node: Node | undefined): Node | undefined {
  return isAlias(node) ? node.resolve(doc) : node;
}

function isNodeLike(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}

/** The dotted path and name of the key that starts at `offset`, as for a duplicate key. */
export function keyAt(doc: Document, offset: number): { path: string; key: string } | undefined {
  let found: { path: string; key: string } | undefined;
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      const key = String(pair.key.value);
      found = { path: [...segmentsOf(ancestors), key].join('.'), key };
      return visit.BREAK;
    },
  });
  return found;
}

function segmentsOf(ancestors: readonly unknown[]): string[] {
  return ancestors.flatMap((a, i) => {
    if (isPair(a) && isScalar(a.key)) return [String(a.key.value)];
    if (isSeq(a)) return [String(a.items.indexOf(ancestors[i + 1] as never))];
    return [];
  });
}
