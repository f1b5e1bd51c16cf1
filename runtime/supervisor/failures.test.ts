import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/log.ts';
import { Supervisor } from './supervisor.ts';
import { Bench, memoryLogger, until } from '../../test/helpers/supervisor-bench.ts';

const running: Supervisor[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

function rig(options: Partial<ConstructorParameters<typeof Supervisor>[0]> = {}) {
  const bench = new Bench();
  const sup = new Supervisor({
    log: silentLogger(),
    initialBackoffMs: 5,
    maxBackoffMs: 20,
    backoffJitter: 0,
    ...options,
  });
  running.push(sup);
  sup.add(bench.factory, { id: 'pad', serial: 'A1' });
  return { bench, sup, state: () => sup.status()[0]! };
}

describe('Supervisor deadlines', () => {
  it('gives up on an open that never finishes, aborts it, closes the driver and retries', async () => {
    const { bench, sup, state } = rig({ openDeadlineMs: 30 });
    bench.plug('A1', '/dev/ttyUSB0');
    bench.open = 'hang';
    sup.start();
    await until(() => state().state === 'lost', 'the open to time out');
    expect(state().error).toBe('open did not finish within 30 ms');
    const first = bench.drivers[0]!;
    expect(first.openSignal?.aborted).toBe(true);
    expect(first.closeCalls).toBe(1);
    bench.open = 'ok';
    await until(() => state().state === 'open', 'the next attempt to open');
  });

  it('abandons a close that hangs, logs it, and carries on', async () => {
    const { log, lines } = memoryLogger();
    const { bench, sup, state } = rig({ closeDeadlineMs: 20, log });
    bench.plug('A1', '/dev/ttyUSB0');
    bench.close = 'hang';
    sup.start();
    await until(() => state().state === 'open', 'the pad to open');
    bench.last.lose('cable pulled');
    await until(() => bench.drivers.length === 2 && state().state === 'open', 'a new driver to open');
    expect(bench.drivers[0]!.closeCalls).toBe(1);
    const abandoned = lines.filter(
      (l) => l.level === 50 && l.msg.startsWith('close did not finish within 20 ms; abandoned it'),
    );
    expect(abandoned).toHaveLength(1);
    await sup.stop(); // the second driver's close hangs as well
    expect(state().state).toBe('closed');
  });
});

describe('Supervisor stop', () => {
  it('cancels a retry wait', async () => {
    const { bench, sup, state } = rig({ initialBackoffMs: 600_000, maxBackoffMs: 600_000 });
    sup.start();
    await until(() => state().state === 'waiting', 'a retry wait');
    await sup.stop();
    expect(state()).toMatchObject({ state: 'closed', attempts: 1 });
    expect(state().retryInMs).toBeUndefined();
    expect(bench.discoverCalls).toBe(1);
  });

  it('aborts an open in progress and closes the driver', async () => {
    const { bench, sup, state } = rig({ openDeadlineMs: 600_000 });
    bench.plug('A1', '/dev/ttyUSB0');
    bench.open = 'hang';
    sup.start();
    await until(() => bench.drivers.length === 1 && state().state === 'opening', 'the open to start');
    await sup.stop();
    expect(bench.last.openSignal?.aborted).toBe(true);
    expect(bench.last.closeCalls).toBe(1);
    expect(state().state).toBe('closed');
  });

  it('is idempotent and final', async () => {
    const { bench, sup } = rig();
    bench.plug('A1', '/dev/ttyUSB0');
    sup.start();
    await until(() => sup.status()[0]!.state === 'open', 'the pad to open');
    await Promise.all([sup.stop(), sup.stop()]);
    await sup.stop();
    expect(bench.last.closeCalls).toBe(1);
    expect(() => sup.start()).toThrow(/stopped; create a new one/);
    expect(() => sup.add(bench.factory, { id: 'knob', serial: 'K' })).toThrow(/stopped/);
  });
});
