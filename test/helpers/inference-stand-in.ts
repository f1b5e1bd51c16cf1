/**
 * A small in-process KServe v2 gRPC server (models/remote/proto/grpc_service.proto) serving the tiny scroller
 * of tiny-model.ts computed in JavaScript, with Triton's sequence extension: a stand-in for unit tests of the
 * remote client below the real tests against `nacre model-server` (test/e2e/remote-model.test.ts). Hooks
 * make it stall, answer errors or malformed tensors, list other metadata, or die.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import {
  serviceDefinition,
  type ModelInferRequest,
  type ModelInferResponse,
  type ModelMetadataResponse,
  type TensorMetadata,
} from '../../models/remote/proto.ts';
import { encodeBytes, readFp32 } from '../../models/remote/tensors.ts';
import { TINY, tinyManifest } from './tiny-model.ts';
import jpeg from 'jpeg-js';

export interface TinyState {
  px: number;
  py: number;
  phase: number;
  steps: number;
}

/** what a hook may make of one request: the normal answer (undefined), an error, silence, or a changed answer */
export type StepHook = (
  req: ModelInferRequest,
  seq: string,
) => undefined | { error: string } | 'stall' | ((r: ModelInferResponse) => void);

export interface StandInOptions {
  model?: string;
  /** replaces the metadata the server lists */
  metadata?: (md: ModelMetadataResponse) => void;
  takesPrompt?: boolean;
  token?: string;
  tls?: { key: Buffer; cert: Buffer };
  live?: boolean;
}

export interface StandIn {
  port: number;
  url: string;
  requests: ModelInferRequest[];
  sequences: Map<string, TinyState>;
  prompts: string[];
  hook: StepHook | undefined;
  /** ends every call at once and stops listening, as a killed server would */
  kill(): void;
  stop(): Promise<void>;
}

export function tinyMetadata(name: string, takesPrompt: boolean): ModelMetadataResponse {
  const { width: W, height: H, samples: N } = TINY;
  const t = (n: string, datatype: string, shape: number[]): TensorMetadata => ({ name: n, datatype, shape });
  const inputs = [t('action', 'FP32', [1, 3]), t('style', 'FP32', [1, 2]), t('seed', 'FP32', [1, 1])];
  if (takesPrompt) inputs.push(t('prompt', 'BYTES', [1]));
  const outputs = [t('frame', 'UINT8', [1, H, W, 4]), t('frame_jpeg', 'BYTES', [1]), t('audio', 'FP32', [1, 1, N])];
  return { name, versions: ['1'], platform: 'stand-in', inputs, outputs };
}

/** the tiny scroller's step, as tiny-model.ts builds it in ONNX */
export function tinyStep(
  s: TinyState,
  action: Float32Array,
  style: Float32Array,
): { frame: Uint8Array; audio: Float32Array } {
  const { width: W, height: H, rate, samples: N } = TINY;
  s.px = Math.fround(s.px + 0.5 * action[2]!);
  s.py = Math.fround(s.py + 0.5 * action[1]!);
  const frame = new Uint8Array(W * H * 4);
  const clip = (v: number) => Math.max(0, Math.min(255, Math.trunc(v)));
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4;
      frame[i] = clip((Math.sin(x * 0.6 + s.px) * 100 + 128) * style[0]!);
      frame[i + 1] = clip(Math.sin(y * 0.6 - s.py) * 100 + 128);
      frame[i + 2] = clip(style[1]! * 255);
      frame[i + 3] = 255;
    }
  }
  const audio = Float32Array.from({ length: N }, (_, n) => Math.sin(2 * Math.PI * (s.phase + (n * 440) / rate)) * 0.2);
  const next = s.phase + (440 * N) / rate;
  s.phase = next - Math.floor(next);
  s.steps++;
  return { frame, audio };
}

function param(req: ModelInferRequest, name: string): string | boolean | undefined {
  const p = req.parameters?.[name];
  return (
    p?.bool_param ??
    (p?.uint64_param !== undefined
      ? String(p.uint64_param)
      : p?.int64_param !== undefined
        ? String(p.int64_param)
        : undefined)
  );
}

function input(req: ModelInferRequest, name: string): Uint8Array | undefined {
  const i = req.inputs.findIndex((t) => t.name === name);
  return i < 0 ? undefined : req.raw_input_contents[i];
}

class TinyServer {
  readonly requests: ModelInferRequest[] = [];
  readonly sequences = new Map<string, TinyState>();
  readonly prompts: string[] = [];
  hook: StepHook | undefined;

  constructor(private readonly o: StandInOptions & { model: string }) {}

  /** one request -> its answer, or an error message ("CODE: text") */
  infer(req: ModelInferRequest): ModelInferResponse | string {
    this.requests.push(req);
    const seq = String(param(req, 'sequence_id') ?? '');
    if (req.model_name !== this.o.model) return `NOT_FOUND: model "${req.model_name}" is not served here`;
    let state = this.sequences.get(seq);
    if (param(req, 'sequence_start') === true) {
      const seed = input(req, 'seed');
      state = { px: seed ? readFp32(seed)[0]! : 0, py: 0, phase: 0, steps: 0 };
      this.sequences.set(seq, state);
    }
    if (!state)
      return `NOT_FOUND: sequence ${seq} is not open on this server: its first request must set sequence_start`;
    const action = input(req, 'action');
    if (!action || action.byteLength !== 12) return 'INVALID_ARGUMENT: input "action" must be FP32 [1, 3]';
    const prompt = input(req, 'prompt');
    if (prompt) this.prompts.push(Buffer.from(prompt.subarray(4)).toString('utf8'));
    const style = input(req, 'style');
    const { frame, audio } = tinyStep(state, readFp32(action), style ? readFp32(style) : Float32Array.of(1, 0.1));
    if (param(req, 'sequence_end') === true) this.sequences.delete(seq);
    return this.response(req, frame, audio, prompt !== undefined);
  }

  private response(
    req: ModelInferRequest,
    frame: Uint8Array,
    audio: Float32Array,
    prompted: boolean,
  ): ModelInferResponse {
    const { width: W, height: H, samples: N } = TINY;
    const wanted = req.outputs?.length ? req.outputs.map((o) => o.name) : ['frame', 'audio'];
    const r: ModelInferResponse = {
      model_name: this.o.model,
      model_version: '1',
      id: req.id ?? '',
      parameters: {},
      outputs: [],
      raw_output_contents: [],
    };
    if (prompted) r.parameters.prompt_used = { bool_param: this.o.takesPrompt ?? false };
    for (const name of wanted) {
      if (name === 'frame') {
        r.outputs.push({ name, datatype: 'UINT8', shape: [1, H, W, 4] });
        r.raw_output_contents.push(Buffer.from(frame));
      } else if (name === 'frame_jpeg') {
        r.outputs.push({ name, datatype: 'BYTES', shape: [1] });
        r.raw_output_contents.push(
          encodeBytes([jpeg.encode({ data: Buffer.from(frame), width: W, height: H }, 90).data]),
        );
      } else if (name === 'audio') {
        r.outputs.push({ name, datatype: 'FP32', shape: [1, 1, N] });
        r.raw_output_contents.push(Buffer.from(audio.buffer));
      }
    }
    return r;
  }
}

function authorised(o: StandInOptions, md: grpc.Metadata): boolean {
  return !o.token || md.get('authorization')[0] === `Bearer ${o.token}`;
}

function handlers(o: StandInOptions & { model: string }, tiny: TinyServer): grpc.UntypedServiceImplementation {
  const unary =
    (answer: (req: { name?: string }) => object) =>
    (call: grpc.ServerUnaryCall<{ name?: string }, object>, cb: grpc.sendUnaryData<object>) => {
      if (!authorised(o, call.metadata))
        return cb({ code: grpc.status.UNAUTHENTICATED, details: 'bad or missing bearer token' });
      cb(null, answer(call.request));
    };
  return {
    ServerLive: unary(() => ({ live: o.live ?? true })),
    ServerReady: unary(() => ({ ready: true })),
    ModelReady: unary((r) => ({ ready: r.name === o.model })),
    ModelMetadata: unary(() => {
      const md = tinyMetadata(o.model, o.takesPrompt ?? false);
      o.metadata?.(md);
      return md;
    }),
    ModelInfer: unary(() => ({})),
    ModelStreamInfer: (call: grpc.ServerDuplexStream<ModelInferRequest, object>) => {
      if (!authorised(o, call.metadata))
        return call.destroy(Object.assign(new Error('bad token'), { code: grpc.status.UNAUTHENTICATED }));
      call.on('data', (req: ModelInferRequest) => {
        const hooked = tiny.hook?.(req, String(param(req, 'sequence_id')));
        if (hooked === 'stall') return;
        if (hooked && typeof hooked === 'object')
          return call.write({ error_message: hooked.error, infer_response: { id: req.id } });
        const r = tiny.infer(req);
        if (typeof r === 'string') return call.write({ error_message: r, infer_response: { id: req.id } });
        if (typeof hooked === 'function') hooked(r);
        call.write({ error_message: '', infer_response: r });
      });
      call.on('end', () => call.end());
      call.on('error', () => undefined);
    },
  };
}

export async function startStandIn(opts: StandInOptions = {}, port = 0): Promise<StandIn> {
  const o = { ...opts, model: opts.model ?? 'tiny' };
  const tiny = new TinyServer(o);
  const server = new grpc.Server({
    'grpc.max_receive_message_length': 64 << 20,
    'grpc.max_send_message_length': 64 << 20,
  });
  server.addService(serviceDefinition(), handlers(o, tiny));
  const creds = o.tls
    ? grpc.ServerCredentials.createSsl(null, [{ private_key: o.tls.key, cert_chain: o.tls.cert }])
    : grpc.ServerCredentials.createInsecure();
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, creds, (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    port: bound,
    url: `${o.tls ? 'grpcs' : 'grpc'}://127.0.0.1:${bound}`,
    requests: tiny.requests,
    sequences: tiny.sequences,
    prompts: tiny.prompts,
    get hook() {
      return tiny.hook;
    },
    set hook(h) {
      tiny.hook = h;
    },
    kill: () => server.forceShutdown(),
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

/** a remote model folder for the tiny scroller: its manifest without state, with `remote` (extra merged in) */
export async function writeRemoteTinyFolder(
  remote: Record<string, unknown>,
  patch?: (m: Record<string, unknown>) => void,
): Promise<string> {
  const m = tinyManifest();
  delete m.state;
  delete m.stateBudgetBytes;
  m.remote = { model: 'tiny', ...remote };
  patch?.(m);
  const dir = await mkdtemp(join(tmpdir(), 'nacre-remote-'));
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(m, null, 1));
  return dir;
}

/** a CA and a server certificate for 127.0.0.1 / localhost, made with openssl into `dir` */
export function makeCertificates(dir: string): { ca: string; key: Buffer; cert: Buffer } {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=nacre test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  ]);
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
  ]);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'san.ext',
    '-out',
    'server.pem',
  ]);
  return {
    ca: join(dir, 'ca.pem'),
    key: readFileSync(join(dir, 'server.key')),
    cert: readFileSync(join(dir, 'server.pem')),
  };
}
