import { realpath } from 'node:fs/promises';
import type { DriverFactory } from '../../runtime/core/driver.ts';
import { listPads, type PadDevice } from './discover.ts';
import { EvdevPadDriver } from './evdev/driver.ts';
import { HidPadDriver } from './hid/driver.ts';
import { watchPadNodes } from './hotplug.ts';
import { PadClaims } from './claims.ts';
import { chooseProfile, loadProfile, loadProfiles } from './profiles.ts';
import { gamepadSchema, type GamepadConfig } from './schema.ts';
import { gamepadDoctor } from './doctor.ts';

/**
 * Gamepads, any number: each configured slot takes one pad (PadClaims), found again by serial number or
 * USB port when it returns. Claims live in this factory instance, not in a module.
 */
export function createGamepadFactory(): DriverFactory<GamepadConfig> {
  const profiles = loadProfiles();
  const claims = new PadClaims();
  return {
    kind: 'gamepad',
    doctor: gamepadDoctor,
    capabilities: { wakesOnInput: true },
    schema: gamepadSchema,
    watch: (changed) => watchPadNodes(changed),
    async discover(c) {
      const pick = claims.pick(c.id, await matching(c));
      return pick ? [pick] : [];
    },
    create(c, device, log) {
      const pad = device as PadDevice;
      const { key, profile } = c.profileFile
        ? { key: c.profileFile, profile: loadProfile(c.profileFile) }
        : chooseProfile(profiles, pad, c.profile);
      log.info({ pad: pad.name, identity: pad.id, profile: key, backend: pad.backend }, 'gamepad found');
      const driver =
        pad.backend === 'hid'
          ? new HidPadDriver(c.id, pad, profile, c.calibration, log)
          : new EvdevPadDriver(c.id, pad, profile, c.calibration, log);
      driver.onState((s) => {
        if (s === 'closed') claims.release(c.id);
      });
      return driver;
    },
  };
}

async function matching(c: GamepadConfig): Promise<PadDevice[]> {
  const m = c.match;
  const wanted = m.path ? await realpath(m.path).catch(() => m.path) : undefined;
  const pads = await listPads(c.backend);
  const out: PadDevice[] = [];
  for (const p of pads) {
    if (m.vendorId !== undefined && p.vendorId !== m.vendorId) continue;
    if (m.productId !== undefined && p.productId !== m.productId) continue;
    if (m.serialNumber !== undefined && p.serial !== m.serialNumber) continue;
    if (wanted !== undefined && p.path !== wanted) continue;
    out.push(p);
  }
  return out;
}
