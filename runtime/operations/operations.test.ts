import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../core/log.ts';
import { memoryLogger } from '../../test/helpers/log.ts';
import { LogTail } from './log-tail.ts';
import { MetricsHistory, type MetricsSources, type StepStamp } from './metrics-history.ts';
import { Ring } from './ring.ts';

describe('Ring', () => {
  it('keeps the newest `capacity` entries, oldest first', () => {
    const ring = new Ring<number>(3);
    expect(ring.toArray()).toEqual([]);
    for (let i = 1; i <= 7; i++) ring.push(i);
    expect(ring.toArray()).toEqual([5, 6, 7]);
    expect(ring.size).toBe(3);
    expect(ring.last()).toBe(7);
  });

  it('refuses a capacity below one', () => {
    expect(() => new Ring(0)).toThrow(/1 or more/);
  });
});

describe('MetricsHistory', () => {
  function rig() {
    const requested: StepStamp[] = [];
    const drawn: StepStamp[] = [];
    const outputs = [{ id: 'main', dropped: 0 }];
    const devices = [{ state: 'open' }, { state: 'waiting' }, { state: 'open' }];
    const sources: MetricsSources = {
      loop: () => ({ stepsPerSecond: 12.04, stepMs: 20.55, stepP95Ms: 31 }),
      requested: () => requested,
      drawn: () => [{ id: 'main', drawn }],
      outputs: () => outputs,
      devices: () => devices,
    };
    return { requested, drawn, outputs, devices, history: new MetricsHistory(sources, silentLogger(), 3) };
  }

  it('samples every source: rates, motion to photon of the frames drawn since the last sample, drops per second, devices by state', () => {
    const { requested, drawn, outputs, history } = rig();
    const t0 = 1_000_000_000_000;
    requested.push({ step: 1, at: t0 - 900 }, { step: 2, at: t0 - 500 });
    drawn.push({ step: 1, at: t0 - 860 }, { step: 2, at: t0 - 440 });
    outputs[0]!.dropped = 4;
    const first = history.sample(t0);
    expect(first).toEqual({
      t: t0,
      stepsPerSecond: 12,
      stepMs: 20.6,
      stepP95Ms: 31,
      photonMs: { main: 50 },
      dropped: { main: 0 },
      devices: { open: 2, waiting: 1 },
    });
    // nothing drawn since: no figure (not a stale one); 3 more dropped in this second
    outputs[0]!.dropped = 7;
    const second = history.sample(t0 + 1000);
    expect(second.photonMs).toEqual({});
    expect(second.dropped).toEqual({ main: 3 });
  });

  it('keeps only its capacity and tells listeners of each sample', () => {
    const { history } = rig();
    const heard: number[] = [];
    history.added.on((s) => heard.push(s.t));
    for (let i = 0; i < 5; i++) history.sample(1_000_000_000_000 + i * 1000);
    expect(history.samples().map((s) => s.t)).toEqual(heard.slice(-3));
    expect(heard).toHaveLength(5);
  });
});

describe('LogTail', () => {
  it('tees: the runtime logger still writes everything it did, the tail keeps info and above, secrets censored', () => {
    const { log, lines } = memoryLogger();
    const tail = new LogTail(silentLogger(), 2);
    const teed = tail.tee(log.child({ ns: 'runtime' }));
    teed.debug('a detail');
    teed.child({ ns: 'console' }).info({ user: 'admin', password: 'hunter2', auth: { token: 'x' } }, 'login');
    teed.warn({ nested: { apiKey: 'k', port: 9000 } }, 'malformed OSC');
    teed.error('broken');
    expect(lines.map((l) => l.msg)).toEqual(['a detail', 'login', 'malformed OSC', 'broken']);
    expect(lines[1]!.password).toBe('hunter2'); // the operator's own log is unchanged
    const kept = tail.lines();
    expect(kept.map((l) => `${l.level} ${l.msg}`)).toEqual(['warn malformed OSC', 'error broken']);
    expect(kept[0]!.detail).toBe('{"nested":{"apiKey":"[redacted]","port":9000}}');
    expect(kept[0]!.ns).toBe('runtime');
  });

  it('a silent runtime logger still feeds the tail; a line that is not JSON is ignored', () => {
    const tail = new LogTail(silentLogger());
    const heard: string[] = [];
    tail.added.on((l) => heard.push(`${l.ns ?? ''}:${l.msg}`));
    tail
      .tee(pino({ level: 'silent' }))
      .child({ ns: 'osc' })
      .info({ password: 'p' }, 'hello');
    tail.write('not json\n');
    expect(heard).toEqual(['osc:hello']);
    expect(tail.lines()[0]!.detail).toBe('{"password":"[redacted]"}');
  });
});
