import type { AudioChunk } from '../core/world-model.ts';

/** The last chunk heard, faded to silence: played once as the world pauses, so the sound does not stop on a click. */
export function fadeOut(c: AudioChunk): AudioChunk {
  const data = new Float32Array(c.data.length);
  for (let ch = 0; ch < c.channels; ch++)
    for (let i = 0; i < c.samples; i++) {
      const k = ch * c.samples + i;
      data[k] = c.data[k]! * (1 - i / c.samples);
    }
  return { ...c, data };
}
