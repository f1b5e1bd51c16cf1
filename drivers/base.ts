import type { Logger } from '../runtime/core/log.ts';
import type { DriverState, Signal } from '../runtime/core/signals.ts';
import { DriverListeners } from './listeners.ts';

/** What every driver shares: its state and the listeners of its signals and state changes. */
export abstract class BaseDriver {
  private stateNow: DriverState = 'closed';
  private readonly listeners: DriverListeners;

  protected constructor(log: Logger, what: string) {
    this.listeners = new DriverListeners(log, what);
  }

  get state(): DriverState {
    return this.stateNow;
  }

  onSignal(fn: (s: Signal) => void): () => void {
    return this.listeners.onSignal(fn);
  }

  onState(fn: (s: DriverState, err?: Error) => void): () => void {
    return this.listeners.onState(fn);
  }

  protected emitSignal(s: Signal): void {
    this.listeners.signal(s);
  }

  protected setState(s: DriverState, err?: Error): void {
    this.stateNow = s;
    this.listeners.state(s, err);
  }
}
