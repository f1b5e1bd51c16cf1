/** Time limits and stop signals around calls into drivers, which may throw, hang or never settle. */

export class DeadlineError extends Error {
  override name = 'DeadlineError';
}

export class StoppedError extends Error {
  override name = 'StoppedError';
  constructor() {
    super('the supervisor was stopped');
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Calls fn, turning a synchronous throw into a rejection. */
export function call<T>(fn: () => T | PromiseLike<T>): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err);
  }
}

/** p, or a DeadlineError after ms, or a StoppedError once stop aborts; on either, p is abandoned. */
export function within<T>(p: Promise<T>, ms: number, stop: AbortSignal | undefined, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stop?.removeEventListener('abort', onStop);
      settle();
    };
    const onStop = () => finish(() => reject(new StoppedError()));
    const timer = setTimeout(
      () => finish(() => reject(new DeadlineError(`${what} did not finish within ${ms} ms`))),
      ms,
    );
    stop?.addEventListener('abort', onStop, { once: true });
    // attached even when abandoned, so a late rejection is not an unhandled one
    p.then(
      (v) => finish(() => resolve(v)),
      (err: unknown) => finish(() => reject(err)),
    );
    if (stop?.aborted) onStop();
  });
}

/** Resolves after ms, or as soon as stop aborts. */
export function sleep(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const onStop = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      stop.removeEventListener('abort', onStop);
      resolve();
    }, ms);
    stop.addEventListener('abort', onStop, { once: true });
    if (stop.aborted) onStop();
  });
}
