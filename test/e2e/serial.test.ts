/** A serial sensor panel against the whole runtime: a proximity line wakes the kiosk, a joystick line walks. */
import { dirname } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ptyPair, send, type PtyPair } from '../rigs/socat.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { startRuntime, status, until } from './harness.ts';

let pty: PtyPair;
let runtime: Runtime;
let url: string;

beforeAll(async () => {
  pty = await ptyPair();
  ({ runtime, url } = await startRuntime({
    // the pedestal streams its stick 10 times a second, so silence for 1 s means it is gone
    serial: [{ id: 'pedestal', path: pty.device, framing: { type: 'lines', format: 'kv' }, heartbeatSeconds: 1 }],
    input: { keyboard: 'wander', wake: [{ source: 'serial:pedestal', channel: 'presence' }] },
    mappings: [
      {
        from: { source: 'serial:pedestal', channel: 'stick' },
        to: 'move',
        filters: [{ type: 'deadzone', radius: 0.1 }],
      },
    ],
  }));
  await until(
    async () =>
      (await status(url)).drivers.some((d: { id: string; state: string }) => d.id === 'pedestal' && d.state === 'open'),
    'pedestal open',
  );
});

afterAll(async () => {
  await runtime?.close();
  await pty?.unplug();
});

it('presence wakes the kiosk, the stick walks, an unplug centres it, and a replug brings it back', async () => {
  expect((await status(url)).session.phase).toBe('attract');
  await send(pty, 'presence=1\n');
  await until(async () => (await status(url)).session.phase === 'active', 'woken by the sensor');
  await send(pty, 'stick=0,1\n');
  await until(async () => (await status(url)).conditions.move[1] === 1, 'walking from the stick');
  await send(pty, 'garbage \xff\xfe no equals\n');
  await pty.unplug();
  await until(async () => (await status(url)).conditions.move[1] === 0, 'centred after the unplug');
  const pedestal = () => status(url).then((s) => s.drivers.find((d: { id: string }) => d.id === 'pedestal'));
  expect(['waiting', 'lost']).toContain((await pedestal())?.state);
  pty = await ptyPair(dirname(pty.device)); // plugged back in: same by-id style path
  await until(async () => (await pedestal())?.state === 'open', 're-attached');
  await send(pty, 'stick=1,0\n');
  await until(async () => (await status(url)).conditions.move[0] === 1, 'strafing from the stick again');
});
