/** Waits before a retry: `first`, doubling up to `max`. */
export class Backoff {
  private upcoming: number;

  constructor(
    private readonly first: number,
    private readonly max: number,
  ) {
    this.upcoming = first;
  }

  /** the wait after a failure; a player that had run longer than the wait it would get starts over from `first` */
  next(ranForMs: number): number {
    if (ranForMs > this.upcoming) this.upcoming = this.first;
    const wait = this.upcoming;
    this.upcoming = Math.min(wait * 2, this.max);
    return wait;
  }
}
