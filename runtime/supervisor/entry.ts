import type { DeviceInfo, DriverFactory } from '../core/driver.ts';
import type { Logger } from '../core/log.ts';
import type { Signal, Value } from '../core/signals.ts';
import { Backoff } from './backoff.ts';
import { Connection } from './connection.ts';
import { DeadlineError, errorMessage, sleep } from './deadline.ts';
import { discoverDevice } from './discover.ts';
import { IncidentLog } from './incident-log.ts';
import type { DeviceState, DeviceStatus, Timing } from './types.ts';

export interface EntryEvents {
  signal(s: Signal): void;
  sourceLost(source: string): void;
}

/** why an attempt ended; `found` tells a device that failed or went away ('lost') from none at all ('waiting') */
type Failure = { message: string; found: boolean };

/** One configured device: discover, create, open, wait for the loss, close, back off, again, until stopped. */
export class DeviceEntry<C extends { id: string }> {
  readonly id: string;
  private state: DeviceState = 'closed';
  private device: DeviceInfo | undefined;
  /** the DeviceInfo.id last open, preferred when several devices match */
  private identity: string | undefined;
  private error: string | undefined;
  private attempts = 0;
  private retryInMs: number | undefined;
  private signals = 0;
  /** the counters of the drivers already closed (a driver's own start from 0 at each open) */
  private readonly carried: Record<string, number> = {};
  private link: Connection | undefined;
  private running: Promise<void> | undefined;
  private readonly stopper = new AbortController();
  /** aborted by nudge() to end a retry wait early */
  private waiting: AbortController | undefined;
  private readonly backoff: Backoff;
  private readonly incidents: IncidentLog;
  private readonly log: Logger;

  constructor(
    private readonly factory: DriverFactory<C>,
    private readonly config: C,
    private readonly timing: Timing,
    log: Logger,
    private readonly events: EntryEvents,
  ) {
    this.id = config.id;
    this.log = log.child({ device: this.id, kind: factory.kind });
    this.incidents = new IncidentLog(this.log);
    this.backoff = new Backoff(
      timing.initialBackoffMs,
      timing.maxBackoffMs,
      timing.stableOpenMs,
      () => this.incidents.settled(),
      timing.backoffJitter,
    );
  }

  start(): void {
    if (this.stopper.signal.aborted) return;
    this.running ??= this.loop().catch((err) =>
      this.log.error({ err: errorMessage(err) }, 'supervision of this device ended unexpectedly'),
    );
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
    this.backoff.interrupted();
    this.retryInMs = undefined;
    this.state = 'closed';
  }

  /** devices came or went: if this entry is waiting to retry, retry now (its backoff still grows on failure) */
  nudge(): void {
    this.waiting?.abort();
  }

  status(): DeviceStatus {
    const { id, state, device, error, attempts, retryInMs, signals } = this;
    const known = {
      ...(device && { device: { ...device } }),
      ...(error !== undefined && { error }),
      ...(retryInMs !== undefined && { retryInMs }),
    };
    const counters = this.counters();
    return { id, kind: this.factory.kind, state, attempts, signals, ...known, ...(counters && { counters }) };
  }

  /** the drivers' counters since start, summed over every driver this entry opened */
  private counters(): Record<string, number> | undefined {
    const now = this.link?.driver.counters;
    if (!now && !Object.keys(this.carried).length) return undefined;
    const sum = { ...this.carried };
    for (const [k, v] of Object.entries(now ?? {})) sum[k] = (sum[k] ?? 0) + v;
    return sum;
  }

  async write(channel: string, value: Value): Promise<void> {
    const driver = this.state === 'open' ? this.link?.driver : undefined;
    if (!driver)
      throw new Error(
        `device "${this.id}" is not open (${this.state}${this.error ? `: ${this.error}` : ''}); write again once it is back`,
      );
    if (typeof driver.write !== 'function')
      throw new Error(`device "${this.id}" (${this.factory.kind}) cannot be written to: its driver only reads`);
    await driver.write(channel, value);
  }

  private async loop(): Promise<void> {
    const stop = this.stopper.signal;
    while (!stop.aborted) {
      const failure = await this.attempt(stop);
      if (!failure || stop.aborted) return;
      this.error = failure.message;
      this.retryInMs = this.backoff.next();
      this.state = failure.found ? 'lost' : 'waiting';
      this.incidents.failed(failure.message, { retryInMs: this.retryInMs });
      this.waiting = new AbortController();
      await sleep(this.retryInMs, AbortSignal.any([stop, this.waiting.signal]));
      this.waiting = undefined;
      this.retryInMs = undefined;
    }
  }

  /** one try; undefined when it ended because of stop() */
  private async attempt(stop: AbortSignal): Promise<Failure | undefined> {
    this.attempts++;
    this.state = 'opening';
    const found = await discoverDevice(this.factory, this.config, this.identity, this.timing.openDeadlineMs, stop);
    if ('stopped' in found) return undefined;
    this.device = 'device' in found ? found.device : undefined;
    if ('error' in found) return { message: found.error, found: false };
    const { device } = found;
    let link: Connection;
    try {
      const driverLog = this.log.child({ ns: `driver:${this.factory.kind}` });
      link = new Connection(this.factory.create(this.config, device, driverLog), device, (s) => this.forward(s));
    } catch (err) {
      return { message: `create failed: ${errorMessage(err)}`, found: true };
    }
    this.link = link;
    const failure = await this.run(link, stop);
    await this.release(link);
    return failure;
  }

  private async run(link: Connection, stop: AbortSignal): Promise<Failure | undefined> {
    try {
      link.attach();
      await link.open(stop, this.timing.openDeadlineMs);
    } catch (err) {
      if (stop.aborted) return undefined;
      return { message: err instanceof DeadlineError ? err.message : `open failed: ${errorMessage(err)}`, found: true };
    }
    this.opened(link.device);
    const lost = await link.untilLost(stop);
    if (!lost || stop.aborted) return undefined;
    // said at once: the status shows why while the driver is still closing, not only once it has
    this.error = `lost: ${lost.message}`;
    return { message: this.error, found: true };
  }

  private opened(device: DeviceInfo): void {
    this.state = 'open';
    this.error = undefined;
    this.identity = device.id;
    this.incidents.opened({ path: device.path, identity: device.id, attempts: this.attempts });
    this.attempts = 0;
    this.backoff.opened();
  }

  private async release(link: Connection): Promise<void> {
    this.backoff.interrupted();
    this.state = 'closing';
    const closeError = await link.close(this.timing.closeDeadlineMs);
    if (closeError) this.incidents.failed(closeError, { path: link.device.path }, 'error');
    for (const [k, v] of Object.entries(link.driver.counters ?? {})) this.carried[k] = (this.carried[k] ?? 0) + v;
    this.link = undefined;
    for (const source of link.sources) this.events.sourceLost(source);
  }

  private forward(s: Signal): void {
    this.signals++;
    this.events.signal(s);
  }
}
