import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

interface Kept {
  dir: string;
  at: number;
  bytes: number;
}

async function folderBytes(dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => []);
  const sizes = await Promise.all(
    names.map((n) =>
      stat(join(dir, n)).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  return sizes.reduce((a, b) => a + b, 0);
}

/**
 * The retention rule: visits older than `keepDays` go, then the oldest while all of them take more than
 * `keepBytes`. A visit's age is its folder's creation (mtime of the folder). Returns the folders deleted.
 */
export async function prune(root: string, keepDays: number, keepBytes: number, now = Date.now()): Promise<string[]> {
  const names = await readdir(root).catch(() => []);
  const kept: Kept[] = [];
  for (const name of names) {
    const dir = join(root, name);
    const s = await stat(dir).catch(() => undefined);
    if (s?.isDirectory()) kept.push({ dir, at: s.mtimeMs, bytes: await folderBytes(dir) });
  }
  kept.sort((a, b) => a.at - b.at);
  const gone: string[] = [];
  let total = kept.reduce((a, k) => a + k.bytes, 0);
  for (const k of kept) {
    const tooOld = now - k.at > keepDays * 86_400_000;
    if (!tooOld && total <= keepBytes) continue;
    await rm(k.dir, { recursive: true, force: true });
    total -= k.bytes;
    gone.push(k.dir);
  }
  return gone;
}
