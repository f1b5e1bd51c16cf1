const TICK_MS = 100;
/** a tick later than this was the main thread's delay, not the model's */
const LATE_MS = 150;

/** What the watchdog saw of the main thread: pauses it did not count against the model. */
export interface MainThreadPauses {
  count: number;
  /** the longest, in ms */
  longestMs: number;
}

/**
 * A stall timer that counts only the time the main thread was free to hear from the model. It ticks every
 * 100 ms; a tick that comes late (a collector pause, a SIGSTOP, a long synchronous task) credits the model
 * with one tick only, so a 1.3 s pause of the main thread is not taken for a stalled model whose answer
 * was waiting in the queue. The verdict is given after the poll phase (setImmediate), so an answer that
 * arrived during a pause is read first.
 */
export function stallAfter(ms: number, pauses: MainThreadPauses, onStall: () => void): () => void {
  let credited = 0;
  let last = performance.now();
  let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  let stopped = false;
  const tick = () => {
    const now = performance.now();
    const elapsed = now - last;
    last = now;
    if (elapsed > TICK_MS + LATE_MS) {
      pauses.count++;
      pauses.longestMs = Math.max(pauses.longestMs, elapsed);
    }
    credited += Math.min(elapsed, TICK_MS + LATE_MS);
    if (credited < ms) timer = setTimeout(tick, TICK_MS);
    else timer = setImmediate(() => !stopped && onStall());
  };
  timer = setTimeout(tick, TICK_MS);
  return () => {
    stopped = true;
    clearTimeout(timer as NodeJS.Timeout);
    clearImmediate(timer as NodeJS.Immediate);
  };
}
