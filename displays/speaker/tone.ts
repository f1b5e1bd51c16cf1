/** Test signals: the world model's audio shape (planar chunks) and a Goertzel filter to find a tone in a capture. */
import type { AudioChunk } from '../../runtime/core/world-model.ts';

/** `count` planar chunks of a sine in every channel, continuing phase across chunks */
export function sineChunks(o: {
  freq: number;
  amplitude: number;
  rate: number;
  channels: number;
  samples: number;
  count: number;
}): AudioChunk[] {
  const chunks: AudioChunk[] = [];
  for (let step = 0; step < o.count; step++) {
    const data = new Float32Array(o.samples * o.channels);
    for (let i = 0; i < o.samples; i++) {
      const v = o.amplitude * Math.sin((2 * Math.PI * o.freq * (step * o.samples + i)) / o.rate);
      for (let c = 0; c < o.channels; c++) data[c * o.samples + i] = v;
    }
    chunks.push({ rate: o.rate, channels: o.channels, samples: o.samples, data, step });
  }
  return chunks;
}

/** power of `x` at `freq`, normalised so a full-length sine of amplitude A gives about A²/4 */
export function goertzel(x: Float32Array, freq: number, rate: number): number {
  const k = 2 * Math.cos((2 * Math.PI * freq) / rate);
  let s1 = 0;
  let s2 = 0;
  for (const v of x) {
    const s0 = v + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / (x.length * x.length);
}

export function rms(x: Float32Array): number {
  let sum = 0;
  for (const v of x) sum += v * v;
  return Math.sqrt(sum / Math.max(1, x.length));
}

/** one channel of interleaved audio, trimmed to the span between its first and last sample above `threshold` */
export function audibleSpan(
  interleaved: Float32Array,
  channels: number,
  channel: number,
  threshold: number,
): Float32Array {
  const ch = new Float32Array(Math.floor(interleaved.length / channels));
  for (let i = 0; i < ch.length; i++) ch[i] = interleaved[i * channels + channel]!;
  const first = ch.findIndex((v) => Math.abs(v) > threshold);
  if (first < 0) return new Float32Array(0);
  const last = ch.findLastIndex((v) => Math.abs(v) > threshold);
  return ch.subarray(first, last + 1);
}
