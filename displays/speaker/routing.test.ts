/**
 * A speaker's routing on a real multichannel sink: pacat into a private PulseAudio daemon's 4-channel null sink
 * (front-left, front-right, rear-left, rear-right), its monitor recorded by parec; each channel checked.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import { feedPaced, openWithSilence, playedOut, stereoChunks } from '../../test/helpers/speaker-feed.ts';
import { QUAD, QUAD_SINK, record, startPulse, type PulseRig, type Recording } from '../../test/rigs/pulse.ts';
import { SpeakerOutput, type SpeakerView } from './output.ts';
import { speakerSchema } from './schema.ts';
import { TONE_HZ, TONE_PEAK } from './test-tone.ts';
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
/** below this a recorded sample is silence: the null sink passes float32 through untouched, so silence is 0 */
const SILENT = 1e-6;
const AUDIBLE = 0.02;

function speaker(config: Record<string, unknown>) {
  const s = new SpeakerOutput(
    speakerSchema.parse({ id: 'quad', device: QUAD_SINK, channels: 4, ...config }),
    silentLogger(),
    {
      env: rig.env,
    },
  );
  speakers.push(s);
  return s;
}

async function recorder() {
  const r = await record(rig.env, QUAD);
  recordings.push(r);
  return r;
}

const finish = (s: SpeakerOutput, r: Recording) => playedOut(s, r, 4);

/** first and last index above `threshold` */
function span(x: Float32Array, threshold = AUDIBLE): { first: number; last: number } | undefined {
  const first = x.findIndex((v) => Math.abs(v) > threshold);
  return first < 0 ? undefined : { first, last: x.findLastIndex((v) => Math.abs(v) > threshold) };
}
const audible = (x: Float32Array) => {
  const s = span(x);
  return s ? x.subarray(s.first, s.last + 1) : new Float32Array(0);
};
const peak = (x: Float32Array) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('speaker routing on a 4-channel PulseAudio sink', () => {
  it('puts each model channel where the matrix says, at its gain; an off channel stays silent', async () => {
    const r = await recorder();
    const s = speaker({
      matrix: [
        [0, 'off'],
        ['off', 0],
        [-6, 'off'],
        ['off', 'off'],
      ],
    });
    await openWithSilence(s);
    // left: 440 Hz, right: 660 Hz, 1 s
    await feedPaced(s, stereoChunks({ left: 440, right: 660, amplitude: 0.5, count: 30 }));
    expect(s.stats().dropped).toBe(0);
    const [front, right, rear, off] = (await finish(s, r)).map(audible) as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
    ];

    const sine = 0.5 * Math.SQRT1_2;
    for (const [x, want, freq, other] of [
      [front, sine, 440, 660],
      [right, sine, 660, 440],
      [rear, sine * 10 ** (-6 / 20), 440, 660],
    ] as const) {
      expect(x.length / RATE).toBeGreaterThan(0.95);
      expect(rms(x)).toBeGreaterThan(want * 0.95);
      expect(rms(x)).toBeLessThan(want * 1.05);
      expect(goertzel(x, freq, RATE)).toBeGreaterThan(1000 * goertzel(x, other, RATE));
    }
    expect(rms(rear) / rms(front)).toBeCloseTo(10 ** (-6 / 20), 2);
    expect(off).toHaveLength(0);
  });

  it('plays a test tone on channel 3 only, the model silent on every channel while it plays', async () => {
    const r = await recorder();
    const s = speaker({
      matrix: [
        [0, 'off'],
        ['off', 0],
        [-6, 'off'],
        ['off', 'off'],
      ],
    });
    await openWithSilence(s);
    const model = stereoChunks({ left: 440, right: 660, amplitude: 0.5, count: 75 });
    const feeding = feedPaced(s, model);
    await vi.waitFor(() => expect(s.stats().presented).toBeGreaterThan(15), { timeout: 10_000, interval: 10 });
    expect(s.change({ tone: 3, seconds: 1 }).tone).toEqual({
      channel: 3,
      kind: 'sine',
      remainingSeconds: expect.any(Number),
    });
    await vi.waitFor(() => expect(s.view().tone, 'the tone to end').toBeUndefined(), { timeout: 10_000, interval: 20 });
    await feeding;
    const [front, right, rear, ch3] = await finish(s, r);

    const tone = span(ch3!, SILENT)!;
    expect((tone.last - tone.first) / RATE).toBeGreaterThan(0.98);
    expect((tone.last - tone.first) / RATE).toBeLessThan(1.02);
    const t = ch3!.subarray(tone.first, tone.last + 1);
    expect(peak(t)).toBeCloseTo(TONE_PEAK, 2);
    expect(goertzel(t, TONE_HZ, RATE)).toBeGreaterThan(1000 * goertzel(t, 440, RATE));
    // the model played before and after the tone, never during it
    for (const x of [front!, right!, rear!]) {
      expect(peak(x.subarray(tone.first, tone.last + 1))).toBeLessThan(SILENT);
      expect(peak(x.subarray(0, tone.first))).toBeGreaterThan(0.1);
      expect(peak(x.subarray(tone.last))).toBeGreaterThan(0.1);
    }
    // and channel 3 holds nothing but the tone
    expect(peak(ch3!.subarray(0, tone.first))).toBeLessThan(SILENT);
    expect(peak(ch3!.subarray(tone.last + 1))).toBeLessThan(SILENT);
  });

  it('mutes one channel, then the whole speaker, live without restarting the player', async () => {
    const r = await recorder();
    const s = speaker({
      matrix: [
        [0, 'off'],
        ['off', 0],
        ['off', 'off'],
        ['off', 'off'],
      ],
    });
    await openWithSilence(s);
    const pid = s.pid;
    const chunks = stereoChunks({ left: 440, right: 660, amplitude: 0.5, count: 60 });
    const views: SpeakerView[] = [];
    await feedPaced(s, chunks, (k) => {
      if (k === 20) views.push(s.change({ mute: true, channel: 0 }));
      if (k === 40) views.push(s.change({ mute: true }));
    });
    expect(views).toMatchObject([
      { mute: false, mutedChannels: [0] },
      { mute: true, mutedChannels: [0] },
    ]);
    expect(s.pid).toBe(pid);
    expect(s.stats().dropped).toBe(0);
    const [front, right] = await finish(s, r);

    // 20 chunks are 0.667 s: the left one played for 20 chunks, the right one for 40; then silence (a gap the
    // loaded machine may leave between chunks only lengthens a span)
    const left = span(front!)!;
    const rightSpan = span(right!)!;
    expect((left.last - left.first) / RATE).toBeGreaterThan(0.63);
    expect((left.last - left.first) / RATE).toBeLessThan(0.8);
    expect((rightSpan.last - rightSpan.first) / RATE).toBeGreaterThan(1.3);
    expect((rightSpan.last - rightSpan.first) / RATE).toBeLessThan(1.5);
    expect(rightSpan.last - left.last).toBeGreaterThan(RATE * 0.63);
  });

  it('delays a channel by its delayMs, sample for sample', async () => {
    const r = await recorder();
    const s = speaker({
      matrix: [
        [0, 'off'],
        [0, 'off'],
        ['off', 'off'],
        ['off', 'off'],
      ],
      delayMs: [0, 100, 0, 0],
    });
    await openWithSilence(s);
    await feedPaced(s, stereoChunks({ left: 440, right: 660, amplitude: 0.5, count: 15 }));
    const [direct, delayed] = await finish(s, r);

    const a = span(direct!)!;
    const b = span(delayed!)!;
    // exact, unless the loaded machine let pacat run dry in between (the sink then plays a gap): that only adds
    const lag = b.first - a.first;
    expect(lag).toBeGreaterThanOrEqual(0.1 * RATE);
    expect(lag).toBeLessThan(0.11 * RATE);
    // the delayed channel starts as the direct one did, sample for sample
    const start = (x: Float32Array, at: number) => x.subarray(at, at + 0.01 * RATE);
    const diff = start(direct!, a.first).map((v, i) => Math.abs(v - start(delayed!, b.first)[i]!));
    expect(peak(start(direct!, a.first))).toBeGreaterThan(0.4);
    expect(peak(diff)).toBeLessThan(SILENT);
  });
});
