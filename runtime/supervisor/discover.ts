import type { DeviceInfo, DriverFactory } from '../core/driver.ts';
import { call, errorMessage, within } from './deadline.ts';

export type Discovery = { device: DeviceInfo } | { error: string } | { stopped: true };

/**
 * Asks the factory which devices match the configuration now. When several match, the one with the
 * identity that was open last wins, so a device that comes back on another path is the same device.
 */
export async function discoverDevice<C extends { id: string }>(
  factory: DriverFactory<C>,
  config: C,
  identity: string | undefined,
  deadlineMs: number,
  stop: AbortSignal,
): Promise<Discovery> {
  let devices: DeviceInfo[];
  try {
    devices = await within(
      call(() => factory.discover(config)),
      deadlineMs,
      stop,
      'discover',
    );
  } catch (err) {
    return stop.aborted ? { stopped: true } : { error: `discover failed: ${errorMessage(err)}` };
  }
  const device = Array.isArray(devices) ? (devices.find((d) => d?.id === identity) ?? devices[0]) : undefined;
  if (!device)
    return {
      error: `not found: no ${factory.kind} device matches "${config.id}"; check that it is plugged in and powered`,
    };
  return { device };
}
