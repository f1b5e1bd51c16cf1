import type { AudioChunk } from '../../runtime/core/world-model.ts';

/** why a chunk cannot be played, or undefined when it can */
export function chunkProblem(chunk: AudioChunk): string | undefined {
  const { rate, channels, samples, data } = chunk;
  if (!Number.isInteger(rate) || rate <= 0) return `bad sample rate ${rate}`;
  if (!Number.isInteger(channels) || channels < 1 || channels > 32) return `bad channel count ${channels}`;
  if (!Number.isInteger(samples) || samples < 0) return `bad sample count ${samples}`;
  if (data.length < samples * channels) return `chunk holds ${data.length} values, needs ${samples * channels}`;
  return undefined;
}
