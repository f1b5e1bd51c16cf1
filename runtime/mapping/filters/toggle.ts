import { isOn } from '../../core/signals.ts';
import { z } from 'zod';
import { STOP, type Filter } from '../value.ts';

export const toggleSchema = z.strictObject({ type: z.literal('toggle') });
export type ToggleSpec = z.infer<typeof toggleSchema>;

/**
 * Each press (rising edge) flips the output; releases and key auto-repeat give STOP. Until the first
 * press the output is false. Numbers and vectors count as pressed from one half (see isOn).
 */
export function createToggle(_spec: ToggleSpec): Filter {
  let held = false;
  let out: boolean | undefined;
  return (v) => {
    const pressed = isOn(v);
    const rising = pressed && !held;
    held = pressed;
    if (rising) return (out = !(out ?? false));
    if (out === undefined) return (out = false);
    return STOP;
  };
}
