/** The Driver contract for the Firmata driver, against the real StandardFirmata in simavr (test/rigs/firmata). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { driverContract } from '../driver.contract.ts';
import { EmulatedUno } from '../../test/rigs/firmata/uno.ts';
import { createFirmataFactory } from './factory.ts';
import { firmataSchema } from './schema.ts';

driverContract(
  'Firmata',
  async (log) => {
    const dir = await mkdtemp(join(tmpdir(), 'nacre-firmata-contract-'));
    const uno = await EmulatedUno.start(join(dir, 'usb-Arduino_Uno_contract-if00'));
    const factory = createFirmataFactory();
    const c = firmataSchema.parse({
      id: 'panel',
      path: uno.link,
      inputs: [{ pin: 2, kind: 'button', channel: 'start' }],
      outputs: [{ pin: 13, kind: 'led', channel: 'lamp' }],
    });
    const [device] = await factory.discover(c);
    if (!device) throw new Error(`${c.path} was not discovered`);
    let level: 0 | 1 = 0;
    return {
      driver: factory.create(c, device, log),
      stimulate: () => uno.digital(2, (level = level ? 0 : 1)),
      unplug: () => uno.kill(),
      cleanup: async () => {
        await uno.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
  { write: { channel: 'lamp', value: true }, timeoutMs: 15_000 },
);
