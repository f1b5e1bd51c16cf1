import { describe, expect, it } from 'vitest';
import { createFilter, type MappedValue } from '../filter.ts';

const at = (f: ReturnType<typeof createFilter>, v: MappedValue) => f(v, 0);

describe('scale', () => {
  it('remaps linearly and clamps by default', () => {
    const f = createFilter({ type: 'scale', from: [0, 1], to: [0, 1.5] });
    expect(at(f, 0.5)).toBeCloseTo(0.75);
    expect(at(f, true)).toBe(1.5);
    expect(at(f, false)).toBe(0);
    expect(at(f, 2)).toBe(1.5);
  });

  it('extrapolates without clamp and handles a reversed target range', () => {
    expect(at(createFilter({ type: 'scale', from: [0, 1], to: [0, 2], clamp: false }), 2)).toBe(4);
    const rev = createFilter({ type: 'scale', from: [-1, 1], to: [1, -1] });
    expect(at(rev, -1)).toBe(1);
    expect(at(rev, 5)).toBe(-1);
  });

  it('works component-wise on vectors', () => {
    const f = createFilter({ type: 'scale', from: [-1, 1], to: [-1.5, 1.5] });
    expect(at(f, [0.5, -1])).toEqual([0.75, -1.5]);
  });
});

describe('invert', () => {
  const f = createFilter({ type: 'invert' });
  it('negates numbers and vectors', () => {
    expect(at(f, 0.25)).toBe(-0.25);
    expect(at(f, [1, -0.5])).toEqual([-1, 0.5]);
  });
  it('turns a pressed key into -1, not into false, and a released one into 0 (not -0)', () => {
    expect(at(f, true)).toBe(-1);
    expect(Object.is(at(f, false), 0)).toBe(true);
  });
});

describe('deadzone', () => {
  it('radial: zeroes a vector inside the radius and rescales outside without a jump', () => {
    const f = createFilter({ type: 'deadzone', radius: 0.2 });
    expect(at(f, [0.1, 0.1])).toEqual([0, 0]);
    const [x, y] = at(f, [0, 0.2 + 1e-9]) as [number, number];
    expect(x).toBe(0);
    expect(y).toBeCloseTo(0, 6);
    expect(at(f, [0, 1])).toEqual([0, 1]);
    const v = at(f, [0.6, 0]) as [number, number];
    expect(v[0]).toBeCloseTo(0.5);
  });

  it('radial keeps the direction of a diagonal', () => {
    const f = createFilter({ type: 'deadzone', radius: 0.5 });
    const [x, y] = at(f, [0.6, 0.6]) as [number, number];
    expect(x).toBeCloseTo(y);
    expect(Math.hypot(x, y)).toBeCloseTo((Math.hypot(0.6, 0.6) - 0.5) / 0.5);
  });

  it('axial: treats each component on its own', () => {
    const f = createFilter({ type: 'deadzone', radius: 0.2, shape: 'axial' });
    const [x, y] = at(f, [0.1, -0.6]) as [number, number];
    expect(x).toBe(0);
    expect(y).toBeCloseTo(-0.5);
  });

  it('scalars get the 1-D version, sign kept', () => {
    const f = createFilter({ type: 'deadzone', radius: 0.5 });
    expect(at(f, 0.4)).toBe(0);
    expect(at(f, -0.75)).toBeCloseTo(-0.5);
    expect(at(f, true)).toBe(1);
  });
});

describe('curve', () => {
  it('raises |v| to the exponent and keeps the sign', () => {
    const f = createFilter({ type: 'curve', exponent: 2 });
    expect(at(f, 0.5)).toBeCloseTo(0.25);
    expect(at(f, -0.5)).toBeCloseTo(-0.25);
    expect(at(f, 1)).toBe(1);
  });

  it('curves a vector by its magnitude, keeping its direction', () => {
    const f = createFilter({ type: 'curve', exponent: 2 });
    const [x, y] = at(f, [0.3, 0.4]) as [number, number];
    expect(Math.hypot(x, y)).toBeCloseTo(0.25);
    expect(y / x).toBeCloseTo(0.4 / 0.3);
    expect(at(f, [0, 0])).toEqual([0, 0]);
  });
});
