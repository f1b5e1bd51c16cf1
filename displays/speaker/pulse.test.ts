/** SpeakerOutput through pacat into a real (private) PulseAudio daemon's null sink, captured from its monitor. */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OutputState } from '../../runtime/core/output.ts';
import { feed, feedUntil, modelChunk } from '../../test/helpers/speaker-feed.ts';
import { SpeakerOutput, type SpeakerOptions } from './output.ts';
import { record, startPulse, TEST_SINK, type PulseRig } from '../../test/rigs/pulse.ts';
import { speakerSchema } from './schema.ts';
import { audibleSpan, goertzel, rms, sineChunks } from './tone.ts';
import { silentLogger } from '../../runtime/core/log.ts';

let rig: PulseRig;
const speakers: SpeakerOutput[] = [];

beforeAll(async () => {
  rig = await startPulse();
});
afterEach(async () => {
  await Promise.all(speakers.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await rig?.stop();
});

function speaker(config: Record<string, unknown> = {}, options: SpeakerOptions = {}) {
  const s = new SpeakerOutput(speakerSchema.parse({ id: 'test', device: TEST_SINK, ...config }), silentLogger(), {
    env: rig.env,
    ...options,
  });
  const states: { s: OutputState; err?: Error }[] = [];
  s.onState((st, err) => states.push({ s: st, err }));
  speakers.push(s);
  return { s, states, errors: () => states.flatMap((x) => (x.err ? [x.err.message] : [])) };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('speaker on PulseAudio', () => {
  it('plays a 440 Hz tone that reaches the sink at the configured volume', async () => {
    const cap = await record(rig.env);
    const { s } = speaker({ volume: 0.5 });
    const chunks = sineChunks({ freq: 440, amplitude: 0.8, rate: 48_000, channels: 2, samples: 1600, count: 30 });
    // a little faster than real time (33.3 ms a chunk), as a model ahead of the clock would be
    await feed(s, chunks, 30);
    expect(s.stats()).toEqual({ presented: 30, dropped: 0 });
    await s.close(); // pacat plays out what it holds before it exits
    const end = cap.frames();
    await vi.waitFor(
      () => expect(cap.frames() > end + 48_000 * 0.3, 'the monitor to run on past the tone').toBe(true),
      { timeout: 10_000, interval: 20 },
    );
    const captured = await cap.stop();

    for (const channel of [0, 1]) {
      const tone = audibleSpan(captured, 2, channel, 0.02);
      expect(tone.length / 48_000).toBeGreaterThan(0.95);
      expect(tone.length / 48_000).toBeLessThan(1.05);
      expect(goertzel(tone, 440, 48_000)).toBeGreaterThan(1000 * goertzel(tone, 520, 48_000));
      expect(goertzel(tone, 440, 48_000)).toBeCloseTo(0.4 ** 2 / 4, 2);
      expect(rms(tone)).toBeGreaterThan(0.4 * Math.SQRT1_2 * 0.9);
      expect(rms(tone)).toBeLessThan(0.4 * Math.SQRT1_2 * 1.1);
    }
  });

  it('reports a killed pacat as lost with the reason, and later chunks bring it back', async () => {
    const { s, states, errors } = speaker({}, { backoffMs: 50 });
    await feedUntil(s, () => s.state === 'open', 'open');
    const first = s.pid!;
    process.kill(first, 'SIGKILL');
    await feedUntil(s, () => s.state === 'lost', 'lost');
    expect(errors()).toEqual([
      expect.stringMatching(/^pacat was killed \(SIGKILL\); see displays\/speaker\/README.md/),
    ]);
    await feedUntil(s, () => s.state === 'open', 'open again');
    expect(s.pid).not.toBe(first);
    expect(states.map((x) => x.s)).toEqual(['open', 'lost', 'opening', 'open']);
  });

  it('names a sink that does not exist, retries only after the backoff, and never throws', async () => {
    const { s, errors } = speaker({ device: 'no_such_sink' });
    s.presentAudio(modelChunk(0));
    await vi.waitFor(() => expect(s.state, 'lost').toBe('lost'), { timeout: 10_000, interval: 20 });
    expect(errors()[0]).toMatch(
      /^pacat exited \(code 1\): Stream error: No such entity; PulseAudio has no sink "no_such_sink"; list sinks with `pactl list short sinks`/,
    );
    // within the first 1 s backoff: every chunk is dropped and nothing is started
    for (let i = 1; i <= 20; i++) s.presentAudio(modelChunk(i));
    expect(s.pid).toBeUndefined();
    expect(s.stats()).toEqual({ presented: 1, dropped: 20 });
    expect(errors()).toHaveLength(1);
  });

  it('says to start PulseAudio when there is no server, and logs that once however often it retries', async () => {
    const lines: { msg: string; level: number }[] = [];
    const log = pino(
      { level: 'info' },
      new Writable({ write: (d, _, done) => (lines.push(JSON.parse(String(d))), done()) }),
    );
    const s = new SpeakerOutput(speakerSchema.parse({ id: 'test' }), log, {
      env: { PULSE_SERVER: 'unix:/nonexistent/native' },
      backoffMs: 5,
    });
    speakers.push(s);
    const errors: string[] = [];
    s.onState((_, err) => err && errors.push(err.message));
    await feedUntil(s, () => errors.length >= 3, 'three failed starts');
    expect(errors[0]).toMatch(/^pacat exited \(code 1\): .*Connection refused; is PulseAudio running/);
    expect(new Set(errors).size).toBe(1);
    expect(lines.filter((l) => l.msg === errors[0])).toHaveLength(1);
  });

  it('says which package to install when pacat is missing', async () => {
    const { s, errors } = speaker({}, { env: { ...rig.env, PATH: '/nonexistent' } });
    s.presentAudio(modelChunk(0));
    await vi.waitFor(() => expect(s.state, 'lost').toBe('lost'), { timeout: 10_000, interval: 20 });
    expect(errors()).toEqual([
      'pacat not found; install the Debian package pulseaudio-utils (scripts/install-system-packages.sh)',
    ]);
  });

  it('close() is idempotent, leaves no pacat behind and ignores later chunks', async () => {
    const { s, states } = speaker();
    await feedUntil(s, () => s.state === 'open', 'open');
    const pid = s.pid!;
    const a = s.close();
    const b = s.close();
    expect(b).toBe(a);
    await a;
    expect(alive(pid)).toBe(false);
    await s.close();
    s.presentAudio(modelChunk(99));
    expect(s.pid).toBeUndefined();
    expect(states.map((x) => x.s).slice(-2)).toEqual(['closing', 'closed']);
  });
});
