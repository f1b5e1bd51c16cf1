import type { DeviceInfo, Driver } from '../core/driver.ts';
import type { DriverState, Signal } from '../core/signals.ts';
import { call, DeadlineError, errorMessage, StoppedError, within } from './deadline.ts';

/**
 * One driver instance, from attach to close: forwards its signals while it is current, remembers the
 * sources it emitted, and turns its first 'lost' (or 'closed' of its own) into the end of the connection.
 * Anything it reports after close() is ignored.
 */
export class Connection {
  readonly sources = new Set<string>();
  private live = true;
  private readonly unsubscribe: (() => void)[] = [];
  private resolveLost!: (err: Error) => void;
  private readonly lost = new Promise<Error>((resolve) => (this.resolveLost = resolve));

  constructor(
    readonly driver: Driver,
    readonly device: DeviceInfo,
    private readonly forward: (s: Signal) => void,
  ) {}

  /** subscribes to the driver; throws whatever the driver throws */
  attach(): void {
    this.unsubscribe.push(this.driver.onSignal((s) => this.signal(s)));
    this.unsubscribe.push(this.driver.onState((state, err) => this.state(state, err)));
  }

  /** the driver's open(), failing on the deadline, on a loss while opening, or when stop aborts */
  async open(stop: AbortSignal, ms: number): Promise<void> {
    const abort = new AbortController();
    const onStop = () => abort.abort(new StoppedError());
    stop.addEventListener('abort', onStop, { once: true });
    try {
      const lostWhileOpening = this.lost.then((err) => Promise.reject(err));
      await within(Promise.race([call(() => this.driver.open(abort.signal)), lostWhileOpening]), ms, stop, 'open');
    } catch (err) {
      abort.abort(err);
      throw err;
    } finally {
      stop.removeEventListener('abort', onStop);
    }
  }

  /** the loss the driver reported, or undefined once stop aborts */
  untilLost(stop: AbortSignal): Promise<Error | undefined> {
    return new Promise((resolve) => {
      const onStop = () => resolve(undefined);
      stop.addEventListener('abort', onStop, { once: true });
      if (stop.aborted) onStop();
      void this.lost.then((err) => {
        stop.removeEventListener('abort', onStop);
        resolve(err);
      });
    });
  }

  /** stops forwarding, then closes the driver under the deadline; returns what went wrong, if anything */
  async close(ms: number): Promise<string | undefined> {
    this.live = false;
    for (const off of this.unsubscribe.splice(0)) {
      try {
        off();
      } catch {
        // the driver's own bookkeeping failed; nothing it sends reaches anyone now that live is false
      }
    }
    try {
      await within(
        call(() => this.driver.close()),
        ms,
        undefined,
        'close',
      );
      return undefined;
    } catch (err) {
      if (err instanceof DeadlineError) return `${err.message}; abandoned it (replugging the device may be needed)`;
      return `close failed: ${errorMessage(err)}`;
    }
  }

  private signal(s: Signal): void {
    if (!this.live || typeof s?.source !== 'string') return;
    this.sources.add(s.source);
    this.forward(s);
  }

  private state(state: DriverState, err?: Error): void {
    if (!this.live || (state !== 'lost' && state !== 'closed')) return;
    const reason = state === 'closed' ? 'the driver closed by itself' : 'the driver reported the device lost';
    this.resolveLost(err instanceof Error ? err : new Error(reason));
  }
}
