import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.ts';
import { chunkProblem } from './chunk-problem.ts';
import { playerFor } from './players.ts';
import { speakerSchema } from './schema.ts';
import { StderrTail } from './stderr-tail.ts';
import { channelMapOf } from './channel-map.ts';
import { PinkNoise } from './pink-noise.ts';
import { rms } from './tone.ts';

describe('chunkProblem', () => {
  it('finds chunks that cannot be played', () => {
    const ok = { rate: 48_000, channels: 2, samples: 2, data: new Float32Array(4), step: 0 };
    expect(chunkProblem(ok)).toBeUndefined();
    expect(chunkProblem({ ...ok, data: new Float32Array(3) })).toBe('chunk holds 3 values, needs 4');
    expect(chunkProblem({ ...ok, channels: 0 })).toBe('bad channel count 0');
    expect(chunkProblem({ ...ok, rate: 0 })).toBe('bad sample rate 0');
  });
});

describe('Backoff', () => {
  it('doubles from the first wait up to the cap, and starts over after a long enough run', () => {
    const b = new Backoff(1000, 30_000, 0);
    expect([0, 0, 0, 0, 0, 0, 0].map(() => b.next(0))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(b.next(29_000)).toBe(30_000);
    expect(b.next(31_000)).toBe(1000);
  });
});

describe('StderrTail', () => {
  it('keeps only the last characters and skips chatter and terminal escapes', () => {
    const t = new StderrTail(80);
    t.push('x'.repeat(100) + '\n');
    expect(t.all).toHaveLength(80);
    t.push('Stream error: No such entity\n\rTime: 1.0 sec; Latency: 2 usec.\x1b[K\r');
    expect(t.lastLine(/^Time: /)).toBe('Stream error: No such entity');
  });
});

describe('players', () => {
  const format = { rate: 48_000, channels: 2 };
  it('runs pacat with the stream format, sink and latency', () => {
    const p = playerFor(speakerSchema.parse({ id: 'a', device: 'hall', latencyMs: 80 }), format);
    expect([p.bin, ...p.args]).toEqual([
      'pacat',
      '--playback',
      '--raw',
      '--format=float32le',
      '--rate=48000',
      '--channels=2',
      '--device=hall',
      '--latency-msec=80',
      '--client-name=nacre',
      '-v',
    ]);
  });

  it('keeps sink channels by number (no remap, no remix) when the speaker names its channel count', () => {
    const p = playerFor(speakerSchema.parse({ id: 'a', device: 'hall', channels: 4 }), { rate: 48_000, channels: 4 });
    expect(p.args.slice(3, 8)).toEqual(['--rate=48000', '--channels=4', '--no-remap', '--no-remix', '--device=hall']);
  });

  it('runs aplay on the default device when none is configured', () => {
    const p = playerFor(speakerSchema.parse({ id: 'a', backend: 'alsa' }), { rate: 44_100, channels: 1 });
    expect([p.bin, ...p.args]).toEqual([
      'aplay',
      '-q',
      '-v',
      '-t',
      'raw',
      '-f',
      'FLOAT_LE',
      '-r',
      '44100',
      '-c',
      '1',
      '-D',
      'default',
      '--buffer-time=120000',
    ]);
  });

  it("tells aplay's setup report from its errors", () => {
    const p = playerFor(speakerSchema.parse({ id: 'a', backend: 'alsa' }), format);
    for (const l of [
      'Null PCM',
      'Its setup is:',
      'buffer_size  : 5760',
      'silence_threshold: 0',
      'Slave: Hardware PCM card 0',
    ]) {
      expect(p.chatter.test(l), l).toBe(true);
    }
    for (const l of [
      'aplay: main:831: audio open error: No such file or directory',
      'ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM x',
    ]) {
      expect(p.chatter.test(l), l).toBe(false);
    }
  });
});

describe('speakerSchema', () => {
  it('fills in pulse, 120 ms and full volume, and refuses a volume above 1', () => {
    expect(speakerSchema.parse({ id: 's' })).toEqual({
      id: 's',
      backend: 'pulse',
      latencyMs: 120,
      volume: 1,
      level: 0,
      mute: false,
      mutedChannels: [],
    });
    expect(speakerSchema.safeParse({ id: 's', volume: 1.5 }).success).toBe(false);
  });

  const problems = (s: Record<string, unknown>) =>
    speakerSchema.safeParse({ id: 's', ...s }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

  it('reads a matrix of dB gains where off, null and -inf are silence', () => {
    const s = speakerSchema.parse({
      id: 's',
      channels: 3,
      matrix: [
        [0, 'off'],
        [null, -6],
        [-Infinity, 12],
      ],
    });
    expect(s.matrix).toEqual([
      [0, null],
      [null, -6],
      [null, 12],
    ]);
  });

  it('says what is wrong with a matrix, delays or muted channels that do not fit the speaker', () => {
    expect(problems({ matrix: [[0]] })).toEqual(['matrix: matrix needs "channels" (the sink\'s channel count)']);
    expect(problems({ channels: 2, matrix: [[0, 0]] })).toEqual([
      'matrix: matrix has 1 row(s) but the speaker has 2 channel(s): one per channel',
    ]);
    expect(problems({ channels: 2, matrix: [[0, 0], [0]] })).toEqual([
      'matrix.1: row 1 has 1 gain(s), row 0 has 2: one per model channel in every row',
    ]);
    expect(problems({ channels: 2, delayMs: [0, 501] })).toEqual(['delayMs.1: Too big: expected number to be <=500']);
    expect(problems({ channels: 2, delayMs: [0] })).toEqual([
      'delayMs: delayMs has 1 row(s) but the speaker has 2 channel(s): one per channel',
    ]);
    expect(problems({ channels: 2, mutedChannels: [2] })).toEqual([
      "mutedChannels.0: channel 2 does not exist: the speaker's channels are 0 to 1",
    ]);
    expect(problems({ channels: 1, matrix: [[20]] })).toHaveLength(1);
    expect(problems({ channels: 33 })).toHaveLength(1);
    expect(problems({ level: -200 })).toHaveLength(1);
  });
});

describe('channelMapOf', () => {
  const json = JSON.stringify([
    { name: 'hall', channel_map: 'front-left,front-right' },
    { name: 'quad', channel_map: 'front-left,front-right,rear-left,rear-right' },
  ]);
  it("reads the named sink's channel map from pactl's JSON, and nothing for a sink that is not listed", () => {
    expect(channelMapOf(json, 'quad')).toEqual(['front-left', 'front-right', 'rear-left', 'rear-right']);
    expect(channelMapOf(json, 'gone')).toBeUndefined();
  });
});

describe('PinkNoise', () => {
  it('is the same noise for the same seed, another for another, at the RMS asked for', () => {
    const take = (seed: number, n = 200_000) => {
      const p = new PinkNoise(0.05, seed);
      return Float32Array.from({ length: n }, () => p.next());
    };
    const a = take(7);
    expect(take(7, 1000)).toEqual(a.subarray(0, 1000));
    expect(take(8, 1000)).not.toEqual(a.subarray(0, 1000));
    // past the filter's start (its slowest section takes about 900 samples to fill)
    expect(Math.abs(20 * Math.log10(rms(a.subarray(10_000)) / 0.05))).toBeLessThan(0.5);
  });
});
