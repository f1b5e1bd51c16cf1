import { z } from 'zod';
import { perComponent, type Filter } from '../value.ts';

export const invertSchema = z.strictObject({ type: z.literal('invert') });
export type InvertSpec = z.infer<typeof invertSchema>;

/**
 * Negates numbers and vectors. A boolean is NOT logically negated: it counts as 0/1 like in every
 * numeric filter, so a key (true) through invert gives -1, which is how KeyS walks backwards.
 */
export function createInvert(_spec: InvertSpec): Filter {
  return (v) => perComponent(v, (x) => 0 - x);
}
