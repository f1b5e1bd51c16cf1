import type { NacreConfig } from '../config/schema.ts';
import { DEVICE_KINDS, type DeviceHooks } from '../drivers/registry.ts';
import type { DriverFactory } from './core/driver.ts';
import type { Logger } from './core/log.ts';
import { Supervisor } from './supervisor/supervisor.ts';

/** Every configured device, of every kind in the registry, under one supervisor. */
export function superviseDevices(config: NacreConfig, hooks: DeviceHooks, log: Logger): Supervisor {
  const supervisor = new Supervisor({ log: log.child({ ns: 'supervisor' }) });
  for (const key of Object.keys(DEVICE_KINDS) as (keyof typeof DEVICE_KINDS)[]) {
    // TypeScript cannot pair DEVICE_KINDS[key] with config[key] across a loop over keys; each pair does match
    const kind = DEVICE_KINDS[key] as unknown as {
      devices(c: unknown): { id: string }[];
      factory(h: DeviceHooks): DriverFactory<{ id: string }>;
    };
    const devices = kind.devices(config[key]);
    if (devices.length === 0) continue;
    const factory = kind.factory(hooks);
    for (const device of devices) supervisor.add(factory, device);
  }
  return supervisor;
}
