/**
 * Record and replay input on the default world: a desk's OSC recorded with the world's seed, replayed from
 * the file, gives the same frames (hashes compared at the same steps).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { oscsend } from '../rigs/osc.ts';
import { freePort } from '../helpers/remote.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { startRuntime, status, until } from './harness.ts';

let runtime: Runtime;
let url: string;
let port: number;
let socket: Socket;
const frames: { step: number; hash: string }[] = [];

beforeAll(async () => {
  port = await freePort();
  ({ runtime, url } = await startRuntime({
    model: { path: 'models/default-320x180', lookahead: 0 },
    session: { mode: 'direct' },
    input: { keyboard: 'none', gamepad: 'none' },
    osc: { udp: { address: '127.0.0.1', port } },
  }));
  await until(async () => (await status(url)).drivers.some((d) => d.id === 'osc' && d.state === 'open'), 'OSC open');
  socket = io(`${url}/display`, { query: { id: 'main' }, transports: ['websocket'] });
  socket.on('frame', (meta: { step: number }, rgba: ArrayBuffer, ack: () => void) => {
    frames.push({ step: meta.step, hash: createHash('sha1').update(new Uint8Array(rgba)).digest('hex') });
    ack();
  });
  // the recording's new world is found by its steps starting again: the page must see the world before it
  await until(() => frames.length > 0, 'the page sees the world');
});

afterAll(async () => {
  socket?.close();
  await runtime?.close();
});

/** the frames of the world that began after index `from` (its steps start again from 1) */
function worldAfter(from: number): Map<number, string> {
  // from the frame before: the new world's first frame may be the first one after `from`
  const after = frames.slice(Math.max(0, from - 1));
  const start = after.findIndex((f, i) => i > 0 && f.step < after[i - 1]!.step);
  const m = new Map<number, string>();
  if (start < 0) return m;
  for (const f of after.slice(start)) if (!m.has(f.step)) m.set(f.step, f.hash);
  return m;
}

const steps = async () => (await status(url)).model.steps;

it('a recorded run replayed from its file gives the same frames at the same steps', { timeout: 120_000 }, async () => {
  const mark = frames.length;
  await oscsend(port, '/nacre/record/start');
  await until(async () => (await status(url)).rehearsal?.recording, 'recording');
  const s0 = await steps();
  await until(async () => (await steps()) > s0 + 10, 'some steps');
  await oscsend(port, '/nacre/move', 'ff', 0, 1);
  let s = await steps();
  await until(async () => (await steps()) > s + 15, 'walking');
  await oscsend(port, '/nacre/look', 'ff', 0.6, 0);
  s = await steps();
  await until(async () => (await steps()) > s + 15, 'turning');
  await oscsend(port, '/nacre/move');
  await oscsend(port, '/nacre/look');
  s = await steps();
  await until(async () => (await steps()) > s + 10, 'still');
  await oscsend(port, '/nacre/record/stop');
  const file = await until(async () => (await status(url)).rehearsal?.last, 'the recording');
  const recorded = worldAfter(mark);
  expect(recorded.size, 'frames of the recorded world').toBeGreaterThan(20);
  const lines = (await readFile(file, 'utf8')).trim().split('\n');
  expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'nacre-input/1', seed: expect.any(Number) });
  expect(lines.slice(1).map((l) => (JSON.parse(l) as { channel: string }).channel)).toEqual([
    '/nacre/move',
    '/nacre/look',
    '/nacre/move',
    '/nacre/look',
  ]);
  const last = Math.max(...recorded.keys());

  const again = frames.length;
  await oscsend(port, '/nacre/replay', 's', file);
  await until(async () => (await status(url)).rehearsal?.replaying, 'replaying');
  await until(() => [...worldAfter(again).keys()].some((k) => k >= last), 'the replay as far as the recording');
  const replayed = worldAfter(again);
  // every step both saw (a loaded machine drops some frames on the way to the page: any may be missing)
  const both = [...recorded.keys()].filter((k) => replayed.has(k));
  expect(both.length).toBeGreaterThan(20);
  for (const k of both) expect(replayed.get(k), `step ${k}`).toBe(recorded.get(k));
  // the walk and the turn changed the picture: the comparison is not of a still world
  expect(new Set(both.map((k) => recorded.get(k))).size).toBeGreaterThan(5);
});
