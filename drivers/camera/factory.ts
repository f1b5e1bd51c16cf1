import type { DriverFactory } from '../../runtime/core/driver.ts';
import { cameraDeviceSchema, type CameraDeviceConfig } from './config.ts';
import { discoverSource } from './discover.ts';
import { CameraDriver, type CameraHooks } from './driver.ts';
import { cameraDoctor } from './doctor.ts';

/** Cameras for the supervisor; the hooks take snapshots (and, where allowed, console previews). */
export function createCameraFactory(hooks: CameraHooks = {}): DriverFactory<CameraDeviceConfig> {
  return {
    kind: 'camera',
    doctor: cameraDoctor,
    capabilities: { commands: ['snapshot'] },
    schema: cameraDeviceSchema,
    discover: (c) => discoverSource(c.source),
    create: (c, _device, log) => new CameraDriver(c, log, hooks),
  };
}
