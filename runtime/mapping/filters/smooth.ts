import { z } from 'zod';
import { numeric, type Filter } from '../value.ts';
import { OneEuro } from './one-euro.ts';

export const smoothSchema = z.strictObject({
  type: z.literal('smooth'),
  minCutoff: z.number().positive().default(1.0),
  beta: z.number().min(0).default(0.007),
  dCutoff: z.number().positive().default(1.0),
});
export type SmoothSpec = z.infer<typeof smoothSchema>;

/** One Euro smoothing per component: steady when slow, little lag when fast. The first sample passes. */
export function createSmooth({ minCutoff, beta, dCutoff }: SmoothSpec): Filter {
  const params = { minCutoff, beta, dCutoff };
  let axes: OneEuro[] = [];
  return (v, t) => {
    const n = numeric(v);
    const xs = typeof n === 'number' ? [n] : [n[0], n[1]];
    // A source switching between scalar and vector starts over rather than mixing histories.
    if (axes.length !== xs.length) axes = xs.map(() => new OneEuro(params));
    const ys = xs.map((x, i) => axes[i]!.next(x, t / 1000));
    return ys.length === 1 ? ys[0]! : [ys[0]!, ys[1]!];
  };
}
