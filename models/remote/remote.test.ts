/**
 * The remote client over real gRPC against the in-process stand-in (test/helpers/inference-stand-in.ts):
 * the binding's requests, instructions, connect checks, TLS and the token. Faults: faults.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import { manifestSchema } from '../../runtime/core/manifest.ts';
import { tinyManifest } from '../../test/helpers/tiny-model.ts';
import { startStandIn, writeRemoteTinyFolder, type StandIn } from '../../test/helpers/inference-stand-in.ts';
import { makeCertificates } from '../../test/helpers/tls-certificates.ts';
import { loadWorldModel, remoteBackend } from '../backends.ts';
import type { ModelInferRequest } from './proto.ts';
import { RemoteWorldModel, type RemoteModelOptions } from './model.ts';

const log = silentLogger();
const names = (r: ModelInferRequest) => r.inputs.map((t) => t.name);
const param = (r: ModelInferRequest, n: string) => r.parameters?.[n];

describe('remote model: the wm/1 binding', () => {
  let server: StandIn;
  let model: RemoteWorldModel | undefined;
  beforeAll(async () => {
    server = await startStandIn({ takesPrompt: true });
  });
  afterEach(async () => {
    await model?.close();
    model = undefined;
    server.requests.length = 0;
  });
  afterAll(() => server.stop());

  const load = async (remote: Record<string, unknown> = {}, opts: RemoteModelOptions = {}) =>
    (model = await RemoteWorldModel.load(await writeRemoteTinyFolder({ url: server.url, ...remote }), {
      log,
      ...opts,
    }));

  it('is the backend of a folder with "remote" and no model.onnx', async () => {
    const dir = await writeRemoteTinyFolder({ url: server.url });
    expect(remoteBackend.accepts({ remote: {} }, { modelOnnx: false })).toBe(true);
    expect(remoteBackend.accepts({ remote: {} }, { modelOnnx: true })).toBe(false);
    model = (await loadWorldModel(dir, { log })) as RemoteWorldModel;
    expect(model.describe()).toEqual({ backend: 'remote', where: `${server.url} model "tiny"` });
  });

  it('one sequence per world: start on its first request, end when it closes, one request per step', async () => {
    const m = await load({}, { lookahead: 0 });
    const s = await m.openSession({ seed: 2 });
    s.push({ move: [0, 1], look: [0.5, 0] });
    for (let i = 0; i < 3; i++) await s.next();
    const sequence = m.describe().sequence!;
    expect(sequence).toMatch(/^\d+$/);
    await s.close();
    await s.close();
    const reqs = server.requests;
    expect(reqs).toHaveLength(4);
    expect(reqs.map((r) => String(param(r, 'sequence_id')?.uint64_param))).toEqual(Array(4).fill(sequence));
    expect(reqs.map((r) => param(r, 'sequence_start')?.bool_param ?? false)).toEqual([true, false, false, false]);
    expect(reqs.map((r) => param(r, 'sequence_end')?.bool_param ?? false)).toEqual([false, false, false, true]);
    expect(names(reqs[0]!)).toEqual(['action', 'style', 'seed']);
    expect(names(reqs[1]!)).toEqual(['action', 'style']);
    expect(reqs.map((r) => r.id)).toEqual(['1', '2', '3', '4']);
    expect(new Float32Array(new Uint8Array(reqs[1]!.raw_input_contents[0]!).buffer)).toEqual(
      Float32Array.of(0, 1, 0.5),
    );
    expect(reqs[0]!.outputs!.map((o) => o.name)).toEqual(['frame', 'audio']);
    expect(server.sequences.size).toBe(0);
  });

  it('a new world is a new sequence, and the one it replaces is ended', async () => {
    const m = await load();
    const a = await m.openSession({ seed: 1 });
    await a.next();
    const first = m.describe().sequence;
    const b = await m.openSession({ seed: 1 });
    expect(a.closed).toBe(true);
    await b.next();
    expect(m.describe().sequence).not.toBe(first);
    expect([...server.sequences.keys()]).toEqual([m.describe().sequence]);
  });

  it('keeps `lookahead` requests in flight', async () => {
    const m = await load({}, { lookahead: 1 });
    const s = await m.openSession();
    await s.next();
    await s.next();
    await new Promise((r) => setTimeout(r, 50));
    expect(server.requests).toHaveLength(3);
    expect(m.describe().roundTripMs).toBeGreaterThan(0);
  });

  it("an instruction's text goes to a model that lists `prompt`, on one step only", async () => {
    const m = await load({}, { lookahead: 0 });
    const s = await m.openSession();
    await s.next();
    const ack = s.instruct({ text: 'a storm over the ice' });
    expect(ack).toMatchObject({ accepted: true });
    expect(ack.effect).toMatch(/text sent to tiny with step 2: "a storm over the ice"/);
    await s.next();
    await s.next();
    expect(server.prompts).toEqual(['a storm over the ice']);
    expect(server.requests.map((r) => names(r).includes('prompt'))).toEqual([false, true, false]);
    expect(s.style).toBe('warm'); // no keyword matching on our side: the model got the words
  });

  it("a model without `prompt` gets no text; the manifest's style presets answer instead", async () => {
    const plain = await startStandIn({ takesPrompt: false });
    try {
      const m = (model = await RemoteWorldModel.load(await writeRemoteTinyFolder({ url: plain.url }), {
        log,
        lookahead: 0,
      }));
      const s = await m.openSession();
      const ack = s.instruct({ text: 'make it cold' });
      expect(ack).toMatchObject({ accepted: true, style: 'cold' });
      expect(ack.effect).toMatch(/style warm -> cold .*takes no text/);
      await s.next();
      expect(names(plain.requests[0]!)).not.toContain('prompt');
      expect(new Float32Array(new Uint8Array(plain.requests[0]!.raw_input_contents[1]!).buffer)).toEqual(
        Float32Array.of(0.2, 1),
      );
    } finally {
      await model?.close();
      model = undefined;
      await plain.stop();
    }
  });

  it('saveState and restoreState reject clearly: the state lives in the server', async () => {
    const s = await (await load()).openSession();
    await expect(s.saveState()).rejects.toThrow(/cannot save a world: its state lives in the server/);
    await expect(s.restoreState({ model: 'tiny-scroller', step: 1, tensors: {} })).rejects.toThrow(
      /cannot restore a world/,
    );
  });

  it('a starting picture needs a model that lists `image`', async () => {
    const s = (await load()).openSession({ image: { data: new Uint8Array(12), width: 2, height: 2 } });
    await expect(s).rejects.toThrow(/cannot start from a picture \(its ModelMetadata lists no "image" input\)/);
  });
});

describe('remote model: TLS and the token', () => {
  const certs = makeCertificates(mkdtempSync(join(tmpdir(), 'nacre-certs-')));
  let server: StandIn;
  beforeAll(async () => {
    server = await startStandIn({ tls: { key: certs.key, cert: certs.cert }, token: 's3cret' });
  });
  afterAll(() => server.stop());

  it('grpcs:// with the CA file and the token from its environment variable', async () => {
    const dir = await writeRemoteTinyFolder({ url: server.url, caFile: certs.ca, tokenEnv: 'TINY_TOKEN' });
    const m = await RemoteWorldModel.load(dir, { log, env: { TINY_TOKEN: 's3cret' } });
    try {
      const s = await m.openSession();
      expect((await s.next()).frames).toHaveLength(1);
    } finally {
      await m.close();
    }
  });

  it('a missing token is refused at connect, naming the variable to set', async () => {
    const dir = await writeRemoteTinyFolder({ url: server.url, caFile: certs.ca });
    await expect(RemoteWorldModel.load(dir, { log, env: {} })).rejects.toThrow(
      /ServerLive was refused: UNAUTHENTICATED.*token's environment variable/,
    );
  });

  it('a server certificate no trusted CA signed is refused', async () => {
    const dir = await writeRemoteTinyFolder({ url: server.url });
    await expect(RemoteWorldModel.load(dir, { log, env: { NACRE_MODEL_TOKEN: 's3cret' } })).rejects.toThrow(
      /grpcs:\/\/127\.0\.0\.1:\d+ model "tiny": the server cannot be reached \(ServerLive: UNAVAILABLE/,
    );
  });
});

describe("the manifest's remote entry", () => {
  const base = () => {
    const m = tinyManifest();
    delete m.state;
    delete m.stateBudgetBytes;
    return m;
  };

  it('a remote model needs no state; its defaults are filled in', () => {
    const m = manifestSchema.parse({ ...base(), remote: { url: 'grpcs://gpu-rack:8001', model: 'default' } });
    expect(m.remote).toEqual({
      url: 'grpcs://gpu-rack:8001',
      model: 'default',
      tokenEnv: 'NACRE_MODEL_TOKEN',
      frames: 'raw',
      stepTimeoutMs: 2000,
    });
    expect(m.state).toEqual({});
  });

  it('refuses state next to remote, a model without either, and a url that is no grpc address', () => {
    const issues = (raw: Record<string, unknown>) =>
      manifestSchema.safeParse(raw).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ ...tinyManifest(), remote: { url: 'grpc://h:1', model: 'm' } })).toEqual([
      'state: a remote model keeps its state in the server: remove "state"',
    ]);
    expect(issues(base())).toEqual([
      'state: required (the state tensors model.onnx carries), unless the model is "remote"',
    ]);
    expect(issues({ ...base(), remote: { url: 'http://h:1', model: 'm' } })).toEqual([
      'remote.url: expected "grpc://host:port" or "grpcs://host:port"',
    ]);
  });
});
