/** Model host benchmarks: the host against a raw session.run of the same model, in the same run. */
import { cpus } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { readModelFolder } from '../models/contract/folder.ts';
import { OnnxWorldModel } from '../models/onnx/model.ts';
import { silentLogger } from '../runtime/core/log.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Feeds = Record<string, ort.Tensor>;
type Folder = Awaited<ReturnType<typeof readModelFolder>>;

function styleFeed(m: Folder['manifest']): Feeds {
  if (!m.style) return {};
  const values = Float32Array.from(m.style.presets[m.style.default]!.values);
  return { style: new ort.Tensor('float32', values, [1, m.style.size]) };
}

/** the first state: init.onnx run once (seed 1, the default style, no picture), else the manifest's values */
async function firstState({ manifest: m, initPath }: Folder, style: Feeds): Promise<Feeds> {
  if (!initPath) {
    return Object.fromEntries(
      Object.entries(m.state).map(([n, s]) => {
        const values = new Float32Array(s.shape.reduce((a, b) => a * b, 1)).fill(Number(s.init ?? 0));
        return [`state.${n}`, new ort.Tensor(s.dtype as 'float32', values, s.shape)];
      }),
    );
  }
  const init = await ort.InferenceSession.create(initPath);
  const size = m.init?.image;
  const picture: Feeds = size
    ? {
        image: new ort.Tensor('uint8', new Uint8Array(size.width * size.height * 3), [1, size.height, size.width, 3]),
        image_present: new ort.Tensor('float32', Float32Array.of(0), [1, 1]),
      }
    : {};
  const seed = new ort.Tensor('float32', Float32Array.of(1), [1, 1]);
  const out = await init.run({ seed, ...(m.init?.inputs.includes('style') ? style : {}), ...picture });
  await init.release();
  return Object.fromEntries(Object.keys(m.state).map((n) => [`state.${n}`, out[`state_out.${n}`] as ort.Tensor]));
}

/** The floor: session.run on this thread, state fed back, nothing else. */
export async function rawStepMs(dir: string, steps: number): Promise<number> {
  const folder = await readModelFolder(dir);
  const m = folder.manifest;
  const opts = {
    intraOpNumThreads: cpus().length,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all' as const,
    extra: { session: { intra_op: { allow_spinning: process.env.NACRE_ORT_SPIN ?? '0' } } },
  };
  const session = await ort.InferenceSession.create(folder.modelPath, opts);
  const style = styleFeed(m);
  let state = await firstState(folder, style);
  const action = new ort.Tensor('float32', new Float32Array(m.actions.length), [1, m.actions.length]);
  (action.data as Float32Array)[1] = 1;
  const times: number[] = [];
  for (let i = 0; i < steps + 3; i++) {
    const t0 = performance.now();
    const out = await session.run({ action, ...style, ...state });
    if (i >= 3) times.push(performance.now() - t0);
    state = Object.fromEntries(Object.keys(m.state).map((n) => [`state.${n}`, out[`state_out.${n}`] as ort.Tensor]));
  }
  await session.release();
  return median(times);
}

export interface HostFigures {
  stepMs: number;
  runMs: number;
  /** the longest the main thread's event loop was held up while the model ran, and its 99th percentile */
  maxStallMs: number;
  p99StallMs: number;
}

/** The host: a worker thread, conditions pushed every step, frames pulled as fast as they come. */
export async function hostStepMs(dir: string, steps: number): Promise<HostFigures> {
  const model = await OnnxWorldModel.load(dir, { log: silentLogger() });
  const session = await model.openSession({ seed: 1 });
  for (let i = 0; i < 3; i++) await session.next();
  const stall = monitorEventLoopDelay({ resolution: 1 });
  stall.enable();
  const times: number[] = [];
  const runs: number[] = [];
  for (let i = 0; i < steps; i++) {
    session.push({ move: [0, 1], look: [Math.sin(i / 10), 0] });
    const t0 = performance.now();
    const out = await session.next();
    times.push(performance.now() - t0);
    runs.push(out.runMs);
  }
  stall.disable();
  await model.close();
  return {
    stepMs: median(times),
    runMs: median(runs),
    maxStallMs: stall.max / 1e6,
    p99StallMs: stall.percentile(99) / 1e6,
  };
}
