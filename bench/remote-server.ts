/**
 * For bench/remote.ts: the embedded ONNX default world behind the wm/1 gRPC binding in its own process, so a
 * remote step can be set against the in-process step of the very same model (what the wire adds).
 * `tsx bench/remote-server.ts <model dir> [--echo]` prints `listening on 127.0.0.1:PORT` on stderr. With --echo
 * every step answers one frame computed at the start: the wire alone, no model.
 */
import * as grpc from '@grpc/grpc-js';
import jpeg from 'jpeg-js';
import { silentLogger } from '../runtime/core/log.ts';
import { neutralConditions, type Conditions } from '../runtime/core/signals.ts';
import type { Manifest } from '../runtime/core/manifest.ts';
import type { ModelSession } from '../runtime/core/world-model.ts';
import { OnnxWorldModel } from '../models/onnx/model.ts';
import { serviceDefinition, type ModelInferRequest, type ModelInferResponse } from '../models/remote/proto.ts';
import { encodeBytes, readFp32 } from '../models/remote/tensors.ts';

const dir = process.argv[2] ?? 'models/default';
const model = await OnnxWorldModel.load(dir, { lookahead: 0, log: silentLogger() });
const m = model.manifest;
const NAME = 'bench';
const ECHO = process.argv.includes('--echo');
let canned: Awaited<ReturnType<ModelSession['next']>> | undefined;
let cannedJpeg: Buffer | undefined;

function jpegOf(frame: Buffer, quality: number): Buffer {
  if (ECHO && cannedJpeg) return cannedJpeg;
  const encoded = encodeBytes([jpeg.encode({ data: frame, width: m.width, height: m.height }, quality).data]);
  if (ECHO) cannedJpeg = encoded;
  return encoded;
}

/** the action vector back into the conditions the ONNX host encodes (the manifest's slots, reversed) */
function conditions(action: Float32Array, manifest: Manifest): Conditions {
  const axes = { move: [0, 0] as [number, number], look: [0, 0] as [number, number] };
  const actions: Record<string, number> = {};
  manifest.actions.forEach((slot, i) => {
    const axis = /^(move|look)\[([01])\]$/.exec(slot.condition);
    if (axis) axes[axis[1] as 'move' | 'look'][Number(axis[2])] = action[i]!;
    else actions[slot.condition.slice('actions.'.length)] = action[i]!;
  });
  return { ...neutralConditions(), ...axes, actions };
}

const metadata = {
  name: NAME,
  versions: ['1'],
  platform: 'onnx-bench',
  inputs: [
    { name: 'action', datatype: 'FP32', shape: [1, m.actions.length] },
    ...(m.style ? [{ name: 'style', datatype: 'FP32', shape: [1, m.style.size] }] : []),
    { name: 'seed', datatype: 'FP32', shape: [1, 1] },
  ],
  outputs: [
    { name: 'frame', datatype: 'UINT8', shape: [1, m.height, m.width, 4] },
    { name: 'frame_jpeg', datatype: 'BYTES', shape: [1] },
    ...(m.audio ? [{ name: 'audio', datatype: 'FP32', shape: [1, m.audio.channels, m.audio.samplesPerStep] }] : []),
  ],
};

let session: ModelSession | undefined;

async function infer(req: ModelInferRequest): Promise<ModelInferResponse> {
  const at = (n: string) => req.raw_input_contents[req.inputs.findIndex((t) => t.name === n)];
  if (req.parameters?.sequence_start?.bool_param)
    session = await model.openSession({ seed: readFp32(at('seed') ?? new Uint8Array(4))[0]! });
  session!.push(conditions(readFp32(at('action')!), m));
  const out = ECHO ? (canned ??= await session!.next()) : await session!.next();
  const r: ModelInferResponse = {
    model_name: NAME,
    id: req.id ?? '',
    parameters: {},
    outputs: [],
    raw_output_contents: [],
  };
  for (const { name, parameters } of req.outputs ?? []) {
    const meta = metadata.outputs.find((o) => o.name === name)!;
    r.outputs.push(meta);
    const frame = Buffer.from(
      out.frames[0]!.data.buffer,
      out.frames[0]!.data.byteOffset,
      out.frames[0]!.data.byteLength,
    );
    if (name === 'frame') r.raw_output_contents.push(frame);
    else if (name === 'frame_jpeg')
      r.raw_output_contents.push(jpegOf(frame, Number(parameters?.quality?.int64_param ?? 85)));
    else
      r.raw_output_contents.push(
        Buffer.from(out.audio!.data.buffer, out.audio!.data.byteOffset, out.audio!.data.byteLength),
      );
  }
  return r;
}

const unary = (answer: object) => (_call: unknown, cb: grpc.sendUnaryData<object>) => cb(null, answer);
const server = new grpc.Server({
  'grpc.max_send_message_length': 64 << 20,
  'grpc.max_receive_message_length': 64 << 20,
  'grpc-node.flow_control_window': 16 << 20,
});
server.addService(serviceDefinition(), {
  ServerLive: unary({ live: true }),
  ServerReady: unary({ ready: true }),
  ModelReady: unary({ ready: true }),
  ModelMetadata: unary(metadata),
  ModelInfer: unary({}),
  ModelStreamInfer: (call: grpc.ServerDuplexStream<ModelInferRequest, object>) => {
    let chain = Promise.resolve();
    call.on('data', (req: ModelInferRequest) => {
      chain = chain.then(async () => void call.write({ error_message: '', infer_response: await infer(req) }));
    });
    call.on('end', () => void chain.then(() => call.end()));
    call.on('error', () => undefined);
  },
});
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) throw err;
  process.stderr.write(`listening on 127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => server.tryShutdown(() => void model.close().then(() => process.exit(0))));
