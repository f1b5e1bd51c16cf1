import type { DoctorCheck } from '../../runtime/core/driver.ts';
import { readableAndWritable } from '../doctor-checks.ts';
import { listPads } from './discover.ts';
import { chooseProfile, loadProfiles } from './profiles.ts';

/** every pad found, the profile it would get, and whether this user may read it */
export async function gamepadDoctor(): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const profiles = loadProfiles();
  for (const pad of await listPads('auto')) {
    const { key } = chooseProfile(profiles, pad);
    const ok = await readableAndWritable(pad.path);
    const perm =
      pad.backend === 'hid'
        ? 'a udev rule giving the kiosk user access to hidraw (MODE="0660", GROUP="plugdev")'
        : 'the kiosk user in the input group';
    const where = `${pad.path}, ${pad.backend}, profile ${key}, identity ${pad.id}`;
    checks.push({ ok, what: `gamepad ${pad.name} (${where})${ok ? '' : `: no permission, needs ${perm}`}` });
  }
  if (!checks.length) {
    checks.push({
      ok: 'info',
      what: 'no gamepads plugged in (nacre hid inspect shows what an unknown controller sends)',
    });
  }
  return checks;
}
