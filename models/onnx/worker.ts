/** The model worker: owns the onnxruntime sessions and the state tensors; session.run blocks only this thread. */
import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { GraphIO, TensorInfo } from '../contract/graph.ts';
import type { Manifest } from '../../runtime/core/manifest.ts';
import type { SavedTensor } from '../../runtime/core/world-model.ts';
import type { FromWorker, Provider, ToWorker } from './protocol.ts';
import { explainProviderFailure, providerChain } from './providers.ts';
import { filledTensor, ownedBytes, saveTensor, tensorFrom } from './tensors.ts';

const port = parentPort!;
let manifest: Manifest;
let stepSession: ort.InferenceSession;
let initSession: ort.InferenceSession | undefined;
let actionShape: readonly number[] = [];
let state: Record<string, ort.Tensor> = {};
let previous: Record<string, ort.Tensor> | undefined;

const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

function io(s: ort.InferenceSession): GraphIO {
  const info = (list: readonly ort.InferenceSession.ValueMetadata[]): TensorInfo[] =>
    list.map((v) =>
      v.isTensor
        ? { name: v.name, type: v.type, shape: [...v.shape] }
        : { name: v.name, type: 'non-tensor', shape: [] },
    );
  return { inputs: info(s.inputMetadata), outputs: info(s.outputMetadata) };
}

async function open(path: string, provider: Provider, threads: number): Promise<ort.InferenceSession> {
  const executionProviders = providerChain(provider);
  try {
    return await ort.InferenceSession.create(path, {
      executionProviders,
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      // spinning pool threads would take the CPU from the main thread (drivers, HTTP) on small machines
      extra: { session: { intra_op: { allow_spinning: process.env.NACRE_ORT_SPIN ?? '0' } } },
    });
  } catch (err) {
    throw explainProviderFailure(provider, err as Error);
  }
}

async function load(m: Extract<ToWorker, { kind: 'load' }>): Promise<void> {
  manifest = m.manifest;
  let file = m.modelPath;
  try {
    stepSession = await open(m.modelPath, m.provider, m.threads);
    if (m.initPath) {
      file = m.initPath;
      initSession = await open(m.initPath, m.provider, 1);
    }
  } catch (err) {
    post({ kind: 'load-failed', file, message: (err as Error).message });
    return;
  }
  const step = io(stepSession);
  actionShape = step.inputs.find((t) => t.name === 'action')?.shape.map(Number) ?? [];
  post({ kind: 'loaded', step, ...(initSession ? { init: io(initSession) } : {}) });
}

function styleTensor(style: Float32Array | undefined): Record<string, ort.Tensor> {
  return style && manifest.style ? { style: new ort.Tensor('float32', style, [1, manifest.style.size]) } : {};
}

function takeState(out: ort.InferenceSession.OnnxValueMapType): Record<string, ort.Tensor> {
  return Object.fromEntries(Object.keys(manifest.state).map((name) => [name, out[`state_out.${name}`] as ort.Tensor]));
}

/** the first state; returns the style a starting picture implies when init.onnx gives one (style_out) */
async function init(m: Extract<ToWorker, { kind: 'init' }>): Promise<Float32Array | undefined> {
  previous = undefined;
  if (!initSession) {
    state = Object.fromEntries(
      Object.entries(manifest.state).map(([n, s]) => [n, filledTensor(s.dtype, s.shape, s.init ?? 0)]),
    );
    return undefined;
  }
  const inputs = manifest.init?.inputs ?? [];
  const feeds: Record<string, ort.Tensor> = {};
  if (inputs.includes('seed')) feeds.seed = new ort.Tensor('float32', Float32Array.of(m.seed), [1, 1]);
  if (inputs.includes('style')) Object.assign(feeds, styleTensor(m.style));
  if (inputs.includes('image')) {
    const { width, height } = manifest.init!.image!;
    feeds.image = new ort.Tensor('uint8', m.image ?? new Uint8Array(width * height * 3), [1, height, width, 3]);
    feeds.image_present = new ort.Tensor('float32', Float32Array.of(m.image ? 1 : 0), [1, 1]);
  }
  const out = await initSession.run(feeds);
  state = takeState(out);
  return m.image && out.style_out ? Float32Array.from((out.style_out as ort.Tensor).data as Float32Array) : undefined;
}

async function step(m: Extract<ToWorker, { kind: 'step' }>): Promise<void> {
  const action = actionShape.length === 3 ? repeat(m.action, actionShape[1]!) : m.action;
  const feeds: Record<string, ort.Tensor> = {
    action: new ort.Tensor('float32', action, actionShape),
    ...styleTensor(m.style),
  };
  for (const [name, t] of Object.entries(state)) feeds[`state.${name}`] = t;
  const t0 = performance.now();
  const out = await stepSession.run(feeds);
  const runMs = performance.now() - t0;
  previous = state;
  state = takeState(out);
  const frame = ownedBytes((out.frame as ort.Tensor).data as Uint8Array);
  const audio = out.audio ? ownedBytes((out.audio as ort.Tensor).data as Float32Array) : undefined;
  const transfer = [frame.buffer as ArrayBuffer, ...(audio ? [audio.buffer as ArrayBuffer] : [])];
  post({ kind: 'stepped', id: m.id, frame, runMs, ...(audio ? { audio } : {}) }, transfer);
}

function repeat(action: Float32Array, times: number): Float32Array {
  const out = new Float32Array(action.length * times);
  for (let i = 0; i < times; i++) out.set(action, i * action.length);
  return out;
}

function restore(tensors: Record<string, SavedTensor>): void {
  const next: Record<string, ort.Tensor> = {};
  for (const [name, spec] of Object.entries(manifest.state)) {
    const t = tensors[name];
    if (!t) throw new Error(`saved state lacks "${name}"`);
    const same =
      t.dtype === spec.dtype && t.shape.length === spec.shape.length && t.shape.every((d, i) => d === spec.shape[i]);
    if (!same)
      throw new Error(`saved "${name}" is ${t.dtype} [${t.shape}], the model needs ${spec.dtype} [${spec.shape}]`);
    next[name] = tensorFrom(t.dtype, t.shape, t.data.slice(0));
  }
  state = next;
  previous = undefined;
}

async function handle(m: ToWorker): Promise<void> {
  if (m.kind === 'load') return load(m);
  if (m.kind === 'crash') {
    setImmediate(() => {
      throw new Error('model worker crashed on request (diagnostic)');
    });
    return;
  }
  if (m.kind === 'rollback') {
    if (previous) state = previous;
    previous = undefined;
    return;
  }
  try {
    if (m.kind === 'init') {
      const style = await init(m);
      return post({ kind: 'done', id: m.id, ...(style ? { style } : {}) });
    } else if (m.kind === 'step') return await step(m);
    else if (m.kind === 'save') {
      const tensors = Object.fromEntries(Object.entries(state).map(([n, t]) => [n, saveTensor(t)]));
      return post(
        { kind: 'saved', id: m.id, tensors },
        Object.values(tensors).map((t) => t.data),
      );
    } else if (m.kind === 'restore') restore(m.tensors);
    post({ kind: 'done', id: m.id });
  } catch (err) {
    post({
      kind: 'failed',
      id: m.id,
      message: (err as Error).message,
      reason: m.kind === 'restore' ? 'bad-state' : 'run-failed',
    });
  }
}

// One message at a time, in order: a step never overlaps a save or a restore.
let queue = Promise.resolve();
port.on('message', (m: ToWorker) => {
  queue = queue.then(() => handle(m));
});
