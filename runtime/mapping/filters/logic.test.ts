import { describe, expect, it } from 'vitest';
import { createFilter, STOP } from '../filter.ts';

describe('threshold', () => {
  it('switches on above the level and off below it without hysteresis', () => {
    const f = createFilter({ type: 'threshold', above: 0.5 });
    expect([0.4, 0.6, 0.5, 0.49].map((v) => f(v, 0))).toEqual([false, true, true, false]);
  });

  it('with hysteresis stays on until the value drops below above - hysteresis', () => {
    const f = createFilter({ type: 'threshold', above: 0.5, hysteresis: 0.2 });
    expect([0.6, 0.4, 0.31, 0.29, 0.45, 0.51].map((v) => f(v, 0))).toEqual([true, true, true, false, false, true]);
  });

  it('reads a vector by its magnitude and a boolean as 0/1', () => {
    expect(createFilter({ type: 'threshold', above: 0.5 })([0.3, 0.5], 0)).toBe(true);
    expect(createFilter({ type: 'threshold', above: 0.5 })(true, 0)).toBe(true);
  });
});

describe('toggle', () => {
  it('flips on each press, gives STOP on release and on key repeat', () => {
    const f = createFilter({ type: 'toggle' });
    expect([true, true, false, true, false].map((v) => f(v, 0))).toEqual([true, STOP, STOP, false, STOP]);
  });

  it('outputs false until the first press', () => {
    const f = createFilter({ type: 'toggle' });
    expect(f(false, 0)).toBe(false);
    expect(f(false, 1)).toBe(STOP);
    expect(f(true, 2)).toBe(true);
  });

  it('counts a number as pressed from one half', () => {
    const f = createFilter({ type: 'toggle' });
    expect([0.2, 0.9, 0.1, 0.7].map((v) => f(v, 0))).toEqual([false, true, STOP, false]);
  });
});

describe('rate', () => {
  it('passes at most hz values a second', () => {
    const f = createFilter({ type: 'rate', hz: 10 });
    const passed = [0, 30, 99, 100, 150, 210, 300, 310].filter((t) => f(t, t) !== STOP);
    expect(passed).toEqual([0, 100, 210, 310]);
  });
});
