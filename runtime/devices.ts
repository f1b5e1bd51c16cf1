import type { NacreConfig } from '../config/schema.ts';
import { createCameraFactory } from '../drivers/camera/factory.ts';
import type { CameraHooks } from '../drivers/camera/driver.ts';
import { createFirmataFactory } from '../drivers/firmata/factory.ts';
import { createGamepadFactory } from '../drivers/gamepad/factory.ts';
import { gamepadSlots } from '../drivers/gamepad/schema.ts';
import { oscFactory } from '../drivers/osc/factory.ts';
import { serialFactory } from '../drivers/serial/factory.ts';
import type { Logger } from './core/log.ts';
import { Supervisor } from './supervisor/supervisor.ts';

/** Every configured device under one supervisor: OSC, serial, Firmata boards, cameras, gamepad slots. */
export function superviseDevices(config: NacreConfig, cameraHooks: CameraHooks, log: Logger): Supervisor {
  const supervisor = new Supervisor({ log: log.child({ ns: 'supervisor' }) });
  if (config.osc) supervisor.add(oscFactory, config.osc);
  for (const s of config.serial) supervisor.add(serialFactory, s);
  const firmata = createFirmataFactory();
  for (const f of config.firmata) supervisor.add(firmata, f);
  const cameras = createCameraFactory(cameraHooks);
  for (const c of config.cameras) supervisor.add(cameras, c);
  const gamepads = createGamepadFactory();
  for (const slot of config.gamepads.flatMap(gamepadSlots)) supervisor.add(gamepads, slot);
  return supervisor;
}
