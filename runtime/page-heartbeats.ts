/** a page says it is alive this often (display.js) */
export const HEARTBEAT_MS = 250;
/** a page silent this long lets go of what it held */
export const EXPIRE_MS = 1000;
/** a check this late was the runtime's own pause, not the pages' silence */
const LATE_MS = 250;

/**
 * Display pages' heartbeats: a page that has sent one and then goes silent for a second (frozen, its tab
 * stopped, its machine asleep) has its held keys, touches and pads released, without waiting ~45 s for
 * socket.io's ping timeout. A page that never sent one (an older page) is left to its disconnect. When the
 * runtime's own main thread was paused, nobody is expired on that check: the pages' beats wait in the queue.
 */
export class PageHeartbeats {
  private readonly seenAt = new Map<string, number>();
  private readonly released = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private checkedAt = performance.now();
  expired = 0;

  constructor(private readonly release: (origin: string) => void) {}

  start(): void {
    this.timer ??= setInterval(() => this.check(performance.now()), HEARTBEAT_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  seen(origin: string): void {
    this.seenAt.set(origin, performance.now());
    this.released.delete(origin);
  }

  gone(origin: string): void {
    this.seenAt.delete(origin);
    this.released.delete(origin);
  }

  /** (called every HEARTBEAT_MS by start()) */
  check(now: number): void {
    const late = now - this.checkedAt > HEARTBEAT_MS + LATE_MS;
    this.checkedAt = now;
    for (const [origin, at] of this.seenAt) {
      if (late) this.seenAt.set(origin, now);
      else if (now - at > EXPIRE_MS && !this.released.has(origin)) {
        this.released.add(origin);
        this.expired++;
        this.release(origin);
      }
    }
  }
}
