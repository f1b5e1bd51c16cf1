import { DEFAULT_JITTER, Retrier } from '../../runtime/core/retrier.ts';

/** The speaker's waits before a retry: the core Retrier's, started over when a player ran longer than its wait. */
export class Backoff {
  private readonly retrier: Retrier;

  constructor(first: number, max: number, jitter = DEFAULT_JITTER) {
    this.retrier = new Retrier({ firstMs: first, maxMs: max, jitter });
  }

  /** the wait after a failure; a player that had run longer than the wait it would get starts over from `first` */
  next(ranForMs: number): number {
    if (ranForMs > this.retrier.upcomingMs) this.retrier.reset();
    return this.retrier.next();
  }
}
