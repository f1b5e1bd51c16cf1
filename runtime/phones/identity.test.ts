import { describe, expect, it } from 'vitest';
import { PhoneRegistry } from './identity.ts';

describe('phone registry', () => {
  it('gives a new phone a number and a token, and knows it again by its token', () => {
    const r = new PhoneRegistry();
    const a = r.identify(undefined)!;
    const b = r.identify('not a token')!;
    expect([a.phone, b.phone]).toEqual([1, 2]);
    expect(r.identify(a.token)).toEqual(a);
    expect(r.known).toBe(2);
  });

  it('forgets numbers, tokens and bans when the day changes', () => {
    let day = '2026-11-27';
    const r = new PhoneRegistry(100, () => day);
    const a = r.identify(undefined)!;
    r.identify(undefined);
    r.ban(a.phone);
    expect(r.isBanned(a.phone)).toBe(true);
    day = '2026-11-28';
    expect(r.isBanned(a.phone)).toBe(false);
    const again = r.identify(a.token)!;
    expect(again.token).not.toBe(a.token);
    expect(again.phone).toBe(1);
  });

  it('refuses new phones once the day is full', () => {
    const r = new PhoneRegistry(1);
    const a = r.identify(undefined)!;
    expect(r.identify(undefined)).toBeUndefined();
    expect(r.identify(a.token)).toEqual(a);
  });
});
