import { access } from 'node:fs/promises';
import type { Value } from '../../runtime/core/signals.ts';
import type { DriverFactory } from '../../runtime/core/driver.ts';
import { FirmataDriver } from './driver.ts';
import { firmataSchema, isUnstablePath, type FirmataConfig } from './schema.ts';

/**
 * Arduino boards running StandardFirmata. Each factory keeps, per configured board, the last value written to
 * each output, so a board that comes back shows what it showed before; create one factory per runtime.
 */
export function createFirmataFactory(): DriverFactory<FirmataConfig> {
  const saved = new Map<string, Map<string, Value>>();
  const warned = new Set<string>();
  return {
    kind: 'firmata',
    schema: firmataSchema,
    /** present when the configured path exists; a by-id link that dangles (board unplugged) does not */
    async discover(c) {
      try {
        await access(c.path);
      } catch {
        return [];
      }
      return [{ id: c.path, path: c.path, label: `Firmata board "${c.id}"` }];
    },
    create(c, device, log) {
      if (isUnstablePath(c.path) && !warned.has(c.id)) {
        warned.add(c.id);
        log.warn(
          { path: c.path },
          `${c.path} names whichever board the kernel found first and can change on replug: configure the board's /dev/serial/by-id/... path instead`,
        );
      }
      let outputs = saved.get(c.id);
      if (!outputs) saved.set(c.id, (outputs = new Map()));
      return new FirmataDriver({ ...c, path: device.path }, outputs, log);
    },
  };
}
