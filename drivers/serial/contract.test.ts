/** The Driver contract for the serial driver, over a real pseudo-terminal pair from socat. */
import { driverContract } from '../driver.contract.ts';
import { ptyPair, send } from '../../test/rigs/socat.ts';
import { SerialDriver } from './driver.ts';
import { serialSchema } from './schema.ts';

driverContract(
  'serial',
  async (log) => {
    const pty = await ptyPair();
    const driver = new SerialDriver(serialSchema.parse({ id: 'sensor', path: pty.device }), pty.device, log);
    const plugged = () => pty.socat.exitCode === null && pty.socat.signalCode === null;
    let n = 0;
    return {
      driver,
      // after an unplug the sensor end has nobody to talk to: nothing to send
      stimulate: () => (plugged() ? send(pty, `count=${++n}\n`) : undefined),
      unplug: () => pty.unplug(),
      cleanup: async () => {
        // the sensor end closes only while socat lives: after an unplug its close() would wait forever
        if (plugged() && pty.sensor.isOpen) await new Promise((r) => pty.sensor.close(r));
        await pty.unplug();
      },
    };
  },
  { write: { channel: 'relay', value: 1 } },
);
