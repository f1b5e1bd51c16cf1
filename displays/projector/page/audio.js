// @ts-check
// The world's sound through Web Audio: chunks scheduled back to back behind a small jitter buffer.
/** @typedef {import('../../../runtime/core/display-protocol.ts').AudioMeta} AudioMeta */
/** @typedef {import('../page-stats.ts').AudioPageStats} AudioPageStats */
const LEAD_S = 0.12;
const MAX_LEAD_S = 0.5;

export class AudioPlayer {
  constructor() {
    /** @type {AudioContext | null} */
    this.ctx = null;
    /** @type {GainNode | null} */
    this.gain = null;
    /** @type {AnalyserNode | null} */
    this.analyser = null;
    this.next = 0;
    /** @type {AudioPageStats} */
    this.stats = { chunks: 0, underruns: 0, skipped: 0, rms: 0, state: 'none' };
  }

  /** browsers start audio only after a gesture, unless the kiosk runs with --autoplay-policy=no-user-gesture-required */
  unlock() {
    // a refused resume leaves the context suspended; the next gesture tries again
    if (this.ctx && this.ctx.state === 'suspended') this.ctx.resume().catch(() => {});
  }

  /** @param {boolean} on @param {number} [fadeSeconds] the gain ramps to silence (or back) over this long */
  mute(on, fadeSeconds = 0) {
    if (!this.gain) return;
    const g = this.gain.gain;
    const now = this.gain.context.currentTime;
    g.cancelScheduledValues(now);
    g.setValueAtTime(g.value, now);
    g.linearRampToValueAtTime(on ? 0 : 1, now + Math.max(0.005, fadeSeconds));
  }

  /**
   * @param {AudioMeta} meta
   * @param {ArrayBuffer} planar the channels one after another, float32
   */
  play(meta, planar) {
    const { ctx, gain } = this.ctx && this.gain ? { ctx: this.ctx, gain: this.gain } : this.open(meta.rate);
    this.stats.state = ctx.state;
    this.stats.chunks++;
    const now = ctx.currentTime;
    if (this.next < now + 0.01) {
      if (this.stats.chunks > 1) this.stats.underruns++;
      this.next = now + LEAD_S;
    }
    if (this.next > now + MAX_LEAD_S) {
      this.stats.skipped++;
      return;
    }
    const data = new Float32Array(planar);
    const buffer = ctx.createBuffer(meta.channels, meta.samples, meta.rate);
    for (let c = 0; c < meta.channels; c++)
      buffer.copyToChannel(data.subarray(c * meta.samples, (c + 1) * meta.samples), c);
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(gain);
    source.start(this.next);
    this.next += meta.samples / meta.rate;
  }

  /**
   * @param {number} rate
   * @returns {{ ctx: AudioContext, gain: GainNode }}
   */
  open(rate) {
    const ctx = new AudioContext({ sampleRate: rate, latencyHint: 'interactive' });
    const gain = ctx.createGain();
    const analyser = ctx.createAnalyser();
    Object.assign(this, { ctx, gain, analyser });
    analyser.fftSize = 2048;
    gain.connect(analyser);
    analyser.connect(ctx.destination);
    const samples = new Float32Array(analyser.fftSize);
    // what actually reaches the speakers, measured after the gain (blackout mutes it)
    setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      this.stats.rms = Math.sqrt(samples.reduce((a, v) => a + v * v, 0) / samples.length);
      this.stats.state = ctx.state;
    }, 250);
    return { ctx, gain };
  }
}
