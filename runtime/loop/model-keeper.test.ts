/**
 * The keeper's choices between the exhibit's model and its fallback, on small in-memory models. The real path
 * (a real model server down, started, killed) is test/e2e/model-fallback.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../core/log.ts';
import type { Manifest } from '../core/manifest.ts';
import type { ModelSession, OpenSessionOptions, WorldModel } from '../core/world-model.ts';
import { ModelKeeper } from './model-keeper.ts';

function model(name: string, presets: string[], opened: OpenSessionOptions[]): WorldModel {
  const manifest = { name, style: { presets: Object.fromEntries(presets.map((p) => [p, {}])) } } as unknown as Manifest;
  return {
    manifest,
    openSession: async (o = {}) => {
      opened.push(o);
      return { style: o.style } as unknown as ModelSession;
    },
    onFailure: () => () => undefined,
    describe: () => ({ backend: name, where: 'memory' }),
    crash: () => undefined,
    close: async () => undefined,
  };
}

describe('ModelKeeper with a fallback', () => {
  it('runs the fallback when the model cannot load, says why, and goes back to the model at the next visit', async () => {
    const opened: OpenSessionOptions[] = [];
    let serverUp = false;
    const keeper = new ModelKeeper(
      async () => {
        if (!serverUp) throw new Error('cannot reach grpc://gpu:8001');
        return model('remote', ['day'], opened);
      },
      () => ({ seed: 1, style: 'sunset' }),
      silentLogger(),
      { fallback: async () => model('onnx', ['day', 'sunset'], opened) },
    );
    await keeper.start();
    expect(keeper.backend).toEqual({ backend: 'onnx', where: 'memory', fallback: 'cannot reach grpc://gpu:8001' });
    expect(opened.at(-1)).toEqual({ seed: 1, style: 'sunset' });

    await keeper.resetWorld();
    expect(keeper.backend?.backend).toBe('onnx');
    serverUp = true;
    await keeper.resetWorld();
    expect(keeper.backend).toEqual({ backend: 'remote', where: 'memory' });
    // "sunset" is a preset of the fallback world, not of this model: the model starts in its own default
    expect(opened.at(-1)).toEqual({ seed: 1 });
  });

  it('without a fallback, a model that cannot load is a start-up error', async () => {
    const keeper = new ModelKeeper(
      async () => Promise.reject(new Error('no such folder')),
      () => ({}),
      silentLogger(),
    );
    await expect(keeper.start()).rejects.toThrow('no such folder');
  });
});
