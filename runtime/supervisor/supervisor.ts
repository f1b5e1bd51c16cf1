import type { DriverFactory, SignalOrigin } from '../core/driver.ts';
import { Emitter } from '../core/emitter.ts';
import type { Logger } from '../core/log.ts';
import type { Signal, Value } from '../core/signals.ts';
import { errorMessage } from './deadline.ts';
import { DeviceEntry } from './entry.ts';
import { resolveTiming, type DeviceStatus, type SupervisorOptions, type Timing } from './types.ts';

/** what the supervisor needs of an entry, whatever its config type */
type Entry = Pick<DeviceEntry<{ id: string }>, 'start' | 'stop' | 'status' | 'write' | 'nudge'>;

export type { DeviceState, DeviceStatus, SupervisorOptions } from './types.ts';

/**
 * The one place that opens, retries and re-attaches every configured device (DESIGN.md section 3).
 * Drivers only report; each entry here finds its device by identity, opens it under a deadline, and after
 * a loss closes it under a deadline and tries again with a backoff, until stop().
 */
export class Supervisor {
  private readonly entries = new Map<string, Entry>();
  /** the factories with a hot-plug watch, and the entries each one serves */
  private readonly watched = new Map<DriverFactory<never>, Entry[]>();
  private readonly unwatch: (() => void)[] = [];
  private readonly signals: Emitter<[Signal, SignalOrigin]>;
  private readonly sourcesLost: Emitter<[string]>;
  private readonly timing: Timing;
  private readonly log: Logger;
  private started = false;
  private stopping: Promise<void> | undefined;

  constructor(opts: SupervisorOptions) {
    this.timing = resolveTiming(opts);
    this.log = opts.log;
    this.signals = new Emitter('signal', this.log);
    this.sourcesLost = new Emitter('source-lost', this.log);
  }

  /** one configured device; its config is checked against the factory's schema */
  add<C extends { id: string }>(factory: DriverFactory<C>, config: C): void {
    if (this.stopping)
      throw new Error(`cannot add device "${config.id}": the supervisor was stopped; create a new one`);
    const existing = this.entries.get(config.id);
    if (existing) {
      throw new Error(
        `device id "${config.id}" is configured twice (${existing.status().kind} and ${factory.kind}); give each device its own id`,
      );
    }
    const parsed = factory.schema.safeParse(config);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`).join('; ');
      throw new Error(`device "${config.id}" (${factory.kind}) is misconfigured: ${issues}`);
    }
    const origin: SignalOrigin = { kind: factory.kind, capabilities: factory.capabilities ?? {} };
    const entry = new DeviceEntry(factory, parsed.data, this.timing, this.log, {
      signal: (s) => this.signals.emit(s, origin),
      sourceLost: (source) => this.sourcesLost.emit(source),
    });
    this.entries.set(config.id, entry);
    if (factory.watch) this.watch(factory as unknown as DriverFactory<never>, entry);
    if (this.started) entry.start();
  }

  start(): void {
    if (this.stopping) throw new Error('the supervisor was stopped; create a new one to start again');
    this.started = true;
    for (const entry of this.entries.values()) entry.start();
  }

  /** closes every device (each under the close deadline) and cancels every retry and open in progress */
  stop(): Promise<void> {
    for (const off of this.unwatch.splice(0)) off();
    this.stopping ??= Promise.all([...this.entries.values()].map((e) => e.stop())).then(() => undefined);
    return this.stopping;
  }

  /** a device taken out of the config (a hot reload): closed under the close deadline and forgotten */
  async remove(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    for (const served of this.watched.values()) {
      const at = served.indexOf(entry);
      if (at >= 0) served.splice(at, 1);
    }
    await entry.stop();
  }

  private watch(factory: DriverFactory<never>, entry: Entry): void {
    const served = this.watched.get(factory);
    if (served) {
      served.push(entry);
      return;
    }
    const entries = [entry];
    this.watched.set(factory, entries);
    try {
      this.unwatch.push(factory.watch!(() => entries.forEach((e) => e.nudge())));
    } catch (err) {
      this.log.warn(
        { kind: factory.kind, err: errorMessage(err) },
        'hot-plug watch failed: devices are found at their retry instead',
      );
    }
  }

  /** every device's signals, with the kind of device each came from */
  onSignal(fn: (s: Signal, from: SignalOrigin) => void): () => void {
    return this.signals.on(fn);
  }

  /** a signal source that went away with its device: its conditions go to their fallback */
  onSourceLost(fn: (source: string) => void): () => void {
    return this.sourcesLost.on(fn);
  }

  status(): DeviceStatus[] {
    return [...this.entries.values()].map((e) => e.status());
  }

  /** to an open device that can be written to; otherwise rejects saying why */
  async write(id: string, channel: string, value: Value): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) {
      const known = [...this.entries.keys()].join(', ') || 'none';
      throw new Error(`no device "${id}" is configured (configured: ${known})`);
    }
    await entry.write(channel, value);
  }
}
