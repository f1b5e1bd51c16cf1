import { describe, expect, it } from 'vitest';
import { createFilter } from '../filter.ts';

/** Deterministic noise in [-amp, amp] (a small LCG), so the test never flakes. */
function noise(amp: number): () => number {
  let s = 12345;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return (s / 2 ** 31 - 0.5) * 2 * amp;
  };
}

/** Mean |second difference|: zero on a clean ramp, large when it jitters. */
function jitter(xs: number[]): number {
  let sum = 0;
  for (let i = 2; i < xs.length; i++) sum += Math.abs(xs[i]! - 2 * xs[i - 1]! + xs[i - 2]!);
  return sum / (xs.length - 2);
}

function run(spec: Parameters<typeof createFilter>[0], slope: number, amp: number) {
  const f = createFilter(spec);
  const rnd = noise(amp);
  const raw: number[] = [];
  const out: number[] = [];
  for (let i = 0; i <= 300; i++) {
    const t = i * 10;
    raw.push(slope * (t / 1000) + rnd());
    out.push(f(raw[i]!, t) as number);
  }
  return { raw, out, truth: slope * 3 };
}

describe('smooth (One Euro)', () => {
  it('lets the first sample through unchanged', () => {
    expect(createFilter({ type: 'smooth' })(0.42, 1000)).toBe(0.42);
  });

  it('takes the jitter out of a noisy ramp and still follows the ramp', () => {
    const { raw, out, truth } = run({ type: 'smooth' }, 0.3, 0.05);
    expect(jitter(out)).toBeLessThan(jitter(raw) / 5);
    expect(Math.abs(out.at(-1)! - truth)).toBeLessThan(0.1);
    expect(out.at(-1)!).toBeGreaterThan(out[150]! + 0.3);
  });

  it('lags less on a fast move when beta is higher (the adaptive cutoff)', () => {
    const lag = (beta: number) => {
      const { out, truth } = run({ type: 'smooth', minCutoff: 0.5, beta }, 3, 0);
      return truth - out.at(-1)!;
    };
    expect(lag(0)).toBeGreaterThan(0.5);
    expect(lag(1)).toBeLessThan(lag(0) / 3);
  });

  it('smooths each component of a vector on its own', () => {
    const f = createFilter({ type: 'smooth' });
    f([0, 1], 0);
    const [x, y] = f([1, 1], 10) as [number, number];
    expect(x).toBeGreaterThan(0);
    expect(x).toBeLessThan(0.5);
    expect(y).toBe(1);
  });

  it('holds its estimate when two samples share a timestamp', () => {
    const f = createFilter({ type: 'smooth' });
    f(0, 0);
    const a = f(1, 10) as number;
    expect(f(5, 10)).toBe(a);
  });
});
