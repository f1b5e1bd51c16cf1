export type Level = number | readonly [number, number];
export type Curve = 'linear' | 'ease-in' | 'ease-out' | 'ease-in-out';

const CURVES: Record<Curve, (x: number) => number> = {
  linear: (x) => x,
  'ease-in': (x) => x * x,
  'ease-out': (x) => 1 - (1 - x) * (1 - x),
  'ease-in-out': (x) => (x < 0.5 ? 2 * x * x : 1 - 2 * (1 - x) * (1 - x)),
};

/** a number or a pair moved from `from` to `to` between `start` and `start + ms` (performance.now() times) */
export class Ramp {
  constructor(
    readonly target: string,
    private readonly from: Level,
    private readonly to: Level,
    private readonly start: number,
    private readonly ms: number,
    private readonly curve: Curve = 'linear',
  ) {}

  done(now: number): boolean {
    return now >= this.start + this.ms;
  }

  at(now: number): Level {
    const k = CURVES[this.curve](Math.min(1, Math.max(0, (now - this.start) / this.ms)));
    const lerp = (a: number, b: number) => a + (b - a) * k;
    if (typeof this.to === 'number') return lerp(first(this.from), this.to);
    const f = typeof this.from === 'number' ? ([this.from, this.from] as const) : this.from;
    return [lerp(f[0], this.to[0]), lerp(f[1], this.to[1])];
  }
}

const first = (l: Level): number => (typeof l === 'number' ? l : l[0]);

/** rest for a level's shape: 0 or [0, 0] */
export const restOf = (l: Level): Level => (typeof l === 'number' ? 0 : [0, 0]);
