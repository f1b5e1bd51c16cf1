import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Supervisor, type DeviceStatus } from '../../runtime/supervisor/supervisor.ts';
import { memoryLogger } from '../helpers/log.ts';
import type { Signal } from '../../runtime/core/signals.ts';
import { chatteringPty } from '../rigs/firmata/peers.ts';
import { EmulatedUno } from '../rigs/firmata/uno.ts';
import { createFirmataFactory } from '../../drivers/firmata/factory.ts';
import { firmataSchema } from '../../drivers/firmata/schema.ts';

let dir: string;
const ends: (() => Promise<void>)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nacre-firmata-sup-'));
});

afterAll(async () => {
  for (const end of ends.reverse()) await end();
  await rm(dir, { recursive: true, force: true });
});

async function emulator(link: string): Promise<EmulatedUno> {
  const uno = await EmulatedUno.start(link);
  ends.push(() => uno.stop());
  return uno;
}

function supervise(config: Record<string, unknown>) {
  const { log, lines } = memoryLogger();
  const supervisor = new Supervisor({ log, initialBackoffMs: 50, maxBackoffMs: 200 });
  ends.push(() => supervisor.stop());
  supervisor.add(createFirmataFactory(), firmataSchema.parse(config));
  const signals: Signal[] = [];
  supervisor.onSignal((s) => signals.push(s));
  supervisor.start();
  const status = (): DeviceStatus => supervisor.status()[0]!;
  return { supervisor, status, signals, lines };
}

describe('Firmata boards under the supervisor', () => {
  it('re-attaches a board that comes back on its by-id link and shows the output state written before', async () => {
    const link = join(dir, 'usb-Arduino_Uno_1-if00');
    const first = await emulator(link);
    const { supervisor, status, signals, lines } = supervise({
      id: 'panel',
      path: link,
      inputs: [{ pin: 2, kind: 'button', channel: 'start' }],
      outputs: [
        { pin: 13, kind: 'led', channel: 'lamp' },
        { pin: 8, kind: 'relay', channel: 'fan' },
      ],
    });
    await vi.waitFor(() => expect(status().state, 'the board open').toBe('open'), { timeout: 20_000, interval: 20 });
    expect(status().device).toEqual({ id: link, path: link, label: 'Firmata board "panel"' });
    await supervisor.write('panel', 'lamp', true);
    await first.untilLevel(13, 1);

    await first.kill();
    await vi.waitFor(
      () =>
        expect(
          lines.some((l) => /lost: .*usb-Arduino_Uno_1-if00: the board was disconnected/.test(l.msg)),
          'the loss logged',
        ).toBe(true),
      { timeout: 20_000, interval: 20 },
    );
    await vi.waitFor(() => expect(status().state, 'waiting for the board to return').toBe('waiting'), {
      timeout: 20_000,
      interval: 20,
    });

    const second = await emulator(link);
    await vi.waitFor(() => expect(status().state, 'the board open again').toBe('open'), {
      timeout: 20_000,
      interval: 20,
    });
    await second.untilLevel(13, 1);
    expect(second.levels.get(8)).not.toBe(1); // never written: left as the firmware set it
    second.digital(2, 1);
    await vi.waitFor(
      () =>
        expect(
          signals.some((s) => s.channel === 'start' && s.value === true),
          'a press after re-attach',
        ).toBe(true),
      { timeout: 20_000, interval: 20 },
    );
    expect(lines.some((l) => l.msg === 'device back')).toBe(true);
  });

  it('keeps a board whose path does not exist waiting, saying what to check', async () => {
    const { status } = supervise({ id: 'ghost', path: join(dir, 'usb-Arduino_Uno_missing-if00') });
    await vi.waitFor(() => expect(status().state, 'waiting').toBe('waiting'), { timeout: 20_000, interval: 20 });
    expect(status().error).toMatch(
      /not found: no firmata device matches "ghost"; check that it is plugged in and powered/,
    );
  });
});

describe('a port where no Firmata answers', () => {
  it('fails open() with what to check once readyTimeoutMs has passed, and releases the port', async () => {
    const link = join(dir, 'usb-not-an-arduino-if00');
    const peer = await chatteringPty(link);
    ends.push(() => peer.stop());
    const factory = createFirmataFactory();
    const config = firmataSchema.parse({ id: 'odd', path: link, readyTimeoutMs: 1500 });
    const { log } = memoryLogger();
    const driver = factory.create(config, (await factory.discover(config))[0]!, log);
    await expect(driver.open(new AbortController().signal)).rejects.toThrow(
      /no Firmata answer from .*usb-not-an-arduino-if00 within 1500 ms at 57600 baud: check that the board runs StandardFirmata/,
    );
    expect(driver.state).toBe('closed');
    await driver.close();
    // the port was released: a second driver can open it and fail the same way
    const again = factory.create(config, { id: link, path: link }, log);
    await expect(again.open(new AbortController().signal)).rejects.toThrow(/no Firmata answer/);
  });
});
