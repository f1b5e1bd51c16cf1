/**
 * Smoke tests of the hardware rig, inside the QEMU guest (`npm run test:hardware`): a uhid gamepad and a
 * USB HID gadget seen through node-hid (real kernel HID stack, hidraw, libudev enumeration), and a uinput
 * evdev pad read as raw input_event records and through joydev.
 */
import { once } from 'node:events';
import { createReadStream, existsSync } from 'node:fs';
import HID from 'node-hid';
import { afterEach, describe, expect, it } from 'vitest';
import { PS3_USB } from '../../drivers/gamepad/hid/fixtures.ts';
import { UhidDevice } from '../rigs/hid/uhid.ts';
import { UsbHidGadget } from '../rigs/hid/usb-gadget.ts';
import { UinputPad } from '../rigs/input/uinput-pad.ts';
import { until } from '../helpers/wait.ts';

// pid.codes' test VID:PID (any VID:PID works: the guest's hid-generic binds all, see MODULE_PARAMS in initramfs.ts)
const VID = 0x1209;
const PID = 0x0001;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** A PS3-layout input report (report ID 1, 48 bytes) that carries `n` in two places. */
function ps3Report(n: number): Buffer {
  const report = Buffer.alloc(49);
  report[0] = 0x01;
  report[3] = n & 0xff; // buttons
  report[7] = (n * 7) & 0xff; // left stick X
  return report;
}

/** Opens `path` with node-hid, collecting reports and the first error. */
async function openCollecting(path: string) {
  const device = await HID.HIDAsync.open(path);
  const seen = { reports: [] as Buffer[], error: undefined as unknown };
  device.on('data', (data: Buffer) => seen.reports.push(data));
  device.on('error', (err: unknown) => (seen.error ??= err));
  cleanups.push(() => device.close());
  return { device, seen };
}

describe('uhid', () => {
  it('a uhid gamepad is listed by node-hid, reads byte-exact, gets output reports, and errors when destroyed', async () => {
    const pad = await UhidDevice.create({
      name: 'Rig uhid PS3-layout pad',
      vendorId: VID,
      productId: PID,
      serial: 'RIG-UHID-0001',
      descriptor: PS3_USB,
    });
    cleanups.push(() => pad.destroy());
    const info = await until(
      () => HID.devices().find((d) => d.path === pad.hidrawPath),
      'the uhid pad in HID.devices()',
    );
    expect(info).toMatchObject({
      vendorId: VID,
      productId: PID,
      serialNumber: 'RIG-UHID-0001',
      product: 'Rig uhid PS3-layout pad',
      usagePage: 1,
      usage: 4,
    });

    const { device, seen } = await openCollecting(pad.hidrawPath);
    const sent = Array.from({ length: 20 }, (_, i) => ps3Report(i + 1));
    for (const report of sent) pad.input(report);
    await until(() => seen.reports.length >= sent.length, '20 reports');
    expect(seen.reports.map((r) => r.toString('hex'))).toEqual(sent.map((r) => r.toString('hex')));

    const rumble = Buffer.from([0x01, 0x00, 0xff, 0x00, 0xff, ...Array(44).fill(0)]);
    await device.write(rumble);
    const output = await pad.nextOutput();
    expect(output).toMatchObject({ via: 'output', reportType: 'output' });
    expect(output.data.toString('hex')).toBe(rumble.toString('hex'));

    await pad.destroy();
    await until(() => seen.error, 'an error on the open device after destroy', 5_000);
    expect(String(seen.error)).toMatch(/disconnect|read/i);
    expect(HID.devices().some((d) => d.serialNumber === 'RIG-UHID-0001')).toBe(false);
  });
});

describe('USB HID gadget (dummy_hcd)', () => {
  it('enumerates over USB, passes reports both ways, closes on unplug and comes back on replug', async () => {
    const gadget = await UsbHidGadget.create({
      vendorId: VID,
      productId: PID,
      serial: 'RIG-USB-0001',
      product: 'Rig USB pad',
      descriptor: PS3_USB,
    });
    cleanups.push(() => gadget.remove());
    const info = await until(
      () => HID.devices().find((d) => d.serialNumber === 'RIG-USB-0001'),
      'the gadget in HID.devices()',
    );
    expect(info).toMatchObject({
      vendorId: VID,
      productId: PID,
      path: gadget.hidrawPath,
      product: 'Rig USB pad',
      interface: 0,
    });

    const { device, seen } = await openCollecting(gadget.hidrawPath);
    const sent = Array.from({ length: 10 }, (_, i) => ps3Report(100 + i));
    for (const report of sent) await gadget.send(report);
    await until(() => seen.reports.length >= sent.length, '10 reports over USB');
    expect(seen.reports.map((r) => r.toString('hex'))).toEqual(sent.map((r) => r.toString('hex')));
    const leds = Buffer.from([0x01, ...Array(8).fill(0), 0x02, ...Array(39).fill(0)]);
    await device.write(leds);
    expect((await gadget.nextOutput()).toString('hex')).toBe(leds.toString('hex'));

    const unplugged = performance.now();
    await gadget.unplug();
    await until(() => seen.error, 'an error on the open device after the USB unplug', 5_000);
    console.log(
      `[rig] USB unplug -> node-hid error in ${(performance.now() - unplugged).toFixed(0)} ms: ${String(seen.error)}`,
    );
    await until(
      () => !HID.devices().some((d) => d.serialNumber === 'RIG-USB-0001'),
      'the gadget gone from HID.devices()',
    );

    await gadget.replug();
    await until(() => HID.devices().some((d) => d.serialNumber === 'RIG-USB-0001'), 'the gadget back in HID.devices()');
    const again = await openCollecting(gadget.hidrawPath);
    await gadget.send(ps3Report(42));
    await until(() => again.seen.reports[0], 'a report after the replug');
    expect(again.seen.reports[0]!.toString('hex')).toBe(ps3Report(42).toString('hex'));

    await gadget.remove();
    expect(existsSync(gadget.dir)).toBe(false);
    await until(() => !HID.devices().some((d) => d.serialNumber === 'RIG-USB-0001'), 'the gadget gone after remove()');
  });
});

interface InputEvent {
  type: number;
  code: number;
  value: number;
}

/** struct input_event on x86_64: struct timeval (2 x 8 bytes), __u16 type, __u16 code, __s32 value = 24 bytes. */
function parseInputEvents(data: Buffer): InputEvent[] {
  const events: InputEvent[] = [];
  for (let at = 0; at + 24 <= data.length; at += 24) {
    events.push({
      type: data.readUInt16LE(at + 16),
      code: data.readUInt16LE(at + 18),
      value: data.readInt32LE(at + 20),
    });
  }
  return events;
}

describe('uinput pad', () => {
  it('shows up as an evdev node yielding 24-byte input_event records, and as a joydev /dev/input/js*', async () => {
    const pad = await UinputPad.create();
    cleanups.push(() => pad.close());
    expect(pad.eventPath).toMatch(/^\/dev\/input\/event\d+$/);
    const chunks: Buffer[] = [];
    const stream = createReadStream(pad.eventPath);
    stream.on('data', (chunk) => chunks.push(chunk as Buffer));
    const ended = new Promise<void>((resolve) => stream.once('error', () => resolve()).once('close', () => resolve()));
    await once(stream, 'open'); // evdev queues events for an open file from now on

    await pad.abs('ABS_X', 16000);
    await pad.key('BTN_SOUTH', true);
    await pad.sync();
    const events = () => parseInputEvents(Buffer.concat(chunks));
    await until(() => events().some((e) => e.type === 0 && e.code === 0), 'a SYN_REPORT from the evdev node');
    expect(Buffer.concat(chunks).length % 24).toBe(0);
    expect(events()).toEqual([
      { type: 3, code: 0x00, value: 16000 },
      { type: 1, code: 0x130, value: 1 },
      { type: 0, code: 0, value: 0 },
    ]);

    const js = await until(() => pad.joystickPath(), '/dev/input/js* from joydev');
    const jsInit = await readSome(js, 8 * 19);
    // struct js_event: __u32 time, __s16 value, __u8 type, __u8 number; on open joydev sends JS_EVENT_INIT (0x80)
    const types = Array.from({ length: jsInit.length / 8 }, (_, i) => jsInit.readUInt8(i * 8 + 6));
    expect(types.filter((t) => t === 0x81)).toHaveLength(11); // 11 buttons
    expect(types.filter((t) => t === 0x82)).toHaveLength(8); // 8 axes

    await pad.close();
    await ended; // the device went away under the open evdev stream
  });
});

/** Reads at least `bytes` bytes from a character device, then closes it. */
async function readSome(path: string, bytes: number): Promise<Buffer> {
  const stream = createReadStream(path);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).length >= bytes) break;
  }
  stream.destroy();
  return Buffer.concat(chunks);
}
