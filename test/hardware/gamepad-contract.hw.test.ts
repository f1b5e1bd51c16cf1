/**
 * The Driver contract for both gamepad drivers, in the QEMU guest of `npm run test:hardware` (the pads exist
 * only there): the HID driver on a kernel uhid DualShock 4 (hid-generic, hidraw, node-hid), the evdev driver on
 * a uinput Xbox 360 pad.
 */
import { driverContract } from '../../drivers/driver.contract.ts';
import { listEvdevPads, listHidPads } from '../../drivers/gamepad/discover.ts';
import { EvdevPadDriver } from '../../drivers/gamepad/evdev/driver.ts';
import { DS4_BLUETOOTH } from '../../drivers/gamepad/hid/fixtures.ts';
import { HidPadDriver } from '../../drivers/gamepad/hid/driver.ts';
import { loadProfiles } from '../../drivers/gamepad/profiles.ts';
import { UhidDevice } from '../rigs/hid/uhid.ts';
import { UinputPad } from '../rigs/input/uinput-pad.ts';

const profiles = loadProfiles();
let serials = 0;

driverContract(
  'HID pad',
  async (log) => {
    const serial = `cc:${String(++serials).padStart(2, '0')}`;
    const ds = await UhidDevice.create({
      name: `Contract pad ${serial}`,
      vendorId: 0x054c,
      productId: 0x05c4,
      serial,
      descriptor: DS4_BLUETOOTH,
    });
    const device = (await listHidPads()).find((d) => d.serial === serial);
    if (!device) throw new Error(`the uhid pad ${serial} was not found by listHidPads()`);
    const profile = profiles.get('dualshock4') ?? [...profiles.values()][0]!;
    let pressed = false;
    let gone = false;
    return {
      driver: new HidPadDriver('p', device, profile, {}, log),
      // DualShock 4 report 0x01 with cross (south) pressed or not
      stimulate: () => {
        if (gone) return;
        pressed = !pressed;
        ds.input(Uint8Array.from([0x01, 0x80, 0x80, 0x80, 0x80, 8 | (pressed ? 0b0010 << 4 : 0), 0, 0, 0, 0]));
      },
      unplug: async () => {
        gone = true;
        await ds.destroy();
      },
      cleanup: () => (gone ? undefined : ds.destroy()),
    };
  },
  { write: { channel: 'led', value: '#ff0000' }, timeoutMs: 20_000 },
);

driverContract(
  'evdev pad',
  async (log) => {
    const pad = await UinputPad.create();
    const device = (await listEvdevPads({ skipHid: false })).find((d) => d.path === pad.eventPath);
    if (!device) throw new Error(`the uinput pad ${pad.eventPath} was not found by listEvdevPads()`);
    let pressed = false;
    let gone = false;
    return {
      driver: new EvdevPadDriver('x', device, profiles.get('xbox-xpad')!, {}, log),
      stimulate: async () => {
        if (gone) return;
        await pad.key('BTN_SOUTH', (pressed = !pressed));
        await pad.sync();
      },
      unplug: async () => {
        gone = true;
        await pad.close();
      },
      cleanup: () => (gone ? undefined : pad.close()),
    };
  },
  { timeoutMs: 20_000 },
);
