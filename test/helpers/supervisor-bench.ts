/**
 * A scripted bench of devices for the supervisor's tests: the test plugs, unplugs and drives them, and
 * decides how their open() and close() behave. This is a fake on purpose, to reach every failure path on
 * demand; the same paths are tested end to end with real serial ports over socat and real OSC sockets.
 */
import { z } from 'zod';
import type { DeviceInfo, Driver, DriverFactory } from '../../runtime/core/driver.ts';
import type { DriverState, Signal, Value } from '../../runtime/core/signals.ts';
import { until as wait } from './wait.ts';

/** matches every plugged device whose serial starts with `serial` (as a VID:PID match would) */
export interface BenchConfig {
  id: string;
  serial: string;
}

export class Bench {
  /** serial -> path, in the order discover() lists them */
  readonly plugged = new Map<string, string>();
  readonly drivers: BenchDriver[] = [];
  discoverCalls = 0;
  open: 'ok' | 'fail' | 'hang' = 'ok';
  close: 'ok' | 'throw' | 'hang' = 'ok';
  writable = true;
  /** drivers that keep calling listeners after they were unsubscribed */
  sticky = false;

  readonly factory: DriverFactory<BenchConfig> = {
    kind: 'bench',
    schema: z.object({ id: z.string().min(1), serial: z.string().min(1) }),
    discover: async (c) => {
      this.discoverCalls++;
      return [...this.plugged]
        .filter(([serial]) => serial.startsWith(c.serial))
        .map(([serial, path]) => ({ id: serial, path }));
    },
    create: (c, d) => {
      const driver = new BenchDriver(c.id, d, this);
      this.drivers.push(driver);
      return driver;
    },
  };

  plug(serial: string, path: string): void {
    this.plugged.set(serial, path);
  }

  /** takes the device away; its open driver reports 'lost' as a real one would */
  unplug(serial: string): void {
    this.plugged.delete(serial);
    for (const d of this.drivers)
      if (d.device.id === serial && d.state === 'open') d.lose(`${d.device.path}: device disconnected`);
  }

  get last(): BenchDriver {
    const d = this.drivers.at(-1);
    if (!d) throw new Error('no driver was created yet');
    return d;
  }
}

export class BenchDriver implements Driver {
  state: DriverState = 'closed';
  openSignal: AbortSignal | undefined;
  closeCalls = 0;
  readonly writes: [string, Value][] = [];
  write?: (channel: string, value: Value) => Promise<void>;
  private readonly signalFns = new Set<(s: Signal) => void>();
  private readonly stateFns = new Set<(s: DriverState, err?: Error) => void>();

  constructor(
    readonly id: string,
    readonly device: DeviceInfo,
    private readonly bench: Bench,
  ) {
    if (bench.writable) this.write = async (channel, value) => void this.writes.push([channel, value]);
  }

  async open(abort: AbortSignal): Promise<void> {
    this.openSignal = abort;
    this.report('opening');
    if (this.bench.open === 'hang') return new Promise<void>(() => undefined);
    if (this.bench.open === 'fail') throw new Error(`${this.device.path}: port busy`);
    this.report('open');
  }

  async close(): Promise<void> {
    this.closeCalls++;
    if (this.bench.close === 'hang') return new Promise<void>(() => undefined);
    if (this.bench.close === 'throw') throw new Error('close exploded');
    this.report('closed');
  }

  onSignal(fn: (s: Signal) => void): () => void {
    this.signalFns.add(fn);
    return () => void (this.bench.sticky || this.signalFns.delete(fn));
  }

  onState(fn: (s: DriverState, err?: Error) => void): () => void {
    this.stateFns.add(fn);
    return () => void (this.bench.sticky || this.stateFns.delete(fn));
  }

  /** sends whatever the driver's state: a closed driver may emit too */
  emit(channel: string, value: Value, source = `bench:${this.id}`): void {
    for (const fn of this.signalFns) fn({ source, channel, value, t: performance.now() });
  }

  lose(message: string): void {
    this.report('lost', new Error(message));
  }

  report(s: DriverState, err?: Error): void {
    this.state = s;
    for (const fn of this.stateFns) fn(s, err);
  }
}

export { memoryLogger, type LogLine } from './log.ts';

/** the supervisor's tests poll often: its backoffs are a few ms */
export const until = (check: () => boolean, what: string): Promise<true> => wait(check, what, 5000, 2);
