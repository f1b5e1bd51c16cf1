import { describe, expect, it } from 'vitest';
import { AddressLimiter, MAX_ADDRESSES } from './limiter.ts';

describe('AddressLimiter', () => {
  it('forgets addresses idle for a second, so made-up addresses do not pile up', () => {
    const l = new AddressLimiter(10);
    for (let i = 0; i < 3000; i++) l.allow(`/made-up/${i}`, 0);
    expect(l.size).toBe(3000);
    l.allow('/later', 1500);
    expect(l.size).toBe(1);
  });

  it('tracks at most MAX_ADDRESSES at once: the next new address is refused until some go idle', () => {
    const l = new AddressLimiter(10);
    for (let i = 0; i < MAX_ADDRESSES; i++) expect(l.allow(`/a/${i}`, i / MAX_ADDRESSES)).toBe(true);
    expect(l.allow('/one-too-many', 1)).toBe(false);
    expect(l.size).toBe(MAX_ADDRESSES);
    expect(l.allow('/one-too-many', 1200)).toBe(true);
  });

  it('still limits one address to its rate', () => {
    const l = new AddressLimiter(5);
    const allowed = Array.from({ length: 20 }, () => l.allow('/fader', 10)).filter(Boolean).length;
    expect(allowed).toBe(5);
  });
});
