/**
 * A 4-channel speaker in a running exhibit: the default world's stereo sound routed by the matrix onto a real
 * PulseAudio null sink of 4 channels; a test tone asked for over HTTP, a level changed from the console.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditLine } from '../../runtime/console/protocol.ts';
import { TONE_HZ, TONE_PEAK } from '../../displays/speaker/test-tone.ts';
import { goertzel, rms } from '../../displays/speaker/tone.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { QUAD, QUAD_SINK, record, startPulse, type PulseRig } from '../rigs/pulse.ts';
import { PASSWORD, startRuntime, status, until } from './harness.ts';

let rig: PulseRig;
let runtime: Runtime;
let url: string;
let socket: Socket | undefined;
const saved = process.env.PULSE_SERVER;

beforeAll(async () => {
  rig = await startPulse({ quad: true });
  process.env.PULSE_SERVER = rig.env.PULSE_SERVER; // the runtime's players inherit it
  const quad = {
    id: 'quad',
    device: QUAD_SINK,
    channels: 4,
    matrix: [
      [0, 'off'],
      ['off', 0],
      [-6, 'off'],
      ['off', 'off'],
    ],
  };
  ({ runtime, url } = await startRuntime({ speakers: [quad] }));
});

afterAll(async () => {
  socket?.close();
  await runtime?.close();
  await rig?.stop();
  if (saved === undefined) delete process.env.PULSE_SERVER;
  else process.env.PULSE_SERVER = saved;
});

const post = async (body: unknown) => {
  const res = await fetch(`${url}/api/commands/speaker`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  return { code: res.status, json: (await res.json()) as { ok: boolean; error?: string; result?: unknown } };
};
const column = (x: Float32Array, c: number) => Float32Array.from({ length: x.length / 4 }, (_, i) => x[i * 4 + c]!);
const peak = (x: Float32Array) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

it('a test tone over HTTP on rear-right plays on channel 3 only, the model on the channels its matrix names', async () => {
  await until(async () => (await status(url)).outputs.find((o) => o.id === 'quad')?.state === 'open', 'speaker open');
  await until(async () => (await status(url)).speakers?.[0]?.channelNames !== undefined, "the sink's channel names");
  expect((await status(url)).speakers).toEqual([
    {
      id: 'quad',
      channels: 4,
      channelNames: ['front-left', 'front-right', 'rear-left', 'rear-right'],
      level: 0,
      mute: false,
      mutedChannels: [],
      delayMs: [],
    },
  ]);
  const rec = await record(rig.env, QUAD);
  await until(() => rec.frames() > 48_000 * 0.5, 'half a second of the model');
  const asked = await post({ id: 'quad', tone: 'rear-right', seconds: 1 });
  expect(asked).toMatchObject({ code: 200, json: { ok: true, result: { tone: { channel: 3 } } } });
  await until(async () => !(await status(url)).speakers?.[0]?.tone, 'the tone to end');
  const end = rec.frames();
  await until(() => rec.frames() > end + 48_000 * 0.5, 'half a second after the tone');
  const all = await rec.stop();
  const [front, right, rear, ch3] = [0, 1, 2, 3].map((c) => column(all, c)) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];

  const first = ch3.findIndex((v) => v !== 0);
  const last = ch3.findLastIndex((v) => v !== 0);
  // a second of tone: its energy is exactly a second's, though a gap the loaded machine leaves may stretch it
  const tone = ch3.subarray(first, last + 1);
  expect((last - first) / 48_000).toBeGreaterThan(0.98);
  expect((last - first) / 48_000).toBeLessThan(1.5);
  expect(tone.reduce((e, v) => e + v * v, 0) / (48_000 * TONE_PEAK ** 2 * 0.5)).toBeCloseTo(1, 1);
  expect(goertzel(tone, TONE_HZ, 48_000)).toBeGreaterThan(100 * goertzel(tone, 110, 48_000));
  // the world's drone plays on 0, 1 and 2 (2 at -6 dB from 0) before the tone, and none of it during
  const before = (x: Float32Array) => x.subarray(0, first);
  expect(rms(before(front))).toBeGreaterThan(0.002);
  expect(rms(before(right))).toBeGreaterThan(0.002);
  expect(rms(before(rear)) / rms(before(front))).toBeCloseTo(10 ** (-6 / 20), 2);
  for (const x of [front, right, rear]) expect(peak(x.subarray(first, last + 1))).toBe(0);
});

it('refuses a channel or speaker that is not there, with what there is', async () => {
  expect(await post({ id: 'quad', tone: 7 })).toEqual({
    code: 400,
    json: {
      ok: false,
      error: "no channel 7: this speaker's channels are 0 to 3 (front-left, front-right, rear-left, rear-right)",
    },
  });
  expect((await post({ id: 'quad', tone: 'side-left' })).json.error).toMatch(/^no channel side-left: /);
  expect((await post({ id: 'quad', tone: 0, kind: 'brown' })).json.error).toBe(
    'a test signal is sine or pink, not brown',
  );
  expect(await post({ id: 'hall', level: 0 })).toEqual({
    code: 400,
    json: { ok: false, error: 'no speaker "hall"; speakers: quad' },
  });
  expect((await post({ id: 'quad', level: 40 })).json.error).toBe('a level is -96 to 12 dB, not 40');
  expect((await status(url)).speakers?.[0]).toMatchObject({ level: 0, mutedChannels: [] });
});

it('the console sets the level and mutes a channel, each written to the audit log', async () => {
  const s = (socket = io(`${url}/console`, { auth: { password: PASSWORD }, transports: ['websocket'] }));
  const audit: AuditLine[] = [];
  s.on('audit', (e: AuditLine) => audit.push(e));
  const ask = (change: unknown) => s.timeout(20_000).emitWithAck('speaker', 'quad', change);
  expect(await ask({ level: -10 })).toMatchObject({ ok: true, speaker: { level: -10 } });
  expect(await ask({ mute: true, channel: 2 })).toMatchObject({ ok: true, speaker: { mutedChannels: [2] } });
  expect(await ask({ volume: 1 })).toEqual({
    ok: false,
    error:
      'a speaker change is {"level": dB}, {"mute": true|false, "channel"?: n|name} or {"tone": channel, "seconds"?: s, "kind"?: "sine"|"pink"} (a channel: its number or its name, e.g. "rear-left")',
  });
  await until(() => audit.length >= 2, 'two audit entries');
  expect(audit.map((e) => [e.action, e.detail])).toEqual([
    ['speaker', 'quad: level -10 dB'],
    ['speaker', 'quad channel 2: muted'],
  ]);
  expect((await status(url)).speakers?.[0]).toMatchObject({ level: -10, mutedChannels: [2] });
});

it("says in the status when a speaker's matrix does not fit the world's channels, and plays nothing through it", async () => {
  const mono = { id: 'mono', device: QUAD_SINK, channels: 1, matrix: [[0, 0, 0]] };
  const other = await startRuntime({ speakers: [mono] });
  try {
    await until(async () => (await status(other.url)).speakers?.[0]?.problem, 'the problem in the status');
    expect((await status(other.url)).speakers?.[0]?.problem).toBe(
      'the matrix routes 3 model channel(s) but the model sends 2: give each matrix row 2 gain(s)',
    );
    await until(
      async () => (await status(other.url)).outputs.find((o) => o.id === 'mono')!.dropped > 5,
      'chunks dropped',
    );
    expect((await status(other.url)).outputs.find((o) => o.id === 'mono')).toMatchObject({ presented: 0 });
  } finally {
    await other.runtime.close();
  }
});
