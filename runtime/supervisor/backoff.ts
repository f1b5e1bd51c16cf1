/**
 * Waits that double from `initial` up to `max`, starting again from `initial` once the device has stayed
 * open for `stableMs` (a device that flaps keeps its long waits).
 */
export class Backoff {
  private current: number;
  private stableTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly initial: number,
    private readonly max: number,
    private readonly stableMs: number,
    private readonly onStable: () => void = () => undefined,
  ) {
    this.current = initial;
  }

  next(): number {
    const wait = this.current;
    this.current = Math.min(this.current * 2, this.max);
    return wait;
  }

  opened(): void {
    this.interrupted();
    this.stableTimer = setTimeout(() => {
      this.current = this.initial;
      this.onStable();
    }, this.stableMs);
    this.stableTimer.unref();
  }

  /** the device went away (or the supervisor stops) before it proved stable */
  interrupted(): void {
    clearTimeout(this.stableTimer);
    this.stableTimer = undefined;
  }
}
