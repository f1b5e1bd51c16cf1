import { afterEach, describe, expect, it } from 'vitest';
import { Supervisor } from './supervisor.ts';
import { Bench, memoryLogger, until } from '../../test/helpers/supervisor-bench.ts';

const running: Supervisor[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

function rig() {
  const { log, lines } = memoryLogger();
  const bench = new Bench();
  const sup = new Supervisor({ log, initialBackoffMs: 1, maxBackoffMs: 2 });
  running.push(sup);
  sup.add(bench.factory, { id: 'pad', serial: 'A1' });
  const state = () => sup.status()[0]!;
  const problems = () => lines.filter((l) => l.level >= 40).map((l) => l.msg);
  const infos = () => lines.filter((l) => l.level === 30).map((l) => l.msg);
  return { bench, sup, lines, state, problems, infos };
}

describe('Supervisor logging', () => {
  it('logs a device missing for many attempts once, and its arrival once', async () => {
    const { bench, sup, lines, state, problems, infos } = rig();
    sup.start();
    await until(() => bench.discoverCalls >= 20, 'twenty attempts');
    expect(problems()).toEqual(['not found: no bench device matches "pad"; check that it is plugged in and powered']);
    expect(lines[0]).toMatchObject({ level: 40, device: 'pad', kind: 'bench', retryInMs: 1 });
    bench.plug('A1', '/dev/ttyUSB0');
    await until(() => state().state === 'open', 'the pad to open');
    expect(infos()).toEqual(['device back']);
    expect(lines.at(-1)).toMatchObject({ device: 'pad', path: '/dev/ttyUSB0', identity: 'A1' });
  });

  it('logs each distinct error once while a device flaps, and the first recovery', async () => {
    const { bench, sup, state, problems, infos } = rig();
    bench.plug('A1', '/dev/ttyUSB0');
    sup.start();
    await until(() => state().state === 'open', 'the pad to open');
    expect(infos()).toEqual(['device open']);
    for (let i = 0; i < 3; i++) {
      const driver = bench.last;
      driver.lose('read error');
      await until(() => state().state === 'open' && bench.last !== driver, 'the pad to reopen');
    }
    bench.open = 'fail';
    bench.last.lose('read error');
    await until(() => bench.drivers.length >= 10, 'several failed opens');
    expect(problems()).toEqual(['lost: read error', 'open failed: /dev/ttyUSB0: port busy']);
    expect(infos()).toEqual(['device open', 'device back']);
  });
});
