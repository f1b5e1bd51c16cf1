/**
 * The loop's watchdog against a scripted session. The real paths (a crashed worker, a failing step) are
 * tested end to end in models/onnx/malformed.test.ts and test/e2e/kiosk.test.ts; a model that hangs for
 * real cannot be made on demand, so the stall is scripted here.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { ModelRunError } from '../../models/contract/errors.ts';
import type { StepOutput } from '../core/world-model.ts';
import { silentLogger } from '../core/log.ts';
import { neutralConditions } from '../core/signals.ts';
import { WorldLoop, type LoopModel } from './world-loop.ts';

/** `next` is called with the step's number, 1, 2, ...; `failures` holds what reached the keeper, with the step it came at */
function rig(script: (n: number) => Promise<StepOutput>, fps = 100) {
  const failures: { err: Error; atStep: number }[] = [];
  const session = { next: () => script(++session.steps), push: () => undefined, closed: false, steps: 0 };
  const keeper: LoopModel = {
    session,
    manifest: { fps },
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
  it('keeps to the world’s fps, and steps as fast as it can when sped up without limit (the accelerated soak)', async () => {
    const paced = rig(async (n) => frame(n), 1);
    paced.loop.start();
    await vi.waitFor(() => expect(paced.frames.length).toBeGreaterThan(0), WAIT);
    const unpaced = rig(async (n) => frame(n), 1);
    unpaced.loop.speedUp = Infinity;
    unpaced.loop.start();
    await vi.waitFor(() => expect(unpaced.frames.length).toBeGreaterThan(100), WAIT);
    // at 1 frame/s: at most 6 in the 5 s the other may take for its 101
    expect(paced.frames.length).toBeLessThan(unpaced.frames.length / 10);
    await Promise.all([paced.loop.stop(), unpaced.loop.stop()]);
  });

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

/**
 * A model in a worker thread that answers every step in 20 ms: its answers arrive as messages, as onnx's do.
 * A step asked with `pauseMs` first stops the worker that long (with the main thread: a SIGSTOP of the process).
 */
function echoWorker() {
  const code = `const { parentPort } = require('node:worker_threads');
    parentPort.on('message', ({ n, pauseMs }) => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
      setTimeout(() => parentPort.postMessage(n), 20);
    });`;
  const worker = new Worker(code, { eval: true });
  const waiting = new Map<number, (out: StepOutput) => void>();
  worker.on('message', (n: number) => waiting.get(n)?.(frame(n)));
  return {
    step: (n: number, pauseMs = 0) =>
      new Promise<StepOutput>((resolve) => (waiting.set(n, resolve), worker.postMessage({ n, pauseMs }))),
    close: () => worker.terminate(),
  };
}

/** the main thread does nothing else for `ms` (as in a collector pause, or a SIGSTOP) */
const block = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

describe('WorldLoop: a slow main thread is not a stalled model', () => {
  it('a 1.3 s pause of the whole process (as SIGSTOP) during a step does not restart a healthy model', async () => {
    const model = echoWorker();
    const { loop, failures, frames } = rig((n) => {
      const out = model.step(n, n === 5 ? 1300 : 0);
      if (n === 5) setImmediate(() => block(1300)); // once the watchdog is armed for step 5
      return out;
    });
    loop.start();
    await vi.waitFor(() => expect(frames.length).toBeGreaterThan(10), WAIT);
    await loop.stop();
    await model.close();
    expect(failures).toEqual([]);
    expect(loop.stats().mainThreadPauses.count).toBeGreaterThanOrEqual(1);
  });

  it('still takes a model that never answers, while the main thread is free, for a stall', async () => {
    const model = echoWorker();
    const { loop, failures } = rig((n) => (n === 3 ? new Promise<StepOutput>(() => undefined) : model.step(n)));
    loop.start();
    await vi.waitFor(() => expect(failures.length).toBe(1), WAIT);
    await loop.stop();
    await model.close();
    expect(failures[0]).toMatchObject({ atStep: 3 });
  });
});
