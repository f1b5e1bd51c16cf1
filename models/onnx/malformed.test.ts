import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import { tinyManifest, writeTinyFolder } from '../../test/helpers/tiny-model.ts';
import { ModelLoadError, ModelRunError } from '../contract/errors.ts';
import { OnnxWorldModel } from './model.ts';

const log = silentLogger();
const load = (dir: string, opts = {}) => OnnxWorldModel.load(dir, { log, ...opts });

async function loadError(dir: string, opts = {}): Promise<ModelLoadError> {
  const err = await load(dir, opts).then(
    (m) => m.close().then(() => undefined),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelLoadError);
  return err as ModelLoadError;
}

/** the tiny manifest with fields set (or deleted, for undefined) by dotted path: "actions.0.condition" */
function patched(changes: Record<string, unknown>): Record<string, unknown> {
  const m = tinyManifest();
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split('.');
    const last = keys.pop()!;
    const at = keys.reduce((o, k) => o[k] as Record<string, unknown>, m);
    if (value === undefined) delete at[last];
    else at[last] = value;
  }
  return m;
}

describe('a malformed model folder gives an error naming the file and the tensor', () => {
  const cases: [string, () => Promise<string>, RegExp, RegExp, string?][] = [
    [
      'no manifest.json',
      async () => {
        const d = await writeTinyFolder();
        await unlink(join(d, 'manifest.json'));
        return d;
      },
      /manifest\.json$/,
      /file not found/,
    ],
    [
      'manifest.json is not JSON',
      () => writeTinyFolder({ files: { 'manifest.json': '{\n "format": "wm/1",\n fps: 30\n}' } }),
      /manifest\.json$/,
      /invalid JSON.*line 3/,
    ],
    [
      'manifest lacks fps and has a bad action path',
      () => writeTinyFolder({ manifest: patched({ fps: undefined, 'actions.0.condition': 'stick.x' }) }),
      /manifest\.json$/,
      /fps: .*; actions\.0\.condition: expected "move/,
    ],
    [
      'a preset of the wrong size',
      () => writeTinyFolder({ manifest: patched({ 'style.presets.cold.values': [1] }) }),
      /manifest\.json$/,
      /style\.presets\.cold\.values: has 1 values, style\.size is 2/,
    ],
    [
      'state over its budget',
      () => writeTinyFolder({ manifest: patched({ stateBudgetBytes: 8 }) }),
      /manifest\.json$/,
      /state takes 12 bytes, over the budget of 8/,
    ],
    [
      'no model.onnx',
      async () => {
        const d = await writeTinyFolder();
        await unlink(join(d, 'model.onnx'));
        return d;
      },
      /model\.onnx$/,
      /file not found/,
    ],
    [
      'model.onnx is garbage',
      () => writeTinyFolder({ files: { 'model.onnx': new Uint8Array([1, 2, 3, 250, 7, 7]) } }),
      /model\.onnx$/,
      /onnxruntime cannot load it/,
    ],
    [
      'init.onnx named but missing',
      () => writeTinyFolder({ manifest: patched({ init: { file: 'init.onnx', inputs: ['seed'] } }) }),
      /init\.onnx$/,
      /file not found/,
    ],
    [
      'the frame output is misnamed',
      () => writeTinyFolder({ variant: { frameName: 'image' } }),
      /model\.onnx$/,
      /no output "frame"/,
      'frame',
    ],
    [
      'the frame is float, not u8',
      () => writeTinyFolder({ variant: { frameAsFloat: true } }),
      /model\.onnx$/,
      /output "frame" is float32, wm\/1 needs uint8/,
      'frame',
    ],
    [
      'the graph takes 4 actions, the manifest names 3',
      () => writeTinyFolder({ variant: { graphActions: 4 } }),
      /model\.onnx$/,
      /input "action" has shape \[1, 4\], the manifest needs \[1, 3\]/,
      'action',
    ],
    [
      'a state output is missing',
      () => writeTinyFolder({ variant: { dropStatePhaseOut: true } }),
      /model\.onnx$/,
      /no output "state_out\.phase"/,
      'state_out.phase',
    ],
    [
      'an input the contract does not know',
      () => writeTinyFolder({ variant: { extraInput: true } }),
      /model\.onnx$/,
      /unexpected input "camera"/,
      'camera',
    ],
    [
      'the manifest says int32 state, the graph float',
      () => writeTinyFolder({ manifest: patched({ 'state.pos.dtype': 'int32', stateBudgetBytes: 64 }) }),
      /model\.onnx$/,
      /input "state\.pos" is float32, wm\/1 needs int32/,
      'state.pos',
    ],
  ];

  for (const [what, make, file, problem, tensor] of cases) {
    it(what, async () => {
      const err = await loadError(await make());
      expect(err.file).toMatch(file);
      expect(err.message).toMatch(problem);
      if (tensor) expect(err.tensor).toBe(tensor);
    });
  }

  it('an unavailable execution provider says what to do', async () => {
    const err = await loadError(await writeTinyFolder(), { provider: 'cuda' });
    expect(err.message).toMatch(/execution provider "cuda"/);
    expect(err.message).toMatch(/README\.md "GPU workstation"/);
  });

  it('after all of that, the host still loads and runs a good model', async () => {
    const model = await load(await writeTinyFolder());
    const session = await model.openSession();
    const out = await session.next();
    expect(out.frames[0]!.data.length).toBe(32 * 24 * 4);
    await model.close();
  });
});

describe('failures while running are reported and survived', () => {
  it('a step that fails inside onnxruntime rejects that step; the session goes on', async () => {
    const model = await load(await writeTinyFolder({ variant: { failOnBigTurn: true } }), { lookahead: 0 });
    const session = await model.openSession();
    session.push({ look: [3, 0] });
    await expect(session.next()).rejects.toMatchObject({ reason: 'run-failed', message: /model step failed/ });
    session.push({ look: [0, 0] });
    await expect(session.next()).resolves.toBeDefined();
    await model.close();
  });

  it('restoring a state of the wrong shape is refused, naming the tensor, and the world carries on', async () => {
    const model = await load(await writeTinyFolder(), { lookahead: 0 });
    const session = await model.openSession();
    const saved = await session.saveState();
    const bad = {
      ...saved,
      tensors: { ...saved.tensors, pos: { dtype: 'float32' as const, shape: [1, 3], data: new ArrayBuffer(12) } },
    };
    await expect(session.restoreState(bad)).rejects.toThrow(
      /saved "pos" is float32 \[1,3\], the model needs float32 \[1,2\]/,
    );
    await expect(session.restoreState({ ...saved, model: 'other' })).rejects.toBeInstanceOf(ModelRunError);
    await expect(session.next()).resolves.toBeDefined();
    await model.close();
  });

  it('a worker that dies fails the waiting step with a crash error and tells the owner', async () => {
    const model = await load(await writeTinyFolder(), { lookahead: 0 });
    const session = await model.openSession();
    const failures: Error[] = [];
    model.onFailure((e) => failures.push(e));
    const pending = session.next();
    model.crash();
    await pending.catch(() => undefined);
    await expect(session.next()).rejects.toMatchObject({ reason: 'crashed' });
    expect(failures).toHaveLength(1);
    await model.close();
  });
});
