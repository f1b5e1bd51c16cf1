/**
 * The remote client's faults over real gRPC against the in-process stand-in: a server down at start, killed
 * mid-visit, stalled, answering errors or malformed tensors, dropping the sequence; wrong metadata at connect.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import type { ModelSession } from '../../runtime/core/world-model.ts';
import {
  startStandIn,
  writeRemoteTinyFolder,
  type StandIn,
  type StandInOptions,
} from '../../test/helpers/inference-stand-in.ts';
import { RemoteWorldModel } from './model.ts';
import type { ModelInferResponse, ModelMetadataResponse } from './proto.ts';

const log = silentLogger();
let server: StandIn | undefined;
let model: RemoteWorldModel | undefined;

afterEach(async () => {
  await model?.close();
  await server?.stop();
  model = undefined;
  server = undefined;
});

/** a visit two steps in (step 3 in flight), and the model's first failure */
async function visit(
  opts: StandInOptions = {},
  remote: Record<string, unknown> = {},
): Promise<{ s: ModelSession; failed: Promise<{ err: Error }> }> {
  server = await startStandIn(opts);
  model = await RemoteWorldModel.load(await writeRemoteTinyFolder({ url: server.url, ...remote }), {
    log,
    lookahead: 1,
  });
  const s = await model.openSession({ seed: 1 });
  await s.next();
  await s.next();
  const failed = new Promise<{ err: Error }>((resolve) => model!.onFailure((err) => resolve({ err })));
  return { s, failed };
}

describe('remote model faults', () => {
  it('a server down at start: load rejects naming the server', async () => {
    const probe = await startStandIn();
    const url = probe.url;
    await probe.stop();
    const dir = await writeRemoteTinyFolder({ url });
    const t0 = performance.now();
    await expect(RemoteWorldModel.load(dir, { log })).rejects.toThrow(
      new RegExp(`^${url} model "tiny": the server cannot be reached \\(ServerLive: UNAVAILABLE`),
    );
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('killed mid-visit: onFailure well within 1 s, the step rejects; after a restart a new sequence starts', async () => {
    const { s, failed } = await visit();
    const port = server!.port;
    const t0 = performance.now();
    server!.kill();
    const { err } = await failed;
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(err.message).toMatch(/model "tiny": the stream failed: (UNAVAILABLE|CANCELLED|INTERNAL)/);
    await expect(s.next()).rejects.toThrow(/the stream failed/);
    await expect(model!.openSession()).rejects.toThrow(/the stream failed/);
    await model!.close();
    server = await startStandIn({}, port);
    model = await RemoteWorldModel.load(await writeRemoteTinyFolder({ url: server.url }), { log });
    const again = await model.openSession();
    await again.next();
    expect(server.requests[0]!.parameters!.sequence_start!.bool_param).toBe(true);
  });

  it('a stalled server: onFailure after stepTimeoutMs with the step that waits', async () => {
    const { s, failed } = await visit({}, { stepTimeoutMs: 300 });
    server!.hook = () => 'stall';
    const t0 = performance.now();
    const step = s.next().then(() => s.next());
    const { err } = await failed;
    expect(performance.now() - t0).toBeGreaterThan(250);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(err.message).toMatch(/no answer for 300 ms \(step \d+\): the server stalled/);
    await expect(step).rejects.toThrow(/the server stalled/);
  });

  it('an error answer rejects that step only; the visit goes on', async () => {
    const { s } = await visit();
    let failures = 0;
    model!.onFailure(() => failures++);
    server!.hook = (req) =>
      req.id === '4' ? { error: "INTERNAL: sequence 1: the model's step failed: CUDA out of memory" } : undefined;
    await s.next(); // step 3
    await expect(s.next()).rejects.toThrow(/model "tiny": step 4 failed on the server: INTERNAL: .*CUDA out of memory/);
    expect((await s.next()).frames).toHaveLength(1);
    expect(failures).toBe(0);
  });

  it('a sequence the server dropped: onFailure, so the keeper opens a new one', async () => {
    const { s, failed } = await visit();
    server!.sequences.clear(); // an idle timeout or a restart behind a load balancer
    const step = s.next().then(() => s.next());
    const { err } = await failed;
    expect(err.message).toMatch(/the server dropped the sequence: NOT_FOUND: sequence \d+ is not open/);
    await expect(step).rejects.toThrow(/sequence \d+ is not open/);
  });

  const malformed: [string, (r: ModelInferResponse) => void, RegExp][] = [
    [
      'a short frame',
      (r) => (r.raw_output_contents[0] = r.raw_output_contents[0]!.subarray(0, 100)),
      /output "frame" carries 100 bytes, UINT8 \[1, 24, 32, 4\] is 3072/,
    ],
    [
      'a frame of another shape',
      (r) => (r.outputs[0]!.shape = [1, 12, 64, 4]),
      /output "frame" is UINT8 \[1, 12, 64, 4\], expected UINT8 \[1, 24, 32, 4\]/,
    ],
    [
      'no audio',
      (r) => {
        r.outputs.pop();
        r.raw_output_contents.pop();
      },
      /the response has no output "audio" \(it has frame\)/,
    ],
    [
      'tensors without raw contents',
      (r) => (r.raw_output_contents = []),
      /the response lists 2 outputs but carries 0 raw_output_contents/,
    ],
    ['audio as FP16', (r) => (r.outputs[1]!.datatype = 'FP16'), /output "audio" is FP16 \[1, 1, 200\], expected FP32/],
  ];
  for (const [what, mutate, message] of malformed) {
    it(`a malformed answer (${what}) rejects that step with what was wrong`, async () => {
      const { s } = await visit();
      server!.hook = (req) => (req.id === '4' ? mutate : undefined);
      await s.next();
      await expect(s.next()).rejects.toThrow(new RegExp(`model "tiny": step 4: ${message.source}`));
      expect((await s.next()).frames[0]!.data).toHaveLength(32 * 24 * 4);
    });
  }

  it('a JPEG that does not decode rejects that step', async () => {
    const { s } = await visit({}, { frames: 'jpeg' });
    server!.hook = (req) =>
      req.id === '4' ? (r) => (r.raw_output_contents[0] = Buffer.from([4, 0, 0, 0, 1, 2, 3, 4])) : undefined;
    await s.next();
    await expect(s.next()).rejects.toThrow(/step 4: JPEG frame cannot be decoded/);
    expect((await s.next()).frames).toHaveLength(1);
  });

  it('crash() cancels the stream as a crash would', async () => {
    const { s, failed } = await visit();
    model!.crash();
    expect((await failed).err.message).toMatch(/cancelled \(crash requested\)/);
    await expect(s.next()).rejects.toThrow(/crash requested/);
  });
});

describe('remote model: ModelMetadata against the manifest at connect', () => {
  const cases: [string, (md: ModelMetadataResponse) => void, RegExp][] = [
    [
      'action of another size',
      (md) => (md.inputs[0]!.shape = [1, 4]),
      /input "action" is FP32 \[1, 4\] on the server, the manifest needs FP32 \[1, 3\]/,
    ],
    [
      'frame of another size',
      (md) => (md.outputs[0]!.shape = [1, 48, 64, 4]),
      /output "frame" is UINT8 \[1, 48, 64, 4\] on the server, the manifest needs UINT8 \[1, 24, 32, 4\]/,
    ],
    [
      'frame as FP32',
      (md) => (md.outputs[0]!.datatype = 'FP32'),
      /output "frame" is FP32 \[1, 24, 32, 4\] on the server, the manifest needs UINT8/,
    ],
    [
      'no audio',
      (md) => md.outputs.splice(2, 1),
      /the server.s ModelMetadata lists no output "audio" \(outputs: frame, frame_jpeg\); wm\/1 needs FP32 \[1, 1, 200\]/,
    ],
    [
      'an input wm/1 does not know',
      (md) => md.inputs.push({ name: 'depth', datatype: 'FP32', shape: [1, 1] }),
      /input "depth" is no wm\/1 input/,
    ],
    [
      'image without image_present',
      (md) => md.inputs.push({ name: 'image', datatype: 'UINT8', shape: [1, 8, 8, 3] }),
      /the server.s ModelMetadata lists no input "image_present" \(inputs: action, style, seed, image\); wm\/1 needs FP32 \[1, 1\]/,
    ],
  ];
  for (const [what, patch, message] of cases) {
    it(`${what}: a clear ModelLoadError naming the server, the model and the tensor`, async () => {
      server = await startStandIn({ metadata: patch });
      const dir = await writeRemoteTinyFolder({ url: server.url });
      await expect(RemoteWorldModel.load(dir, { log })).rejects.toThrow(
        new RegExp(`^grpc://127\\.0\\.0\\.1:\\d+ model "tiny": ${message.source}`),
      );
    });
  }

  it('a model the server does not serve', async () => {
    server = await startStandIn();
    const dir = await writeRemoteTinyFolder({ url: server.url, model: 'matrix-game' });
    await expect(RemoteWorldModel.load(dir, { log })).rejects.toThrow(
      /model "matrix-game" is not ready on the server \(ModelReady: false\)/,
    );
  });

  it('JPEG frames asked of a server that gives none', async () => {
    server = await startStandIn({ metadata: (md) => md.outputs.splice(1, 1) });
    const dir = await writeRemoteTinyFolder({ url: server.url, frames: 'jpeg' });
    await expect(RemoteWorldModel.load(dir, { log })).rejects.toThrow(/lists no output "frame_jpeg"/);
  });
});
