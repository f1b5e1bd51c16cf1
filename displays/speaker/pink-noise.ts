/**
 * Pink noise (power falling 3 dB per octave): Paul Kellet's "refined" filter, seven one-pole sections over
 * white noise, flat to within 0.05 dB of the -3 dB/octave line from about 10 Hz up (musicdsp.org #76). The
 * white noise comes from a seeded mulberry32, so the same seed gives the same noise, sample for sample.
 */

/** one white sample in [-1, 1) after another, from `seed` */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  };
}

/** Kellet's filter state; `step(white)` is the next pink sample */
class KelletFilter {
  private b = new Float64Array(7);

  step(white: number): number {
    const b = this.b;
    b[0] = 0.99886 * b[0]! + white * 0.0555179;
    b[1] = 0.99332 * b[1]! + white * 0.0750759;
    b[2] = 0.969 * b[2]! + white * 0.153852;
    b[3] = 0.8665 * b[3]! + white * 0.3104856;
    b[4] = 0.55 * b[4]! + white * 0.5329522;
    b[5] = -0.7616 * b[5]! - white * 0.016898;
    const pink = b[0]! + b[1]! + b[2]! + b[3]! + b[4]! + b[5]! + b[6]! + white * 0.5362;
    b[6] = white * 0.115926;
    return pink;
  }
}

/**
 * The filter's RMS gain for white noise: the square root of its impulse response's energy (the slowest section
 * has decayed below 1e-9 after 20,000 samples)
 */
const FILTER_GAIN = (() => {
  const f = new KelletFilter();
  let energy = 0;
  for (let n = 0; n < 20_000; n++) energy += f.step(n === 0 ? 1 : 0) ** 2;
  return Math.sqrt(energy);
})();
/** the RMS of uniform white noise in [-1, 1) */
const WHITE_RMS = 1 / Math.sqrt(3);

export class PinkNoise {
  private readonly white: () => number;
  private readonly filter = new KelletFilter();
  private readonly scale: number;

  /** noise whose long-run RMS is `rms` */
  constructor(rms: number, seed = 1) {
    this.white = mulberry32(seed);
    this.scale = rms / (FILTER_GAIN * WHITE_RMS);
  }

  next(): number {
    return this.scale * this.filter.step(this.white());
  }
}
