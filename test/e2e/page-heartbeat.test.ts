/// <reference lib="dom" />
/**
 * A display page that freezes (its JavaScript stops: a hung renderer, a debugger, a sleeping tab) lets go of
 * the keys it held within about a second, from its missing heartbeat, not after socket.io's ~45 s ping timeout.
 * Real headless Chromium; the freeze is the DevTools protocol's Debugger.pause.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DisplayPageWindow } from '../../displays/projector/page-stats.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { launchChromium } from './chromium.ts';
import { startRuntime, status, until } from './harness.ts';

let runtime: Runtime;
let url: string;
let browser: Browser;
let display: Page;

beforeAll(async () => {
  ({ runtime, url } = await startRuntime());
  browser = await launchChromium();
  display = await browser.newPage();
  await display.goto(`${url}/display/main`);
  await until(
    () => display.evaluate(() => (window as unknown as DisplayPageWindow).nacreDisplay.connected),
    'the page connected',
  );
});

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

it('a frozen page holding W stops walking within a few seconds, and is still connected meanwhile', async () => {
  await display.keyboard.down('KeyW');
  await until(async () => (await status(url)).conditions.move[1] === 1, 'walking while W is held');
  const cdp = await display.context().newCDPSession(display);
  await cdp.send('Debugger.enable');
  await cdp.send('Debugger.pause');
  // well under socket.io's ping interval + timeout (45 s): only the heartbeat can release it this soon
  await until(async () => (await status(url)).conditions.move[1] === 0, 'the frozen page let go of W', 5000);
  expect((await status(url)).outputs.find((o) => o.id === 'main')?.clients).toBe(1);
  expect(runtime.displays.heartbeats.expired).toBe(1);
  await cdp.send('Debugger.resume');
  await display.keyboard.up('KeyW');
});
