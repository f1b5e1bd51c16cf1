import { z, type ZodType } from 'zod';
import type { DriverFactory } from '../runtime/core/driver.ts';
import { cameraDeviceSchema, type CameraDeviceConfig } from './camera/config.ts';
import type { CameraHooks } from './camera/driver.ts';
import { createCameraFactory } from './camera/factory.ts';
import { createFirmataFactory } from './firmata/factory.ts';
import { firmataSchema } from './firmata/schema.ts';
import { createGamepadFactory } from './gamepad/factory.ts';
import { gamepadSchema, gamepadSlots } from './gamepad/schema.ts';
import { oscFactory } from './osc/factory.ts';
import { oscSchema } from './osc/schema.ts';
import { serialFactory } from './serial/factory.ts';
import { serialSchema } from './serial/schema.ts';

/** What the runtime hands the factories that call back into it (a camera's snapshot and preview). */
export interface DeviceHooks {
  camera: CameraHooks;
}

/**
 * One kind of device as an exhibit configures it: the schema of its config section, the devices that
 * section names, and the factory that opens them. The config schema and the device wiring both read this
 * list, so a new kind of device is added here once.
 */
export interface DeviceKind<S extends ZodType, D extends { id: string }> {
  /** the config section, with its default */
  config: S;
  devices(section: z.output<S>): D[];
  factory(hooks: DeviceHooks): DriverFactory<D>;
}

function kind<S extends ZodType, D extends { id: string }>(k: DeviceKind<S, D>): DeviceKind<S, D> {
  return k;
}

export const DEVICE_KINDS = {
  /** OSC in (and feedback out): README "OSC" */
  osc: kind({ config: oscSchema.optional(), devices: (c) => (c ? [c] : []), factory: () => oscFactory }),
  /** sensors on serial lines: README "Serial sensors" */
  serial: kind({ config: z.array(serialSchema).default([]), devices: (c) => c, factory: () => serialFactory }),
  /** Arduino-class boards running StandardFirmata: README "Arduino boards" */
  firmata: kind({
    config: z.array(firmataSchema).default([]),
    devices: (c) => c,
    factory: () => createFirmataFactory(),
  }),
  /** cameras: presence, faces and motion as signals, snapshots that start worlds: README "Cameras" */
  cameras: kind({
    config: z.array(cameraDeviceSchema).default([]),
    devices: (c): CameraDeviceConfig[] => c,
    factory: (hooks) => createCameraFactory(hooks.camera),
  }),
  /** gamepads, joysticks and arcade controls (a `count` of slots each): README "Gamepads" */
  gamepads: kind({
    config: z.array(gamepadSchema).default([]),
    devices: (c) => c.flatMap(gamepadSlots),
    factory: () => createGamepadFactory(),
  }),
};

export type DeviceKinds = typeof DEVICE_KINDS;

/** the config sections of every kind of device, for the exhibit's config schema */
export const deviceConfigShape = {
  osc: DEVICE_KINDS.osc.config,
  serial: DEVICE_KINDS.serial.config,
  firmata: DEVICE_KINDS.firmata.config,
  cameras: DEVICE_KINDS.cameras.config,
  gamepads: DEVICE_KINDS.gamepads.config,
} satisfies { [K in keyof DeviceKinds]: DeviceKinds[K]['config'] };
