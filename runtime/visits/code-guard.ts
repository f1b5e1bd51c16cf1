import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * How many continue codes may be tried, so that guessing one is impractical (README "Take your walk home"):
 * 31^8 (about 8.5 * 10^11) codes; with 10,000 visits kept, one guess in 85 million names a world. Each place a
 * code is typed (a display, a phone) may try 5 in 10 minutes, each network address 10, and all of them
 * together 100 an hour: at most 2,400 guesses a day, one chance in 35,000 a day of naming any kept world.
 */
type Limit = { points: number; duration: number };
export interface CodeLimits {
  perEntrant: Limit;
  perAddress: Limit;
  total: Limit;
}

export const CODE_LIMITS: CodeLimits = {
  perEntrant: { points: 5, duration: 600 },
  perAddress: { points: 10, duration: 600 },
  total: { points: 100, duration: 3600 },
};

/**
 * Attempts at a continue code, counted before the code is looked at (so a thousand sent at once are counted
 * as a thousand) and given back when the code was right: only wrong codes use up the limits.
 */
export class CodeGuard {
  private readonly entrants: RateLimiterMemory;
  private readonly addresses: RateLimiterMemory;
  private readonly total: RateLimiterMemory;
  refused = 0;

  constructor(limits: CodeLimits = CODE_LIMITS) {
    this.entrants = new RateLimiterMemory({ keyPrefix: 'code-entrant', ...limits.perEntrant });
    this.addresses = new RateLimiterMemory({ keyPrefix: 'code-address', ...limits.perAddress });
    this.total = new RateLimiterMemory({ keyPrefix: 'code-total', ...limits.total });
  }

  /** undefined when this attempt may go on (then `right` if the code was right), else the seconds to wait */
  async attempt(entrant: string, address: string): Promise<number | undefined> {
    const spent: [RateLimiterMemory, string][] = [];
    for (const [limiter, key] of this.keys(entrant, address)) {
      try {
        await limiter.consume(key);
        spent.push([limiter, key]);
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        for (const [l, k] of spent) await l.reward(k); // refused by one: the others are not charged
        this.refused++;
        return Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      }
    }
    return undefined;
  }

  /** the code was right: the attempt is given back */
  async right(entrant: string, address: string): Promise<void> {
    for (const [limiter, key] of this.keys(entrant, address)) await limiter.reward(key);
  }

  private keys(entrant: string, address: string): [RateLimiterMemory, string][] {
    return [
      [this.entrants, entrant],
      [this.addresses, address],
      [this.total, 'all'],
    ];
  }
}
