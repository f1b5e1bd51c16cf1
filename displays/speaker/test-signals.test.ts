/**
 * A speaker's channel names and its test signals on a real 4-channel sink: a private PulseAudio daemon's null
 * sink with the map front-left,front-right,rear-left,rear-right, its monitor recorded by parec.
 */
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import { openWithSilence, playedOut } from '../../test/helpers/speaker-feed.ts';
import { QUAD, QUAD_MAP, QUAD_SINK, record, startPulse, type PulseRig, type Recording } from '../../test/rigs/pulse.ts';
import { SpeakerOutput } from './output.ts';
import { speakerSchema } from './schema.ts';
import { NOISE_RMS, TestTone, TONE_HZ, TONE_PEAK } from './test-tone.ts';
import { goertzel, rms } from './tone.ts';

let rig: PulseRig;
const speakers: SpeakerOutput[] = [];
const recordings: Recording[] = [];
beforeAll(async () => {
  rig = await startPulse({ quad: true });
});
afterEach(async () => {
  await Promise.all(speakers.splice(0).map((s) => s.close()));
  await Promise.all(recordings.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  await rig?.stop();
});

const RATE = 48_000;
/** the null sink passes float32 through untouched: silence is exactly 0 */
const SILENT = 1e-6;
const peak = (x: Float32Array) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const db = (ratio: number) => 20 * Math.log10(ratio);

/** a quad speaker, open and with its channel names read; a recorder on the sink's monitor */
async function quad(): Promise<{ s: SpeakerOutput; r: Recording }> {
  const r = await record(rig.env, QUAD);
  recordings.push(r);
  const s = new SpeakerOutput(speakerSchema.parse({ id: 'quad', device: QUAD_SINK, channels: 4 }), silentLogger(), {
    env: rig.env,
  });
  speakers.push(s);
  await openWithSilence(s);
  await vi.waitFor(() => expect(s.view().channelNames).toEqual(QUAD_MAP.split(',')), { timeout: 10_000 });
  return { s, r };
}

/** plays a test signal to its end, then returns each channel recorded */
async function play(s: SpeakerOutput, r: Recording, change: Parameters<SpeakerOutput['change']>[0]) {
  s.change(change);
  await vi.waitFor(() => expect(s.view().tone, 'the signal to end').toBeUndefined(), { timeout: 10_000 });
  return playedOut(s, r, 4);
}

/** where a channel's sound starts and ends (first and last sample that is not 0) */
function sounding(x: Float32Array): Float32Array {
  const first = x.findIndex((v) => Math.abs(v) > SILENT);
  return first < 0 ? new Float32Array(0) : x.subarray(first, x.findLastIndex((v) => Math.abs(v) > SILENT) + 1);
}

/** mean power density over one octave from `low` Hz, from 256 Goertzel bins spread evenly in pitch */
function octavePower(x: Float32Array, low: number): number {
  let sum = 0;
  for (let k = 0; k < 256; k++) sum += goertzel(x, low * 2 ** (k / 256), RATE);
  return sum / 256;
}

it("reads the sink's channel names, and plays a test tone sent to rear-left on the sink's rear-left", async () => {
  const { s, r } = await quad();
  expect(s.view()).toMatchObject({
    channels: 4,
    channelNames: ['front-left', 'front-right', 'rear-left', 'rear-right'],
  });
  expect(() => s.change({ tone: 'side-left' })).toThrow(/no channel side-left.*front-left, front-right, rear-left/);
  const channels = await play(s, r, { tone: 'rear-left', seconds: 1 });

  const tone = sounding(channels[2]!);
  expect(tone.length / RATE).toBeGreaterThan(0.98);
  expect(tone.length / RATE).toBeLessThan(1.02);
  expect(peak(tone)).toBeCloseTo(TONE_PEAK, 2);
  expect(goertzel(tone, TONE_HZ, RATE)).toBeGreaterThan(1000 * goertzel(tone, 440, RATE));
  for (const c of [0, 1, 3]) expect(peak(channels[c]!), `channel ${c}`).toBeLessThan(SILENT);
});

it('plays pink noise on one channel: the seeded noise itself, at -20 dBFS RMS, falling 3 dB per octave', async () => {
  const { s, r } = await quad();
  const channels = await play(s, r, { tone: 'front-right', seconds: 2, kind: 'pink' });
  for (const c of [0, 2, 3]) expect(peak(channels[c]!), `channel ${c}`).toBeLessThan(SILENT);
  const noise = sounding(channels[1]!);
  expect(noise.length / RATE).toBeGreaterThan(1.98);
  expect(noise.length / RATE).toBeLessThan(2.02);

  // the same seed gives the same noise: its first half second is what the generator makes, sample for sample
  // (its first sample is 0, faded in)
  const made = new TestTone(0, 1, RATE, 2, 'pink').next(RATE / 2);
  const start = noise.subarray(0, RATE / 2 - 1);
  expect(peak(start.map((v, i) => v - made[i + 1]!))).toBeLessThan(SILENT);

  const middle = noise.subarray(RATE / 4, RATE * 1.75);
  // -20 dBFS RMS as AES17 reads it (a full-scale sine is 0 dBFS): the RMS of the sine test tone, 0.0707
  expect(NOISE_RMS).toBeCloseTo(TONE_PEAK / Math.SQRT2, 6);
  expect(Math.abs(db(rms(middle) / NOISE_RMS))).toBeLessThan(1);
  // pink: the power density 3 octaves up is 9 dB down (white noise would be level, brown 18 dB down)
  const fall = 10 * Math.log10(octavePower(middle, 250) / octavePower(middle, 2000));
  expect(fall).toBeGreaterThan(7);
  expect(fall).toBeLessThan(11);
});
