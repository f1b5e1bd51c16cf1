/** How long to wait between tries of something that failed (opening a device, loading a model, a player). */
export interface RetryPolicy {
  /** the wait after the first failure */
  firstMs: number;
  /** the waits double up to this */
  maxMs: number;
  /**
   * each wait is spread by up to this fraction either way (0.2: 80 % to 120 %), so twenty kiosks that lost
   * the same server do not come back at the same instant; 0 for exact waits
   */
  jitter?: number;
  /** a number in [0, 1); Math.random unless a test fixes it */
  random?: () => number;
}

export const DEFAULT_JITTER = 0.2;

/** Capped exponential backoff with jitter; a success starts the waits over. */
export class Retrier {
  private upcoming: number;

  constructor(private readonly policy: RetryPolicy) {
    if (!(policy.firstMs > 0) || !(policy.maxMs >= policy.firstMs)) {
      throw new RangeError(`retry policy needs 0 < firstMs <= maxMs (got ${policy.firstMs}, ${policy.maxMs})`);
    }
    this.upcoming = policy.firstMs;
  }

  /** the wait before the next try, before jitter */
  get upcomingMs(): number {
    return this.upcoming;
  }

  /** the wait before the next try; the one after it doubles, up to maxMs */
  next(): number {
    const base = this.upcoming;
    this.upcoming = Math.min(base * 2, this.policy.maxMs);
    const jitter = this.policy.jitter ?? DEFAULT_JITTER;
    if (jitter <= 0) return base;
    const spread = (2 * (this.policy.random ?? Math.random)() - 1) * jitter;
    return Math.max(1, Math.round(base * (1 + spread)));
  }

  /** it worked: the next failure waits firstMs again */
  reset(): void {
    this.upcoming = this.policy.firstMs;
  }
}
