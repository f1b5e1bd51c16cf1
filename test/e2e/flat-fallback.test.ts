/**
 * A browser without WebGL2 (Chromium with its 3D APIs off) still shows the world: the page falls back to a 2D
 * canvas, says why in its statistics, and draws the frame exactly (without a projection mapping).
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import { CHROMIUM } from './chromium.ts';
import { pageStats, psnr, readCanvas, testFrame } from './display-pixels.ts';
import { startRuntime, until } from './harness.ts';

let runtime: Runtime;
let url: string;
let browser: Browser;

beforeAll(async () => {
  ({ runtime, url } = await startRuntime({ displays: [{ id: 'main', audio: false }] }));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-3d-apis'],
  });
});

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

describe('a page without WebGL2', () => {
  it('draws the world on a 2D canvas and says it cannot map', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 180 } });
    await page.goto(`${url}/display/main`);
    await until(async () => (await pageStats(page)).drawn > 2, 'frames drawn');
    expect((await pageStats(page)).renderer).toMatch(/^2d: this browser has no WebGL2/);
    await runtime.loop.stop();
    let step = 1_000_000;
    const timer = setInterval(() => runtime.displays.presentFrame(testFrame(320, 180, step++)), 30);
    try {
      await until(async () => (await pageStats(page)).lastStep > 1_000_003, 'the test frame drawn');
    } finally {
      clearInterval(timer);
    }
    expect(psnr(testFrame(320, 180, 0), await readCanvas(page))).toBe(Infinity);
  });
});
