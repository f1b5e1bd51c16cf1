/**
 * The runtime's world transport on the default ONNX world, through HTTP and a display page's socket: a
 * rewind goes back to the frames the world made then, and a bookmark outlives the runtime.
 */
import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { Runtime } from '../../runtime/runtime.ts';
import { startRuntime, status, until } from './harness.ts';

/** a still world nobody steers: the same state gives the same frames */
const still = (stateDir: string) => ({
  model: { path: 'models/default-320x180', lookahead: 0 },
  session: { mode: 'direct' },
  input: { keyboard: 'none', gamepad: 'none' },
  transport: { rewindSeconds: 20 },
  stateDir,
});

/** a display page: every frame's hash by step, in the order they came */
function page(url: string) {
  const frames: { step: number; hash: string }[] = [];
  const socket: Socket = io(`${url}/display`, { query: { id: 'main' }, transports: ['websocket'] });
  socket.on('frame', (meta: { step: number }, rgba: ArrayBuffer, ack: () => void) => {
    frames.push({ step: meta.step, hash: createHash('sha1').update(new Uint8Array(rgba)).digest('hex') });
    ack();
  });
  return { frames, close: () => socket.close() };
}

async function command(url: string, name: string, body: object = {}) {
  const res = await fetch(`${url}/api/commands/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { ok: boolean; result?: { accepted: boolean; effect: string }; error?: string };
}

let stateDir: string;
let runtime: Runtime;
let url: string;
let view: ReturnType<typeof page>;

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'nacre-transport-'));
  ({ runtime, url } = await startRuntime(still(stateDir)));
  view = page(url);
});

afterAll(async () => {
  view?.close();
  await runtime?.close();
});

/** the first frame seen of each step before `from` (index into frames) */
const firstSeen = (frames: { step: number; hash: string }[], before: number) => {
  const m = new Map<number, string>();
  for (const f of frames.slice(0, before)) if (!m.has(f.step)) m.set(f.step, f.hash);
  return m;
};

it(
  'pause holds the world, rewind 5 s shows the frame of then, resume goes on as the world went then',
  { timeout: 180_000 },
  async () => {
    // world seconds (steps / fps): a loaded machine makes them slower than the wall's
    await until(
      async () => ((await status(url)).transport.rewindableSeconds ?? 0) >= 6,
      'six seconds of world to rewind',
      120_000,
      500,
    );
    expect((await status(url)).transport.memoryBytes).toBeGreaterThan(0);
    expect((await command(url, 'pause')).ok).toBe(true);
    // the step under way when the pause came still finishes: the paused step is the one that stays
    let pausedAt = -1;
    await until(
      async () => {
        const steps = (await status(url)).model.steps;
        const same = steps === pausedAt;
        pausedAt = steps;
        return same;
      },
      'the world held',
      10_000,
      300,
    );
    const before = view.frames.length;
    const back = await command(url, 'rewind', { seconds: 5 });
    expect(back.ok, back.error).toBe(true);
    const to = Number(/to step (\d+)/.exec(back.result!.effect)?.[1]);
    expect(to).toBeLessThanOrEqual(pausedAt - 5 * 30);
    const shown = await until(() => view.frames.slice(before).find((f) => f.step === to + 1), 'the frame of then');
    const then = firstSeen(view.frames, before);
    expect(shown.hash).toBe(then.get(to + 1));
    // paused: that one frame, and no other
    expect(view.frames.slice(before)).toHaveLength(1);
    expect((await command(url, 'resume')).ok).toBe(true);
    await until(() => view.frames.length > before + 40, 'the world running again');
    const again = view.frames.slice(before + 1).filter((f) => then.has(f.step));
    expect(again.length).toBeGreaterThan(20);
    for (const f of again) expect(f.hash, `step ${f.step}`).toBe(then.get(f.step));
  },
);

it(
  'a bookmark saved in the state directory is recalled by a new runtime after a restart',
  { timeout: 60_000 },
  async () => {
    const saved = await command(url, 'bookmark', { name: 'first light' });
    expect(saved.ok, saved.error).toBe(true);
    const step = Number(/at step (\d+)/.exec(saved.result!.effect)?.[1]);
    await until(() => view.frames.some((f) => f.step === step + 1), 'the frame after the bookmark');
    const expected = view.frames.find((f) => f.step === step + 1)!.hash;
    view.close();
    await runtime.close();

    ({ runtime, url } = await startRuntime(still(stateDir)));
    view = page(url);
    await until(async () => (await status(url)).bookmarks?.includes('first light'), 'the bookmark listed');
    await until(async () => (await status(url)).transport.available, 'the transport ready');
    expect((await command(url, 'pause')).ok).toBe(true);
    const before = view.frames.length;
    const recalled = await command(url, 'recall', { name: 'first light' });
    expect(recalled.ok, recalled.error).toBe(true);
    const shown = await until(() => view.frames.slice(before).find((f) => f.step === step + 1), 'the bookmarked world');
    expect(shown.hash).toBe(expected);
    const missing = await command(url, 'recall', { name: 'no such' });
    expect(missing).toMatchObject({ ok: false, error: 'no bookmark "no such"' });
  },
);
