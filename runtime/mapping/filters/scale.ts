import { z } from 'zod';
import { clamp, perComponent, type Filter } from '../value.ts';

const range = z.tuple([z.number(), z.number()]);

export const scaleSchema = z
  .strictObject({ type: z.literal('scale'), from: range, to: range, clamp: z.boolean().default(true) })
  .refine((s) => s.from[0] !== s.from[1], { error: 'scale: `from` needs two different ends, e.g. [0, 1]' });
export type ScaleSpec = z.infer<typeof scaleSchema>;

/** Linear remap of `from` onto `to`, component-wise for vectors. */
export function createScale({ from: [a, b], to: [c, d], clamp: clamped }: ScaleSpec): Filter {
  const lo = Math.min(c, d);
  const hi = Math.max(c, d);
  return (v) =>
    perComponent(v, (x) => {
      const y = c + ((x - a) * (d - c)) / (b - a);
      return clamped ? clamp(y, lo, hi) : y;
    });
}
