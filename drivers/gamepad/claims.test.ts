import { describe, expect, it } from 'vitest';
import { PadClaims } from './claims.ts';

const pads = (...ids: string[]) => ids.map((id) => ({ id }));

describe('pad claims: any number of pads, each in its own slot', () => {
  it('never gives one pad to two slots', () => {
    const c = new PadClaims();
    expect(c.pick('p1', pads('a', 'b'))?.id).toBe('a');
    expect(c.pick('p2', pads('a', 'b'))?.id).toBe('b');
    expect(c.pick('p3', pads('a', 'b'))).toBeUndefined();
  });

  it('a returning pad goes back to its slot, even when another slot is looking too', () => {
    const c = new PadClaims();
    c.pick('p1', pads('a', 'b'));
    c.pick('p2', pads('a', 'b'));
    c.release('p1'); // pad a unplugged
    expect(c.pick('p3', pads('b'))).toBeUndefined();
    expect(c.pick('p3', pads('a', 'b'))).toBeUndefined(); // a is p1's while p1 waits, b is p2's
    expect(c.pick('p1', pads('a', 'b'))?.id).toBe('a');
  });

  it('a new pad goes to a free slot while the old one stays away', () => {
    const c = new PadClaims();
    c.pick('p1', pads('a'));
    c.release('p1');
    expect(c.pick('p1', pads('c'))?.id).toBe('c');
    expect(c.holder('c')).toBe('p1');
  });
});
