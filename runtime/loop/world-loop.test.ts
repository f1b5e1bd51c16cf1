/**
 * The loop's watchdog against a scripted session. The real paths (a crashed worker, a failing step) are
 * tested end to end in models/onnx/malformed.test.ts and test/e2e/kiosk.test.ts; a model that hangs for
 * real cannot be made on demand, so the stall is scripted here.
 */
import { describe, expect, it, vi } from 'vitest';
import { ModelRunError } from '../../models/contract/errors.ts';
import type { StepOutput } from '../core/world-model.ts';
import { silentLogger } from '../core/log.ts';
import { neutralConditions } from '../core/signals.ts';
import { WorldLoop, type LoopModel } from './world-loop.ts';

/** `next` is called with the step's number, 1, 2, ...; `failures` holds what reached the keeper, with the step it came at */
function rig(script: (n: number) => Promise<StepOutput>) {
  const failures: { err: Error; atStep: number }[] = [];
  const session = { next: () => script(++session.steps), push: () => undefined, closed: false, steps: 0 };
  const keeper: LoopModel = {
    session,
    manifest: { fps: 100 },
    fail: async (err) => void failures.push({ err, atStep: session.steps }),
  };
  const frames: number[] = [];
  const loop = new WorldLoop(
    keeper,
    {
      conditions: () => neutralConditions(),
      taken: () => undefined,
      frame: (f) => frames.push(f.step),
      audio: () => undefined,
      measured: () => undefined,
    },
    silentLogger(),
  );
  return { loop, failures, frames };
}

const frame = (step: number): StepOutput => ({
  frames: [{ width: 1, height: 1, data: new Uint8Array(4), step, at: 0 }],
  runMs: 1,
});
const failedStep = () => new ModelRunError('model step failed: bad input', 'run-failed');
const WAIT = { timeout: 5000, interval: 20 };

describe('WorldLoop', () => {
  it('treats no frame for 1 s as a crash and hands it to the keeper', async () => {
    const { loop, failures } = rig(() => new Promise<StepOutput>(() => undefined));
    loop.start();
    await vi.waitFor(() => expect(failures.length).toBeGreaterThan(0), WAIT);
    await loop.stop();
    expect(failures[0]!.err.message).toMatch(/stalled: no frame for 1000 ms/);
  });

  it('lets failed steps pass, but the tenth in a row is a crash (not the first)', async () => {
    const { loop, failures } = rig(async () => {
      throw failedStep();
    });
    loop.start();
    await vi.waitFor(() => expect(failures.length).toBeGreaterThan(0), WAIT);
    await loop.stop();
    expect(failures[0]!.err.message).toMatch(/bad input/);
    expect(failures[0]!.atStep).toBe(10);
  });

  it('a step that works starts the count again: nine failures, a frame, nine failures are no crash', async () => {
    const { loop, failures, frames } = rig(async (n) => {
      if (n === 10 || n >= 20) return frame(n);
      throw failedStep();
    });
    loop.start();
    await vi.waitFor(() => expect(frames.length).toBeGreaterThanOrEqual(3), WAIT);
    await loop.stop();
    expect(failures).toEqual([]);
    expect(frames.slice(0, 2)).toEqual([10, 20]);
  });

  it('ignores a step lost because the world was reset under it, and fans out the next ones', async () => {
    const { loop, failures, frames } = rig(async (n) => {
      if (n === 1) throw new ModelRunError('session is closed', 'closed');
      return frame(n);
    });
    loop.start();
    await vi.waitFor(() => expect(frames.length).toBeGreaterThanOrEqual(3), WAIT);
    await loop.stop();
    expect(failures).toEqual([]);
    expect(frames.slice(0, 3)).toEqual([2, 3, 4]);
  });
});

describe('autopilot', () => {
  it('turns gently but never tilts: pitch is a rate, and a drifting rate would end up facing the ground', async () => {
    const { autopilot } = await import('./autopilot.ts');
    let yaw = 0;
    for (let t = 0; t < 600; t += 1 / 30) {
      const c = autopilot(t);
      expect(c.look[1]).toBe(0);
      expect(Math.abs(c.look[0])).toBeLessThan(0.3);
      yaw += c.look[0] / 30;
    }
    expect(autopilot(0).actions).toEqual({ fly: true });
    expect(Math.abs(yaw)).toBeLessThan(10);
  });

  it('an output that throws on every frame does not stop the heartbeat nor count as a model failure', async () => {
    const failures: Error[] = [];
    const session = { next: async () => frame(++session.steps), push: () => undefined, closed: false, steps: 0 };
    const keeper: LoopModel = { session, manifest: { fps: 100 }, fail: async (err) => void failures.push(err) };
    const errors: string[] = [];
    const log = { ...silentLogger(), error: (o: { err: string }) => void errors.push(o.err) } as unknown as ReturnType<
      typeof silentLogger
    >;
    const loop = new WorldLoop(
      keeper,
      {
        conditions: () => neutralConditions(),
        taken: () => undefined,
        frame: () => {
          throw new RangeError('start offset of Uint32Array should be a multiple of 4');
        },
        audio: () => undefined,
        measured: () => undefined,
      },
      log,
    );
    loop.start();
    await vi.waitFor(() => expect(session.steps).toBeGreaterThan(20), WAIT);
    await loop.stop();
    expect(failures).toEqual([]);
    expect(errors).toEqual(['start offset of Uint32Array should be a multiple of 4']);
  });
});
