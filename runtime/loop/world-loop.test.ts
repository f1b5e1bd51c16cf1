/**
 * The loop's watchdog against a scripted session. The real paths (a crashed worker, a failing step) are
 * tested end to end in models/onnx/malformed.test.ts and test/e2e/kiosk.test.ts; a model that hangs for
 * real cannot be made on demand, so the stall is scripted here.
 */
import { describe, expect, it } from 'vitest';
import { ModelRunError } from '../../models/contract/errors.ts';
import type { ModelSession, StepOutput } from '../core/world-model.ts';
import { silentLogger } from '../core/log.ts';
import { neutralConditions } from '../core/signals.ts';
import type { ModelKeeper } from './model-keeper.ts';
import { WorldLoop } from './world-loop.ts';

function rig(next: () => Promise<StepOutput>) {
  const failures: Error[] = [];
  const session = { next, push: () => undefined, closed: false, steps: 0 } as unknown as ModelSession;
  const keeper = {
    session,
    manifest: { fps: 100 },
    fail: async (e: Error) => void failures.push(e),
  } as unknown as ModelKeeper;
  const frames: number[] = [];
  const loop = new WorldLoop(keeper, {
    conditions: () => neutralConditions(),
    taken: () => undefined,
    frame: (f) => frames.push(f.step),
    audio: () => undefined,
    measured: () => undefined,
  }, silentLogger());
  return { loop, failures, frames };
}

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
};

describe('WorldLoop', () => {
  it('treats no frame for 1 s as a crash and hands it to the keeper', async () => {
    const { loop, failures } = rig(() => new Promise<StepOutput>(() => undefined));
    loop.start();
    await until(() => failures.length > 0);
    await loop.stop();
    expect(failures[0]!.message).toMatch(/stalled: no frame for 1000 ms/);
  });

  it('lets single failed steps pass, but ten in a row count as a crash', async () => {
    const { loop, failures } = rig(async () => {
      throw new ModelRunError('model step failed: bad input', 'run-failed');
    });
    loop.start();
    await until(() => failures.length > 0);
    await loop.stop();
    expect(failures[0]!.message).toMatch(/bad input/);
  });

  it('ignores a step lost because the world was reset under it, and fans out the next ones', async () => {
    let n = 0;
    const { loop, failures, frames } = rig(async () => {
      n++;
      if (n === 1) throw new ModelRunError('session is closed', 'closed');
      return { frames: [{ width: 1, height: 1, data: new Uint8Array(4), step: n, at: 0 }], runMs: 1 };
    });
    loop.start();
    await until(() => frames.length >= 3);
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
});
