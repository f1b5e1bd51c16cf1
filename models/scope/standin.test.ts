/**
 * The Scope backend against the Python stand-in (test/rigs/scope/standin.py, Debian's aiortc): real WebRTC
 * between libwebrtc in Node and aiortc, Scope's endpoints and parameter fields. Never against a live Scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import type { Conditions } from '../../runtime/core/signals.ts';
import type { Frame, ModelSession } from '../../runtime/core/world-model.ts';
import { meanColour } from '../../test/helpers/frames.ts';
import { until } from '../../test/helpers/wait.ts';
import { ScopeStandIn, writeScopeFolder, type ScopeFolderOptions } from '../../test/rigs/scope/stand-in.ts';
import { ModelLoadError } from '../contract/errors.ts';
import { ScopeWorldModel } from './model.ts';

const load = async (o: ScopeFolderOptions) =>
  ScopeWorldModel.load(await writeScopeFolder(o), { log: silentLogger(), pollMs: 50 });

/** steps with `c` held until a frame's mean colour satisfies `ok` (Scope answers a chunk or two later) */
async function stepUntil(
  s: ModelSession,
  c: Partial<Conditions>,
  ok: (rgb: [number, number, number]) => boolean,
  steps = 60,
): Promise<[number, number, number]> {
  s.push(c);
  let last: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < steps; i++) {
    last = meanColour((await s.next()).frames[0]!);
    if (ok(last)) return last;
  }
  throw new Error(
    `no frame as expected in ${steps} steps; last mean colour ${last.map((v) => v.toFixed(0)).join(', ')}`,
  );
}

const NONE = { move: [0, 0], look: [0, 0], actions: {} } as const;

describe('Scope over WebRTC (stand-in)', () => {
  let standIn: ScopeStandIn;
  let model: ScopeWorldModel;
  beforeAll(async () => {
    standIn = await ScopeStandIn.start({ loadDelay: 0.4 });
    model = await load({ url: standIn.url, transport: 'webrtc' });
  });
  afterAll(async () => {
    await model?.close();
    await standIn?.stop();
  });

  it('loads the pipeline (status polled until loaded), offers with a parameters channel, and frames arrive as whole RGBA at the manifest size', async () => {
    const st = await standIn.state();
    expect(st).toMatchObject({ status: 'loaded', loads: 1, sessions: 1 });
    expect(st.received[0]).toMatchObject({
      via: 'initialParameters',
      data: { prompts: [{ text: 'a sunny meadow, first person view', weight: 1 }] },
    });
    expect(model.describe()).toMatchObject({ backend: 'scope', where: `${standIn.url} pipeline "waypoint" (webrtc)` });
    const s = await model.openSession();
    const { frames } = await s.next();
    const f = frames[0] as Frame;
    expect({ w: f.width, h: f.height, bytes: f.data.byteLength, aligned: f.data.byteOffset % 4 }).toEqual({
      w: 160,
      h: 96,
      bytes: 160 * 96 * 4,
      aligned: 0,
    });
    // a new world resets Scope's cache with the style's prompt, on the data channel
    expect(
      (await standIn.state()).received.some((r) => r.via === 'datachannel:parameters' && r.data.reset_cache === true),
    ).toBe(true);
  });

  it('W held reaches Scope as ctrl_input and comes back as a green frame; looking right as red; released, both go', async () => {
    const s = await model.openSession();
    const [, g0] = await stepUntil(s, NONE, ([r, g]) => g < 60 && Math.abs(r - 128) < 12);
    expect(g0).toBeLessThan(60);
    await stepUntil(s, { move: [0, 1] }, ([, g]) => g > 180);
    expect((await standIn.state()).chunk.button).toEqual(['KeyW']);
    await stepUntil(s, { move: [0, 1], look: [1, 0] }, ([r, g]) => r > 200 && g > 180);
    expect(
      (await standIn.state()).received.some(
        (r) => ((r.data.ctrl_input as { mouse?: number[] } | undefined)?.mouse?.[0] ?? 0) > 0,
      ),
    ).toBe(true);
    await stepUntil(s, NONE, ([r, g]) => g < 60 && Math.abs(r - 128) < 12);
    await stepUntil(s, { move: [0, -1] }, ([, g, b]) => b > 180 && g < 60);
    await s.close(); // a visit's end lets every key go
    const after = await standIn.state();
    expect(after.received.at(-1)!.data).toEqual({ ctrl_input: { button: [], mouse: [0, 0] } });
  });

  it('an instruction reaches Scope as a prompt transition, a style as its preset prompt, and the ack says what was sent', async () => {
    const s = await model.openSession();
    const ack = s.instruct({ text: 'a snowy mountain pass at dusk', weight: 0.8 });
    expect(ack).toMatchObject({ accepted: true });
    expect(ack.effect).toContain('"a snowy mountain pass at dusk" weight 0.8');
    expect(ack.effect).toContain('4 generation calls');
    s.push({ style: 'night' });
    expect(s.style).toBe('night');
    await s.next();
    const find = async (text: string) => {
      for (let i = 0; i < 40; i++) {
        const hit = (await standIn.state()).received.find((r) => JSON.stringify(r.data).includes(text));
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`"${text}" never reached the stand-in`);
    };
    expect((await find('snowy mountain')).data).toEqual({
      transition: {
        target_prompts: [{ text: 'a snowy mountain pass at dusk', weight: 0.8 }],
        num_steps: 4,
        temporal_interpolation_method: 'linear',
      },
    });
    expect((await find('under the stars')).via).toBe('datachannel:parameters');
    expect(s.instruct({ text: '  ' }).accepted).toBe(false);
  });

  it('pause holds the picture while keys are held and Scope makes no new frame, longer than the frame timeout without a loss; resume goes on; rewind is refused with the reason', async () => {
    const s = await model.openSession();
    await stepUntil(s, NONE, ([, g]) => g < 60);
    expect(s.transport!.status()).toMatchObject({
      available: true,
      paused: false,
      noRewind: expect.stringMatching(/no history/),
    });
    expect(s.transport!.pause()).toMatchObject({ accepted: true, effect: expect.stringMatching(/paused/) });
    expect(s.transport!.pause()).toMatchObject({ accepted: false, effect: 'already paused' });
    await until(async () => (await standIn.state()).received.at(-1)?.data.paused === true, 'paused reached Scope');
    const made = (await standIn.state()).frames_made;
    s.push({ move: [0, 1] });
    const started = performance.now();
    while (performance.now() - started < 2500) {
      // the folder's frameTimeoutMs is 1500
      const [, g] = meanColour((await s.next()).frames[0]!);
      expect(g).toBeLessThan(60); // W held, but the world is paused: the picture holds
    }
    expect((await standIn.state()).frames_made).toBe(made);
    expect(s.transport!.rewind(4)).toMatchObject({ accepted: false, effect: expect.stringMatching(/cannot rewind/) });
    expect(s.transport!.resume()).toMatchObject({ accepted: true });
    await stepUntil(s, { move: [0, 1] }, ([, g]) => g > 180);
    await s.close();
    expect(s.transport!.status()).toMatchObject({ available: false, reason: 'the visit has ended' });
  });

  it('wm/1 contract where it applies: save and restore reject and say why; a picture is refused, a style of another world gives the default', async () => {
    const s = await model.openSession();
    await expect(s.saveState()).rejects.toThrow(/its state \(the pipeline's cache\) lives in Scope/);
    await expect(s.restoreState({ model: 'x', step: 0, tensors: {} })).rejects.toThrow(/cannot restore/);
    expect((await model.openSession({ style: 'night' })).style).toBe('night');
    // a style of another world (the fallback's, carried between visits) starts this one's default
    expect((await model.openSession({ style: 'beach' })).style).toBe('meadow');
    await expect(model.openSession({ image: { data: new Uint8Array(3), width: 1, height: 1 } })).rejects.toThrow(
      /from a picture/,
    );
  });

  it.skip('wm/1 determinism, walking, turning and style-colour checks (skipped: the stand-in draws flat colours and a live Scope pipeline is neither deterministic nor reachable from these machines)', () => {});
});

describe('Scope vanishing and coming back (stand-in)', () => {
  let standIn: ScopeStandIn;
  afterAll(() => standIn?.stop());

  it('killed mid-visit: onFailure within seconds and next() rejects; once it is back, a new load opens a new session', async () => {
    standIn = await ScopeStandIn.start({ loadDelay: 0.2 });
    const model = await load({ url: standIn.url, frameTimeoutMs: 1000 });
    expect(model.transportKind).toBe('webrtc');
    const first = model.describe().sequence;
    const s = await model.openSession();
    await s.next();
    const failed = new Promise<Error>((r) => model.onFailure(r));
    const t0 = performance.now();
    await standIn.kill();
    const err = await failed;
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(err.message).toMatch(new RegExp(`Scope at ${standIn.url} pipeline "waypoint": no video frame for \\d+ ms`));
    await expect(s.next()).rejects.toThrow(/no video frame/);
    await expect(model.openSession()).rejects.toThrow(/no video frame/);
    await model.close();

    // while it is gone, a load says the server cannot be reached, naming it
    await expect(load({ url: standIn.url })).rejects.toThrow(
      new RegExp(
        `Scope at ${standIn.url} pipeline "waypoint": GET /api/v1/pipeline/status: cannot reach Scope \\(ECONNREFUSED\\)`,
      ),
    );

    await standIn.restart();
    const again = await load({ url: standIn.url });
    expect(again.describe().sequence).not.toBe(first);
    const s2 = await again.openSession();
    s2.push({ move: [0, 1] });
    await expect(s2.next()).resolves.toMatchObject({ frames: [{ width: 160 }] });
    await again.close();
  });
});

describe('Scope refusing (stand-in)', () => {
  let standIn: ScopeStandIn;
  beforeAll(async () => (standIn = await ScopeStandIn.start({ pipelines: ['longlive'], loadDelay: 0.1 })));
  afterAll(() => standIn?.stop());

  it('a pipeline Scope fails to load: a ModelLoadError with its status error', async () => {
    const err = await load({ url: standIn.url, pipeline: 'waypoint' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelLoadError);
    expect((err as Error).message).toBe(
      `Scope at ${standIn.url} pipeline "waypoint": pipeline "waypoint" failed to load: Pipeline waypoint not available`,
    );
  });

  it('a load that never finishes: a ModelLoadError after loadTimeoutMs with the loading stage', async () => {
    const hang = await ScopeStandIn.start({ loadHang: true });
    try {
      await expect(load({ url: hang.url, loadTimeoutMs: 800 })).rejects.toThrow(
        /pipeline "waypoint" not loaded after 1 s \(status: loading, stage: Loading diffusion model\.\.\.\)/,
      );
    } finally {
      await hang.stop();
    }
  });

  it('headless transport: the session endpoints, parameters by POST and a JPEG per step; W held comes back green', async () => {
    const model = await load({ url: standIn.url, pipeline: 'longlive', transport: 'headless' });
    try {
      expect(model.describe()).toMatchObject({ where: `${standIn.url} pipeline "longlive" (headless)` });
      const s = await model.openSession();
      // the headless session makes frames at its own pace: each step's JPEG is the newest it has
      s.push({ move: [0, 1] });
      await until(async () => meanColour((await s.next()).frames[0]!)[1] > 180, 'a green JPEG');
      const st = await standIn.state();
      expect(st.headless).toBe(true);
      expect(
        st.received.some(
          (r) =>
            r.via === 'session/parameters' && JSON.stringify(r.data.ctrl_input) === '{"button":["KeyW"],"mouse":[0,0]}',
        ),
      ).toBe(true);
      expect(s.instruct({ text: 'fog rolls in' }).accepted).toBe(true);
      await s.next();
      await new Promise((r) => setTimeout(r, 200));
      const sent = (await standIn.state()).received.find(
        (r) => r.via === 'session/parameters' && JSON.stringify(r.data).includes('fog rolls in'),
      );
      expect(sent?.data.transition).toMatchObject({ target_prompts: [{ text: 'fog rolls in', weight: 1 }] });
    } finally {
      await model.close();
    }
    expect((await standIn.state()).headless).toBe(false);
  });
});
