/// <reference lib="dom" />
/**
 * A pad on the display PC through the page's Gamepad API, in real Chromium. Headless Chromium has no pads
 * and no way to add one (RIGS.md), so the page is given a `navigator.getGamepads` that returns a pad
 * shaped like the browser's own standard-mapping Gamepad; everything after it (the page's polling, the
 * socket, the browser driver, the default gamepad mappings, the session) is the real path.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import { launchChromium } from './chromium.ts';
import { startRuntime, status, until } from './harness.ts';

/** the stand-in pad this test gives the page */
type TestPadWindow = { setTestPad(axes: number[], pressed: number[], connected: boolean): void };

let runtime: Runtime;
let url: string;
let browser: Browser;
let display: Page;

const setPad = (axes: number[], pressed: number[] = [], connected = true) =>
  display.evaluate(([a, p, c]) => (window as unknown as TestPadWindow).setTestPad(a, p, c), [
    axes,
    pressed,
    connected,
  ] as const);

beforeAll(async () => {
  ({ runtime, url } = await startRuntime());
  browser = await launchChromium();
  display = await browser.newPage();
  await display.addInitScript(() => {
    const pad = {
      index: 0,
      id: 'Test pad (STANDARD GAMEPAD)',
      mapping: 'standard',
      connected: true,
      axes: [0, 0, 0, 0],
      buttons: [] as { pressed: boolean; value: number }[],
    };
    const setButtons = (pressed: number[]) =>
      (pad.buttons = Array.from({ length: 17 }, (_, i) => ({
        pressed: pressed.includes(i),
        value: pressed.includes(i) ? 1 : 0,
      })));
    setButtons([]);
    (window as unknown as TestPadWindow).setTestPad = (axes: number[], pressed: number[], connected: boolean) => {
      pad.axes = axes;
      setButtons(pressed);
      pad.connected = connected;
    };
    Object.defineProperty(navigator, 'getGamepads', { value: () => [pad.connected ? pad : null] });
  });
  await display.goto(`${url}/display/main`);
});

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

describe('a pad on the display PC', () => {
  it('its left stick wakes the kiosk and walks, with up as forward', async () => {
    await setPad([0, -1, 0, 0]);
    const s = await until(async () => {
      const st = await status(url);
      return st.session.phase === 'active' && st.conditions.move[1] > 0.99 && st;
    }, 'walking forward on the page pad');
    expect(s.conditions.move[0]).toBeCloseTo(0, 3);
  });

  it('the right stick looks, the right trigger sprints, south jumps', async () => {
    await setPad([0, 0, 1, 0], [7, 0]);
    const s = await until(async () => {
      const st = await status(url);
      return st.conditions.look[0] > 1.5 && st.conditions.actions.sprint === true && st;
    }, 'look right and sprint');
    expect(s.conditions.actions).toMatchObject({ jump: true, fly: false });
    expect(s.conditions.move).toEqual([0, 0]);
    await setPad([0, 0, 0, 0]);
    await until(async () => (await status(url)).conditions.look[0] === 0, 'look back to 0');
  });

  it('a pad that disconnects leaves nothing held', async () => {
    await setPad([1, 0, 0, 0]);
    await until(async () => (await status(url)).conditions.move[0] > 0.99, 'strafing right');
    await display.evaluate(() => {
      (window as unknown as TestPadWindow).setTestPad([1, 0, 0, 0], [], false);
      dispatchEvent(Object.assign(new Event('gamepaddisconnected'), { gamepad: { index: 0 } }));
    });
    await until(async () => (await status(url)).conditions.move[0] === 0, 'move back to 0 after the pad left');
  });
});
