import { constants } from 'node:fs';
import { access, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SerialPort } from 'serialport';

export type Check = { ok: boolean | 'info'; what: string };

const readable = (path: string) => access(path, constants.R_OK | constants.W_OK).then(() => true, () => false);
const onPath = (cmd: string) =>
  Promise.any((process.env.PATH ?? '').split(':').map((d) => access(join(d, cmd), constants.X_OK))).then(() => true, () => false);

/** What an integrator needs to know before configuring devices: ports, stable names, permissions, tools. */
export async function deviceChecks(): Promise<Check[]> {
  const checks: Check[] = [];
  const byId = '/dev/serial/by-id';
  const stable = await readdir(byId).catch(() => [] as string[]);
  for (const name of stable) {
    const path = join(byId, name);
    const target = await readlink(path).catch(() => '?');
    const ok = await readable(path);
    checks.push({ ok, what: `serial ${path} -> ${target}${ok ? '' : ': no read/write permission (add the kiosk user to the dialout group)'}` });
  }
  const ports = await SerialPort.list().catch((err: Error) => {
    checks.push({ ok: false, what: `serial ports cannot be listed: ${err.message} (is udev installed?)` });
    return [];
  });
  for (const p of ports) {
    checks.push({ ok: 'info', what: `serial ${p.path}: ${[p.manufacturer, p.vendorId && `${p.vendorId}:${p.productId}`, p.serialNumber && `serial ${p.serialNumber}`].filter(Boolean).join(', ') || 'no USB details'} (configure it by /dev/serial/by-id or match, never by this name)` });
  }
  if (!stable.length && !ports.length) checks.push({ ok: 'info', what: 'no serial devices plugged in' });
  for (const [cmd, why] of [['chromium', 'kiosk display pages'], ['pacat', 'speakers (backend pulse)'], ['aplay', 'speakers (backend alsa)']] as const) {
    checks.push({ ok: (await onPath(cmd)) || 'info', what: `${cmd} ${(await onPath(cmd)) ? 'found' : 'not found'}: ${why}` });
  }
  return checks;
}
