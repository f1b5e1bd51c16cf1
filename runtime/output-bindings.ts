import { z } from 'zod';
import type { Conditions, Value } from './core/signals.ts';

/** A device output that follows the exhibit: light the start button while the kiosk waits, a lamp while flying. */
export const outputBindingSchema = z.strictObject({
  /** a configured device id (firmata, serial) and one of its output channels */
  device: z.string().min(1),
  channel: z.string().min(1),
  when: z.union([
    z.strictObject({ session: z.array(z.enum(['attract', 'active', 'ending', 'resetting'])).min(1) }),
    z.strictObject({ condition: z.string().regex(/^actions\.[\w-]+$|^perspective$/, 'actions.<verb> or perspective') }),
  ]),
});
export type OutputBinding = z.infer<typeof outputBindingSchema>;

export function desired(b: OutputBinding, phase: string, c: Conditions | undefined): Value {
  if ('session' in b.when) return (b.when.session as string[]).includes(phase);
  if (b.when.condition === 'perspective') return c?.perspective === 'third';
  return c?.actions[b.when.condition.slice('actions.'.length)] === true;
}

/**
 * Keeps every bound output at its wanted value: written when it changes, and again after a device came back
 * (a write that failed while it was away is retried on the next check).
 */
export class OutputBindings {
  private readonly written = new Map<number, Value>();

  constructor(
    private readonly bindings: readonly OutputBinding[],
    private readonly write: (device: string, channel: string, value: Value) => Promise<void>,
  ) {}

  update(phase: string, c: Conditions | undefined): void {
    this.bindings.forEach((b, i) => {
      const value = desired(b, phase, c);
      if (this.written.get(i) === value) return;
      this.written.set(i, value);
      this.write(b.device, b.channel, value).catch(() => this.written.delete(i));
    });
  }
}
