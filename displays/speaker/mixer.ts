/**
 * Model audio -> speaker audio: each speaker channel is a sum of the model's channels through the routing
 * matrix, waits its own delay, then takes the master gain (level, volume, mute). Pure: no I/O, no clock.
 */
import type { AudioChunk } from '../../runtime/core/world-model.ts';

export interface Routing {
  /** the speaker's channel count; absent: as many as the chunk has */
  channels?: number | undefined;
  /** [speaker channel][model channel] gain in dB, null for off; absent: model channel n to speaker channel n */
  matrix?: (number | null)[][] | undefined;
  /** per speaker channel */
  delayMs?: number[] | undefined;
}

/** what the operator changes live: per speaker channel, the gain after routing and delay (0 when muted) */
export type OutputGains = (channel: number) => number;

export const dbToGain = (db: number | null): number => (db === null ? 0 : 10 ** (db / 20));

export class Mixer {
  private rate = 0;
  private inputs = 0;
  /** per speaker channel: linear gains from each model channel */
  private rows: Float32Array[] = [];
  /** per speaker channel: a ring of the mixed samples still waiting out their delay, and where it is */
  private rings: Float32Array[] = [];
  private heads: number[] = [];
  /** per speaker channel: the gain the last chunk ended on (gain changes ramp over a chunk, without a click) */
  private lastGain: number[] = [];

  constructor(private readonly routing: Routing) {}

  /** the speaker's channel count for a chunk of `inputs` model channels */
  outputsFor(inputs: number): number {
    return this.routing.channels ?? inputs;
  }

  /** why this chunk cannot go through the matrix, or undefined when it can */
  problem(chunk: Pick<AudioChunk, 'channels'>): string | undefined {
    const width = this.routing.matrix?.[0]?.length;
    if (width === undefined || width === chunk.channels) return undefined;
    return `the matrix routes ${width} model channel(s) but the model sends ${chunk.channels}: give each matrix row ${chunk.channels} gain(s)`;
  }

  /** one chunk mixed: interleaved float32 frames of the speaker's channels */
  mix(chunk: AudioChunk, gains: OutputGains): Float32Array {
    const { samples: n, channels: inputs, data, rate } = chunk;
    if (rate !== this.rate || inputs !== this.inputs) this.reset(rate, inputs);
    const outputs = this.rows.length;
    const out = new Float32Array(n * outputs);
    for (let o = 0; o < outputs; o++) {
      const row = this.rows[o]!;
      for (let i = 0; i < inputs; i++) {
        const g = row[i]!;
        if (g === 0) continue;
        const base = i * n;
        for (let s = 0; s < n; s++) out[s * outputs + o]! += g * data[base + s]!;
      }
      this.delay(out, o, outputs, n);
      const to = gains(o);
      const from = this.lastGain[o] ?? to;
      this.lastGain[o] = to;
      const step = n > 0 ? (to - from) / n : 0;
      for (let s = 0; s < n; s++) out[s * outputs + o]! *= from + step * (s + 1);
    }
    return out;
  }

  /** speaker channel `o` of `out` through its delay ring: what went in `d` samples ago comes out */
  private delay(out: Float32Array, o: number, outputs: number, n: number): void {
    const ring = this.rings[o]!;
    const d = ring.length;
    if (d === 0) return;
    let head = this.heads[o]!;
    for (let s = 0; s < n; s++) {
      const k = s * outputs + o;
      const v = out[k]!;
      out[k] = ring[head]!;
      ring[head] = v;
      head = head + 1 === d ? 0 : head + 1;
    }
    this.heads[o] = head;
  }

  private reset(rate: number, inputs: number): void {
    const { matrix, delayMs } = this.routing;
    const outputs = this.outputsFor(inputs);
    this.rate = rate;
    this.inputs = inputs;
    // without a matrix: model channel n plays on speaker channel n; a mono model on every speaker channel
    this.rows = Array.from({ length: outputs }, (_, o) =>
      Float32Array.from(matrix?.[o] ?? { length: inputs }, (db, i) =>
        matrix ? dbToGain(db ?? null) : i === o || inputs === 1 ? 1 : 0,
      ),
    );
    this.rings = Array.from(
      { length: outputs },
      (_, o) => new Float32Array(Math.round(((delayMs?.[o] ?? 0) * rate) / 1000)),
    );
    this.heads = this.rings.map(() => 0);
    this.lastGain = [];
  }
}

/** interleaved float32 samples as the little-endian bytes the players read */
export function float32le(samples: Float32Array): Buffer {
  const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  return isBigEndian ? Buffer.from(bytes).swap32() : bytes;
}

const isBigEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 0;
