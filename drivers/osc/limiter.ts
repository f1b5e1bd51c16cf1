/** buckets idle this long are full again: forgetting them changes nothing */
const IDLE_MS = 1000;
/** addresses tracked at once: a sender making up addresses cannot grow the map past this */
export const MAX_ADDRESSES = 4096;

/**
 * Per address, at most `perSecond` messages in any second (a token bucket refilled continuously). Buckets
 * idle for a second are pruned (once a second); while `MAX_ADDRESSES` addresses are busy, a new one is refused.
 */
export class AddressLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private prunedAt = -Infinity;

  constructor(private readonly perSecond: number) {}

  /** addresses tracked now */
  get size(): number {
    return this.buckets.size;
  }

  allow(address: string, now: number): boolean {
    if (now - this.prunedAt >= IDLE_MS) this.prune(now);
    let b = this.buckets.get(address);
    if (!b) {
      if (this.buckets.size >= MAX_ADDRESSES) this.prune(now);
      if (this.buckets.size >= MAX_ADDRESSES) return false;
      this.buckets.set(address, (b = { tokens: this.perSecond, at: now }));
    }
    b.tokens = Math.min(this.perSecond, b.tokens + ((now - b.at) * this.perSecond) / 1000);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private prune(now: number): void {
    this.prunedAt = now;
    for (const [address, b] of this.buckets) if (now - b.at >= IDLE_MS) this.buckets.delete(address);
  }
}
