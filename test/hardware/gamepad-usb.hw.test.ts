/**
 * A gamepad on a real USB bus (dummy_hcd + a configfs HID gadget) in the QEMU guest: enumerated by the
 * kernel's usbhid, read through hidraw by node-hid, unplugged and plugged back like a cable. The pad is a
 * PLAYSTATION 3 controller's real descriptor; no profile names it, so it is decoded generically.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PS3_USB } from '../../drivers/gamepad/hid/fixtures.ts';
import { UsbHidGadget } from '../rigs/hid/usb-gadget.ts';
import { padBench, until, type PadBench } from './pads.ts';

/** PS3 report 0x01 (49 bytes): [2..4] buttons 1-19, [6] X, [7] Y, [8] Z, [9] Rz */
function ps3(o: { x?: number; y?: number; buttons?: number } = {}): Uint8Array {
  const r = new Uint8Array(49);
  r[0] = 0x01;
  r[2] = (o.buttons ?? 0) & 0xff;
  r[3] = ((o.buttons ?? 0) >> 8) & 0xff;
  r.set([o.x ?? 0x80, o.y ?? 0x80, 0x80, 0x80], 6);
  return r;
}

let gadget: UsbHidGadget | undefined;
let bench: PadBench | undefined;

afterEach(async () => {
  await bench?.supervisor.stop();
  bench = undefined;
  await gadget?.remove();
  gadget = undefined;
});

describe('a USB gamepad, unplugged and plugged back', () => {
  it('is found by serial number, decoded from its own descriptor, lost on unplug and re-attached on replug', async () => {
    gadget = await UsbHidGadget.create({
      vendorId: 0x054c,
      productId: 0x0268,
      serial: 'PS3-0001',
      product: 'PLAYSTATION(R)3 Controller',
      descriptor: PS3_USB,
      reportLength: 49,
    });
    bench = padBench([{ id: 'pad', backend: 'hid' }]);
    await until(() => bench!.state('pad') === 'open', 'the pad opened');
    expect(bench.identity('pad')).toBe('hid:054c:0268:sn:PS3-0001');

    await gadget.send(ps3({ x: 0xff, buttons: 0b101 }));
    await until(() => bench!.latest('pad', 'button:3') === true, 'button 3');
    expect(bench.latest('pad', 'button:1')).toBe(true);
    expect((bench.latest('pad', 'left') as number[])[0]).toBeCloseTo(1, 2);

    await gadget.unplug();
    await until(() => bench!.lost.includes('gamepad:pad'), 'the unplug reported');
    expect(bench.state('pad')).not.toBe('open');

    await gadget.replug();
    await until(() => bench!.state('pad') === 'open', 'the pad re-attached');
    expect(bench.identity('pad')).toBe('hid:054c:0268:sn:PS3-0001');
    await gadget.send(ps3({ y: 0x00 }));
    await until(
      () => ((bench!.latest('pad', 'left') as number[] | undefined)?.[1] ?? 0) > 0.99,
      'stick up after the replug',
    );
  });
});
