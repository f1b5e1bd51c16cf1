/**
 * The tiny scroller of tiny-model.ts computed in JavaScript and spoken in KServe v2 tensors: its metadata, its
 * step, and one ModelInferRequest answered with the frame, JPEG and audio outputs asked for. The gRPC server
 * around it is inference-stand-in.ts.
 */
import {
  type ModelInferRequest,
  type ModelInferResponse,
  type ModelMetadataResponse,
  type TensorMetadata,
} from '../../models/remote/proto.ts';
import { encodeBytes, readFp32 } from '../../models/remote/tensors.ts';
import { TINY } from './tiny-model.ts';
import jpeg from 'jpeg-js';

export interface TinyState {
  px: number;
  py: number;
  phase: number;
  steps: number;
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

export function param(req: ModelInferRequest, name: string): string | boolean | undefined {
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

/** the tiny scroller behind the server: its open sequences, and each request answered or refused */
export class TinyServer {
  readonly requests: ModelInferRequest[] = [];
  readonly sequences = new Map<string, TinyState>();
  readonly prompts: string[] = [];

  constructor(private readonly o: { model: string; takesPrompt?: boolean }) {}

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
