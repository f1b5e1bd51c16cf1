/**
 * A visit carried on by its code: the saved world is restored between two steps, and the visit begins before
 * the next one, so the restored world's first step is made with the visitor's conditions. (Restored outside
 * the loop, a step could slip in between the restore and the visit's start with the attract autopilot's
 * flight, and the carried-on world took off from where the visitor left it: CI caught it on a loaded machine.)
 * A scripted session here, whose restore takes a while; the real path is test/e2e/visits-continue.test.ts.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { silentLogger } from '../core/log.ts';
import { neutralConditions, type Conditions } from '../core/signals.ts';
import type { ModelSession, ModelState, StepOutput } from '../core/world-model.ts';
import { WorldLoop } from '../loop/world-loop.ts';
import { BookmarkStore } from './bookmarks.ts';
import { RuntimeTransport } from './runtime-transport.ts';

const saved: ModelState = { model: 'm', step: 500, tensors: {} };

it('the restored world steps first with the conditions of the visit begun in it', async () => {
  let phase = 'attract';
  /** each step the session made: the phase its conditions came from, and whether the saved world was in */
  const steps: { phase: string; restored: boolean }[] = [];
  let restored = false;
  let pushed: Conditions = neutralConditions();
  const made = { steps: 0 };
  const session = {
    get steps() {
      return made.steps;
    },
    closed: new Promise<never>(() => undefined),
    push: (c: Conditions) => void (pushed = c),
    next: async (): Promise<StepOutput> => {
      steps.push({ phase: pushed.perspective === 'third' ? 'active' : 'attract', restored });
      const step = ++made.steps;
      return { frames: [{ width: 1, height: 1, data: new Uint8Array(4), step, at: 0 }], runMs: 1 };
    },
    saveState: async () => ({ model: 'm', step: made.steps, tensors: {} }),
    // as the ONNX worker does: the state is replaced at once, and the answer comes a few frames' time later
    restoreState: async (s: ModelState) => {
      made.steps = s.step;
      restored = true;
      await new Promise((r) => setTimeout(r, 60));
    },
  } as unknown as ModelSession;
  const dir = await mkdtemp(join(tmpdir(), 'nacre-carry-on-'));
  const model = { session, manifest: { fps: 100 }, fail: async () => undefined };
  const transport = new RuntimeTransport(model, { rewindSeconds: 5 }, new BookmarkStore(dir), () => {}, silentLogger());
  const loop = new WorldLoop(
    model,
    {
      // the phase shows in the conditions as the perspective, so the session can tell what it was given
      conditions: () => ({ ...neutralConditions(), perspective: phase === 'active' ? 'third' : 'first' }),
      taken: () => undefined,
      frame: () => undefined,
      audio: () => undefined,
      measured: () => undefined,
    },
    silentLogger(),
    transport,
  );
  loop.start();
  await vi.waitFor(() => expect(steps.length).toBeGreaterThan(5), { timeout: 5000, interval: 10 });
  const ack = await transport.carryOn(saved, () => (phase = 'active'));
  expect(ack).toMatchObject({ accepted: true, effect: 'world carried on from step 500' });
  await vi.waitFor(() => expect(steps.filter((s) => s.restored).length).toBeGreaterThan(3), { timeout: 5000 });
  await loop.stop();
  const afterRestore = steps.filter((s) => s.restored);
  expect(afterRestore.every((s) => s.phase === 'active')).toBe(true);
  expect(steps.filter((s) => !s.restored).every((s) => s.phase === 'attract')).toBe(true);
});

it('a restore that fails is answered with its reason, and the visit does not begin', async () => {
  let begun = false;
  const session = {
    steps: 3,
    saveState: async () => ({ model: 'm', step: 3, tensors: {} }),
    restoreState: () => Promise.reject(new Error('state was saved from model "other", this is "m"')),
  } as unknown as ModelSession;
  const dir = await mkdtemp(join(tmpdir(), 'nacre-carry-on-'));
  const t = new RuntimeTransport(
    { session, manifest: { fps: 30 } },
    { rewindSeconds: 5 },
    new BookmarkStore(dir),
    () => {},
    silentLogger(),
  );
  const ack = t.carryOn(saved, () => (begun = true));
  await t.between();
  expect(await ack).toEqual({ accepted: false, effect: 'state was saved from model "other", this is "m"' });
  expect(begun).toBe(false);
});
