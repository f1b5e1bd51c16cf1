/** Display pages on other machines steer only with the display key (shown on the console); loopback needs none. */
import { networkInterfaces } from 'node:os';
import type { Browser } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime, RuntimeHandle } from '../../runtime/runtime.ts';
import { DisplayKey } from '../../runtime/security/display-key.ts';
import { launchChromium } from './chromium.ts';
import { PASSWORD, startRuntime, until } from './harness.ts';

/** an address of this machine that is not loopback: a page connecting to it comes "from another machine" */
const lan = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

let runtime: Runtime;
let handle: RuntimeHandle;
let port: number;
let browser: Browser | undefined;
const sockets: Socket[] = [];

beforeAll(async () => {
  ({ runtime, handle } = await startRuntime({ http: { port: 0, host: '0.0.0.0' } }));
  port = Number(new URL(handle.url).port);
});
afterAll(async () => {
  await browser?.close();
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

  it('the page itself says it is view only until it has the key, in Chromium', async () => {
    browser = await launchChromium();
    const tab = await browser.newPage();
    /** the page's view-only notice once the runtime said whether it may steer */
    const notice = async () => {
      await tab.waitForFunction(
        () => typeof (window as { nacreDisplay?: { paired?: boolean } }).nacreDisplay?.paired === 'boolean',
      );
      const el = tab.locator('#view-only');
      return { visible: await el.isVisible(), text: await el.textContent() };
    };
    await tab.goto(`http://${lan!}:${port}/display/main`);
    expect(await notice()).toEqual({
      visible: true,
      text: 'View only: this screen is not paired. Ask an operator for its display key.',
    });

    const { key } = await DisplayKey.load(runtime.config.stateDir); // the one the runtime made
    await tab.goto(`http://${lan!}:${port}/display/main?key=${key}`);
    expect((await notice()).visible).toBe(false);
    // kept by the page: the next visit without it in the address steers too
    await tab.goto(`http://${lan!}:${port}/display/main`);
    expect((await notice()).visible).toBe(false);

    const local = await browser.newPage();
    await local.goto(`http://127.0.0.1:${port}/display/main`);
    await local.waitForFunction(
      () => (window as { nacreDisplay?: { paired?: boolean } }).nacreDisplay?.paired === true,
    );
    expect(await local.locator('#view-only').isVisible()).toBe(false);
  });

  it('a page on the kiosk machine itself needs no key', async () => {
    expect((await page('127.0.0.1')).paired).toBe(true);
  });
});
