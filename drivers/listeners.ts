import type { Logger } from '../runtime/core/log.ts';
import type { DriverState, Signal } from '../runtime/core/signals.ts';

/**
 * The two listener lists every driver keeps: signals and state changes. A listener that throws is logged
 * once per distinct error and never stops the others or the driver.
 */
export class DriverListeners {
  private readonly signals = new Set<(s: Signal) => void>();
  private readonly states = new Set<(s: DriverState, err?: Error) => void>();
  private readonly failures = new Set<string>();

  constructor(private readonly log: Logger, private readonly what: string) {}

  onSignal(fn: (s: Signal) => void): () => void {
    this.signals.add(fn);
    return () => void this.signals.delete(fn);
  }

  onState(fn: (s: DriverState, err?: Error) => void): () => void {
    this.states.add(fn);
    return () => void this.states.delete(fn);
  }

  signal(s: Signal): void {
    for (const fn of this.signals) this.guard(() => fn(s));
  }

  state(s: DriverState, err?: Error): void {
    for (const fn of this.states) this.guard(() => fn(s, err));
  }

  private guard(call: () => void): void {
    try {
      call();
    } catch (err) {
      const message = (err as Error).message;
      if (this.failures.has(message)) return;
      this.failures.add(message);
      this.log.error({ err: message }, `a ${this.what} listener failed`);
    }
  }
}
