import { mkdir, mkdtemp, readdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prune } from './retention.ts';

const DAY = 86_400_000;

/** a visit folder of `bytes`, `daysOld` days old */
async function visit(root: string, name: string, bytes: number, daysOld: number, now: number): Promise<void> {
  const dir = join(root, name);
  await mkdir(dir);
  await writeFile(join(dir, 'visit.mp4'), Buffer.alloc(bytes));
  const at = new Date(now - daysOld * DAY);
  await utimes(dir, at, at);
}

describe('retention rule', () => {
  it('deletes visits older than N days, then the oldest while all of them take more than N bytes', async () => {
    const root = await mkdtemp(join(tmpdir(), 'nacre-retention-'));
    const now = Date.now();
    await visit(root, 'ancient', 10, 9, now);
    await visit(root, 'old', 400, 3, now);
    await visit(root, 'middle', 400, 2, now);
    await visit(root, 'new', 400, 1, now);
    const gone = await prune(root, 7, 900, now);
    expect(gone.map((d) => d.slice(root.length + 1))).toEqual(['ancient', 'old']);
    expect((await readdir(root)).sort()).toEqual(['middle', 'new']);
    expect(await prune(root, 7, 900, now)).toEqual([]);
  });
});
