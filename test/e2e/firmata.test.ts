/** An Arduino button panel on the real StandardFirmata (simavr) against the whole runtime. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import { EmulatedUno } from '../rigs/firmata/uno.ts';
import { startRuntime, status, until } from './harness.ts';

let uno: EmulatedUno;
let runtime: Runtime;
let url: string;

beforeAll(async () => {
  const link = join(await mkdtemp(join(tmpdir(), 'nacre-panel-')), 'panel');
  uno = await EmulatedUno.start(link);
  ({ runtime, url } = await startRuntime({
    firmata: [
      {
        id: 'panel',
        path: link,
        inputs: [
          { pin: 2, kind: 'button', channel: 'start' },
          { pin: 4, kind: 'button', channel: 'jump' },
        ],
        outputs: [{ pin: 13, kind: 'led', channel: 'start-led' }],
      },
    ],
    input: { keyboard: 'wander', wake: [{ source: 'firmata:panel', channel: 'start' }] },
    mappings: [{ from: { source: 'firmata:panel', channel: 'jump' }, to: 'actions.jump' }],
    outputs: [{ device: 'panel', channel: 'start-led', when: { session: ['attract'] } }],
  }));
}, 60_000);

afterAll(async () => {
  await runtime?.close();
  await uno?.stop();
});

it('the start button lights while the kiosk waits, starts a visit when pressed, and its light goes out', async () => {
  await until(
    async () =>
      (await status(url)).drivers.some((d: { id: string; state: string }) => d.id === 'panel' && d.state === 'open'),
    'the board',
    30_000,
  );
  await uno.untilLevel(13, 1); // attract: the start button's LED is lit
  uno.digital(2, 1);
  await until(async () => (await status(url)).session.phase === 'active', 'a visit started by the button');
  uno.digital(2, 0);
  await uno.untilLevel(13, 0);
  uno.digital(4, 1);
  await until(async () => (await status(url)).conditions.actions.jump === true, 'jump from the panel');
  uno.digital(4, 0);
  expect((await status(url)).session.phase).toBe('active');
});
