import { access } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import type { DeviceInfo, DriverFactory } from '../../runtime/core/driver.ts';
import { SerialDriver } from './driver.ts';
import { serialSchema, type SerialConfig } from './schema.ts';
import { serialDoctor } from './doctor.ts';

const unstable = /^\/dev\/tty(USB|ACM)\d+$/;

/**
 * A device by its configured path (a /dev/serial/by-id/... link follows the device, not the USB port order),
 * or by what it is (serial number, VID:PID) wherever it shows up: the identity is never ttyUSBn.
 */
export const serialFactory: DriverFactory<SerialConfig> = {
  kind: 'serial',
  doctor: serialDoctor,
  schema: serialSchema,
  async discover(c) {
    if (c.path) {
      const present = await access(c.path).then(
        () => true,
        () => false,
      );
      return present
        ? [
            {
              id: c.path,
              path: c.path,
              label: unstable.test(c.path) ? `${c.path} (unstable name: use /dev/serial/by-id)` : c.path,
            },
          ]
        : [];
    }
    const m = c.match!;
    const found: DeviceInfo[] = [];
    for (const p of await SerialPort.list()) {
      const ok =
        (!m.serialNumber || p.serialNumber === m.serialNumber) &&
        (!m.vendorId || p.vendorId === m.vendorId) &&
        (!m.productId || p.productId === m.productId);
      if (ok)
        found.push({
          id: `usb:${p.vendorId}:${p.productId}:${p.serialNumber ?? p.pnpId ?? p.path}`,
          path: p.path,
          label: p.manufacturer ?? p.path,
        });
    }
    return found;
  },
  create(c, device, log) {
    return new SerialDriver(c, device.path, log);
  },
};
