/**
 * A pad that is not HID (a wired Xbox 360 pad under xpad) read through evdev, in the QEMU guest: the pad is
 * a real kernel input device made through uinput with the Xbox 360 pad's identity, ranges and buttons.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { UinputPad } from '../rigs/input/uinput-pad.ts';
import { padBench, until, type PadBench } from './pads.ts';

let pad: UinputPad | undefined;
let bench: PadBench | undefined;

afterEach(async () => {
  await bench?.supervisor.stop();
  bench = undefined;
  await pad?.close();
  pad = undefined;
});

describe('an Xbox 360 pad through evdev', () => {
  it('is read with the xpad profile: sticks, triggers, d-pad, face buttons', async () => {
    pad = await UinputPad.create();
    bench = padBench([{ id: 'x' }]);
    await until(() => bench!.state('x') === 'open', 'the pad opened');
    expect(bench.identity('x')).toMatch(/^evdev:045e:028e[@:]/);
    await pad.abs('ABS_Y', -32768);
    await pad.abs('ABS_RX', 32767);
    await pad.abs('ABS_RZ', 255);
    await pad.abs('ABS_HAT0X', -1);
    await pad.key('BTN_SOUTH', true);
    await pad.sync();
    await until(() => bench!.latest('x', 'south') === true, 'A (south) pressed');
    expect(bench.latest('x', 'left')).toEqual([0, 1]);
    expect(bench.latest('x', 'right')).toEqual([1, 0]);
    expect(bench.latest('x', 'rt')).toBe(1);
    expect(bench.latest('x', 'dpad')).toEqual([-1, 0]);
  });

  it('a pad that goes away is lost, and a new one is taken at once', async () => {
    pad = await UinputPad.create();
    bench = padBench([{ id: 'x', backend: 'evdev' }]);
    await until(() => bench!.state('x') === 'open', 'the pad opened');
    await pad.abs('ABS_X', 32767);
    await pad.sync();
    await until(() => (bench!.latest('x', 'left') as number[] | undefined)?.[0] === 1, 'stick right');
    await pad.close();
    await until(() => bench!.lost.includes('gamepad:x'), 'the pad reported lost');
    pad = await UinputPad.create();
    await until(() => bench!.state('x') === 'open', 'the new pad opened');
    await pad.key('BTN_EAST', true);
    await pad.sync();
    await until(() => bench!.latest('x', 'east') === true, 'B (east) on the new pad');
  });
});

describe('closing an evdev pad', () => {
  it('after it was unplugged, close() ends at once instead of waiting for a close that already happened', async () => {
    const { EvdevPadDriver } = await import('../../drivers/gamepad/evdev/driver.ts');
    const { listEvdevPads } = await import('../../drivers/gamepad/discover.ts');
    const { loadProfiles } = await import('../../drivers/gamepad/profiles.ts');
    const { silentLogger } = await import('../../runtime/core/log.ts');
    pad = await UinputPad.create();
    const device = (await listEvdevPads({ skipHid: false })).find((d) => d.path === pad!.eventPath)!;
    const driver = new EvdevPadDriver('x', device, loadProfiles().get('xbox-xpad')!, {}, silentLogger());
    await driver.open(new AbortController().signal);
    await pad.close();
    pad = undefined;
    await until(() => driver.state === 'lost', 'lost');
    let closed = false;
    const closing = driver.close().then(() => (closed = true));
    await until(() => closed, 'close() done', 1000);
    await closing;
    expect(driver.state).toBe('closed');
  });
});
