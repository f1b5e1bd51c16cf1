import { z } from 'zod';
import { onMagnitude, type Filter } from '../value.ts';

export const curveSchema = z.strictObject({
  type: z.literal('curve'),
  exponent: z.number().positive({ error: 'curve: exponent must be above 0 (1 = linear, 2 = finer near centre)' }),
});
export type CurveSpec = z.infer<typeof curveSchema>;

/** sign(v) * |v|^exponent; on vectors the magnitude is curved and the direction kept. */
export function createCurve({ exponent }: CurveSpec): Filter {
  return (v) => onMagnitude(v, (m) => m ** exponent);
}
