/// <reference lib="dom" />
/** The whole loop in real headless Chromium: display page, keyboard Wander, sound, console, model crash. */
import type { Browser, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplayPageWindow } from '../../displays/projector/page-stats.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { launchChromium } from './chromium.ts';
import { PASSWORD, startRuntime, status, until } from './harness.ts';

let runtime: Runtime;
let url: string;
let browser: Browser;
let display: Page;

const displayStats = () => display.evaluate(() => (window as unknown as DisplayPageWindow).nacreDisplay);
/** a hash of the canvas pixels, to tell frames apart */
const canvasSignature = () =>
  display.evaluate(() => {
    // the page draws with WebGL: it reads its drawing back itself
    const read = (
      window as unknown as { nacreReadPixels: () => { width: number; height: number; rgba: string } }
    ).nacreReadPixels();
    const c = { width: read.width, height: read.height };
    const d = Uint8Array.from(atob(read.rgba), (ch) => ch.charCodeAt(0));
    let h = 0;
    let sum = 0;
    for (let i = 0; i < d.length; i += 16) {
      h = (h * 31 + d[i]!) >>> 0;
      sum += d[i]!;
    }
    return { h, mean: sum / (d.length / 16), width: c.width };
  });

/** the canvas as a 16x9 grid of mean brightness: the land under a walk moves whole cells; shimmer averages out */
const canvasGrid = () =>
  display.evaluate(() => {
    // the page draws with WebGL: it reads its drawing back itself
    const read = (
      window as unknown as { nacreReadPixels: () => { width: number; height: number; rgba: string } }
    ).nacreReadPixels();
    const c = { width: read.width, height: read.height };
    const d = Uint8Array.from(atob(read.rgba), (ch) => ch.charCodeAt(0));
    const [cols, rows] = [16, 9];
    const cells = new Array<number>(cols * rows).fill(0);
    const counts = new Array<number>(cols * rows).fill(0);
    for (let y = 0; y < c.height; y++) {
      for (let x = 0; x < c.width; x++) {
        const i = (y * c.width + x) * 4;
        const cell = Math.floor((y * rows) / c.height) * cols + Math.floor((x * cols) / c.width);
        cells[cell]! += (d[i]! + d[i + 1]! + d[i + 2]!) / 3;
        counts[cell]!++;
      }
    }
    const step = (window as unknown as DisplayPageWindow).nacreDisplay.lastStep;
    return { cells: cells.map((v, i) => v / counts[i]!), step };
  });
/** how much the view changed: the mean difference of the grids' cells */
const change = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;
/**
 * how much the view changes over the next `steps` of the world while whatever holds now holds on: counted in
 * steps, not milliseconds, since the view changes by the step and a loaded machine steps slower
 */
async function changeOver(steps: number): Promise<number> {
  const before = await canvasGrid();
  await until(async () => (await displayStats()).lastStep >= before.step + steps, `${steps} more steps drawn`);
  return change(before.cells, (await canvasGrid()).cells);
}

beforeAll(async () => {
  ({ runtime, url } = await startRuntime());
  browser = await launchChromium();
  display = await browser.newPage();
  await display.goto(`${url}/display/main`);
});

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

describe('display page', () => {
  it('shows frames of the world, and the attract prompt while nobody is there', async () => {
    await until(async () => (await displayStats()).drawn > 5, 'frames drawn');
    const sig = await canvasSignature();
    // the canvas fills the window; the picture it draws is the model's 320x180 frame
    expect(sig.width).toBe(1280);
    expect((await status(url)).outputs[0]).toMatchObject({ screen: { pictureWidth: 320, pictureHeight: 180 } });
    expect(sig.mean).toBeGreaterThan(10);
    expect((await displayStats()).overlay).toBe('press-any-key');
    expect(await display.locator('#overlay').textContent()).toBe('Press any key to explore');
    await display.screenshot({ path: 'var/e2e-display.png' }).catch(() => undefined);
  });

  it('holding W walks: the move condition shows in /api/status and the view moves more than it does by itself; releasing stops it', async () => {
    await display.keyboard.down('KeyW');
    const walking = await until(async () => {
      const s = await status(url);
      return s.session.phase === 'active' && s.conditions.move[1] === 1 && s;
    }, 'move [0, 1] while W is held');
    expect(walking.conditions.move).toEqual([0, 1]);
    // the page hears of the visit over its socket, a moment after the status says so
    await until(async () => (await displayStats()).overlay === null, 'the attract prompt gone from the page');
    const walked = await changeOver(45);
    await display.keyboard.up('KeyW');
    await until(async () => (await status(url)).conditions.move[1] === 0, 'move back to 0 after release');
    // the walk glides to a stop; without a walk to glide from, the view never moved enough to come to rest from
    await until(
      async () => (await changeOver(15)) < walked / 10,
      `the view to come to rest after a walk that changed it by ${walked.toFixed(2)}`,
    );
    // sky and water move on their own: the same span standing still is the baseline a walk must beat
    const stood = await changeOver(45);
    expect(walked).toBeGreaterThan(4 * stood + 1);
  });

  it("plays the world's sound through Web Audio", async () => {
    const stats = await until(async () => {
      const s = await displayStats();
      return s.audio.state === 'running' && s.audio.rms > 0.003 && s;
    }, 'audible sound in the page');
    expect(stats.audio.chunks).toBeGreaterThan(5);
  });

  it('a page that loses focus releases its keys', async () => {
    await display.keyboard.down('KeyD');
    await until(async () => (await status(url)).conditions.move[0] === 1, 'strafing');
    await display.evaluate(() => window.dispatchEvent(new Event('blur')));
    await until(async () => (await status(url)).conditions.move[0] === 0, 'released on blur');
    await display.keyboard.up('KeyD');
  });
});

describe('operator console', () => {
  it('refuses a Socket.IO client without the password, or with a wrong one', async () => {
    for (const auth of [{}, { password: 'guess' }]) {
      const socket = io(`${url}/console`, { auth, transports: ['websocket'], reconnection: false });
      const err = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
      socket.close();
      expect(err.message).toBe('unauthorized');
    }
  });

  it('shows the same conditions, and an instruction changes the style', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/console`);
    await page.fill('#password', PASSWORD);
    await page.click('#login button');
    await page.waitForSelector('#app:not([hidden])');
    await until(async () => (await page.locator('#conditions').textContent())?.includes('move'), 'conditions shown');
    await display.keyboard.down('KeyW');
    await until(
      async () => (await page.locator('#conditions').textContent())?.includes('[0.00, 1.00]'),
      'console shows move [0, 1]',
    );
    await display.keyboard.up('KeyW');

    await page.fill('#instruction', 'a golden sunset over the hills');
    await page.click('#instruct-form button');
    await until(
      async () => (await page.locator('#instructions').textContent())?.includes('-> sunset'),
      'instruction log entry',
    );
    expect((await status(url)).model.style).toBe('sunset');
    await page.screenshot({ path: 'var/e2e-console.png' }).catch(() => undefined);
    await page.close();
  });
});

describe('operator override and blackout', () => {
  it('the operator driving from the console preview overrides a visitor, and gives control back on blur', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/console`);
    await page.fill('#password', PASSWORD);
    await page.click('#login button');
    await page.waitForSelector('#app:not([hidden])');
    await display.keyboard.down('KeyW');
    await until(async () => (await status(url)).conditions.move[1] === 1, 'the visitor walking');
    await page.click('#preview');
    await page.keyboard.down('KeyA');
    await until(async () => {
      const m = (await status(url)).conditions.move;
      return m[0] === -1 && m[1] === 0;
    }, 'the operator strafing instead of the visitor walking');
    await page.keyboard.up('KeyA');
    await page.click('#instruction'); // focus leaves the preview
    await until(async () => (await status(url)).conditions.move[1] === 1, 'the visitor back in control');
    await display.keyboard.up('KeyW');

    await page.click('#blackout');
    await until(async () => (await displayStats()).blackout === true, 'blackout on the display');
    expect(await display.locator('#world').isVisible()).toBe(false);
    await until(async () => (await displayStats()).audio.rms < 0.0005, 'silence during blackout');
    await page.click('#blackout');
    // the display is a background tab behind the console here (a kiosk's never is): Chromium throttles it
    await display.bringToFront();
    await until(async () => (await displayStats()).blackout === false, 'blackout off');
    await page.close();
  });
});

describe('model failure', () => {
  it('killing the model worker brings the fallback, then the world back', async () => {
    const drawnBefore = (await displayStats()).drawn;
    runtime.world.keeper.crash();
    await until(async () => (await displayStats()).health === 'failed', 'the page shows its fallback');
    expect(await display.locator('#notice').isVisible()).toBe(true);
    await until(async () => (await displayStats()).health === 'running', 'the world back');
    await until(async () => (await displayStats()).drawn > drawnBefore + 10, 'frames again');
    const s = await status(url);
    expect(s.model.restarts).toBeGreaterThanOrEqual(1);
    expect(s.model.state).toBe('running');
  });
});

describe('http surface', () => {
  it('serves /api/status and Prometheus /metrics to loopback', async () => {
    const s = await status(url);
    expect(Object.keys(s).sort()).toEqual([
      'blackout',
      'bookmarks',
      'cameras',
      'checkpoint',
      'conditions',
      'drivers',
      'model',
      'outputs',
      'rehearsal',
      'session',
      'transport',
    ]);
    expect(s.outputs[0]).toMatchObject({ id: 'main', kind: 'display', state: 'open' });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^nacre_model_steps_total \d+/m);
    expect(metrics).toMatch(/^nacre_model_run_seconds_count [1-9]/m);
    expect(metrics).toMatch(/nacre_display_pages\{display="main"\} [1-9]/);
  });
});
