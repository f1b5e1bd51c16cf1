import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelState } from '../core/world-model.ts';
import { decodeCheckpoint, encodeCheckpoint, readCheckpoint, writeAtomically } from './file.ts';

const state = (fill: number): ModelState => ({
  model: 'default',
  step: 42,
  style: 'night',
  tensors: {
    h: { dtype: 'float32', shape: [2, 3], data: new Float32Array(6).fill(fill).buffer },
    pos: { dtype: 'int32', shape: [2], data: new Int32Array([7, -3]).buffer },
  },
});

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('checkpoint files', () => {
  it('round-trips a world state, tensors and all', () => {
    const { header, bytes } = encodeCheckpoint(state(0.5), 1000);
    const back = decodeCheckpoint(bytes);
    expect(back.header).toEqual(header);
    expect(back.state.step).toBe(42);
    expect(back.state.style).toBe('night');
    expect([...new Float32Array(back.state.tensors.h!.data)]).toEqual(new Array(6).fill(0.5));
    expect([...new Int32Array(back.state.tensors.pos!.data)]).toEqual([7, -3]);
  });

  it('tells two worlds apart by their digest', () => {
    expect(encodeCheckpoint(state(0.5), 1).header.digest).not.toBe(encodeCheckpoint(state(0.25), 1).header.digest);
    expect(encodeCheckpoint(state(0.5), 1).header.digest).toBe(encodeCheckpoint(state(0.5), 2).header.digest);
  });

  it('refuses a damaged or truncated file instead of restoring garbage', () => {
    const { bytes } = encodeCheckpoint(state(0.5), 1);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 1]! ^= 0xff;
    expect(() => decodeCheckpoint(flipped)).toThrow(/digest does not match/);
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 4))).toThrow(/truncated/);
    expect(() => decodeCheckpoint(Buffer.from('hello world!'))).toThrow(/not a Nacre checkpoint/);
  });

  it('writes atomically: the file is whole, no temporary file is left, a missing one reads as none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nacre-ckpt-'));
    dirs.push(dir);
    const path = join(dir, 'world.checkpoint');
    expect(await readCheckpoint(path)).toBeUndefined();
    await writeFile(path, 'an older checkpoint');
    await writeAtomically(path, encodeCheckpoint(state(1), 5).bytes);
    expect((await readCheckpoint(path))?.header.savedAt).toBe(5);
    expect(await readdir(dir)).toEqual(['world.checkpoint']);
    expect((await readFile(path)).subarray(0, 8).toString()).toBe('NACRECK1');
  });
});
