/** The Driver contract for the OSC driver, with liblo's oscsend as the sender. */
import { driverContract } from '../driver.contract.ts';
import { oscsend } from '../../test/rigs/osc.ts';
import { OscDriver } from './driver.ts';
import { oscSchema } from './schema.ts';

driverContract(
  'OSC',
  async (log) => {
    // port 0: each open binds a free port; a closed driver's last port is where a late sender still sends
    const driver = new OscDriver(oscSchema.parse({ id: 'desk', udp: { port: 0 }, feedback: { port: 9 } }), log);
    let port: number | undefined;
    let n = 0;
    return {
      driver,
      stimulate: async () => {
        port = driver.udpPort ?? port;
        if (port) await oscsend(port, '/nacre/fader', 'f', ++n / 100);
      },
    };
  },
  {
    write: { channel: '/nacre/session/state', value: 'active' },
    skip: {
      lost: 'OSC listens on its own UDP (and TCP) port: there is no device or peer whose going away it could notice; a socket error is its only loss, and none can be caused from outside',
    },
  },
);
