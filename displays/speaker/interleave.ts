import type { AudioChunk } from '../../runtime/core/world-model.ts';

/** Planar float chunk -> interleaved float32 little-endian bytes, scaled by `volume`. */
export function interleave(chunk: AudioChunk, volume: number): Buffer {
  const { channels, samples, data } = chunk;
  const out = Buffer.allocUnsafe(samples * channels * 4);
  let offset = 0;
  for (let i = 0; i < samples; i++) {
    for (let c = 0; c < channels; c++) {
      offset = out.writeFloatLE(data[c * samples + i]! * volume, offset);
    }
  }
  return out;
}

/** why a chunk cannot be played, or undefined when it can */
export function chunkProblem(chunk: AudioChunk): string | undefined {
  const { rate, channels, samples, data } = chunk;
  if (!Number.isInteger(rate) || rate <= 0) return `bad sample rate ${rate}`;
  if (!Number.isInteger(channels) || channels < 1 || channels > 32) return `bad channel count ${channels}`;
  if (!Number.isInteger(samples) || samples < 0) return `bad sample count ${samples}`;
  if (data.length < samples * channels) return `chunk holds ${data.length} values, needs ${samples * channels}`;
  return undefined;
}
