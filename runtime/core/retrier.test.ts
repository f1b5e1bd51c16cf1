import { describe, expect, it } from 'vitest';
import { Retrier } from './retrier.ts';

describe('Retrier', () => {
  it('doubles from the first wait up to the cap, and a success starts over', () => {
    const r = new Retrier({ firstMs: 500, maxMs: 4000, jitter: 0 });
    expect([1, 2, 3, 4, 5].map(() => r.next())).toEqual([500, 1000, 2000, 4000, 4000]);
    r.reset();
    expect(r.next()).toBe(500);
    expect(r.upcomingMs).toBe(1000);
  });

  it('spreads each wait by the jitter fraction either way, never beyond it', () => {
    const low = new Retrier({ firstMs: 1000, maxMs: 8000, jitter: 0.2, random: () => 0 });
    const high = new Retrier({ firstMs: 1000, maxMs: 8000, jitter: 0.2, random: () => 0.999999 });
    expect([low.next(), low.next()]).toEqual([800, 1600]);
    expect([high.next(), high.next()]).toEqual([1200, 2400]);
    const waits = Array.from({ length: 200 }, () => new Retrier({ firstMs: 1000, maxMs: 1000 }).next());
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(800);
    expect(Math.max(...waits)).toBeLessThanOrEqual(1200);
    expect(new Set(waits).size).toBeGreaterThan(10);
  });

  it('refuses a policy that cannot work', () => {
    expect(() => new Retrier({ firstMs: 0, maxMs: 10 })).toThrow(/0 < firstMs <= maxMs/);
    expect(() => new Retrier({ firstMs: 100, maxMs: 10 })).toThrow(/got 100, 10/);
  });
});
