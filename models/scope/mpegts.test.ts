/**
 * The Scope backend's MPEG-TS transport against the Python stand-in: real ffmpeg decoding the H.264 stream the
 * stand-in encodes as Scope does (PyAV, libx264 at its defaults). Never against a live Scope.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import type { Conditions } from '../../runtime/core/signals.ts';
import type { ModelSession } from '../../runtime/core/world-model.ts';
import { meanColour } from '../../test/helpers/frames.ts';
import { until } from '../../test/helpers/wait.ts';
import { ScopeStandIn, writeScopeFolder, type ScopeFolderOptions } from '../../test/rigs/scope/stand-in.ts';
import { ModelLoadError } from '../contract/errors.ts';
import { ScopeClient } from './client.ts';
import { ScopeWorldModel } from './model.ts';
import { MpegTsTransport } from './mpegts.ts';
import { TsDecoder } from './ts-decoder.ts';

const load = async (o: ScopeFolderOptions) =>
  ScopeWorldModel.load(await writeScopeFolder({ transport: 'mpegts', ...o }), { log: silentLogger(), pollMs: 50 });

/** steps with `c` held until a frame's mean colour satisfies `ok` (Scope's encoder is ~40 frames behind) */
function stepUntil(s: ModelSession, c: Partial<Conditions>, ok: (rgb: number[]) => boolean, what: string) {
  s.push(c);
  return until(async () => {
    const f = (await s.next()).frames[0]!;
    return ok(meanColour(f)) && f;
  }, what);
}

describe('Scope over its MPEG-TS stream (stand-in, ffmpeg)', () => {
  let standIn: ScopeStandIn;
  let model: ScopeWorldModel;
  beforeAll(async () => {
    standIn = await ScopeStandIn.start({ loadDelay: 0.1, fps: 30 });
    // the manifest's size differs from the stream's (160x96): ffmpeg scales to it
    model = await load({ url: standIn.url, width: 320, height: 180 });
  });
  afterAll(async () => {
    await model?.close();
    await standIn?.stop();
  });

  it('W held reaches Scope by POST and comes back as green frames of the manifest size over the stream; released, it goes', async () => {
    expect(model.describe()).toMatchObject({ where: `${standIn.url} pipeline "waypoint" (mpegts)` });
    expect(await standIn.state()).toMatchObject({ headless: true, ts_streams: 1 });
    const s = await model.openSession();
    const dark = await stepUntil(s, { move: [0, 0] }, ([, g]) => g! < 60, 'a frame without W');
    expect({ w: dark.width, h: dark.height, bytes: dark.data.byteLength }).toEqual({
      w: 320,
      h: 180,
      bytes: 320 * 180 * 4,
    });
    await stepUntil(s, { move: [0, 1] }, ([, g]) => g! > 180, 'a green frame over MPEG-TS');
    const st = await standIn.state();
    expect(st.chunk.button).toEqual(['KeyW']);
    expect(
      st.received.some(
        (r) =>
          r.via === 'session/parameters' && JSON.stringify(r.data.ctrl_input) === '{"button":["KeyW"],"mouse":[0,0]}',
      ),
    ).toBe(true);
    await stepUntil(s, { move: [0, 0] }, ([, g]) => g! < 60, 'W released: dark again');
  });

  // Scope runs one headless session: a second client's start ends the first one's stream, and the model above,
  // finding its stream gone, starts again and ends this one's. So this client has a Scope of its own.
  it('keeps only the newest frame: a loop that did not ask for a while gets the newest, not the next in line', async () => {
    const own = await ScopeStandIn.start({ loadDelay: 0.1, fps: 30 });
    const client = new ScopeClient(own.url);
    await client.loadPipeline('waypoint', undefined);
    await until(async () => (await client.pipelineStatus()).status === 'loaded', 'the pipeline loaded');
    const other = await MpegTsTransport.connect({
      client,
      pipeline: 'waypoint',
      initial: {},
      frameTimeoutMs: 2000,
      width: 160,
      height: 96,
    });
    try {
      const first = (await other.frame(0))!;
      // twenty more frames decoded while nobody asked (the encoder's delay comes first)
      const newest = async () => (await other.frame(first.seq, 0))?.seq ?? 0;
      await until(async () => (await newest()) > first.seq + 20, 'twenty more frames decoded');
      const later = (await other.frame(first.seq))!;
      // the frames in between were never handed out: the newest replaced them as they came
      expect(later.seq - first.seq).toBeGreaterThan(20);
    } finally {
      await other.close();
      await own.stop();
    }
  });
});

describe('Scope over MPEG-TS failing (stand-in, ffmpeg)', () => {
  let standIn: ScopeStandIn | undefined;
  afterAll(() => standIn?.stop());

  it('the stand-in killed mid-stream fails the model with what happened to the stream; back, a new load streams again', async () => {
    standIn = await ScopeStandIn.start({ loadDelay: 0.1, fps: 30 });
    const model = await load({ url: standIn.url, frameTimeoutMs: 1000 });
    const s = await model.openSession();
    await s.next();
    const failed = new Promise<Error>((r) => model.onFailure(r));
    await standIn.kill();
    const err = await failed;
    expect(err.message).toMatch(
      new RegExp(
        `^Scope at ${standIn.url} pipeline "waypoint": (the MPEG-TS stream from Scope broke off|Scope ended the MPEG-TS stream|no MPEG-TS frame|POST /api/v1/session/parameters: cannot reach Scope)`,
      ),
    );
    await expect(s.next()).rejects.toThrow(err.message);
    await model.close();

    await standIn.restart();
    const again = await load({ url: standIn.url });
    const s2 = await again.openSession();
    await stepUntil(s2, { move: [0, 1] }, ([, g]) => g! > 180, 'a green frame on the new stream');
    await again.close();
  });

  it('paused, the stream goes quiet longer than frameTimeoutMs and the model is not failed; resumed, frames flow again', async () => {
    const own = await ScopeStandIn.start({ loadDelay: 0.1, fps: 30 });
    // after a resume the encoder's ~40 frames (1.3 s at 30 frames/s) come before the first new one
    const model = await load({ url: own.url, frameTimeoutMs: 2500 });
    try {
      let failure: Error | undefined;
      model.onFailure((e) => (failure = e));
      const s = await model.openSession();
      await stepUntil(s, { move: [0, 0] }, ([, g]) => g! < 60, 'a frame without W');
      expect(s.transport!.pause()).toMatchObject({ accepted: true });
      await until(async () => (await own.state()).parameters.paused === true, 'Scope paused');
      const made = (await own.state()).frames_made;
      s.push({ move: [0, 1] });
      const started = performance.now();
      while (performance.now() - started < 4000) await s.next(); // the last frame again while Scope is quiet
      expect((await own.state()).frames_made).toBe(made);
      expect(failure).toBeUndefined();
      expect(s.transport!.resume()).toMatchObject({ accepted: true });
      await stepUntil(s, { move: [0, 1] }, ([, g]) => g! > 180, 'a green frame after the resume');
      expect(failure).toBeUndefined();
    } finally {
      await model.close();
      await own.stop();
    }
  });

  it('bytes that are not MPEG-TS: the load fails saying so', async () => {
    const garbage = await ScopeStandIn.start({ loadDelay: 0.1, tsGarbage: true });
    try {
      const err = await load({ url: garbage.url }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelLoadError);
      expect((err as Error).message).toMatch(
        /mpegts: Scope's output\.ts is not MPEG-TS: byte \d+ is 0x[0-9a-f]{2} where a packet's sync byte 0x47 belongs/,
      );
    } finally {
      await garbage.stop();
    }
  });

  it('the sync check follows packets across chunks of any size and names the first byte out of place', async () => {
    const stream = new Uint8Array(188 * 6);
    for (let i = 0; i < stream.length; i += 188) stream.set([0x47, 0x1f, 0xff, 0x10], i);
    stream[188 * 4] = 0x00;
    const err = await new Promise<Error>((onError) => {
      const d = new TsDecoder({ width: 2, height: 2, onFrame: () => undefined, onError });
      void (async () => {
        for (let i = 0; i < stream.length; i += 100) await d.write(stream.subarray(i, i + 100));
      })();
    });
    expect(err.message).toBe(
      "Scope's output.ts is not MPEG-TS: byte 752 is 0x00 where a packet's sync byte 0x47 belongs",
    );
  });

  it('no ffmpeg: the decoder says what to install', async () => {
    const err = await new Promise<Error>((onError) => {
      const d = new TsDecoder({
        width: 2,
        height: 2,
        onFrame: () => undefined,
        onError,
        ffmpeg: 'nacre-no-such-ffmpeg',
      });
      void d.write(new Uint8Array([0x47]));
    });
    expect(err.message).toBe(
      'nacre-no-such-ffmpeg is not installed (Debian: apt-get install ffmpeg; or set "transport": "headless")',
    );
  });

  it('ffmpeg killed mid-stream: the transport is lost, saying ffmpeg died', async () => {
    const own = await ScopeStandIn.start({ loadDelay: 0.1, fps: 30 });
    const client = new ScopeClient(own.url);
    await client.loadPipeline('waypoint', undefined);
    await until(async () => (await client.pipelineStatus()).status === 'loaded', 'the pipeline loaded');
    // ffmpeg through a script that leaves its pid behind (exec: the pid is ffmpeg's)
    const dir = await mkdtemp(join(tmpdir(), 'nacre-scope-ffmpeg-'));
    const wrapper = join(dir, 'ffmpeg');
    await writeFile(wrapper, `#!/bin/sh\necho $$ > ${join(dir, 'pid')}\nexec ffmpeg "$@"\n`, { mode: 0o755 });
    const o = { client, pipeline: 'waypoint', initial: {}, frameTimeoutMs: 5000, width: 160, height: 96 };
    const t = await MpegTsTransport.connect(o, wrapper);
    try {
      const lost = new Promise<Error>((r) => t.onLost(r));
      process.kill(Number(await readFile(join(dir, 'pid'), 'utf8')), 'SIGKILL');
      expect((await lost).message).toMatch(/^ffmpeg exited \(SIGKILL\) decoding Scope's MPEG-TS/);
      await expect(t.frame(0)).rejects.toThrow(/ffmpeg exited/);
    } finally {
      await t.close();
      await own.stop();
    }
  });
});
