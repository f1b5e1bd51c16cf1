/** The values that flow through a mapping's filter chain, and the small arithmetic filters share. */
export type Vec2 = readonly [number, number];
export type MappedValue = number | boolean | Vec2;

/** Returned by a filter to mean "leave the mapping's output as it is" (Chataigne's stop). */
export const STOP: unique symbol = Symbol('stop');

/** A stateful step of a chain: `t` is performance.now() in ms. */
export type Filter = (v: MappedValue, t: number) => MappedValue | typeof STOP;

export function isVec(v: MappedValue): v is Vec2 {
  return Array.isArray(v);
}

/** Booleans entering a numeric filter count as 0/1. */
export function numeric(v: MappedValue): number | Vec2 {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

export function magnitude(v: Vec2): number {
  return Math.hypot(v[0], v[1]);
}

/** Applies `f` to a scalar, or to each component of a vector. */
export function perComponent(v: MappedValue, f: (x: number, i: number) => number): number | Vec2 {
  const n = numeric(v);
  return typeof n === 'number' ? f(n, 0) : [f(n[0], 0), f(n[1], 1)];
}

/** Applies `f` to a scalar's |x| or a vector's magnitude, keeping sign or direction. */
export function onMagnitude(v: MappedValue, f: (m: number) => number): number | Vec2 {
  const n = numeric(v);
  if (typeof n === 'number') return n < 0 ? 0 - f(-n) : f(n);
  const m = magnitude(n);
  if (m === 0) return [0, 0];
  const k = f(m) / m;
  return [n[0] * k, n[1] * k];
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
