/** Backoff under fake timers: the waits are read from status(), and the clock only moves when the test says. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../core/log.ts';
import { Supervisor } from './supervisor.ts';
import { Bench } from '../../test/helpers/supervisor-bench.ts';

let sup: Supervisor | undefined;
beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(async () => {
  const stopping = sup?.stop();
  await vi.runOnlyPendingTimersAsync();
  await stopping;
  vi.useRealTimers();
});

function rig() {
  const bench = new Bench();
  sup = new Supervisor({
    log: silentLogger(),
    initialBackoffMs: 100,
    maxBackoffMs: 800,
    stableOpenMs: 5000,
    backoffJitter: 0,
  });
  sup.add(bench.factory, { id: 'pad', serial: 'A1' });
  const s = sup;
  return { bench, sup: s, state: () => s.status()[0]! };
}

/** lets every pending promise run, without moving the clock */
const settle = () => vi.advanceTimersByTimeAsync(0);

/** the retryInMs of each of the next `n` waits, moving the clock through each */
async function waits(state: () => { retryInMs?: number; state: string }, n: number): Promise<(number | undefined)[]> {
  const seen: (number | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    await settle();
    const { retryInMs } = state();
    seen.push(retryInMs);
    await vi.advanceTimersByTimeAsync(retryInMs ?? 0);
  }
  return seen;
}

describe('Supervisor backoff', () => {
  it('doubles from initialBackoffMs and stops at maxBackoffMs', async () => {
    const { sup, state } = rig();
    sup.start();
    expect(await waits(state, 6)).toEqual([100, 200, 400, 800, 800, 800]);
    expect(state()).toMatchObject({ state: 'waiting', attempts: 7 });
  });

  it('keeps the long waits for a device that flaps', async () => {
    const { bench, sup, state } = rig();
    sup.start();
    expect(await waits(state, 3)).toEqual([100, 200, 400]);
    bench.plug('A1', '/dev/ttyUSB0');
    await vi.advanceTimersByTimeAsync(800);
    expect(state()).toMatchObject({ state: 'open', attempts: 0 });
    await vi.advanceTimersByTimeAsync(4000); // open, but not for stableOpenMs
    bench.last.lose('read error');
    await settle();
    expect(state()).toMatchObject({ state: 'lost', error: 'lost: read error', retryInMs: 800 });
  });

  it('starts again from initialBackoffMs once the device stayed open for stableOpenMs', async () => {
    const { bench, sup, state } = rig();
    sup.start();
    expect(await waits(state, 4)).toEqual([100, 200, 400, 800]);
    bench.plug('A1', '/dev/ttyUSB0');
    await vi.advanceTimersByTimeAsync(800);
    expect(state().state).toBe('open');
    await vi.advanceTimersByTimeAsync(5000);
    bench.unplug('A1');
    expect(await waits(state, 3)).toEqual([100, 200, 400]);
  });
});
