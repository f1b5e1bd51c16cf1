import type { Logger } from './log.ts';

/**
 * A typed event source whose listeners cannot hurt each other or the emitter: a listener that throws is
 * logged (once per distinct message, so a listener failing every frame does not flood the log) and the
 * others still hear the event.
 */
export class Emitter<A extends unknown[]> {
  private readonly listeners = new Set<(...args: A) => void>();
  private readonly reported = new Set<string>();

  /** `what` names the event in the log line: "a camera frame listener threw: ..." */
  constructor(
    private readonly what: string,
    private readonly log: Pick<Logger, 'error'>,
  ) {}

  /** returns the unsubscribe */
  on(fn: (...args: A) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(...args: A): void {
    for (const fn of this.listeners) {
      try {
        fn(...args);
      } catch (err) {
        const message = `a ${this.what} listener threw: ${err instanceof Error ? err.message : String(err)}`;
        if (this.reported.has(message)) continue;
        this.reported.add(message);
        this.log.error(message);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }

  clear(): void {
    this.listeners.clear();
  }
}
