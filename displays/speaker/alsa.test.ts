/** SpeakerOutput through aplay to ALSA's null device (no sound card here). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import { feed, feedUntil, modelChunk } from '../../test/helpers/speaker-feed.ts';
import { SpeakerOutput } from './output.ts';
import { speakerSchema } from './schema.ts';
import { sineChunks } from './tone.ts';

const speakers: SpeakerOutput[] = [];
afterEach(async () => {
  await Promise.all(speakers.splice(0).map((s) => s.close()));
});

function speaker(device: string) {
  const s = new SpeakerOutput(speakerSchema.parse({ id: 'alsa', backend: 'alsa', device }), silentLogger());
  const errors: string[] = [];
  s.onState((_, err) => err && errors.push(err.message));
  speakers.push(s);
  return { s, errors };
}

describe('speaker on ALSA', () => {
  it('plays to the null device and counts what it presented', async () => {
    const { s, errors } = speaker('null');
    await feedUntil(s, () => s.state === 'open', 'open');
    const before = s.stats();
    await feed(s, sineChunks({ freq: 440, amplitude: 0.5, rate: 48_000, channels: 2, samples: 1600, count: 10 }), 33);
    expect(s.stats().presented).toBe(before.presented + 10);
    expect(s.stats().dropped).toBe(before.dropped);
    expect(s.state).toBe('open');
    expect(errors).toEqual([]);
  });

  it('starts a new aplay when the rate or channel count changes', async () => {
    const { s } = speaker('null');
    await feedUntil(s, () => s.state === 'open', 'open');
    const first = s.pid;
    const mono = sineChunks({ freq: 440, amplitude: 0.5, rate: 44_100, channels: 1, samples: 1470, count: 1 })[0]!;
    s.presentAudio(mono);
    expect(s.pid).not.toBe(first);
    expect(s.state).toBe('opening');
    await vi.waitFor(() => expect(s.state, 'open at 44.1 kHz mono').toBe('open'), { timeout: 10_000, interval: 20 });
  });

  it('names a device that does not exist and never throws', async () => {
    const { s, errors } = speaker('no_such_pcm');
    s.presentAudio(modelChunk(0));
    await vi.waitFor(() => expect(s.state, 'lost').toBe('lost'), { timeout: 10_000, interval: 20 });
    expect(() => s.presentAudio(modelChunk(1))).not.toThrow();
    expect(errors).toEqual([
      expect.stringMatching(
        /^aplay exited \(code 1\): .*audio open error.*; ALSA device "no_such_pcm" cannot be opened; list devices with `aplay -L`/,
      ),
    ]);
  });
});
