/**
 * The gamepad driver against the kernel's real HID stack (uhid -> hid-generic -> hidraw -> node-hid),
 * inside the QEMU guest of `npm run test:hardware`. The pads are made from real descriptors of real pads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DS4_BLUETOOTH, HOWLER_JOYSTICK } from '../../drivers/gamepad/hid/fixtures.ts';
import { inspect } from '../../drivers/gamepad/hid/inspect.ts';
import { UhidDevice } from '../rigs/hid/uhid.ts';
import { padBench, until, type PadBench } from './pads.ts';

/** DualShock 4 report 0x01: id, X, Y, Z, Rz, hat | buttons 1-4, buttons 5-12, 13-14 | counter, Rx (L2), Ry (R2) */
const ds4 = (o: { x?: number; y?: number; buttons?: number; hat?: number; r2?: number } = {}) =>
  Uint8Array.from([
    0x01,
    o.x ?? 0x80,
    o.y ?? 0x80,
    0x80,
    0x80,
    (o.hat ?? 8) | (((o.buttons ?? 0) & 0xf) << 4),
    0,
    0,
    0,
    o.r2 ?? 0,
  ]);

const devices: UhidDevice[] = [];
let bench: PadBench | undefined;

async function pad(
  serial: string,
  descriptor = DS4_BLUETOOTH,
  vendorId = 0x054c,
  productId = 0x05c4,
): Promise<UhidDevice> {
  const d = await UhidDevice.create({ name: `Test pad ${serial}`, vendorId, productId, serial, descriptor });
  devices.push(d);
  return d;
}

afterEach(async () => {
  await bench?.supervisor.stop();
  bench = undefined;
  for (const d of devices.splice(0)) await d.destroy();
});

describe('HID gamepads through node-hid on a real kernel', () => {
  it('a DualShock 4 is found, decoded by its own descriptor and named by its profile', async () => {
    const ds = await pad('aa:01');
    bench = padBench([{ id: 'p' }]);
    await until(() => bench!.state('p') === 'open', 'the pad opened');
    expect(bench.identity('p')).toBe('hid:054c:05c4:sn:aa:01');
    ds.input(ds4({ y: 0x00, buttons: 0b0010, hat: 2, r2: 0xff }));
    await until(() => bench!.latest('p', 'south') === true, 'cross (south) pressed');
    expect((bench.latest('p', 'left') as number[])[1]).toBeCloseTo(1, 2);
    expect(bench.latest('p', 'dpad')).toEqual([1, 0]);
    expect(bench.latest('p', 'rt')).toBe(1);
  });

  it('writes rumble and the light bar as the output report the profile lays out', async () => {
    const ds = await pad('aa:02');
    bench = padBench([{ id: 'p' }]);
    await until(() => bench!.state('p') === 'open', 'the pad opened');
    await bench.supervisor.write('p', 'led', '#ff0000');
    const out = await ds.nextOutput();
    expect([...out.data.subarray(0, 9)]).toEqual([0x05, 0xff, 0, 0, 0, 0, 255, 0, 0]);
  });

  it('garbage reports are ignored and the pad keeps working', async () => {
    const ds = await pad('aa:03');
    bench = padBench([{ id: 'p' }]);
    await until(() => bench!.state('p') === 'open', 'the pad opened');
    ds.input(Uint8Array.from([0x42, 1, 2, 3])); // an undeclared report id
    ds.input(Uint8Array.from([0x01, 0x80])); // a truncated report
    ds.input(ds4({ buttons: 0b0100 }));
    await until(() => bench!.latest('p', 'east') === true, 'circle (east) after the garbage');
    expect(bench.state('p')).toBe('open');
  });

  it('two pads at once, each in its own slot; an unplugged pad centres its sticks and comes back to its slot', async () => {
    const one = await pad('bb:01');
    const two = await pad('bb:02', HOWLER_JOYSTICK, 0x3689, 0x8802);
    bench = padBench([{ id: 'player', count: 2 }]);
    await until(() => bench!.state('player1') === 'open' && bench!.state('player2') === 'open', 'both slots open');
    const slotOf = (serial: string) => (bench!.identity('player1')?.endsWith(serial) ? 'player1' : 'player2');
    const dsSlot = slotOf('bb:01');
    const arcadeSlot = dsSlot === 'player1' ? 'player2' : 'player1';
    expect(bench.identity(arcadeSlot)).toBe('hid:3689:8802:sn:bb:02');

    two.input(Uint8Array.from([0x64, 0x00, 0x00, 0b0000_0001, 0x00, 0x00])); // stick right, button 1
    await until(() => bench!.latest(arcadeSlot, 'button:1') === true, 'the arcade button');
    expect(bench.latest(arcadeSlot, 'left')).toEqual([1, 0]);

    one.input(ds4({ x: 0x00 }));
    await until(() => (bench!.latest(dsSlot, 'left') as number[] | undefined)?.[0] === -1, 'the DS4 stick left');
    await one.destroy();
    await until(
      () => bench!.lost.includes(`gamepad:${dsSlot}`) && bench!.state(dsSlot) !== 'open',
      'the unplugged pad reported lost',
    );
    expect(bench.state(arcadeSlot)).toBe('open');

    const back = await pad('bb:01');
    await until(() => bench!.state(dsSlot) === 'open', 'the pad back in its slot');
    expect(bench.identity(dsSlot)).toBe('hid:054c:05c4:sn:bb:01');
    back.input(ds4({ buttons: 0b0001 }));
    await until(() => bench!.latest(dsSlot, 'west') === true, 'square (west) after the replug');
  });
});

describe('hot-plug', () => {
  it('a pad plugged in while its slot waits out a long retry is opened at once', async () => {
    bench = padBench([{ id: 'late' }], { initialBackoffMs: 60_000, maxBackoffMs: 60_000 });
    await until(() => bench!.state('late') === 'waiting', 'the slot waiting for a pad');
    await pad('dd:01');
    // the retry is a minute away: only the inotify watch on /dev can open it within these 15 s
    await until(() => bench!.state('late') === 'open', 'the pad opened on plug-in', 15_000);
  });
});

/** the part of `nacre hid inspect`'s JSON these tests read */
type Inspected = { device: string; bytes: number; reports: { report: string; decoded: Record<string, unknown> }[] };

describe('nacre hid inspect on a plugged-in pad', () => {
  it('reads the descriptor from sysfs by /dev/hidrawN or vid:pid and decodes a report', async () => {
    const ds = await pad('cc:01');
    const byPath = (await inspect({ device: ds.hidrawPath, reports: ['01 80 00 80 80 28 00 00 00 ff'] })) as Inspected;
    expect(byPath.device).toContain('Test pad cc:01');
    expect(byPath.bytes).toBe(DS4_BLUETOOTH.length);
    expect(byPath.reports[0]?.decoded).toMatchObject({ Y: -1, 'Button 2': true, Ry: 1 });
    const byId = (await inspect({ device: '054c:05c4', reports: [] })) as Inspected;
    expect(byId.bytes).toBe(DS4_BLUETOOTH.length);
  });
});
