/**
 * The remote backend against `nacre model-server` (models/server: real gRPC, real torch on Debian's python3):
 * the default world walked over the wire, an instruction's words reaching a model that takes text, two worlds
 * on one server, kill -9 / SIGSTOP of the server mid-visit with the model keeper, errors and wrong shapes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import { ModelKeeper } from '../../runtime/loop/model-keeper.ts';
import type { Frame, ModelSession, WorldModel } from '../../runtime/core/world-model.ts';
import { loadWorldModel } from '../../models/backends.ts';
import { RemoteWorldModel } from '../../models/remote/model.ts';
import { startServer, type ServerProcess } from '../../models/server/server-process.ts';
import { meanAbsDiff, meanColour } from '../helpers/frames.ts';
import { freePort, remoteFolder } from '../helpers/remote.ts';
import { startRuntime, status, until } from './harness.ts';

const log = silentLogger();
const MODEL = 'default-320x180';

async function steps(s: ModelSession, n: number): Promise<Frame[]> {
  const frames: Frame[] = [];
  for (let i = 0; i < n; i++) frames.push(...(await s.next()).frames);
  return frames;
}

describe('remote model against nacre model-server (default world in torch)', () => {
  let server: ServerProcess;
  let port: number;
  let dir: string;
  beforeAll(async () => {
    port = await freePort();
    server = await startServer(['--model', MODEL, '--port', String(port), '--idle-seconds', '30']);
    dir = remoteFolder(MODEL, { url: `grpc://127.0.0.1:${port}`, model: MODEL, stepTimeoutMs: 5000 });
  });
  afterAll(() => server?.stop());

  it('Wander moves the world: walked frames differ from standing ones', async () => {
    const model = await loadWorldModel(dir, { log, lookahead: 1 });
    try {
      expect(model.describe()).toMatchObject({ backend: 'remote', where: `grpc://127.0.0.1:${port} model "${MODEL}"` });
      const still = await model.openSession({ seed: 1 });
      const a = await steps(still, 4);
      const walk = await model.openSession({ seed: 1 });
      const b = await steps(walk, 1);
      walk.push({ move: [0, 1], look: [0.6, 0] });
      b.push(...(await steps(walk, 3)));
      expect(meanAbsDiff(a[0]!, b[0]!)).toBeLessThan(1); // the same start
      expect(meanAbsDiff(a.at(-1)!, b.at(-1)!)).toBeGreaterThan(2);
      expect(meanAbsDiff(b.at(-2)!, b.at(-1)!)).toBeGreaterThan(0.5);
      expect(model.describe().sequence).toMatch(/^\d+$/);
      expect(model.describe().roundTripMs).toBeGreaterThan(0);
    } finally {
      await model.close();
    }
  });

  it('JPEG frames from the server decode to the same picture as raw ones', async () => {
    const jpegDir = remoteFolder(MODEL, {
      url: `grpc://127.0.0.1:${port}`,
      model: MODEL,
      frames: 'jpeg',
      stepTimeoutMs: 5000,
    });
    const [raw, jpeg] = await Promise.all([loadWorldModel(dir, { log }), loadWorldModel(jpegDir, { log })]);
    try {
      const [r, j] = await Promise.all([
        raw.openSession({ seed: 1 }).then((s) => steps(s, 2)),
        jpeg.openSession({ seed: 1 }).then((s) => steps(s, 2)),
      ]);
      expect(meanAbsDiff(r[1]!, j[1]!)).toBeLessThan(4);
    } finally {
      await Promise.all([raw.close(), jpeg.close()]);
    }
  });

  it('two runtimes on one server keep two independent worlds', async () => {
    const solo = await loadWorldModel(dir, { log, lookahead: 0 });
    const reference = await steps(await solo.openSession({ seed: 1 }), 4);
    await solo.close();
    const [one, two] = await Promise.all([
      loadWorldModel(dir, { log, lookahead: 0 }),
      loadWorldModel(dir, { log, lookahead: 0 }),
    ]);
    try {
      const [s1, s2] = await Promise.all([one.openSession({ seed: 1 }), two.openSession({ seed: 1 })]);
      s2.push({ move: [0, 1], look: [-1, 0] });
      const [f1] = await Promise.all([steps(s1, 4), steps(s2, 4)]);
      expect(one.describe().sequence).not.toBe(two.describe().sequence);
      f1.forEach((f, i) => expect(meanAbsDiff(f, reference[i]!), `step ${i}`).toBeLessThan(0.01));
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('an instruction to the default world (no text): the style presets answer, the log says it takes no text', async () => {
    const model = await loadWorldModel(dir, { log, lookahead: 0 });
    try {
      const s = await model.openSession({ seed: 1 });
      const before = meanColour((await steps(s, 1))[0]!);
      const ack = s.instruct({ text: 'show me the night' });
      expect(ack).toMatchObject({ accepted: true, style: 'night' });
      expect(ack.effect).toMatch(/takes no text/);
      const after = meanColour((await steps(s, 40)).at(-1)!);
      expect(after.reduce((a, b) => a + b)).toBeLessThan(before.reduce((a, b) => a + b) - 30);
    } finally {
      await model.close();
    }
  });

  it('the runtime on a remote folder: /api/status names the backend, the server, the sequence; kill -9 -> not running within 1 s', async () => {
    const { runtime, url } = await startRuntime({ model: { path: dir } });
    try {
      let report = await status(url);
      const end = Date.now() + 20_000;
      while (report.model.steps < 5 && Date.now() < end) report = await status(url);
      expect(report.model).toMatchObject({
        state: 'running',
        backend: { backend: 'remote', where: `grpc://127.0.0.1:${port} model "${MODEL}"` },
      });
      expect(report.model.backend?.sequence).toMatch(/^\d+$/);
      server.child.kill('SIGKILL');
      const killedAt = Date.now();
      while ((await status(url)).model.state === 'running' && Date.now() - killedAt < 2000)
        await new Promise((r) => setTimeout(r, 20));
      expect(Date.now() - killedAt).toBeLessThan(1000);
      expect((await status(url)).model.lastError).toMatch(/the stream failed: UNAVAILABLE/);
    } finally {
      await runtime.close();
      server = await startServer(['--model', MODEL, '--port', String(port)]);
    }
  });

  it('wrong shapes at connect: a clear error naming the server, the model and the tensor', async () => {
    const wrong = remoteFolder('default', { url: `grpc://127.0.0.1:${port}`, model: MODEL });
    await expect(RemoteWorldModel.load(wrong, { log })).rejects.toThrow(
      new RegExp(
        `^grpc://127\\.0\\.0\\.1:${port} model "${MODEL}": output "frame" is UINT8 \\[1, 180, 320, 4\\] on the server, the manifest needs UINT8 \\[1, 360, 640, 4\\]`,
      ),
    );
    const unknown = remoteFolder(MODEL, { url: `grpc://127.0.0.1:${port}`, model: 'matrix-game-2' });
    await expect(RemoteWorldModel.load(unknown, { log })).rejects.toThrow(
      /model "matrix-game-2" is not ready on the server/,
    );
  });

  it('kill -9 mid-visit: the keeper falls back within 1 s, and a new world (sequence) comes once the server is back', async () => {
    const keeper = new ModelKeeper(
      () => loadWorldModel(dir, { log }),
      () => ({ seed: 1 }),
      log,
      { retry: { firstMs: 100, maxMs: 500 } },
    );
    await keeper.start();
    const failedAt: number[] = [];
    keeper.onHealth((s) => s === 'restarting' && failedAt.push(performance.now()));
    const first = keeper.backend!.sequence;
    await steps(keeper.session!, 2);
    const pulling = (async () => {
      for (;;) await keeper.session?.next();
    })().catch(() => undefined);
    const killedAt = performance.now();
    server.child.kill('SIGKILL');
    await until(() => failedAt.length > 0, 'the keeper to see the failure', 2000);
    expect(failedAt[0]! - killedAt).toBeLessThan(1000);
    expect(keeper.lastError).toMatch(
      new RegExp(`grpc://127\\.0\\.0\\.1:${port} model "${MODEL}": the stream failed: UNAVAILABLE`),
    );
    await pulling;
    server = await startServer(['--model', MODEL, '--port', String(port)]);
    await until(() => keeper.state === 'running', 'the keeper to bring the model back', 30_000);
    expect(keeper.backend!.sequence).not.toBe(first);
    expect((await keeper.session!.next()).frames).toHaveLength(1);
    await keeper.close();
  });

  it('a stalled server (SIGSTOP): onFailure after the step timeout; it serves again after SIGCONT', async () => {
    const stalling = remoteFolder(MODEL, { url: `grpc://127.0.0.1:${port}`, model: MODEL, stepTimeoutMs: 800 });
    const model: WorldModel = await loadWorldModel(stalling, { log });
    try {
      const failed = new Promise<Error>((resolve) => model.onFailure(resolve));
      const s = await model.openSession({ seed: 1 });
      await steps(s, 2);
      server.child.kill('SIGSTOP');
      const t0 = performance.now();
      const step = s.next().then(() => s.next());
      const err = await failed;
      expect(performance.now() - t0).toBeLessThan(1500);
      expect(err.message).toMatch(/no answer for 800 ms .*the server stalled/);
      await expect(step).rejects.toThrow(/stalled/);
    } finally {
      server.child.kill('SIGCONT');
      await model.close();
    }
    const after = await loadWorldModel(dir, { log });
    expect((await (await after.openSession()).next()).frames).toHaveLength(1);
    await after.close();
  });
});

/** a model folder served by `nacre model-server --model <folder>`: paints its frame the colour an instruction names */
const PAINTER = `
import json, os, torch
COLOURS = {"red": [255, 0, 0], "green": [0, 255, 0], "blue": [0, 0, 255]}
class Painter:
    takes_prompt = True
    def __init__(self, device):
        self.manifest = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "manifest.json")))
        self.device = device
    def init(self, seed, style, image):
        return {"colour": [0, 0, 255]}
    def step(self, state, action, style, prompt):
        if prompt is not None:
            if "explode" in prompt:
                raise RuntimeError("the painter was asked to explode")
            for word in prompt.lower().split():
                state["colour"] = COLOURS.get(word, state["colour"])
        h, w = self.manifest["height"], self.manifest["width"]
        frame = torch.full((1, h, w, 4), 255, dtype=torch.uint8, device=self.device)
        frame[..., :3] = torch.tensor(state["colour"], dtype=torch.uint8)
        return frame, None, state
def load(device):
    return Painter(device)
`;

describe('remote model against nacre model-server (a model that takes text)', () => {
  let server: ServerProcess;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nacre-painter-'));
    writeFileSync(join(dir, 'server.py'), PAINTER);
    const manifest = {
      format: 'wm/1',
      name: 'painter',
      fps: 30,
      width: 32,
      height: 24,
      actions: [{ name: 'move_y', min: -1, max: 1, condition: 'move[1]' }],
      remote: { url: 'grpc://127.0.0.1:0', model: 'painter' },
    };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    server = await startServer(['--model', dir, '--name', 'painter', '--port', '0']);
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ ...manifest, remote: { url: `grpc://${server.target}`, model: 'painter' } }),
    );
  });
  afterAll(() => server?.stop());

  it("an instruction's text reaches the model: it paints what it was told", async () => {
    const model = await loadWorldModel(dir, { log, lookahead: 0 });
    try {
      const s = await model.openSession();
      expect(meanColour((await steps(s, 1))[0]!)).toEqual([0, 0, 255]);
      const ack = s.instruct({ text: 'Paint it RED please' });
      expect(ack).toMatchObject({ accepted: true });
      expect(ack.effect).toMatch(/text sent to painter with step 2: "Paint it RED please"/);
      expect(meanColour((await steps(s, 1))[0]!)).toEqual([255, 0, 0]);
      expect(meanColour((await steps(s, 1))[0]!)).toEqual([255, 0, 0]);
      expect(server.log()).toMatch(/prompt "Paint it RED please"/);
    } finally {
      await model.close();
    }
  });

  it('a step the model fails answers a clear error; the visit goes on', async () => {
    const model = await loadWorldModel(dir, { log, lookahead: 0 });
    let failures = 0;
    model.onFailure(() => failures++);
    try {
      const s = await model.openSession();
      await steps(s, 1);
      s.instruct({ text: 'explode' });
      await expect(s.next()).rejects.toThrow(
        /model "painter": step 2 failed on the server: INTERNAL: sequence \d+: the model's step failed: the painter was asked to explode/,
      );
      s.instruct({ text: 'green' });
      expect(meanColour((await steps(s, 1))[0]!)).toEqual([0, 255, 0]);
      expect(failures).toBe(0);
    } finally {
      await model.close();
    }
  });
});
