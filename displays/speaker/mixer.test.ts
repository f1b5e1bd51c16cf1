import { describe, expect, it } from 'vitest';
import type { AudioChunk } from '../../runtime/core/world-model.ts';
import { SpeakerChangeError, SpeakerControls } from './controls.ts';
import { float32le, Mixer } from './mixer.ts';
import { speakerSchema } from './schema.ts';
import { TestTone, TONE_PEAK } from './test-tone.ts';

/** a planar chunk from per-channel sample lists */
const chunk = (...channels: number[][]): AudioChunk => ({
  rate: 1000,
  channels: channels.length,
  samples: channels[0]!.length,
  data: Float32Array.from(channels.flat()),
  step: 0,
});
/** one speaker channel out of interleaved frames, rounded */
const channel = (frames: Float32Array, channels: number, c: number) =>
  Array.from({ length: frames.length / channels }, (_, i) => Number(frames[i * channels + c]!.toFixed(4)));
const unity = () => 1;

describe('Mixer', () => {
  it('routes model channels to speaker channels through the matrix in dB; off is silence', () => {
    const m = new Mixer({
      channels: 4,
      matrix: [
        [0, null],
        [null, 0],
        [-6, null],
        [null, null],
      ],
    });
    const out = m.mix(chunk([1, 0.5], [0.25, -1]), unity);
    expect(out).toHaveLength(8);
    expect(channel(out, 4, 0)).toEqual([1, 0.5]);
    expect(channel(out, 4, 1)).toEqual([0.25, -1]);
    expect(channel(out, 4, 2)).toEqual([0.5012, 0.2506]); // -6 dB
    expect(channel(out, 4, 3)).toEqual([0, 0]);
  });

  it('sums several model channels into one speaker channel', () => {
    const m = new Mixer({ channels: 1, matrix: [[-6.0206, -6.0206]] });
    expect(channel(m.mix(chunk([1, 0], [1, 0.5]), unity), 1, 0)).toEqual([1, 0.25]);
  });

  it('without a matrix: model channel n to speaker channel n, a mono model to every channel', () => {
    expect(
      channel(
        new Mixer({}).mix(chunk([0.1, 0.2], [-1, -0.5]), () => 0.5),
        2,
        1,
      ),
    ).toEqual([-0.5, -0.25]);
    const mono = new Mixer({ channels: 3 }).mix(chunk([0.3]), unity);
    expect(Array.from(mono, (v) => Number(v.toFixed(4)))).toEqual([0.3, 0.3, 0.3]);
    const wider = new Mixer({ channels: 3 }).mix(chunk([0.3], [0.6]), unity);
    expect(Array.from(wider, (v) => Number(v.toFixed(4)))).toEqual([0.3, 0.6, 0]);
  });

  it('delays each speaker channel by its own time, across chunks', () => {
    // 1000 Hz: 3 ms is 3 samples
    const m = new Mixer({ channels: 2, matrix: [[0], [0]], delayMs: [0, 3] });
    const a = m.mix(chunk([1, 2]), unity);
    const b = m.mix(chunk([3, 4]), unity);
    const c = m.mix(chunk([5, 6]), unity);
    expect([...channel(a, 2, 0), ...channel(b, 2, 0), ...channel(c, 2, 0)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...channel(a, 2, 1), ...channel(b, 2, 1), ...channel(c, 2, 1)]).toEqual([0, 0, 0, 1, 2, 3]);
  });

  it('applies per-channel gains after the delay, ramping a change over one chunk (no click)', () => {
    const m = new Mixer({ channels: 2, matrix: [[0], [0]] });
    let g = [1, 1];
    const gains = (c: number) => g[c]!;
    m.mix(chunk([1, 1, 1, 1]), gains);
    g = [0, 1];
    const ramp = m.mix(chunk([1, 1, 1, 1]), gains);
    expect(channel(ramp, 2, 0)).toEqual([0.75, 0.5, 0.25, 0]);
    expect(channel(ramp, 2, 1)).toEqual([1, 1, 1, 1]);
    expect(channel(m.mix(chunk([1, 1]), gains), 2, 0)).toEqual([0, 0]);
  });

  it('names a model whose channel count does not fit the matrix', () => {
    const m = new Mixer({
      channels: 2,
      matrix: [
        [0, null],
        [null, 0],
      ],
    });
    expect(m.problem({ channels: 2 })).toBeUndefined();
    expect(m.problem({ channels: 1 })).toBe(
      'the matrix routes 2 model channel(s) but the model sends 1: give each matrix row 1 gain(s)',
    );
  });

  it('hands the players little-endian float32 bytes', () => {
    const bytes = float32le(Float32Array.from([0.5, -1]));
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([0.5, -1]);
  });
});

describe('TestTone', () => {
  it('is a 1 kHz sine at -20 dBFS on its channel only, exactly as long as asked, faded in and out', () => {
    const t = new TestTone(2, 4, 48_000, 0.5);
    const parts = [t.next(10_000), t.next(10_000), t.next(10_000)];
    expect(t.done).toBe(true);
    expect(t.next(100)).toHaveLength(0);
    const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) all.set(p, (at += p.length) - p.length);
    expect(all.length / 4).toBe(24_000);
    for (const c of [0, 1, 3]) expect(channel(all, 4, c).every((v) => v === 0)).toBe(true);
    const tone = channel(all, 4, 2);
    expect(Math.max(...tone)).toBeCloseTo(TONE_PEAK, 3);
    expect(tone[0]).toBe(0);
    expect(Math.abs(tone.at(-1)!)).toBeLessThan(0.001);
    // a 1 kHz sine at 48 kHz: one period is 48 samples
    expect(tone[12_000 + 12]! / TONE_PEAK).toBeCloseTo(1, 2);
  });
});

describe('SpeakerControls', () => {
  const config = speakerSchema.parse({ id: 's', channels: 4, volume: 0.5, level: -6.0206, mutedChannels: [3] });

  it('turns volume, level and mutes into a linear gain per channel', () => {
    const c = new SpeakerControls(config);
    expect(c.gains()(0)).toBeCloseTo(0.25, 4);
    expect(c.gains()(3)).toBe(0);
    c.apply({ level: 0 }, 4);
    c.apply({ mute: true, channel: 1 }, 4);
    c.apply({ mute: false, channel: 3 }, 4);
    expect([0, 1, 2, 3].map(c.gains())).toEqual([0.5, 0, 0.5, 0.5]);
    c.apply({ mute: true }, 4);
    expect([0, 1, 2, 3].map(c.gains())).toEqual([0, 0, 0, 0]);
    expect(c.mutedChannels).toEqual([1]);
  });

  it('refuses a level or a channel that cannot be, and changes nothing', () => {
    const c = new SpeakerControls(config);
    expect(() => c.apply({ level: 40 }, 4)).toThrow(new SpeakerChangeError('a level is -96 to 12 dB, not 40'));
    expect(() => c.apply({ level: Number.NaN }, 4)).toThrow(SpeakerChangeError);
    expect(() => c.apply({ mute: true, channel: 4 }, 4)).toThrow("no channel 4: this speaker's channels are 0 to 3");
    expect(c.level).toBeCloseTo(-6.0206);
    expect(c.mutedChannels).toEqual([3]);
  });
});
