// The world's sound through Web Audio: chunks scheduled back to back behind a small jitter buffer.
const LEAD_S = 0.12;
const MAX_LEAD_S = 0.5;

export class AudioPlayer {
  constructor() {
    this.ctx = null;
    this.next = 0;
    this.stats = { chunks: 0, underruns: 0, skipped: 0, rms: 0, state: 'none' };
  }

  /** browsers start audio only after a gesture, unless the kiosk runs with --autoplay-policy=no-user-gesture-required */
  unlock() {
    if (this.ctx && this.ctx.state === 'suspended') this.ctx.resume();
  }

  mute(on) {
    if (this.gain) this.gain.gain.value = on ? 0 : 1;
  }

  play(meta, planar) {
    if (!this.ctx) this.open(meta.rate);
    const ctx = this.ctx;
    this.stats.state = ctx.state;
    this.stats.chunks++;
    const now = ctx.currentTime;
    if (this.next < now + 0.01) {
      if (this.stats.chunks > 1) this.stats.underruns++;
      this.next = now + LEAD_S;
    }
    if (this.next > now + MAX_LEAD_S) { this.stats.skipped++; return; }
    const data = new Float32Array(planar);
    const buffer = ctx.createBuffer(meta.channels, meta.samples, meta.rate);
    for (let c = 0; c < meta.channels; c++) buffer.copyToChannel(data.subarray(c * meta.samples, (c + 1) * meta.samples), c);
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(this.gain);
    source.start(this.next);
    this.next += meta.samples / meta.rate;
  }

  open(rate) {
    this.ctx = new AudioContext({ sampleRate: rate, latencyHint: 'interactive' });
    this.gain = this.ctx.createGain();
    this.analyser = this.ctx.createAnalyser();
    this.analyser.fftSize = 2048;
    this.gain.connect(this.analyser);
    this.analyser.connect(this.ctx.destination);
    const samples = new Float32Array(this.analyser.fftSize);
    // what actually reaches the speakers, measured after the gain (blackout mutes it)
    setInterval(() => {
      this.analyser.getFloatTimeDomainData(samples);
      this.stats.rms = Math.sqrt(samples.reduce((a, v) => a + v * v, 0) / samples.length);
      this.stats.state = this.ctx.state;
    }, 250);
  }
}
