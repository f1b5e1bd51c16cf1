/** One model step as a ModelInferRequest, and its ModelInferResponse as frames + audio (wm/1 binding). */
import type { Manifest, RemoteSpec } from '../../runtime/core/manifest.ts';
import type { AudioChunk, Frame } from '../../runtime/core/world-model.ts';
import type { JpegDecoder } from './jpeg.ts';
import type { RemoteIO } from './metadata.ts';
import type { InferParameter, ModelInferRequest, ModelInferResponse } from './proto.ts';
import {
  bytesInput,
  decodeBytes,
  expectOutput,
  fp32Input,
  readFp32,
  responseOutputs,
  uint8Input,
  type InputTensor,
} from './tensors.ts';

export interface StepInput {
  id: string;
  /** uint64 as a decimal string */
  sequenceId: string;
  start: boolean;
  end: boolean;
  action: Float32Array;
  style?: Float32Array | undefined;
  prompt?: string | undefined;
  /** first request of a sequence only */
  seed?: number;
  /** the starting picture at the model's image size, rgb24 (first request only) */
  image?: Uint8Array | undefined;
}

function firstInputs(io: RemoteIO, s: StepInput): InputTensor[] {
  const inputs: InputTensor[] = [];
  if (io.seed) inputs.push(fp32Input('seed', [1, 1], Float32Array.of(s.seed ?? 0)));
  if (io.image) {
    const { width, height } = io.image;
    inputs.push(uint8Input('image', [1, height, width, 3], s.image ?? new Uint8Array(width * height * 3)));
    inputs.push(fp32Input('image_present', [1, 1], Float32Array.of(s.image ? 1 : 0)));
  }
  return inputs;
}

export function stepRequest(spec: RemoteSpec, io: RemoteIO, s: StepInput): ModelInferRequest {
  const parameters: Record<string, InferParameter> = { sequence_id: { uint64_param: s.sequenceId } };
  if (s.start) parameters.sequence_start = { bool_param: true };
  if (s.end) parameters.sequence_end = { bool_param: true };
  const inputs: InputTensor[] = [fp32Input('action', [1, s.action.length], s.action)];
  if (io.style && s.style) inputs.push(fp32Input('style', [1, s.style.length], s.style));
  if (io.prompt && s.prompt !== undefined) inputs.push(bytesInput('prompt', [Buffer.from(s.prompt, 'utf8')]));
  if (s.start) inputs.push(...firstInputs(io, s));
  const frame =
    io.frames === 'jpeg'
      ? {
          name: 'frame_jpeg',
          ...(spec.jpegQuality ? { parameters: { quality: { int64_param: spec.jpegQuality } } } : {}),
        }
      : { name: 'frame' };
  return {
    model_name: spec.model,
    model_version: spec.version ?? '',
    id: s.id,
    parameters,
    inputs: inputs.map((t) => t.meta),
    outputs: [frame, ...(io.audio ? [{ name: 'audio' }] : [])],
    raw_input_contents: inputs.map((t) => t.raw),
  };
}

export interface DecodedStep {
  frames: Frame[];
  audio?: AudioChunk;
  /** the server's prompt_used parameter, when the step carried a prompt */
  promptUsed?: boolean;
  /** bytes of frame data that came over the wire */
  frameBytes: number;
}

/** the response's frames and audio; throws an Error naming the tensor and what was wrong */
export async function decodeStep(
  r: ModelInferResponse,
  m: Manifest,
  io: RemoteIO,
  step: number,
  jpeg: JpegDecoder | undefined,
): Promise<DecodedStep> {
  const outputs = responseOutputs(r);
  const { width, height, framesPerStep: t } = m;
  let pixels: Uint8Array[];
  let frameBytes: number;
  if (io.frames === 'jpeg') {
    const raw = expectOutput(outputs, 'frame_jpeg', 'BYTES', io.frameShape).raw;
    frameBytes = raw.byteLength;
    const jpegs = (() => {
      try {
        return decodeBytes(raw, t);
      } catch (err) {
        throw new Error(`output "frame_jpeg" ${(err as Error).message}`);
      }
    })();
    if (!jpeg) throw new Error('no JPEG decoder');
    pixels = await jpeg.decode(jpegs, width, height);
  } else {
    const raw = expectOutput(outputs, 'frame', 'UINT8', io.frameShape).raw;
    frameBytes = raw.byteLength;
    const size = width * height * 4;
    pixels = Array.from({ length: t }, (_, i) => alignedFrame(raw, i * size, size));
  }
  const at = performance.now();
  const frames = pixels.map((data) => ({ width, height, data, step, at }));
  const audio =
    io.audio && m.audio
      ? audioChunk(readFp32(expectOutput(outputs, 'audio', 'FP32', io.audio).raw), m.audio, step)
      : undefined;
  const used = r.parameters?.prompt_used;
  return {
    frames,
    frameBytes,
    ...(audio ? { audio } : {}),
    ...(used?.bool_param !== undefined ? { promptUsed: used.bool_param } : {}),
  };
}

/**
 * One frame of the response as a view when it starts on a 4-byte boundary (frames are read as 32-bit
 * pixels downstream), else as a copy: where a frame lands in the gRPC message is the server's business.
 */
function alignedFrame(raw: Uint8Array, offset: number, size: number): Uint8Array {
  const start = raw.byteOffset + offset;
  return start % 4 === 0
    ? new Uint8Array(raw.buffer, start, size)
    : new Uint8Array(raw.subarray(offset, offset + size));
}

function audioChunk(data: Float32Array, a: NonNullable<Manifest['audio']>, step: number): AudioChunk {
  return { rate: a.rate, channels: a.channels, samples: a.samplesPerStep, data, step };
}
