import { describe, expect, it } from 'vitest';
import { DS4_BLUETOOTH, HOWLER_JOYSTICK } from './hid/fixtures.ts';
import { parseReportDescriptor } from './hid/parser.ts';
import { HidRawControls } from './hid/raw.ts';
import { PadMapper } from './pad-mapper.ts';
import { chooseProfile, loadProfiles } from './profiles.ts';

const profiles = loadProfiles();

/** DualShock 4 report 0x01 (as it starts over Bluetooth): id, X, Y, Z, Rz, hat | buttons 1-4, buttons 5-12, 13-14 | counter, Rx, Ry */
function ds4Report(o: {
  x?: number;
  y?: number;
  z?: number;
  rz?: number;
  hat?: number;
  buttons?: number[];
  l2?: number;
  r2?: number;
}): Uint8Array {
  let bits = 0;
  for (const b of o.buttons ?? []) bits |= 1 << (b - 1);
  return Uint8Array.from([
    0x01,
    o.x ?? 0x80,
    o.y ?? 0x80,
    o.z ?? 0x80,
    o.rz ?? 0x80,
    (o.hat ?? 8) | ((bits & 0xf) << 4),
    (bits >> 4) & 0xff,
    (bits >> 12) & 0x3,
    o.l2 ?? 0,
    o.r2 ?? 0,
  ]);
}

function ds4(): { raw: HidRawControls; mapper: PadMapper } {
  const { profile } = chooseProfile(profiles, { backend: 'hid', vendorId: 0x054c, productId: 0x05c4 });
  return { raw: new HidRawControls(parseReportDescriptor(DS4_BLUETOOTH)), mapper: new PadMapper(profile) };
}

describe('a DualShock 4 through its own descriptor and profile', () => {
  it('gives sticks with up as +y, triggers 0..1, the d-pad and named buttons', () => {
    const { raw, mapper } = ds4();
    raw.update(ds4Report({ y: 0x00, z: 0xff, hat: 2, buttons: [2, 5], l2: 0xff }));
    const out = Object.fromEntries(mapper.changes(raw.controls));
    // an 8-bit axis has no exact centre (0x80 is 0.004 right of it): at full deflection the deadzone no longer hides it
    const near = (v: unknown, want: number[]) =>
      (v as number[]).forEach((x, i) => expect(x).toBeCloseTo(want[i] as number, 2));
    near(out.left, [0, 1]);
    near(out.right, [1, 0]);
    expect(out.dpad).toEqual([1, 0]);
    expect(out.lt).toBe(1);
    expect(out.rt).toBe(0);
    expect(out).toMatchObject({ south: true, l1: true, west: false, east: false, home: false });
  });

  it('reports only what changed, and a centred stick inside the deadzone as [0, 0]', () => {
    const { raw, mapper } = ds4();
    raw.update(ds4Report({}));
    expect(Object.fromEntries(mapper.changes(raw.controls)).left).toEqual([0, 0]);
    raw.update(ds4Report({ x: 0x84 })); // a drifting stick, 3 % off centre
    expect(mapper.changes(raw.controls)).toEqual([]);
    raw.update(ds4Report({ x: 0x84, buttons: [3] }));
    expect(mapper.changes(raw.controls)).toEqual([['east', true]]);
  });

  it('rescales past the radial deadzone without a jump, keeping the direction', () => {
    const { raw, mapper } = ds4();
    raw.update(ds4Report({ x: 0x80 + 20 })); // ~0.16 of travel, deadzone 0.08
    const [x, y] = Object.fromEntries(mapper.changes(raw.controls)).left as number[];
    expect(x).toBeGreaterThan(0.05);
    expect(x).toBeLessThan(0.12);
    expect(y).toBeCloseTo(0, 2);
  });

  it('takes per-pad calibration over the profile: a stick that rests off centre reads centred', () => {
    const { profile } = chooseProfile(profiles, { backend: 'hid', vendorId: 0x054c, productId: 0x05c4 });
    const raw = new HidRawControls(parseReportDescriptor(DS4_BLUETOOTH));
    const mapper = new PadMapper(profile, { left: { deadzone: 0.05, center: [0.2, 0], outer: 1 } });
    raw.update(ds4Report({ x: 0x80 + 26 }));
    expect(Object.fromEntries(mapper.changes(raw.controls)).left).toEqual([0, 0]);
  });

  it('rejects a report its descriptor does not describe, keeping the last state', () => {
    const { raw } = ds4();
    raw.update(ds4Report({ buttons: [2] }));
    expect(() => raw.update(Uint8Array.from([0x01, 0x80]))).toThrow(/report 1 is 2 bytes, descriptor says 10/);
    expect(() => raw.update(Uint8Array.from([0x42, 0, 0]))).toThrow(/unknown report id 66/);
    expect(raw.controls.get('Button 2')).toBe(true);
  });
});

describe('a pad no profile names', () => {
  it('a Howler arcade stick: X/Y as the left stick, buttons by number', () => {
    const { key, profile } = chooseProfile(profiles, { backend: 'hid', vendorId: 0x3689, productId: 0x8802 });
    expect(key).toBe('arcade-encoders');
    const raw = new HidRawControls(parseReportDescriptor(HOWLER_JOYSTICK));
    const mapper = new PadMapper(profile);
    raw.update(Uint8Array.from([0x9c, 0x00, 0x00, 0b0000_0101, 0x00, 0x00])); // X -100 (left), buttons 1 and 3
    const out = Object.fromEntries(mapper.changes(raw.controls));
    expect(out.left).toEqual([-1, 0]);
    expect(out).toMatchObject({ 'button:1': true, 'button:2': false, 'button:3': true, 'axis:z': 0 });
  });

  it('an unknown vendor falls back to the generic profile of its backend', () => {
    expect(chooseProfile(profiles, { backend: 'hid', vendorId: 0x1234, productId: 1 }).key).toBe('generic-hid');
    expect(chooseProfile(profiles, { backend: 'evdev', vendorId: 0x1234, productId: 1 }).key).toBe('linux-gamepad');
    expect(chooseProfile(profiles, { backend: 'evdev', vendorId: 0x045e, productId: 0x028e }).key).toBe('xbox-xpad');
    expect(chooseProfile(profiles, { backend: 'hid', vendorId: 0x054c, productId: 0x0ce6 }).key).toBe('dualsense');
    expect(() => chooseProfile(profiles, { backend: 'hid', vendorId: 1, productId: 1 }, 'nope')).toThrow(
      /no gamepad profile "nope"; shipped: .*dualshock4/,
    );
  });
});
