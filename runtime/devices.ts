import type { NacreConfig } from '../config/schema.ts';
import { DEVICE_KINDS, type DeviceHooks } from '../drivers/registry.ts';
import type { DriverFactory } from './core/driver.ts';
import type { Logger } from './core/log.ts';
import { Supervisor } from './supervisor/supervisor.ts';

type Kind = keyof typeof DEVICE_KINDS;

/** The supervisor and the one factory of each kind it opens devices with (a reload adds devices through the same ones). */
export interface SupervisedDevices {
  supervisor: Supervisor;
  factory(kind: Kind): DriverFactory<{ id: string }>;
}

// TypeScript cannot pair DEVICE_KINDS[key] with config[key] across a loop over keys; each pair does match
type AnyKind = { devices(c: unknown): { id: string }[]; factory(h: DeviceHooks): DriverFactory<{ id: string }> };

/** Every configured device, of every kind in the registry, under one supervisor. */
export function superviseDevices(config: NacreConfig, hooks: DeviceHooks, log: Logger): SupervisedDevices {
  const supervisor = new Supervisor({ log: log.child({ ns: 'supervisor' }) });
  const factories = new Map<Kind, DriverFactory<{ id: string }>>();
  const factory = (key: Kind) => {
    let f = factories.get(key);
    if (!f) factories.set(key, (f = (DEVICE_KINDS[key] as unknown as AnyKind).factory(hooks)));
    return f;
  };
  for (const key of Object.keys(DEVICE_KINDS) as Kind[]) {
    for (const device of (DEVICE_KINDS[key] as unknown as AnyKind).devices(config[key]))
      supervisor.add(factory(key), device);
  }
  return { supervisor, factory };
}
