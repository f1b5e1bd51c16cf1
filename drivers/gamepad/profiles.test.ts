import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HidOutputReport } from './hid/outputs.ts';
import { loadProfile, loadProfiles } from './profiles.ts';

describe('shipped profiles', () => {
  const profiles = loadProfiles();

  it('all load and name the pads the issue lists', () => {
    const names = [...profiles.values()].map((p) => p.name).join(' | ');
    for (const pad of ['DualShock 4', 'DualSense', 'Switch Pro', '8BitDo', 'F310', 'Arcade', 'Xbox'])
      expect(names).toContain(pad);
  });

  it('every control a profile names is a HID usage name or a Linux event code', () => {
    for (const [key, p] of profiles) {
      const hid = p.match.every((m) => m.backend === 'hid') && !key.startsWith('linux');
      const names = [
        ...Object.values(p.buttons),
        ...Object.values(p.triggers),
        ...Object.values(p.sticks).flatMap((s) => (s ? [s.x, s.y] : [])),
      ];
      for (const n of names)
        expect(n, `${key}: ${n}`).toMatch(
          hid ? /^(X|Y|Z|Rx|Ry|Rz|Slider|Dial|Brake|Accelerator|Button \d+)$/ : /^(ABS|BTN)_[A-Z0-9]+$/,
        );
    }
  });

  it("an exhibit's own profile file loads like a shipped one", () => {
    const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
    writeFileSync(
      join(dir, 'pedestal.yaml'),
      'name: Pedestal stick\nsticks: { left: { x: Rx, y: Ry } }\nbuttons: { south: Button 3 }\n',
    );
    expect(loadProfile(join(dir, 'pedestal.yaml'))).toMatchObject({
      name: 'Pedestal stick',
      buttons: { south: 'Button 3' },
    });
    expect(() => loadProfile(join(dir, 'missing.yaml'))).toThrow(/gamepad profile .*missing\.yaml: ENOENT/);
  });

  it('a broken profile file names the file and the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
    writeFileSync(join(dir, 'bad.yaml'), 'name: Bad\nsticks: { left: { x: X } }\n');
    expect(() => loadProfiles(dir)).toThrow(/bad\.yaml[\s\S]*sticks\.left\.y/);
  });
});

describe('HID output reports from profiles', () => {
  const profiles = loadProfiles();

  it('DualShock 4 over USB: report 0x05, motors at 4 and 5, light bar at 6..8', () => {
    const out = new HidOutputReport(profiles.get('dualshock4')!.outputs, 'DS4');
    const rumble = out.apply('rumble', [1, 0.5]);
    expect(rumble.length).toBe(32);
    expect([...rumble.subarray(0, 6)]).toEqual([0x05, 0xff, 0, 0, 128, 255]);
    const led = out.apply('led', '#ff8000');
    expect([...led.subarray(4, 9)]).toEqual([128, 255, 255, 128, 0]);
  });

  it('DualSense over USB: 63-byte report 0x02 with its light bar at 45..47', () => {
    const out = new HidOutputReport(profiles.get('dualsense')!.outputs, 'DualSense');
    const r = out.apply('led', [0, 0, 1]);
    expect(r.length).toBe(63);
    expect([r[0], r[2], r[45], r[46], r[47]]).toEqual([0x02, 0x04, 0, 0, 255]);
  });

  it('a pad without outputs, or a wrong value, says what it accepts', () => {
    expect(() => new HidOutputReport(undefined, 'Howler').apply('rumble', 1)).toThrow(/Howler has no rumble.*none/);
    const out = new HidOutputReport(profiles.get('dualshock4')!.outputs, 'DS4');
    expect([...out.apply('led', true).subarray(6, 9)]).toEqual([255, 255, 255]);
    expect(() => out.apply('led', 'red')).toThrow(/\[r, g, b\].*"#rrggbb"/);
    expect(() => out.apply('horn', 1)).toThrow(/unknown; write "rumble"/);
  });
});
