import { z } from 'zod';
import { STOP, type Filter } from '../value.ts';

export const rateSchema = z.strictObject({ type: z.literal('rate'), hz: z.number().positive().max(1000) });
export type RateSpec = z.infer<typeof rateSchema>;

/** Lets at most `hz` values a second through; the ones in between give STOP. */
export function createRate({ hz }: RateSpec): Filter {
  const gap = 1000 / hz;
  let last = -Infinity;
  return (v, t) => {
    if (t - last < gap) return STOP;
    last = t;
    return v;
  };
}
