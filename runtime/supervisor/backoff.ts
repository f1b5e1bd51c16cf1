import { Retrier } from '../core/retrier.ts';

/**
 * The supervisor's waits between tries of a device: the core Retrier's (doubling up to a cap, with jitter),
 * starting over only once the device has stayed open for `stableMs`, so a device that flaps keeps its long
 * waits.
 */
export class Backoff {
  private readonly retrier: Retrier;
  private stableTimer: NodeJS.Timeout | undefined;

  constructor(
    initialMs: number,
    maxMs: number,
    private readonly stableMs: number,
    private readonly onStable: () => void = () => undefined,
    jitter = 0,
  ) {
    this.retrier = new Retrier({ firstMs: initialMs, maxMs, jitter });
  }

  next(): number {
    return this.retrier.next();
  }

  opened(): void {
    this.interrupted();
    this.stableTimer = setTimeout(() => {
      this.retrier.reset();
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
