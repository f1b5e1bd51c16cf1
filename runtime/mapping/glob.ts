/** A compiled glob: `*` matches any run of characters (also none), `?` exactly one; anchored. */
export type GlobMatcher = (s: string) => boolean;

/** Compiles once; every other character, regex syntax included, is literal. */
export function compileGlob(pattern: string): GlobMatcher {
  if (!/[*?]/.test(pattern)) return (s) => s === pattern;
  const body = [...pattern]
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${body}$`, 'su');
  return (s) => re.test(s);
}
