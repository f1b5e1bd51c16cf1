/** Steps per second and mean step times over a sliding window, for status and metrics. */
export class RateMeter {
  private readonly stamps: number[] = [];
  private readonly stepMs: number[] = [];
  private readonly runMs: number[] = [];

  constructor(private readonly windowMs = 2000) {}

  record(t: number, stepMs: number, runMs: number): void {
    this.stamps.push(t);
    this.stepMs.push(stepMs);
    this.runMs.push(runMs);
    while (this.stamps.length && this.stamps[0]! < t - this.windowMs) {
      this.stamps.shift();
      this.stepMs.shift();
      this.runMs.shift();
    }
  }

  summary(now: number): { stepsPerSecond: number; stepMs: number; stepP95Ms: number; runMs: number } {
    const recent = this.stamps.filter((s) => s >= now - this.windowMs).length;
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    return {
      stepsPerSecond: recent / (this.windowMs / 1000),
      stepMs: mean(this.stepMs),
      stepP95Ms: percentile(this.stepMs, 0.95),
      runMs: mean(this.runMs),
    };
  }
}

/** the nearest-rank percentile (0 for none) */
export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
