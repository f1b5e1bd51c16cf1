import { constants } from 'node:fs';
import { access, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { listPads } from '../../drivers/gamepad/discover.ts';
import { chooseProfile, loadProfiles } from '../../drivers/gamepad/profiles.ts';

export type Check = { ok: boolean | 'info'; what: string };

const readable = (path: string) =>
  access(path, constants.R_OK | constants.W_OK).then(
    () => true,
    () => false,
  );
const onPath = (cmd: string) =>
  Promise.any((process.env.PATH ?? '').split(':').map((d) => access(join(d, cmd), constants.X_OK))).then(
    () => true,
    () => false,
  );

/** What an integrator needs to know before configuring devices: ports, stable names, permissions, tools. */
export async function deviceChecks(): Promise<Check[]> {
  const checks: Check[] = [];
  const byId = '/dev/serial/by-id';
  const stable = await readdir(byId).catch(() => [] as string[]);
  for (const name of stable) {
    const path = join(byId, name);
    const target = await readlink(path).catch(() => '?');
    const ok = await readable(path);
    checks.push({
      ok,
      what: `serial ${path} -> ${target}${ok ? '' : ': no read/write permission (add the kiosk user to the dialout group)'}`,
    });
  }
  const ports = await SerialPort.list().catch((err: Error) => {
    checks.push({ ok: false, what: `serial ports cannot be listed: ${err.message} (is udev installed?)` });
    return [];
  });
  for (const p of ports) {
    checks.push({
      ok: 'info',
      what: `serial ${p.path}: ${[p.manufacturer, p.vendorId && `${p.vendorId}:${p.productId}`, p.serialNumber && `serial ${p.serialNumber}`].filter(Boolean).join(', ') || 'no USB details'} (configure it by /dev/serial/by-id or match, never by this name)`,
    });
  }
  if (!stable.length && !ports.length) checks.push({ ok: 'info', what: 'no serial devices plugged in' });
  checks.push(...(await gamepadChecks()));
  for (const [cmd, why] of [
    ['ffmpeg', 'cameras'],
    ['chromium', 'kiosk display pages'],
    ['pacat', 'speakers (backend pulse)'],
    ['aplay', 'speakers (backend alsa)'],
  ] as const) {
    checks.push({
      ok: (await onPath(cmd)) || 'info',
      what: `${cmd} ${(await onPath(cmd)) ? 'found' : 'not found'}: ${why}`,
    });
  }
  return checks;
}

/** every pad found, the profile it would get, and whether this user may read it */
async function gamepadChecks(): Promise<Check[]> {
  const checks: Check[] = [];
  const profiles = loadProfiles();
  for (const pad of await listPads('auto')) {
    const { key } = chooseProfile(profiles, pad);
    const ok = await readable(pad.path);
    const perm =
      pad.backend === 'hid'
        ? 'a udev rule giving the kiosk user access to hidraw (MODE="0660", GROUP="plugdev")'
        : 'the kiosk user in the input group';
    checks.push({
      ok,
      what: `gamepad ${pad.name} (${pad.path}, ${pad.backend}, profile ${key}, identity ${pad.id})${ok ? '' : `: no permission, needs ${perm}`}`,
    });
  }
  if (!checks.length)
    checks.push({
      ok: 'info',
      what: 'no gamepads plugged in (nacre hid inspect shows what an unknown controller sends)',
    });
  return checks;
}
