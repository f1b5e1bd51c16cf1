/**
 * The whole runtime with a real HID pad (uhid, DualShock 4 descriptor) in the QEMU guest: the pad is found,
 * its stick wakes the kiosk and walks through the default gamepad mapping, and unplugging it mid-visit puts
 * the walk back to rest. A tiny test world stands in for the default one (the guest emulates the CPU).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DS4_BLUETOOTH } from '../../drivers/gamepad/hid/fixtures.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { writeTinyFolder } from '../helpers/tiny-model.ts';
import { startRuntime, status } from '../e2e/harness.ts';
import { UhidDevice } from '../rigs/hid/uhid.ts';
import { until } from './pads.ts';

let runtime: Runtime;
let url: string;
let pad: UhidDevice;

const ds4 = (x: number, y: number, buttons = 0) =>
  Uint8Array.from([0x01, x, y, 0x80, 0x80, 8 | (buttons << 4), 0, 0, 0, 0]);

beforeAll(async () => {
  pad = await UhidDevice.create({
    name: 'Wireless Controller',
    vendorId: 0x054c,
    productId: 0x05c4,
    serial: 'ee:01',
    descriptor: DS4_BLUETOOTH,
  });
  ({ runtime, url } = await startRuntime({ model: { path: await writeTinyFolder() }, gamepads: [{ id: 'visitor' }] }));
});

afterAll(async () => {
  await runtime?.close();
  await pad?.destroy();
});

describe('a visitor with a gamepad', () => {
  it('the stick wakes the kiosk and walks forward; cross jumps', async () => {
    await until(
      () => runtime.supervisor.status().find((d) => d.id === 'visitor')?.state === 'open',
      'the pad open',
      60_000,
    );
    pad.input(ds4(0x80, 0x00, 0b0010));
    const s = await until(
      async () => {
        const st = await status(url);
        return st.session.phase === 'active' && st.conditions.move[1] > 0.99 && st;
      },
      'walking on the pad',
      60_000,
    );
    expect(s.conditions.actions.jump).toBe(true);
  });

  it('unplugged mid-visit, the walk stops', async () => {
    await pad.destroy();
    await until(async () => (await status(url)).conditions.move[1] === 0, 'move back to rest', 60_000);
    expect((await status(url)).drivers.find((d: { id: string }) => d.id === 'visitor')?.state).not.toBe('open');
  });
});
