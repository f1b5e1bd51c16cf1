import { DisconnectedError, type Driver } from '../runtime/core/driver.ts';
import { Emitter } from '../runtime/core/emitter.ts';
import type { Logger } from '../runtime/core/log.ts';
import type { DriverState, Signal } from '../runtime/core/signals.ts';

/**
 * The template every driver is written on. It owns what the Driver contract asks of all of them, so a
 * driver's author writes only how to reach the device:
 *
 * - `connect(abort)` sets the device up; it should give up when `abort` fires (close() during open, the
 *   supervisor's deadline). Whatever it set up, even half way, `disconnect()` frees.
 * - `disconnect()` frees everything `connect()` set up. It runs once per open: on close(), or when open failed
 *   or was aborted (after `connect()` has settled, so nothing it set up late is missed).
 *
 * The template does the rest: the states (closed, opening, open, lost, closing), one open at a time, an
 * idempotent close() that aborts an open in progress and frees the timers of `after()`/`every()` and the
 * `onRelease()` callbacks once, a loss reported only while open and only once (as a DisconnectedError), signals
 * passed on only while open, and the signal and state listeners (a listener that throws is logged once and
 * does not stop the others or the driver).
 */
export abstract class BaseDriver implements Driver {
  abstract readonly id: string;
  #stateNow: DriverState = 'closed';
  readonly #signals: Emitter<[Signal]>;
  readonly #states: Emitter<[DriverState, Error?]>;
  readonly #releasers: (() => void)[] = [];
  #opening: AbortController | undefined;
  #connecting: Promise<void> | undefined;
  #releasing: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  /** `what` names the driver in messages and log lines: "serial", "camera", "gamepad" */
  protected constructor(
    protected readonly log: Logger,
    protected readonly what: string,
  ) {
    this.#signals = new Emitter(`${what} signal`, log);
    this.#states = new Emitter(`${what} state`, log);
  }

  get state(): DriverState {
    return this.#stateNow;
  }

  onSignal(fn: (s: Signal) => void): () => void {
    return this.#signals.on(fn);
  }

  onState(fn: (s: DriverState, err?: Error) => void): () => void {
    return this.#states.on(fn);
  }

  async open(abort: AbortSignal): Promise<void> {
    if (this.#stateNow !== 'closed')
      throw new Error(`${this.what} "${this.id}" is ${this.#stateNow}; close it before opening it again`);
    this.#closing = this.#releasing = undefined;
    this.#setState('opening');
    const opening = (this.#opening = new AbortController());
    const onAbort = () => opening.abort(abort.reason);
    abort.addEventListener('abort', onAbort, { once: true });
    if (abort.aborted) onAbort();
    const connecting = (this.#connecting = Promise.resolve().then(() => this.connect(opening.signal)));
    try {
      await untilAborted(connecting, opening.signal);
      // close() took over while connect() was finishing
      if (opening.signal.aborted) throw opening.signal.reason;
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      opening.abort(error);
      await this.#release();
      // close() may have taken over meanwhile: it reports 'closing' and 'closed' itself
      if ((this.#stateNow as DriverState) === 'opening') this.#setState('closed', error);
      throw error;
    } finally {
      abort.removeEventListener('abort', onAbort);
      if (this.#opening === opening) this.#opening = undefined;
    }
    this.#setState('open');
  }

  /** idempotent: aborts an open in progress, frees everything once, resolves when the driver is 'closed' */
  close(): Promise<void> {
    if (this.#stateNow === 'closed') return this.#closing ?? Promise.resolve();
    this.#closing ??= (async () => {
      this.#setState('closing');
      this.#opening?.abort(new Error(`${this.what} "${this.id}" was closed while opening`));
      await this.#release();
      this.#setState('closed');
    })();
    return this.#closing;
  }

  /** sets the device up; should give up when `abort` fires */
  protected abstract connect(abort: AbortSignal): Promise<void>;

  /** frees what connect() set up, however far it got; called once per open */
  protected abstract disconnect(): Promise<void>;

  /** a driver with nothing to connect (the browser's input) opens at once, synchronously */
  protected openAtOnce(): void {
    if (this.#stateNow !== 'closed') return;
    this.#closing = this.#releasing = undefined;
    this.#connecting = Promise.resolve();
    this.#setState('opening');
    this.#setState('open');
  }

  /** passes a signal on, only while the driver is open */
  protected emitSignal(s: Signal): void {
    if (this.#stateNow === 'open') this.#signals.emit(s);
  }

  /**
   * The device went away. Reported only while open and only once: a loss while opening fails the open
   * instead, one while closing is what closing does. The timers and onRelease() callbacks are freed now;
   * the rest waits for close().
   */
  protected lost(err: Error): void {
    if (this.#stateNow !== 'open') return;
    this.#freeTimers();
    this.#setState('lost', err instanceof DisconnectedError ? err : new DisconnectedError(err.message, { cause: err }));
  }

  /** a timer freed on close or loss; it forgets itself when it fires */
  protected after(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.#forget(stop);
      fn();
    }, ms);
    const stop = () => clearTimeout(t);
    this.#releasers.push(stop);
    return t;
  }

  /** a repeating timer freed on close or loss */
  protected every(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setInterval(fn, ms);
    this.#releasers.push(() => clearInterval(t));
    return t;
  }

  /** something to stop on close or loss (a watcher's stop function) */
  protected onRelease(stop: () => void): void {
    this.#releasers.push(stop);
  }

  #forget(stop: () => void): void {
    const at = this.#releasers.indexOf(stop);
    if (at >= 0) this.#releasers.splice(at, 1);
  }

  #freeTimers(): void {
    for (const stop of this.#releasers.splice(0)) {
      try {
        stop();
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, `${this.what} "${this.id}": freeing a timer or watcher failed`);
      }
    }
  }

  /** once per open: after connect() settled, the timers, then the driver's own disconnect() */
  #release(): Promise<void> {
    this.#releasing ??= (async () => {
      this.#freeTimers();
      await this.#connecting?.catch(() => undefined);
      this.#freeTimers();
      try {
        await this.disconnect();
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, `${this.what} "${this.id}": freeing the device failed`);
      }
    })();
    return this.#releasing;
  }

  #setState(s: DriverState, err?: Error): void {
    this.#stateNow = s;
    this.#states.emit(s, err);
  }
}

/** `p`, or the abort's reason as soon as `abort` fires */
function untilAborted(p: Promise<void>, abort: AbortSignal): Promise<void> {
  if (abort.aborted) return Promise.reject(abort.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abort.reason);
    abort.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => abort.removeEventListener('abort', onAbort));
  });
}
