/** Test pacing: hand a speaker chunks at the model's rate, as the loop would. */
import type { SpeakerOutput } from '../../displays/speaker/output.ts';
import { sineChunks } from '../../displays/speaker/tone.ts';
import type { AudioChunk } from '../../runtime/core/world-model.ts';

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
