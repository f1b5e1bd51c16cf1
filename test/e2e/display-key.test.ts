/** Display pages on other machines steer only with the display key (shown on the console); loopback needs none. */
import { networkInterfaces } from 'node:os';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime, RuntimeHandle } from '../../runtime/runtime.ts';
import { PASSWORD, startRuntime, until } from './harness.ts';

/** an address of this machine that is not loopback: a page connecting to it comes "from another machine" */
const lan = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

let runtime: Runtime;
let handle: RuntimeHandle;
let port: number;
const sockets: Socket[] = [];

beforeAll(async () => {
  ({ runtime, handle } = await startRuntime({ http: { port: 0, host: '0.0.0.0' } }));
  port = Number(new URL(handle.url).port);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await handle?.close();
});

/** a display page's socket at `host`, with the key it presents; resolves with what the runtime said of pairing */
function page(host: string, key?: string): Promise<{ socket: Socket; paired: boolean }> {
  const socket = io(`http://${host}:${port}/display`, {
    query: { id: 'main' },
    auth: key ? { key } : {},
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return new Promise((resolve) => socket.on('paired', (paired: boolean) => resolve({ socket, paired })));
}

/** the visitor's W as the store holds it (the attract autopilot moves the view too, at another level) */
const walking = () => runtime.store.active('move')?.priority === 'visitor';

describe.skipIf(!lan)('display key', () => {
  it('a page from another machine without the key is view only; with the key from the console it steers', async () => {
    const stranger = await page(lan!);
    expect(stranger.paired).toBe(false);
    stranger.socket.emit('input', { kind: 'key', code: 'KeyW', down: true });
    await until(() => runtime.displays.refusedInputs > 0, 'the input refused');
    expect(walking()).toBe(false);

    const operator = io(`http://127.0.0.1:${port}/console`, {
      auth: { password: PASSWORD },
      transports: ['websocket'],
    });
    sockets.push(operator);
    const key = await new Promise<string>((resolve) => operator.on('display-key', resolve));
    expect(key).toMatch(/^[\w-]{12}$/);

    const paired = await page(lan!, key);
    expect(paired.paired).toBe(true);
    paired.socket.emit('input', { kind: 'key', code: 'KeyW', down: true });
    await until(walking, 'the keyed page walking');
    paired.socket.emit('input', { kind: 'key', code: 'KeyW', down: false });

    expect((await page(lan!, 'a-wrong-key')).paired).toBe(false);
  });

  it('a page on the kiosk machine itself needs no key', async () => {
    expect((await page('127.0.0.1')).paired).toBe(true);
  });
});
