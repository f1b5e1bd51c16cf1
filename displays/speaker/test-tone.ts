/**
 * The console's test signals on one speaker channel, every other channel silent: a 1 kHz sine at -20 dBFS, or
 * pink noise at -20 dBFS RMS (the RMS of that sine, AES17: the two sound about as loud).
 */
import { PinkNoise } from './pink-noise.ts';

export const TONE_KINDS = ['sine', 'pink'] as const;
export type ToneKind = (typeof TONE_KINDS)[number];

export const TONE_HZ = 1000;
/** -20 dBFS: a full-scale sine is 0 dBFS (AES17), so this one peaks at 0.1 */
export const TONE_PEAK = 0.1;
/** the pink noise's RMS: that of the sine */
export const NOISE_RMS = TONE_PEAK / Math.SQRT2;
/** every play of the pink noise is the same noise, so a test can check it */
const NOISE_SEED = 0x6e616372;
/** fades in and out over this long, so the tone starts and stops without a click */
const FADE_SECONDS = 0.01;

export class TestTone {
  private written = 0;
  private readonly total: number;
  private readonly fade: number;
  private readonly sample: (t: number) => number;

  constructor(
    readonly channel: number,
    readonly channels: number,
    readonly rate: number,
    seconds: number,
    readonly kind: ToneKind = 'sine',
  ) {
    this.total = Math.round(seconds * rate);
    this.fade = Math.max(1, Math.round(FADE_SECONDS * rate));
    const noise = kind === 'pink' ? new PinkNoise(NOISE_RMS, NOISE_SEED) : undefined;
    this.sample = noise ? () => noise.next() : (t) => TONE_PEAK * Math.sin((2 * Math.PI * TONE_HZ * t) / rate);
  }

  get done(): boolean {
    return this.written >= this.total;
  }

  /** the samples of the tone written so far */
  get position(): number {
    return this.written;
  }

  get remainingSeconds(): number {
    return (this.total - this.written) / this.rate;
  }

  /** the next `frames` frames (fewer at the end), interleaved float32 */
  next(frames: number): Float32Array {
    const n = Math.max(0, Math.min(frames, this.total - this.written));
    const out = new Float32Array(n * this.channels);
    for (let s = 0; s < n; s++) {
      const t = this.written + s;
      const envelope = Math.min(1, t / this.fade, (this.total - t) / this.fade);
      out[s * this.channels + this.channel] = envelope * this.sample(t);
    }
    this.written += n;
    return out;
  }
}
