import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/log.ts';
import type { Signal } from '../core/signals.ts';
import { Supervisor } from './supervisor.ts';
import { Bench, until } from '../../test/helpers/supervisor-bench.ts';

const running: Supervisor[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

function rig(options: { initialBackoffMs?: number; maxBackoffMs?: number } = {}) {
  const bench = new Bench();
  const sup = new Supervisor({
    log: silentLogger(),
    initialBackoffMs: 5,
    maxBackoffMs: 20,
    backoffJitter: 0,
    ...options,
  });
  running.push(sup);
  const signals: Signal[] = [];
  const lostSources: string[] = [];
  sup.onSignal((s) => signals.push(s));
  sup.onSourceLost((s) => lostSources.push(s));
  const state = () => sup.status()[0]!;
  return { bench, sup, signals, lostSources, state };
}

describe('Supervisor: bringing devices up and back', () => {
  it('opens a present device and forwards its signals, counting them', async () => {
    const { bench, sup, signals, state } = rig();
    bench.plug('A1', '/dev/ttyUSB0');
    sup.add(bench.factory, { id: 'pad', serial: 'A1' });
    sup.start();
    await until(() => state().state === 'open', 'the pad to open');
    bench.last.emit('x', 0.5);
    bench.last.emit('y', -1);
    expect(signals.map((s) => [s.source, s.channel, s.value])).toEqual([
      ['bench:pad', 'x', 0.5],
      ['bench:pad', 'y', -1],
    ]);
    expect(state()).toMatchObject({
      id: 'pad',
      kind: 'bench',
      device: { id: 'A1', path: '/dev/ttyUSB0' },
      attempts: 0,
      signals: 2,
    });
    expect(state().error).toBeUndefined();
  });

  it('waits for a device missing at start, then opens it when it appears', async () => {
    const { bench, sup, state } = rig();
    sup.add(bench.factory, { id: 'pad', serial: 'A1' });
    sup.start();
    await until(() => state().state === 'waiting' && state().attempts >= 2, 'a few attempts');
    expect(state().error).toMatch(/^not found: /);
    expect(state().device).toBeUndefined();
    bench.plug('A1', '/dev/ttyUSB0');
    await until(() => state().state === 'open', 'the pad to open');
    expect(state().error).toBeUndefined();
  });

  it('reports the sources of a lost device and re-attaches it by identity on a new path', async () => {
    const { bench, sup, lostSources, signals, state } = rig();
    bench.plug('A1', '/dev/ttyUSB0');
    sup.add(bench.factory, { id: 'pad', serial: 'A1' });
    sup.start();
    await until(() => state().state === 'open', 'the pad to open');
    const first = bench.last;
    first.emit('x', 1, 'pad/left');
    first.emit('x', 1, 'pad/right');
    first.emit('y', 1, 'pad/left');
    bench.unplug('A1');
    bench.plug('B2', '/dev/ttyUSB0'); // another device takes the old path
    await until(() => lostSources.length === 2, 'both sources to be reported lost');
    expect(lostSources.sort()).toEqual(['pad/left', 'pad/right']);
    expect(first.closeCalls).toBe(1);
    expect(state().error).toMatch(/^lost: .*disconnected|^not found: /);
    bench.plug('A1', '/dev/ttyUSB1');
    await until(() => state().state === 'open', 'the pad to come back');
    expect(state().device).toEqual({ id: 'A1', path: '/dev/ttyUSB1' });
    expect(bench.last).not.toBe(first);
    bench.last.emit('x', 0);
    expect(state().signals).toBe(4);
    expect(signals).toHaveLength(4);
  });

  it('prefers the identity it had open when several devices match', async () => {
    const { bench, sup, state } = rig();
    bench.plug('PAD-1', '/dev/ttyACM0');
    bench.plug('PAD-2', '/dev/ttyACM1');
    sup.add(bench.factory, { id: 'pad', serial: 'PAD' });
    sup.start();
    await until(() => state().state === 'open', 'the pad to open');
    expect(state().device?.id).toBe('PAD-1');
    // a glitch on the line; meanwhile the other pad is listed first
    bench.plugged.delete('PAD-1');
    bench.plug('PAD-1', '/dev/ttyACM2');
    bench.last.lose('read error');
    await until(() => state().state === 'open' && bench.drivers.length === 2, 'the pad to come back');
    expect(state().device).toEqual({ id: 'PAD-1', path: '/dev/ttyACM2' });
  });

  it('drops what a closed driver still sends', async () => {
    const { bench, sup, signals, lostSources, state } = rig({ initialBackoffMs: 60_000, maxBackoffMs: 60_000 });
    bench.sticky = true;
    bench.plug('A1', '/dev/ttyUSB0');
    sup.add(bench.factory, { id: 'pad', serial: 'A1' });
    sup.start();
    await until(() => state().state === 'open', 'the pad to open');
    const old = bench.last;
    old.lose('gone');
    await until(() => state().state === 'lost', 'the loss to be handled');
    old.emit('x', 1, 'late');
    old.report('open');
    old.lose('gone again');
    expect(signals).toEqual([]);
    expect(lostSources).toEqual([]);
    expect(state()).toMatchObject({ state: 'lost', signals: 0, error: 'lost: gone', retryInMs: 60_000 });
  });
});

describe('Supervisor: configuration and writes', () => {
  it('refuses a duplicate id and a config its schema rejects', () => {
    const { bench, sup } = rig();
    sup.add(bench.factory, { id: 'pad', serial: 'A1' });
    expect(() => sup.add(bench.factory, { id: 'pad', serial: 'B2' })).toThrow(/device id "pad" is configured twice/);
    expect(() => sup.add(bench.factory, { id: 'knob', serial: '' })).toThrow(
      /device "knob" \(bench\) is misconfigured: serial/,
    );
    expect(sup.status().map((s) => s.id)).toEqual(['pad']);
  });

  it('routes a write to the open driver and fails clearly otherwise', async () => {
    const { bench, sup } = rig();
    const readOnly = new Bench();
    readOnly.writable = false;
    bench.plug('A1', '/dev/ttyUSB0');
    readOnly.plug('R1', '/dev/ttyUSB3');
    sup.add(bench.factory, { id: 'pad', serial: 'A1' });
    sup.add(bench.factory, { id: 'ghost', serial: 'Z9' });
    sup.add(readOnly.factory, { id: 'dial', serial: 'R1' });
    sup.start();
    await until(() => sup.status().filter((s) => s.state === 'open').length === 2, 'pad and dial to open');
    await sup.write('pad', 'led', [255, 0, 0]);
    expect(bench.last.writes).toEqual([['led', [255, 0, 0]]]);
    await expect(sup.write('nope', 'led', 1)).rejects.toThrow(
      'no device "nope" is configured (configured: pad, ghost, dial)',
    );
    await expect(sup.write('ghost', 'led', 1)).rejects.toThrow(/device "ghost" is not open \((waiting|opening)/);
    await expect(sup.write('dial', 'led', 1)).rejects.toThrow(
      'device "dial" (bench) cannot be written to: its driver only reads',
    );
  });

  it('removes one device while the others stay open, and adds one while running (a config reload)', async () => {
    const { bench, sup } = rig();
    bench.plug('A1', '/dev/ttyUSB0');
    bench.plug('B2', '/dev/ttyUSB1');
    sup.add(bench.factory, { id: 'pad', serial: 'A1' });
    sup.start();
    await until(() => sup.status()[0]?.state === 'open', 'the pad to open');
    const pad = bench.last;
    sup.add(bench.factory, { id: 'knob', serial: 'B2' });
    await until(() => sup.status().find((s) => s.id === 'knob')?.state === 'open', 'the knob added live to open');
    await sup.remove('pad');
    expect(pad.closeCalls).toBe(1);
    expect(sup.status().map((s) => [s.id, s.state])).toEqual([['knob', 'open']]);
    await expect(sup.write('pad', 'led', 1)).rejects.toThrow('no device "pad" is configured (configured: knob)');
    sup.add(bench.factory, { id: 'pad', serial: 'A1' });
    await until(() => sup.status().find((s) => s.id === 'pad')?.state === 'open', 'the pad re-added to open');
  });
});
