import type { DriverFactory } from '../../runtime/core/driver.ts';
import { OscDriver } from './driver.ts';
import { oscSchema, type OscConfig } from './schema.ts';

/** An OSC port is always "present": a bind that fails (port taken) is retried by the supervisor. */
export const oscFactory: DriverFactory<OscConfig> = {
  kind: 'osc',
  capabilities: { exhibitCommands: true },
  schema: oscSchema,
  async discover(c) {
    return [{ id: `osc-udp:${c.udp.address}:${c.udp.port}`, path: `${c.udp.address}:${c.udp.port}`, label: 'OSC' }];
  },
  create(c, _device, log) {
    return new OscDriver(c, log);
  },
};
