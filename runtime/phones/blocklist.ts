import { readFileSync } from 'node:fs';
import { foldText, joinSpelledOut, words } from './normalise.ts';

/**
 * The exhibit's word list: one word or phrase a line, `#` starts a comment. Entries and suggestions are both
 * folded (normalise.ts) and compared as whole words, so "ass" does not block "class"; a phrase matches its
 * words in a row. Words spelled out letter by letter are joined back first.
 */
export class Blocklist {
  private readonly entries: string[][];

  constructor(lines: readonly string[]) {
    this.entries = lines
      .map((l) => l.replace(/#.*/, ''))
      .map((l) => words(foldText(l)))
      .filter((ws) => ws.length > 0);
  }

  static fromFile(path: string): Blocklist {
    return new Blocklist(readFileSync(path, 'utf8').split('\n'));
  }

  get size(): number {
    return this.entries.length;
  }

  /** the entry a folded text contains, if any */
  match(folded: string): string | undefined {
    const ws = words(folded);
    for (const seq of [ws, joinSpelledOut(ws)]) {
      const hit = this.entries.find((entry) => containsRun(seq, entry));
      if (hit) return hit.join(' ');
    }
    return undefined;
  }
}

function containsRun(seq: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= seq.length; i++) {
    if (run.every((w, j) => seq[i + j] === w)) return true;
  }
  return false;
}
