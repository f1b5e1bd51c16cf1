/** Test pacing: hand a speaker chunks at the model's rate, as the loop would. */
import { expect, vi } from 'vitest';
import type { SpeakerOutput } from '../../displays/speaker/output.ts';
import { sineChunks } from '../../displays/speaker/tone.ts';
import type { AudioChunk } from '../../runtime/core/world-model.ts';
import type { Recording } from '../rigs/pulse.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 1600-sample stereo 48 kHz chunks of a quiet 440 Hz tone, like the world model's */
export const modelChunk = (step: number): AudioChunk => ({
  ...sineChunks({ freq: 440, amplitude: 0.1, rate: 48_000, channels: 2, samples: 1600, count: 1 })[0]!,
  step,
});

/** presents `chunks` one every `everyMs` */
export async function feed(speaker: SpeakerOutput, chunks: AudioChunk[], everyMs: number): Promise<void> {
  for (const c of chunks) {
    speaker.presentAudio(c);
    await sleep(everyMs);
  }
}

/** presents model chunks every 33 ms until `done()` holds; fails after `limitMs` saying what it waited for */
export async function feedUntil(
  speaker: SpeakerOutput,
  done: () => boolean,
  what: string,
  limitMs = 15_000,
): Promise<void> {
  for (let step = 0; step * 33 < limitMs; step++) {
    if (done()) return;
    speaker.presentAudio(modelChunk(step));
    await sleep(33);
  }
  throw new Error(`waited in vain for ${what}; speaker is ${speaker.state}`);
}

/** `count` chunks of a stereo model: a sine of `left` Hz in channel 0, one of `right` Hz in channel 1 */
export function stereoChunks(o: { left: number; right: number; amplitude: number; count: number }): AudioChunk[] {
  const shape = { amplitude: o.amplitude, rate: 48_000, channels: 1, samples: 1600, count: o.count };
  const l = sineChunks({ ...shape, freq: o.left });
  const r = sineChunks({ ...shape, freq: o.right });
  return l.map((c, i) => ({ ...c, channels: 2, data: Float32Array.from([...c.data, ...r[i]!.data]) }));
}

const MODEL_CHUNK_MS = (1600 / 48_000) * 1000;

/**
 * Presents `chunks` at the model's pace (one per 33.3 ms of audio), kept `aheadMs` ahead of the clock as the
 * loop keeps a model ahead: the player neither runs dry nor backs up, however late a timer fires. `before(k)`
 * runs just before chunk k is presented.
 */
export async function feedPaced(
  speaker: SpeakerOutput,
  chunks: AudioChunk[],
  before: (k: number) => void = () => undefined,
  aheadMs = 60,
): Promise<void> {
  const t0 = performance.now();
  for (const [k, c] of chunks.entries()) {
    const wait = t0 + k * MODEL_CHUNK_MS - aheadMs - performance.now();
    if (wait > 0) await sleep(wait);
    before(k);
    speaker.presentAudio(c);
  }
}

/**
 * One silent model chunk, then waits for the player to open: a player that starts slowly has no backlog
 * queued ahead of what the test plays next.
 */
export async function openWithSilence(speaker: SpeakerOutput, channels = 2): Promise<void> {
  speaker.presentAudio({ rate: 48_000, channels, samples: 1600, data: new Float32Array(1600 * channels), step: 0 });
  for (let waited = 0; speaker.state !== 'open'; waited += 20) {
    if (waited > 15_000 || speaker.state === 'lost')
      throw new Error(`the speaker did not open; it is ${speaker.state}`);
    await sleep(20);
  }
}

/** closes the speaker (pacat plays out what it holds), lets the monitor run on, returns each channel recorded */
export async function playedOut(s: SpeakerOutput, r: Recording, channels: number): Promise<Float32Array[]> {
  await s.close();
  const end = r.frames();
  await vi.waitFor(() => expect(r.frames() > end + 48_000 * 0.3, 'the monitor to run on').toBe(true), {
    timeout: 10_000,
    interval: 20,
  });
  const all = await r.stop();
  const frames = all.length / channels;
  return Array.from({ length: channels }, (_, c) =>
    Float32Array.from({ length: frames }, (_, i) => all[i * channels + c]!),
  );
}
