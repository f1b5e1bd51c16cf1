/** A driver that throws, rejects and reports nonsense at every step must not take the supervisor down. */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Driver, DriverFactory } from '../core/driver.ts';
import type { Signal } from '../core/signals.ts';
import { Supervisor } from './supervisor.ts';
import { memoryLogger, until } from '../../test/helpers/supervisor-bench.ts';

let running: Supervisor | undefined;
afterEach(() => running?.stop());

/** a different way to misbehave on each attempt, then a driver that works */
function chaos(): { factory: DriverFactory<{ id: string }>; good: { emit?: (s: Signal) => void } } {
  let attempt = 0;
  const good: { emit?: (s: Signal) => void } = {};
  const thrower = (what: string) => () => {
    throw new Error(`${what} exploded`);
  };
  const driver = (over: Partial<Driver>): Driver => ({
    id: 'chaos',
    state: 'closed',
    open: async () => undefined,
    close: async () => undefined,
    onSignal: () => () => undefined,
    onState: () => () => undefined,
    ...over,
  });
  const factory: DriverFactory<{ id: string }> = {
    kind: 'chaos',
    schema: z.object({ id: z.string() }),
    discover: (() => {
      attempt++;
      if (attempt === 1) throw new Error('discover exploded');
      if (attempt === 2) return Promise.reject('a string, not an Error');
      if (attempt === 3) return Promise.resolve('not an array');
      return Promise.resolve([{ id: 'C1', path: '/dev/chaos' }]);
    }) as DriverFactory<{ id: string }>['discover'],
    create: () => {
      if (attempt === 4) throw new Error('create exploded');
      if (attempt === 5) return driver({ onState: thrower('onState'), close: thrower('close') });
      if (attempt === 6) return driver({ open: thrower('open'), onSignal: () => thrower('unsubscribe') });
      if (attempt === 7) {
        let report: (s: Driver['state'], e?: Error) => void = () => undefined;
        return driver({
          onState: (fn) => ((report = fn), () => undefined),
          open: async () => {
            report('open');
            report('opening');
            report('lost', 'not an Error' as unknown as Error);
            report('lost');
          },
          close: () => Promise.reject(new Error('close rejected')),
        });
      }
      return driver({ onSignal: (fn) => ((good.emit = fn), () => undefined) });
    },
  };
  return { factory, good };
}

describe('Supervisor against a driver that misbehaves everywhere', () => {
  it('keeps going, records each failure, and ends up open', async () => {
    const { log, lines } = memoryLogger();
    const sup = new Supervisor({ log, initialBackoffMs: 2, maxBackoffMs: 4 });
    running = sup;
    const { factory, good } = chaos();
    sup.add(factory, { id: 'chaos' });
    const heard: Signal[] = [];
    sup.onSignal(() => {
      throw new Error('listener exploded');
    });
    sup.onSignal((s) => heard.push(s));
    sup.start();
    await until(() => sup.status()[0]!.state === 'open', 'the chaos device to open');
    expect(lines.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual([
      'discover failed: discover exploded',
      'discover failed: a string, not an Error',
      'not found: no chaos device matches "chaos"; check that it is plugged in and powered',
      'create failed: create exploded',
      'close failed: close exploded',
      'open failed: onState exploded',
      'open failed: open exploded',
      'close failed: close rejected',
      'lost: the driver reported the device lost',
    ]);
    good.emit?.({ source: 'chaos', channel: 'x', value: 1, t: 0 });
    good.emit?.({ source: 'chaos', channel: 'x', value: 2, t: 0 });
    expect(heard.map((s) => s.value)).toEqual([1, 2]);
    expect(sup.status()[0]!.signals).toBe(2);
    expect(lines.filter((l) => l.msg === 'a signal listener threw: listener exploded')).toHaveLength(1);
  });
});
