/// <reference lib="dom" />
/**
 * Projection mapping in real Chromium (WebGL2): a known test frame through a corner pin, a mesh, an edge
 * blend, a black level lift and a mask comes out where and as bright as warp.js says, read back from the page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectionMapping } from '../../runtime/core/display-protocol.ts';
import { mappingSchema } from '../../displays/projector/mapping/schema.ts';
import { apply, blendAt, meshAt, squareToQuad, type Quad } from '../../displays/projector/page/warp.js';
import type { Runtime } from '../../runtime/runtime.ts';
import { launchChromium } from './chromium.ts';
import { flatFrame, pageStats, pixel, readCanvas, testFrame, type Pixels } from './display-pixels.ts';
import { startRuntime, until } from './harness.ts';

const [W, H] = [320, 180];
const [SW, SH] = [400, 300];
let runtime: Runtime;
let browser: Browser;
let page: Page;
let step = 1_000_000;

beforeAll(async () => {
  let url: string;
  ({ runtime, url } = await startRuntime({ displays: [{ id: 'wall', audio: false }] }));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: SW, height: SH } });
  await page.goto(`${url}/display/wall`);
  await until(async () => (await pageStats(page)).drawn > 2, 'the page draws');
  await runtime.loop.stop();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

/** sets the mapping, then sends `frame` until the page drew it with that mapping */
async function drawWith(mapping: Partial<ProjectionMapping>, frame = testFrame): Promise<Pixels> {
  expect(runtime.projection.set('wall', mappingSchema.parse(mapping))).toEqual({ ok: true });
  const target = (step += 100);
  const timer = setInterval(() => runtime.displays.presentFrame(frame(W, H, step++)), 30);
  try {
    await until(async () => (await pageStats(page)).lastStep >= target + 3, 'the page draws the frame', 10_000);
  } finally {
    clearInterval(timer);
  }
  return readCanvas(page);
}

/** the screen pixel where the picture's point (u, v) lands */
function landing(corners: Quad, mesh: ProjectionMapping['mesh'], u: number, v: number): [number, number] {
  const [mx, my] = meshAt(mesh, u, v);
  const [x, y] = apply(squareToQuad(corners), mx, my);
  return [x * SW - 0.5, y * SH - 0.5];
}

const CORNERS: Quad = [
  [0.1, 0.2],
  [0.9, 0.05],
  [0.8, 0.95],
  [0.15, 0.8],
];
const SAMPLES = [0.1, 0.3, 0.5, 0.7, 0.9].flatMap((u) => [0.15, 0.5, 0.85].map((v) => [u, v] as const));

describe('projection mapping in the page', () => {
  it('a corner pin puts every point of the picture where the homography says', async () => {
    const drawn = await drawWith({ corners: CORNERS });
    for (const [u, v] of SAMPLES) {
      const [r, g] = pixel(drawn, ...landing(CORNERS, null, u, v));
      expect(Math.abs(r - u * 255), `red at (${u}, ${v})`).toBeLessThan(6);
      expect(Math.abs(g - v * 255), `green at (${u}, ${v})`).toBeLessThan(6);
    }
    expect(pixel(drawn, 2, 2)).toEqual([0, 0, 0]);
    expect(pixel(drawn, SW - 3, SH - 3)).toEqual([0, 0, 0]);
  });

  it('a blended edge ramps the light down as the curve and gamma say; the rest is untouched', async () => {
    const blend = { right: { width: 0.3, curve: 2, gamma: 2.2 }, top: { width: 0.2, curve: 1, gamma: 1 } };
    const drawn = await drawWith({ corners: CORNERS, blend }, (w, h, s) => flatFrame(w, h, 255, s));
    for (const [u, v] of [...SAMPLES, [0.95, 0.5] as const, [0.8, 0.05] as const]) {
      const want = 255 * blendAt(blend, u, v);
      const [r] = pixel(drawn, ...landing(CORNERS, null, u, v));
      expect(Math.abs(r - want), `light at (${u}, ${v}): ${r}, expected ${want.toFixed(1)}`).toBeLessThan(6);
    }
    // in the middle of the right ramp the picture gives half its light: 0.5 ^ (1 / 2.2) of full value
    const [mid] = pixel(drawn, ...landing(CORNERS, null, 0.85, 0.5));
    expect(Math.abs(mid - 255 * Math.pow(0.5, 1 / 2.2))).toBeLessThan(6);
  });

  it('a mesh point moves the picture around it; a black lift raises black outside the blends only', async () => {
    const points = [0, 0.5, 1].flatMap((v) => [0, 0.5, 1].map((u) => [u, v] as [number, number]));
    points[4] = [0.62, 0.45];
    const mesh = { cols: 3, rows: 3, smooth: false, points };
    const drawn = await drawWith({ corners: CORNERS, mesh });
    const [r, g] = pixel(drawn, ...landing(CORNERS, mesh, 0.5, 0.5));
    expect(Math.abs(r - 127.5)).toBeLessThan(6);
    expect(Math.abs(g - 127.5)).toBeLessThan(6);
    // where the centre would be without the mesh, another part of the picture shows
    const [r0] = pixel(drawn, ...landing(CORNERS, null, 0.5, 0.5));
    expect(Math.abs(r0 - 127.5)).toBeGreaterThan(10);

    const blend = { left: { width: 0.25, curve: 2, gamma: 2.2 } };
    const lifted = await drawWith({ corners: CORNERS, blend, blackLift: 0.1 }, (w, h, s) => flatFrame(w, h, 0, s));
    expect(pixel(lifted, ...landing(CORNERS, null, 0.6, 0.5))[0]).toBeCloseTo(25.5, -1);
    expect(pixel(lifted, ...landing(CORNERS, null, 0.1, 0.5))[0]).toBeLessThan(3);
    expect(pixel(lifted, 2, 2)[0]).toBe(0);
  });

  it('nothing is drawn outside the mask polygons', async () => {
    const mask = [
      [
        [0, 0],
        [0.5, 0],
        [0.5, 1],
        [0, 1],
      ],
      [
        [0.7, 0.4],
        [0.95, 0.4],
        [0.95, 0.6],
      ],
    ] as [number, number][][];
    const drawn = await drawWith({ mask }, (w, h, s) => flatFrame(w, h, 200, s));
    // fitted 320x180 into 400x300: the picture spans the width, rows 37..262
    expect(pixel(drawn, 100, 150)[0]).toBeGreaterThan(190);
    expect(pixel(drawn, 260, 150)[0]).toBe(0);
    expect(pixel(drawn, 0.9 * SW, 0.45 * SH)[0]).toBeGreaterThan(190);
    expect(pixel(drawn, 0.75 * SW, 0.55 * SH)[0]).toBe(0); // below the triangle's long edge
  });
});
