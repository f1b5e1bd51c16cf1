import { z } from 'zod';
import { magnitude, numeric, type Filter } from '../value.ts';

export const thresholdSchema = z.strictObject({
  type: z.literal('threshold'),
  above: z.number(),
  hysteresis: z.number().min(0).default(0),
});
export type ThresholdSpec = z.infer<typeof thresholdSchema>;

/** Number -> boolean: on above `above`, off only below `above - hysteresis`. Vectors use their magnitude. */
export function createThreshold({ above, hysteresis }: ThresholdSpec): Filter {
  let on = false;
  return (v) => {
    const n = numeric(v);
    const x = typeof n === 'number' ? n : magnitude(n);
    if (x > above) on = true;
    else if (x < above - hysteresis) on = false;
    return on;
  };
}
