import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelState } from '../core/world-model.ts';
import { decodeState, encodeState } from './state-file.ts';

const NAME = /^[\w][\w .-]{0,63}$/;

export const BOOKMARK_NAME_HELP = '1 to 64 letters, digits, spaces, _ . or -, starting with a letter or digit';

export function isBookmarkName(name: string): boolean {
  return NAME.test(name) && !name.endsWith('.') && !name.endsWith(' ');
}

export interface BookmarkInfo {
  name: string;
  model: string;
  step: number;
  savedAt: string;
}

/** Worlds saved by name in `<stateDir>/bookmarks/<name>.json`: they outlive a restart. */
export class BookmarkStore {
  private readonly dir: string;

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'bookmarks');
  }

  async save(name: string, state: ModelState): Promise<void> {
    if (!isBookmarkName(name)) throw new Error(`"${name}" is not a bookmark name: ${BOOKMARK_NAME_HELP}`);
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${name}.json`);
    // written whole then renamed: a crash mid-write never leaves half a bookmark
    await writeFile(`${file}.tmp`, encodeState(state));
    await rename(`${file}.tmp`, file);
  }

  /** the saved world, or undefined when there is no bookmark of that name */
  async load(name: string): Promise<ModelState | undefined> {
    if (!isBookmarkName(name)) return undefined;
    const text = await readFile(join(this.dir, `${name}.json`), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    return text === undefined ? undefined : decodeState(text).state;
  }

  /** every bookmark, by name; an unreadable file is left out */
  async list(): Promise<BookmarkInfo[]> {
    const files = await readdir(this.dir).catch(() => [] as string[]);
    const infos = await Promise.all(
      files
        .filter((f) => f.endsWith('.json'))
        .map(async (f) => {
          try {
            const { state, savedAt } = decodeState(await readFile(join(this.dir, f), 'utf8'));
            return [{ name: f.slice(0, -'.json'.length), model: state.model, step: state.step, savedAt }];
          } catch {
            return [];
          }
        }),
    );
    return infos.flat().sort((a, b) => a.name.localeCompare(b.name));
  }
}
