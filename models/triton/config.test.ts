/**
 * The Triton model repository (models/triton): config.pbtxt parses against Triton's model-config schema
 * (model_config.proto, a subset of upstream's, compiled with protoc and read by python3-protobuf's text_format,
 * which refuses unknown fields and enum values) and agrees with the default world's manifest.json and model.onnx.
 * Triton itself cannot run here (no GPU, no tritonserver package, no network).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestSchema } from '../../runtime/core/manifest.ts';
import { DEFAULT_WORLD, initialState } from './initial-state.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';
const CONFIG = join(HERE, 'nacre-default', 'config.pbtxt');

const PARSE = `
import json, sys
sys.path.insert(0, sys.argv[1])
from google.protobuf import json_format, text_format
import model_config_pb2
try:
    config = text_format.Parse(open(sys.argv[2]).read(), model_config_pb2.ModelConfig())
except text_format.ParseError as e:
    print(e, file=sys.stderr)
    sys.exit(3)
print(json.dumps(json_format.MessageToDict(config, preserving_proto_field_name=True)))
`;

interface Tensor {
  name: string;
  data_type: string;
  dims: string[];
}
interface InitialState {
  name: string;
  data_type: string;
  dims: string[];
  data_file?: string;
  zero_data?: boolean;
}
interface State {
  input_name: string;
  output_name: string;
  data_type: string;
  dims: string[];
  initial_state?: InitialState[];
}
interface Config {
  name: string;
  backend: string;
  max_batch_size?: number;
  input: Tensor[];
  output: Tensor[];
  instance_group: { kind: string; count: number }[];
  sequence_batching: {
    max_sequence_idle_microseconds: string;
    oldest?: { max_candidate_sequences: number };
    direct?: object;
    control_input?: { name: string }[];
    state: State[];
  };
}
interface Manifest {
  name: string;
  framesPerStep: number;
  width: number;
  height: number;
  audio?: { channels: number; samplesPerStep: number };
  actions: unknown[];
  style?: { size: number };
  state: Record<string, { dtype: string; shape: number[] }>;
}

const TRITON_TYPE: Record<string, string> = {
  float32: 'TYPE_FP32',
  float16: 'TYPE_FP16',
  uint8: 'TYPE_UINT8',
  int32: 'TYPE_INT32',
  int64: 'TYPE_INT64',
};
const dims = (t: { dims: string[] }): number[] => t.dims.map(Number);

let dir = '';
function parse(text: string): { code: number | null; config?: Config; error: string } {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.pbtxt`);
  writeFileSync(file, text);
  const r = spawnSync(PYTHON, ['-c', PARSE, dir, file], { encoding: 'utf8' });
  return { code: r.status, error: r.stderr, ...(r.status === 0 ? { config: JSON.parse(r.stdout) as Config } : {}) };
}

const manifest = JSON.parse(readFileSync(join(DEFAULT_WORLD, 'manifest.json'), 'utf8')) as Manifest;
const text = readFileSync(CONFIG, 'utf8');
let config: Config;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nacre-triton-'));
  const protoc = spawnSync('protoc', [`-I${HERE}`, `--python_out=${dir}`, join(HERE, 'model_config.proto')], {
    encoding: 'utf8',
  });
  if (protoc.error || protoc.status !== 0) {
    throw new Error(`protoc (Debian's protobuf-compiler) failed: ${protoc.error?.message ?? protoc.stderr}`);
  }
  const r = parse(text);
  if (!r.config)
    throw new Error(`config.pbtxt does not parse against model_config.proto (python3-protobuf): ${r.error}`);
  config = r.config;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('models/triton/nacre-default/config.pbtxt', () => {
  it('parses against the model-config schema: onnxruntime, no Triton batching, GPU instances, sequence batcher', () => {
    expect(config.name).toBe(manifest.name);
    expect(config.backend).toBe('onnxruntime');
    expect(config.max_batch_size ?? 0).toBe(0);
    expect(config.instance_group).toEqual([{ kind: 'KIND_GPU', count: 1 }]);
    expect(Number(config.sequence_batching.max_sequence_idle_microseconds)).toBeGreaterThan(0);
    expect(config.sequence_batching.oldest?.max_candidate_sequences).toBeGreaterThan(1);
  });

  it("takes action and style and gives frame and audio with the manifest's shapes", () => {
    const t = manifest.framesPerStep;
    const frame = t === 1 ? [1, manifest.height, manifest.width, 4] : [1, t, manifest.height, manifest.width, 4];
    expect(config.input.map((i) => [i.name, i.data_type, dims(i)])).toEqual([
      ['action', 'TYPE_FP32', [1, manifest.actions.length]],
      ...(manifest.style ? [['style', 'TYPE_FP32', [1, manifest.style.size]]] : []),
    ]);
    expect(config.output.map((o) => [o.name, o.data_type, dims(o)])).toEqual([
      ['frame', 'TYPE_UINT8', frame],
      ...(manifest.audio ? [['audio', 'TYPE_FP32', [1, manifest.audio.channels, manifest.audio.samplesPerStep]]] : []),
    ]);
  });

  it('maps every state.<name> to state_out.<name> with its dtype, shape and an initial state of that shape', () => {
    const states = config.sequence_batching.state;
    expect(states.map((s) => s.input_name).sort()).toEqual(
      Object.keys(manifest.state)
        .map((n) => `state.${n}`)
        .sort(),
    );
    for (const s of states) {
      const name = s.input_name.slice('state.'.length);
      const want = manifest.state[name]!;
      expect(s.output_name).toBe(`state_out.${name}`);
      expect(s.data_type).toBe(TRITON_TYPE[want.dtype]);
      expect(dims(s)).toEqual(want.shape);
      expect(s.initial_state).toHaveLength(1);
      const init = s.initial_state![0]!;
      expect(init.name).not.toBe('');
      expect(init.data_type).toBe(s.data_type);
      expect(dims(init)).toEqual(want.shape);
      expect(init.data_file ?? init.zero_data).toBeTruthy();
    }
  });

  it("lists exactly model.onnx's inputs and outputs, as the onnxruntime backend counts them (inputs + controls + states)", async () => {
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(join(DEFAULT_WORLD, 'model.onnx'));
    type Meta = { name: string; type: string; shape: number[] };
    const meta = session as unknown as { inputMetadata: Meta[]; outputMetadata: Meta[] };
    const controls = (config.sequence_batching.control_input ?? []).map((c) => c.name);
    const states = config.sequence_batching.state;
    const inputs = [...config.input.map((i) => i.name), ...controls, ...states.map((s) => s.input_name)];
    const outputs = [...config.output.map((o) => o.name), ...states.map((s) => s.output_name)];
    expect([...session.inputNames].sort()).toEqual(inputs.sort());
    expect([...session.outputNames].sort()).toEqual(outputs.sort());
    const declared = new Map<string, { data_type: string; dims: number[] }>([
      ...[...config.input, ...config.output].map((t) => [t.name, { data_type: t.data_type, dims: dims(t) }] as const),
      ...states.flatMap((s) =>
        [s.input_name, s.output_name].map((n) => [n, { data_type: s.data_type, dims: dims(s) }] as const),
      ),
    ]);
    for (const m of [...meta.inputMetadata, ...meta.outputMetadata]) {
      expect({ name: m.name, ...declared.get(m.name) }).toEqual({
        name: m.name,
        data_type: TRITON_TYPE[m.type],
        dims: m.shape,
      });
    }
    await session.release();
  });

  it('has initial-state files from init.onnx whose sizes fit the declared shapes', async () => {
    const bytes = await initialState(0);
    for (const s of config.sequence_batching.state) {
      const init = s.initial_state![0]!;
      expect(init.data_file).toBe(`${s.input_name.slice('state.'.length)}.bin`);
      expect(bytes.get(s.input_name)?.byteLength).toBe(dims(init).reduce((a, b) => a * b, 1) * 4);
    }
  });

  it('pairs with a Nacre remote folder: the default manifest with "remote" instead of state and init (README)', () => {
    const {
      state: _state,
      stateBudgetBytes: _budget,
      init: _init,
      build: _build,
      ...rest
    } = JSON.parse(readFileSync(join(DEFAULT_WORLD, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    const remote = manifestSchema.safeParse({ ...rest, remote: { url: 'grpc://triton:8001', model: config.name } });
    expect(remote.success, remote.error?.message).toBe(true);
    expect(remote.data?.remote?.frames).toBe('raw');
  });

  it('refuses a misspelled field, an unknown enum value and a field in the wrong message', () => {
    const cases = [
      text.replace('max_batch_size: 0', 'max_batch_sise: 0'),
      text.replace('data_type: TYPE_UINT8', 'data_type: TYPE_UNIT8'),
      text.replace('max_sequence_idle_microseconds:', 'max_sequence_idle_micros:'),
      text.replace('instance_group [ { kind: KIND_GPU', 'instance_group [ { kind: KIND_GPU max_candidate_sequences: 2'),
    ];
    for (const bad of cases) {
      expect(bad).not.toBe(text);
      const r = parse(bad);
      expect(r.code, bad).toBe(3);
      expect(r.error).toMatch(/has no field named|has no value named/);
    }
  });
});
