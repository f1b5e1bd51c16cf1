/**
 * A model's bring-up, phase by phase: the embedded ONNX world through the real model keeper (loading, opening,
 * ready; after a crash: failed, then again), and a remote model's load steps against the gRPC stand-in server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/log.ts';
import type { LoadStep } from '../core/world-model.ts';
import { loadWorldModel } from '../../models/backends.ts';
import { RemoteWorldModel } from '../../models/remote/model.ts';
import { startStandIn, writeRemoteTinyFolder, type StandIn } from '../../test/helpers/inference-stand-in.ts';
import { until } from '../../test/helpers/wait.ts';
import { LoadProgress } from './load-progress.ts';
import { ModelKeeper } from './model-keeper.ts';

const log = silentLogger();

describe('LoadProgress', () => {
  it('tells the phase, its time, the backend step and how far; an error only while failed', () => {
    let now = 1_000_000;
    const p = new LoadProgress(() => now);
    expect(p.view()).toBeUndefined();
    p.to('loading');
    p.step({ what: 'asking the server: ServerReady', done: 1, total: 4 });
    now += 1500;
    expect(p.view()).toMatchObject({
      phase: 'loading',
      elapsedSeconds: 1.5,
      fraction: 0.25,
      step: 'asking the server: ServerReady',
    });
    p.to('failed', 'the server is not ready');
    expect(p.view()).toMatchObject({ phase: 'failed', error: 'the server is not ready' });
    now += 500;
    p.to('loading');
    now += 1000;
    p.to('opening');
    now += 200;
    p.to('ready');
    const v = p.view()!;
    expect(v).toMatchObject({ phase: 'ready', fraction: 1, elapsedSeconds: 0, totalSeconds: 1.2 });
    expect(v.error).toBeUndefined();
    expect(v.phases.map((x) => x.phase)).toEqual(['loading', 'failed', 'loading', 'opening', 'ready']);
  });
});

describe('the model keeper reports its phases', () => {
  it('the embedded ONNX world: loading with its steps, opening, ready; after a crash: failed, then up again', async () => {
    const steps: string[] = [];
    const keeper = new ModelKeeper(
      (progress) =>
        loadWorldModel('models/default-320x180', {
          log,
          progress: (s: LoadStep) => {
            steps.push(s.what);
            progress?.(s);
          },
        }),
      () => ({ seed: 1 }),
      log,
      { retry: { firstMs: 10, maxMs: 10 } },
    );
    try {
      await keeper.start();
      expect(keeper.progress.view()!.phases.map((p) => p.phase)).toEqual(['loading', 'opening', 'ready']);
      expect(steps[0]).toBe('reading the model folder');
      expect(steps[1]).toMatch(/^onnxruntime loads nacre-default/);
      keeper.crash();
      await keeper.session!.next().catch((err: Error) => keeper.fail(err));
      await until(() => keeper.state === 'running' && keeper.progress.view()!.phases.length >= 7, 'back up');
      expect(keeper.progress.view()!.phases.map((p) => p.phase)).toEqual([
        'loading',
        'opening',
        'ready',
        'failed',
        'loading',
        'opening',
        'ready',
      ]);
    } finally {
      await keeper.close();
    }
  });
});

describe('a remote model tells its load steps', () => {
  let server: StandIn;
  beforeAll(async () => {
    server = await startStandIn({ takesPrompt: true });
  });
  afterAll(() => server.stop());

  it('connecting, then each question to the server in order, then answered (4 of 4)', async () => {
    const steps: LoadStep[] = [];
    const dir = await writeRemoteTinyFolder({ url: server.url });
    const model = await RemoteWorldModel.load(dir, { log, progress: (s) => steps.push(s) });
    await model.close();
    expect(steps.map((s) => s.what)).toEqual([
      `connecting to ${server.url}`,
      'asking the server: ServerLive',
      'asking the server: ServerReady',
      'asking the server: ModelReady',
      'asking the server: ModelMetadata',
      'the server answered',
    ]);
    expect(steps.slice(1).map((s) => `${s.done}/${s.total}`)).toEqual(['0/4', '1/4', '2/4', '3/4', '4/4']);
  });
});
