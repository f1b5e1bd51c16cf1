/// <reference lib="dom" />
/**
 * A panorama in real Chromium: one wide frame over three displays. Each page shows its own part of the frame
 * (the columns line up with the frame's), and in each overlap the two blended pictures add up to the light of one.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { panoramaLayout } from '../../displays/projector/panorama.ts';
import { cropOf } from '../../displays/projector/transport/crop.ts';
import type { Crop } from '../../displays/projector/transport/types.ts';
import type { Frame } from '../../runtime/core/world-model.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { launchChromium } from './chromium.ts';
import { flatFrame, pageStats, pixel, readCanvas, testFrame, type Pixels } from './display-pixels.ts';
import { startRuntime, until } from './harness.ts';

const [W, H] = [600, 180];
const IDS = ['left', 'centre', 'right'];
const PANORAMA = { displays: IDS, overlap: 0.2, curve: 2, gamma: 2.2 };
const crops: Crop[] = panoramaLayout(PANORAMA).map((p) => cropOf(p.region, W, H));
let runtime: Runtime;
let browser: Browser;
const pages: Page[] = [];
let step = 1_000_000;

beforeAll(async () => {
  let url: string;
  ({ runtime, url } = await startRuntime({
    displays: IDS.map((id) => ({ id, audio: false })),
    panorama: { displays: IDS, overlap: 0.2 },
  }));
  browser = await launchChromium();
  for (const [i, id] of IDS.entries()) {
    // each page's window is exactly its part of the frame, so a page pixel is a frame pixel
    const page = await browser.newPage({ viewport: { width: crops[i]!.width, height: crops[i]!.height } });
    await page.goto(`${url}/display/${id}`);
    pages.push(page);
  }
  for (const page of pages) await until(async () => (await pageStats(page)).drawn > 2, 'the pages draw');
  await runtime.loop.stop();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

async function show(frame: (s: number) => Frame): Promise<Pixels[]> {
  const target = (step += 100);
  const timer = setInterval(() => runtime.displays.presentFrame(frame(step++)), 30);
  try {
    for (const page of pages)
      await until(async () => (await pageStats(page)).lastStep >= target + 3, 'every page draws the frame', 10_000);
  } finally {
    clearInterval(timer);
  }
  return Promise.all(pages.map(readCanvas));
}

describe('panorama', () => {
  it('each display shows its region of the frame, column for column', async () => {
    const frame = testFrame(W, H, 0);
    const drawn = await show((s) => testFrame(W, H, s));
    for (const [i, crop] of crops.entries()) {
      // away from the blends (the outer 20 % of the inner edges)
      for (const c of [0.25, 0.4, 0.5, 0.6, 0.75].map((f) => Math.round(f * crop.width))) {
        const want = frame.data[(90 * W + crop.x + c) * 4]!;
        expect(Math.abs(pixel(drawn[i]!, c, 90)[0] - want), `${IDS[i]} column ${c}`).toBeLessThanOrEqual(1);
      }
    }
    // the regions overlap by a fifth of a display and cover the frame from edge to edge
    expect(crops[0]!.x).toBe(0);
    expect(crops[2]!.x + crops[2]!.width).toBe(W);
    expect(crops[0]!.x + crops[0]!.width - crops[1]!.x).toBe(Math.round(0.2 * crops[0]!.width));
  });

  it('in an overlap the two blended pictures add up to the light of one (gamma 2.2)', async () => {
    const drawn = await show((s) => flatFrame(W, H, 255, s));
    for (const [a, b] of [
      [0, 1],
      [1, 2],
    ] as const) {
      const [ca, cb] = [crops[a]!, crops[b]!];
      for (let x = cb.x + 3; x < ca.x + ca.width - 3; x += 7) {
        const la = Math.pow(pixel(drawn[a]!, x - ca.x, 90)[0] / 255, 2.2);
        const lb = Math.pow(pixel(drawn[b]!, x - cb.x, 90)[0] / 255, 2.2);
        expect(Math.abs(la + lb - 1), `frame column ${x}: ${la.toFixed(3)} + ${lb.toFixed(3)}`).toBeLessThan(0.06);
      }
    }
  });
});
