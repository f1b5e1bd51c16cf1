import five from 'johnny-five';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { memoryLogger } from '../../test/helpers/log.ts';
import type { DriverState, Signal } from '../../runtime/core/signals.ts';
import { EmulatedUno } from '../../test/rigs/firmata/uno.ts';
import type { Driver } from '../../runtime/core/driver.ts';
import { createFirmataFactory } from './factory.ts';
import { firmataSchema } from './schema.ts';

let dir: string;
const unos: EmulatedUno[] = [];
const drivers: Driver[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nacre-firmata-'));
});

afterAll(async () => {
  await Promise.all(drivers.map((d) => d.close()));
  await Promise.all(unos.map((u) => u.stop()));
  await rm(dir, { recursive: true, force: true });
});

async function emulator(name: string): Promise<EmulatedUno> {
  const uno = await EmulatedUno.start(join(dir, `usb-Arduino_Uno_${name}-if00`));
  unos.push(uno);
  return uno;
}

async function driver(config: Record<string, unknown>) {
  const factory = createFirmataFactory();
  const c = firmataSchema.parse({ id: 'panel', ...config });
  const [device] = await factory.discover(c);
  if (!device) throw new Error(`${c.path} was not discovered`);
  const d = factory.create(c, device, memoryLogger().log);
  const signals: Signal[] = [];
  const states: [DriverState, Error | undefined][] = [];
  d.onSignal((s) => signals.push(s));
  d.onState((s, err) => states.push([s, err]));
  drivers.push(d);
  const latest = (channel: string) => signals.findLast((s) => s.channel === channel)?.value;
  return { d, signals, states, latest };
}

describe('Firmata driver against StandardFirmata 2.4 in simavr', () => {
  let uno: EmulatedUno;
  let panel: Awaited<ReturnType<typeof driver>>;

  beforeAll(async () => {
    uno = await emulator('panel');
    panel = await driver({
      path: uno.link,
      inputs: [
        { pin: 2, kind: 'button', channel: 'start' },
        { pin: 4, kind: 'button', pullup: true, channel: 'stop' },
        { pin: 7, kind: 'motion', channel: 'visitor' },
        { pin: 'A0', kind: 'analog' },
      ],
      outputs: [
        { pin: 13, kind: 'led', channel: 'lamp' },
        { pin: 9, kind: 'led', channel: 'glow' },
        { pin: 8, kind: 'relay' },
      ],
    });
    const sigint = process.listenerCount('SIGINT');
    const printed = [vi.spyOn(console, 'log'), vi.spyOn(console, 'info'), vi.spyOn(console, 'error')];
    await panel.d.open(new AbortController().signal);
    quiet = { sigint: process.listenerCount('SIGINT') - sigint, printed: printed.flatMap((p) => p.mock.calls) };
    for (const p of printed) p.mockRestore();
  });
  let quiet: { sigint: number; printed: unknown[][] };

  it('opens with johnny-five kept quiet: no SIGINT handler, nothing printed', () => {
    expect(panel.d.state).toBe('open');
    expect(panel.states.map(([s]) => s)).toEqual(['opening', 'open']);
    expect(quiet).toEqual({ sigint: 0, printed: [] });
  });

  it('turns a pressed button into true and its release into false', async () => {
    uno.digital(2, 1);
    await vi.waitFor(() => expect(panel.latest('start'), 'start pressed').toBe(true), { timeout: 5000, interval: 20 });
    uno.digital(2, 0);
    await vi.waitFor(() => expect(panel.latest('start'), 'start released').toBe(false), {
      timeout: 5000,
      interval: 20,
    });
    const start = panel.signals.filter((s) => s.channel === 'start');
    expect(start.map((s) => s.value)).toEqual([true, false]);
    expect(start[0]!.source).toBe('firmata:panel');
  });

  it('reads a pull-up button as pressed while its pin is pulled low', async () => {
    uno.digital(4, 0);
    await vi.waitFor(() => expect(panel.latest('stop'), 'stop pressed').toBe(true), { timeout: 5000, interval: 20 });
    uno.digital(4, 1);
    await vi.waitFor(() => expect(panel.latest('stop'), 'stop released').toBe(false), { timeout: 5000, interval: 20 });
  });

  it('reports a motion sensor output as true while it is high', async () => {
    uno.digital(7, 1);
    await vi.waitFor(() => expect(panel.latest('visitor'), 'motion').toBe(true), { timeout: 5000, interval: 20 });
    uno.digital(7, 0);
    await vi.waitFor(() => expect(panel.latest('visitor'), 'motion over').toBe(false), { timeout: 5000, interval: 20 });
  });

  it('reads 2500 mV on A0 as about 0.5', async () => {
    uno.analog(0, 2500);
    await vi.waitFor(() => expect(Math.abs(Number(panel.latest('analog:A0')) - 0.5) < 0.01, 'A0 near 0.5').toBe(true), {
      timeout: 5000,
      interval: 20,
    });
    uno.analog(0, 5000);
    await vi.waitFor(() => expect(panel.latest('analog:A0'), 'A0 at 1').toBe(1), { timeout: 5000, interval: 20 });
  });

  it('drives output pins: an LED, a relay, and PWM on a PWM pin', async () => {
    await panel.d.write!('lamp', true);
    await uno.untilLevel(13, 1);
    await panel.d.write!('lamp', false);
    await uno.untilLevel(13, 0);
    await panel.d.write!('pin:8', true);
    await uno.untilLevel(8, 1);
    await panel.d.write!('glow', 0.5);
    await uno.untilPwm(9, 128);
  });

  it('refuses what an output cannot show, and channels that do not exist', async () => {
    await expect(panel.d.write!('lamp', 0.5)).rejects.toThrow(/"lamp" \(pin 13\) has no PWM/);
    await expect(panel.d.write!('pin:8', 'on')).rejects.toThrow(/takes true\/false; got "on"/);
    await expect(panel.d.write!('siren', true)).rejects.toThrow(/no output "siren" \(outputs: lamp, glow, pin:8\)/);
  });
});

describe('a board that goes away', () => {
  it('is reported lost when the emulator is killed, and close() then frees everything', async () => {
    const uno = await emulator('yanked');
    // johnny-five starts intervals it keeps no handle to outside (sensor polling, a held button's 'hold')
    const started = vi.spyOn(globalThis, 'setInterval');
    const cleared = vi.spyOn(globalThis, 'clearInterval');
    const { d, states, latest } = await driver({
      path: uno.link,
      inputs: [
        { pin: 2, kind: 'button' },
        { pin: 'A1', kind: 'analog' },
      ],
    });
    await d.open(new AbortController().signal);
    const boards = five.Board.cache.length;
    uno.digital(2, 1); // held down: johnny-five's hold timer runs until a release
    await vi.waitFor(() => expect(latest('pin:2'), 'the button held').toBe(true), { timeout: 5000, interval: 20 });
    await uno.kill();
    await vi.waitFor(() => expect(d.state, 'lost').toBe('lost'), { timeout: 5000, interval: 20 });
    expect(states.at(-1)![1]!.message).toMatch(/usb-Arduino_Uno_yanked-if00: the board was disconnected/);
    await d.close();
    await d.close();
    expect(d.state).toBe('closed');
    expect(five.Board.cache.length).toBe(boards - 1);
    expect(states.map(([s]) => s)).toEqual(['opening', 'open', 'lost', 'closing', 'closed']);
    const intervals = started.mock.results.map((r) => r.value as unknown);
    expect(intervals.length).toBeGreaterThanOrEqual(2);
    expect(intervals.filter((i) => !cleared.mock.calls.some(([c]) => c === i))).toEqual([]);
    started.mockRestore();
    cleared.mockRestore();
  });
});
