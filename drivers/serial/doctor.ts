import { readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { DoctorCheck } from '../../runtime/core/driver.ts';
import { readableAndWritable } from '../doctor-checks.ts';

/** serial devices by their stable names, with permissions, and every port with its USB details */
export async function serialDoctor(): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const byId = '/dev/serial/by-id';
  const stable = await readdir(byId).catch(() => [] as string[]);
  for (const name of stable) {
    const path = join(byId, name);
    const target = await readlink(path).catch(() => '?');
    const ok = await readableAndWritable(path);
    const why = ok ? '' : ': no read/write permission (add the kiosk user to the dialout group)';
    checks.push({ ok, what: `serial ${path} -> ${target}${why}` });
  }
  const ports = await SerialPort.list().catch((err: Error) => {
    checks.push({ ok: false, what: `serial ports cannot be listed: ${err.message} (is udev installed?)` });
    return [];
  });
  for (const p of ports) {
    const usb = [
      p.manufacturer,
      p.vendorId && `${p.vendorId}:${p.productId}`,
      p.serialNumber && `serial ${p.serialNumber}`,
    ];
    const details = usb.filter(Boolean).join(', ') || 'no USB details';
    checks.push({
      ok: 'info',
      what: `serial ${p.path}: ${details} (configure it by /dev/serial/by-id or match, never by this name)`,
    });
  }
  if (!stable.length && !ports.length) checks.push({ ok: 'info', what: 'no serial devices plugged in' });
  return checks;
}
