// Setup file of vitest.hardware.config.ts: hardware tests need the QEMU guest's kernel devices.
import { existsSync } from 'node:fs';
import { GUEST_ENV_FLAG } from '../rigs/qemu/guest.ts';

if (process.env[GUEST_ENV_FLAG] !== '1' || !existsSync('/dev/uhid')) {
  throw new Error(
    'hardware tests (*.hw.test.ts) run inside the QEMU guest, which has /dev/uhid, a USB gadget and uinput: run `npm run test:hardware`',
  );
}
