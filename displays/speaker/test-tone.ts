/** The console's test tone: a 1 kHz sine at -20 dBFS on one speaker channel, every other channel silent. */

export const TONE_HZ = 1000;
/** -20 dBFS: a full-scale sine is 0 dBFS (AES17), so this one peaks at 0.1 */
export const TONE_PEAK = 0.1;
/** fades in and out over this long, so the tone starts and stops without a click */
const FADE_SECONDS = 0.01;

export class TestTone {
  private written = 0;
  private readonly total: number;
  private readonly fade: number;

  constructor(
    readonly channel: number,
    readonly channels: number,
    readonly rate: number,
    seconds: number,
  ) {
    this.total = Math.round(seconds * rate);
    this.fade = Math.max(1, Math.round(FADE_SECONDS * rate));
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
      out[s * this.channels + this.channel] = TONE_PEAK * envelope * Math.sin((2 * Math.PI * TONE_HZ * t) / this.rate);
    }
    this.written += n;
    return out;
  }
}
