import { z } from 'zod';
import { onMagnitude, perComponent, type Filter } from '../value.ts';

export const deadzoneSchema = z.strictObject({
  type: z.literal('deadzone'),
  radius: z.number().min(0).lt(1, { error: 'deadzone: radius must be below 1 (a fraction of full travel)' }),
  shape: z.enum(['radial', 'axial']).default('radial'),
});
export type DeadzoneSpec = z.infer<typeof deadzoneSchema>;

/**
 * Zeroes small deflections and rescales the rest to start from zero at the edge (no jump).
 * Radial acts on a vector's magnitude keeping its direction; axial on each component; scalars are 1-D.
 */
export function createDeadzone({ radius, shape }: DeadzoneSpec): Filter {
  const rescale = (m: number) => (m < radius ? 0 : (m - radius) / (1 - radius));
  if (shape === 'radial') return (v) => onMagnitude(v, rescale);
  return (v) => perComponent(v, (x) => (x < 0 ? 0 - rescale(-x) : rescale(x)));
}
