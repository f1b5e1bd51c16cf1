/** The Driver contract for the browser input driver, driven directly with what display pages send. */
import { driverContract } from '../driver.contract.ts';
import { BrowserInputDriver } from './driver.ts';

driverContract(
  'browser',
  async (log) => {
    const driver = new BrowserInputDriver({ log, openNow: false });
    let down = false;
    return {
      driver,
      stimulate: () => driver.handle('hall', { kind: 'key', code: 'KeyW', down: (down = !down) }),
    };
  },
  {
    skip: {
      lost: 'display pages come and go by themselves: the browser driver is never lost, each page that goes away is reported with onSourceLost (drivers/browser/driver.test.ts)',
      write: 'the browser driver takes no writes: display pages are outputs of their own (displays/projector)',
    },
  },
);
