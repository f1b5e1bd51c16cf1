import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { silentLogger } from '../core/log.ts';
import type { ModelSession, ModelState } from '../core/world-model.ts';
import { BookmarkStore } from './bookmarks.ts';
import { SnapshotRing } from './ring.ts';
import { RuntimeTransport } from './runtime-transport.ts';
import { decodeState, encodeState } from './state-file.ts';

const state = (step: number): ModelState => ({
  model: 'm',
  step,
  style: 'night',
  tensors: { pose: { dtype: 'float32', shape: [1, 2], data: new Float32Array([step, -step]).buffer } },
});

it('the ring keeps its last snapshots, finds the one at or before a step, and forgets a future left behind', () => {
  const ring = new SnapshotRing(3);
  for (const step of [0, 30, 60, 90]) ring.push(state(step));
  expect(ring.size).toBe(3);
  expect(ring.bytes).toBe(3 * 8);
  expect(ring.at(75)?.step).toBe(60);
  expect(ring.at(5)?.step).toBe(30); // further back than it holds: the oldest
  ring.dropAfter(30);
  expect(ring.size).toBe(1);
  expect(new SnapshotRing(0).size).toBe(0);
});

it('a state file gives back the same state', () => {
  const back = decodeState(encodeState(state(42))).state;
  expect(back).toMatchObject({ model: 'm', step: 42, style: 'night' });
  expect([...new Float32Array(back.tensors.pose!.data)]).toEqual([42, -42]);
});

it('bookmarks refuse names that would leave their folder, and list what they saved', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'nacre-bookmarks-'));
  const store = new BookmarkStore(dir);
  await expect(store.save('../x', state(1))).rejects.toThrow(/not a bookmark name/);
  await store.save('act two', state(7));
  expect(await readdir(join(dir, 'bookmarks'))).toEqual(['act two.json']);
  expect(await store.list()).toMatchObject([{ name: 'act two', model: 'm', step: 7 }]);
  expect(await store.load('nothing')).toBeUndefined();
});

it('a world that cannot save its state is not served, and says why', async () => {
  const session = {
    steps: 0,
    saveState: () => Promise.reject(new Error('model "remote" keeps its state on the server')),
  } as unknown as ModelSession;
  const dir = await mkdtemp(join(tmpdir(), 'nacre-bookmarks-'));
  const t = new RuntimeTransport(
    { session, manifest: { fps: 30 } },
    { rewindSeconds: 10 },
    new BookmarkStore(dir),
    () => undefined,
    silentLogger(),
  );
  const rewound = t.rewind(3).settled!;
  await t.between();
  expect(t.serves(session)).toBe(false);
  expect(t.reason).toMatch(/keeps its state on the server/);
  expect(await rewound).toMatchObject({ accepted: false, effect: expect.stringMatching(/keeps its state/) });
  expect(t.next()).toBe('step');
});
