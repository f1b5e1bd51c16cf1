/** The serial driver over real pseudo-terminals (socat); with the supervisor: test/integration/serial-supervised.test.ts. */
import slip from 'slip';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import type { DriverState, Signal } from '../../runtime/core/signals.ts';
import { SerialDriver } from './driver.ts';
import { cobsEncode } from './framing.ts';
import { serialSchema } from './schema.ts';
import { ptyPair, send } from '../../test/rigs/socat.ts';

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function rig(config: Record<string, unknown> = {}) {
  const pty = await ptyPair();
  // the sensor end is closed while socat lives; after an unplug its pty is gone and close() would wait forever
  cleanup.push(
    () => pty.unplug(),
    () =>
      pty.sensor.isOpen && pty.socat.exitCode === null && pty.socat.signalCode === null
        ? new Promise((r) => pty.sensor.close(r))
        : undefined,
  );
  const c = serialSchema.parse({ id: 'sensor', path: pty.device, ...config });
  const driver = new SerialDriver(c, pty.device, silentLogger());
  cleanup.push(() => driver.close());
  const signals: Signal[] = [];
  const states: { s: DriverState; err?: Error }[] = [];
  driver.onSignal((s) => signals.push(s));
  driver.onState((s, err) => states.push({ s, ...(err ? { err } : {}) }));
  await driver.open(new AbortController().signal);
  return { pty, driver, signals, states };
}

const pairs = (signals: Signal[]) => signals.map((s) => [s.channel, s.value]);

describe('serial sensors over socat', () => {
  it('reads key=value lines into one signal per field', async () => {
    const { pty, signals } = await rig();
    await send(pty, 'temp=21.5 button=1\r\ndistance=120,hum=40\nstick=0.5,-1\n');
    await vi.waitFor(() => expect(signals.length, 'five fields').toBe(5), { timeout: 5000, interval: 20 });
    expect(pairs(signals)).toEqual([
      ['temp', 21.5],
      ['button', 1],
      ['distance', 120],
      ['hum', 40],
      ['stick', [0.5, -1]],
    ]);
    expect(signals[0]!.source).toBe('serial:sensor');
  });

  it('reads CSV with named columns and JSON objects', async () => {
    const csv = await rig({ framing: { type: 'lines', format: 'csv', fields: ['x', 'y', 'pressed'] } });
    await send(csv.pty, '0.25,-0.5,true\n');
    await vi.waitFor(() => expect(csv.signals.length, 'csv').toBe(3), { timeout: 5000, interval: 20 });
    expect(pairs(csv.signals)).toEqual([
      ['x', 0.25],
      ['y', -0.5],
      ['pressed', true],
    ]);
    const json = await rig({ framing: { type: 'lines', format: 'json' } });
    await send(json.pty, '{"lux": 320, "stick": [0.1, 0.9], "label": "door"}\n');
    await vi.waitFor(() => expect(json.signals.length, 'json').toBe(3), { timeout: 5000, interval: 20 });
    expect(pairs(json.signals)).toEqual([
      ['lux', 320],
      ['stick', [0.1, 0.9]],
      ['label', 'door'],
    ]);
  });

  it('drops garbage and over-long lines, counts them, and applies the next good line', async () => {
    const { pty, driver, signals } = await rig({ framing: { type: 'lines', format: 'kv', maxLength: 64 } });
    await send(pty, Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x0a]));
    await send(pty, `${'x'.repeat(5000)}\n`);
    await send(pty, 'no equals sign here\n');
    await send(pty, 'ok=1\n');
    await vi.waitFor(() => expect(signals.length, 'the good line').toBe(1), { timeout: 5000, interval: 20 });
    expect(pairs(signals)).toEqual([['ok', 1]]);
    expect(driver.counters.garbage).toBe(3);
  });

  it('reads SLIP and COBS framed binary records', async () => {
    const fields = [
      { name: 'distance', type: 'u16' },
      { name: 'motion', type: 'u8' },
      { name: 'tilt', type: 'i16', scale: 0.01 },
    ];
    const record = Buffer.from([0x2c, 0x01, 0x01, 0x9c, 0xff]); // 300, 1, -100 * 0.01
    const s = await rig({ framing: { type: 'slip', fields } });
    await send(s.pty, Buffer.concat([Buffer.from(slip.encode(record)), Buffer.from(slip.encode(Buffer.from([1, 2])))]));
    await vi.waitFor(() => expect(s.signals.length, 'slip record').toBe(3), { timeout: 5000, interval: 20 });
    expect(pairs(s.signals)).toEqual([
      ['distance', 300],
      ['motion', 1],
      ['tilt', -1],
    ]);
    expect(s.driver.counters.garbage).toBe(1); // the 2-byte frame is not a record
    const c = await rig({ framing: { type: 'cobs', fields } });
    await send(c.pty, Buffer.from(cobsEncode(Buffer.from([0x00, 0x00, 0x00, 0x00, 0x00]))));
    await vi.waitFor(() => expect(c.signals.length, 'cobs record').toBe(3), { timeout: 5000, interval: 20 });
    expect(pairs(c.signals)).toEqual([
      ['distance', 0],
      ['motion', 0],
      ['tilt', 0],
    ]);
  });

  it('writes outputs to the device', async () => {
    const { pty, driver } = await rig();
    let got = '';
    pty.sensor.on('data', (d: Buffer) => (got += d.toString()));
    await driver.write('relay', 1);
    await driver.write('strip', [255, 0, 64]);
    await vi.waitFor(() => expect(got.includes('strip'), 'both lines').toBe(true), { timeout: 5000, interval: 20 });
    expect(got).toBe('relay=1\nstrip=255,0,64\n');
  });

  it('notices a yanked cable even when no data flows', async () => {
    const pty = await ptyPair();
    const driver = new SerialDriver(serialSchema.parse({ id: 'quiet', path: pty.device }), pty.device, silentLogger());
    const states: DriverState[] = [];
    driver.onState((s) => states.push(s));
    await driver.open(new AbortController().signal);
    await pty.unplug();
    await vi.waitFor(() => expect(states.includes('lost'), 'lost').toBe(true), { timeout: 5000, interval: 20 });
    await driver.close();
    expect(states.at(-1)).toBe('closed');
  });

  it('notices a device that goes silent, with a heartbeat', async () => {
    const { states } = await rig({ heartbeatSeconds: 0.3 });
    await vi.waitFor(
      () =>
        expect(
          states.some((x) => x.s === 'lost'),
          'lost by heartbeat',
        ).toBe(true),
      { timeout: 5000, interval: 20 },
    );
    expect(states.find((x) => x.s === 'lost')!.err!.message).toMatch(/sent nothing for 0.3 s/);
  });
});
