import { onPath } from '../../drivers/doctor-checks.ts';
import { DEVICE_KINDS } from '../../drivers/registry.ts';
import type { DoctorCheck } from '../core/driver.ts';

export type Check = DoctorCheck;

/**
 * What an integrator needs to know before configuring devices: each kind of device says what it finds on this
 * machine (ports, stable names, permissions, its tools), then the tools the displays and speakers use.
 */
export async function deviceChecks(): Promise<Check[]> {
  const checks: Check[] = [];
  for (const kind of Object.values(DEVICE_KINDS)) {
    const factory = kind.factory({ camera: {} });
    if (factory.doctor) checks.push(...(await factory.doctor()));
  }
  for (const [cmd, why] of [
    ['chromium', 'kiosk display pages'],
    ['pacat', 'speakers (backend pulse)'],
    ['aplay', 'speakers (backend alsa)'],
  ] as const) {
    const found = await onPath(cmd);
    checks.push({ ok: found || 'info', what: `${cmd} ${found ? 'found' : 'not found'}: ${why}` });
  }
  return checks;
}
