/**
 * The first state of a Triton sequence of the default world: init.onnx run once (seed, the manifest's default style,
 * no picture), each `state_out.<name>` written as raw little-endian bytes to `<model dir>/initial_state/<name>.bin`,
 * the files config.pbtxt's `initial_state { data_file }` entries name. Triton resets a sequence's implicit state to
 * these bytes on every request that carries `sequence_start`.
 *
 *   npx tsx models/triton/initial-state.ts [model dir, default models/triton/nacre-default] [--seed N]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_WORLD = resolve(HERE, '../default');

interface Manifest {
  style?: { size: number; default: string; presets: Record<string, { values: number[] }> };
  state: Record<string, { dtype: string; shape: number[] }>;
  init?: { file: string; inputs: string[]; image?: { width: number; height: number } };
}

/** `state.<name>` -> the bytes of init.onnx's `state_out.<name>` for this seed. */
export async function initialState(seed = 0, world = DEFAULT_WORLD): Promise<Map<string, Uint8Array>> {
  const ort = await import('onnxruntime-node');
  const manifest = JSON.parse(readFileSync(join(world, 'manifest.json'), 'utf8')) as Manifest;
  if (!manifest.init) throw new Error(`${world}/manifest.json has no init graph`);
  const session = await ort.InferenceSession.create(join(world, manifest.init.file));
  const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
  const inputs = manifest.init.inputs;
  if (inputs.includes('seed')) feeds.seed = new ort.Tensor('float32', Float32Array.of(seed), [1, 1]);
  if (inputs.includes('style') && manifest.style) {
    const values = manifest.style.presets[manifest.style.default]?.values;
    if (!values) throw new Error(`style preset ${manifest.style.default} missing`);
    feeds.style = new ort.Tensor('float32', Float32Array.from(values), [1, manifest.style.size]);
  }
  if (inputs.includes('image') && manifest.init.image) {
    const { width, height } = manifest.init.image;
    feeds.image = new ort.Tensor('uint8', new Uint8Array(width * height * 3), [1, height, width, 3]);
    feeds.image_present = new ort.Tensor('float32', Float32Array.of(0), [1, 1]);
  }
  const out = await session.run(feeds);
  await session.release();
  const states = new Map<string, Uint8Array>();
  for (const name of Object.keys(manifest.state)) {
    const t = out[`state_out.${name}`];
    if (!t) throw new Error(`init.onnx gave no state_out.${name}`);
    const data = t.data as Float32Array;
    states.set(`state.${name}`, new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice());
  }
  return states;
}

/** Writes `<modelDir>/initial_state/<name>.bin` for every state tensor; returns the paths. */
export async function writeInitialState(modelDir: string, seed = 0): Promise<string[]> {
  const dir = join(modelDir, 'initial_state');
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (const [input, bytes] of await initialState(seed)) {
    const path = join(dir, `${input.slice('state.'.length)}.bin`);
    writeFileSync(path, bytes);
    paths.push(path);
  }
  return paths;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--seed');
  const seed = at >= 0 ? Number(args.splice(at, 2)[1]) : 0;
  if (!Number.isFinite(seed)) throw new Error('--seed takes a number');
  const modelDir = args[0] ?? join(HERE, 'nacre-default');
  for (const path of await writeInitialState(modelDir, seed)) console.log(path);
}
