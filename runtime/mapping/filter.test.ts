import { describe, expect, it } from 'vitest';
import { createFilter, filterSchema, runChain, STOP, type Filter } from './filter.ts';

describe('filterSchema', () => {
  it('fills in defaults', () => {
    expect(filterSchema.parse({ type: 'scale', from: [0, 1], to: [0, 2] })).toMatchObject({ clamp: true });
    expect(filterSchema.parse({ type: 'deadzone', radius: 0.1 })).toMatchObject({ shape: 'radial' });
    expect(filterSchema.parse({ type: 'smooth' })).toEqual({ type: 'smooth', minCutoff: 1, beta: 0.007, dCutoff: 1 });
    expect(filterSchema.parse({ type: 'threshold', above: 0.5 })).toMatchObject({ hysteresis: 0 });
  });

  it('rejects unknown types, unknown keys and bad parameters with a readable reason', () => {
    expect(filterSchema.safeParse({ type: 'blur' }).success).toBe(false);
    expect(filterSchema.safeParse({ type: 'deadzone', radius: 0.1, radious: 2 }).success).toBe(false);
    expect(() => createFilter({ type: 'deadzone', radius: 1 })).toThrow(/radius must be below 1/);
    expect(() => createFilter({ type: 'curve', exponent: 0 })).toThrow(/exponent must be above 0/);
    expect(() => createFilter({ type: 'scale', from: [1, 1], to: [0, 1] })).toThrow(/two different ends/);
    expect(filterSchema.safeParse({ type: 'rate', hz: 0 }).success).toBe(false);
  });
});

describe('runChain', () => {
  it("feeds each filter the previous one's output, in order", () => {
    const chain = [createFilter({ type: 'invert' }), createFilter({ type: 'scale', from: [-1, 0], to: [0, 10] })];
    expect(runChain(chain, 1, 0)).toBe(0);
    expect(runChain(chain, 0.5, 0)).toBe(5);
  });

  it('stops at the first STOP without running the rest', () => {
    const seen: number[] = [];
    const spy: Filter = (v) => (seen.push(v as number), v);
    const chain = [createFilter({ type: 'rate', hz: 1 }), spy];
    expect(runChain(chain, 1, 0)).toBe(1);
    expect(runChain(chain, 2, 10)).toBe(STOP);
    expect(seen).toEqual([1]);
  });

  it('passes the value through an empty chain', () => {
    expect(runChain([], [0.1, 0.2], 0)).toEqual([0.1, 0.2]);
  });
});
