/// <reference lib="dom" />
/**
 * Frames over the three transports in real Chromium: a known test frame sent as raw RGBA, JPEG and H.264
 * (WebCodecs) is drawn by each page, read back, and compared with the frame (PSNR).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import { launchChromium } from './chromium.ts';
import { pageStats, psnr, readCanvas, testFrame } from './display-pixels.ts';
import { startRuntime, until } from './harness.ts';

const [W, H] = [320, 180];
let runtime: Runtime;
let url: string;
let browser: Browser;
const pages = new Map<string, Page>();

beforeAll(async () => {
  ({ runtime, url } = await startRuntime({
    displays: [
      { id: 'raw', audio: false },
      { id: 'jpeg', transport: 'jpeg', jpeg: { quality: 85 }, audio: false },
      { id: 'h264', transport: 'h264', h264: { keyframeSeconds: 0.5, bitrateKbps: 4000 }, audio: false },
    ],
  }));
  browser = await launchChromium();
  for (const id of ['raw', 'jpeg', 'h264']) {
    const page = await browser.newPage({ viewport: { width: W, height: H } });
    await page.goto(`${url}/display/${id}`);
    pages.set(id, page);
  }
  for (const [id, page] of pages) await until(async () => (await pageStats(page)).drawn > 3, `${id} draws the world`);
  // the world stops; from now on the pages get only the test frame
  await runtime.loop.stop();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

/** the test frame, again and again at 30 frames/s, until every page drew one of ours */
async function showTestFrame(): Promise<void> {
  const drawnBefore = new Map<string, number>();
  for (const [id, page] of pages) drawnBefore.set(id, (await pageStats(page)).lastStep);
  let step = 1_000_000;
  const timer = setInterval(() => runtime.displays.presentFrame(testFrame(W, H, step++)), 33);
  try {
    for (const [id, page] of pages)
      await until(async () => (await pageStats(page)).lastStep >= 1_000_010, `${id} draws the test frame`, 15_000);
  } finally {
    clearInterval(timer);
  }
  expect(drawnBefore.size).toBe(3);
}

describe('transports', () => {
  it('raw, JPEG and H.264 pages draw the test frame within their codec tolerance', async () => {
    await showTestFrame();
    const frame = testFrame(W, H, 0);
    const figures: Record<string, number> = {};
    for (const [id, page] of pages) {
      const drawn = await readCanvas(page);
      expect([drawn.width, drawn.height]).toEqual([W, H]);
      figures[id] = psnr(frame, drawn);
      expect((await pageStats(page)).codec).toBe(id);
    }
    console.log('PSNR dB', figures);
    // raw is exact up to the GPU's texture filtering; JPEG q85 with 4:2:0 chroma loses most on the hard blue blocks (31 dB here), H.264 at 4 Mbit/s 37 dB
    expect(figures.raw).toBeGreaterThan(45);
    expect(figures.jpeg).toBeGreaterThan(29);
    expect(figures.h264).toBeGreaterThan(33);
    const status = runtime.displays.status();
    const jpeg = status.find((o) => o.id === 'jpeg') as { meanBytes?: number };
    expect(jpeg.meanBytes).toBeLessThan(W * H * 4 * 0.25);
  });
});
