/// <reference lib="dom" />
/**
 * Opening hours' closed picture on a fake clock, in real Chromium: a page that connects while closed shows
 * the picture (fitted, black bars), the world comes back at opening, and closing again shows the picture on
 * pages already open, whatever carries their frames (raw, JPEG, H.264).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.ts';
import { silentLogger } from '../../runtime/core/log.ts';
import { Runtime } from '../../runtime/runtime.ts';
import { launchChromium } from './chromium.ts';
import { pageStats, readCanvas, type Pixels } from './display-pixels.ts';
import { PASSWORD, status, until } from './harness.ts';

const ORANGE = [230, 120, 30];
const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Paris' }).toMillis();
let now = at('2026-12-01T08:00'); // a Tuesday, before opening
let runtime: Runtime;
let url: string;
let browser: Browser;
const pages: Page[] = [];
const DISPLAYS = ['raw', 'jpeg', 'h264'];

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'nacre-closed-'));
  const closedImage = join(dir, 'closed.png');
  // 4:1, so a 16:9 display has black bars above and below it
  const [r, g, b] = ORANGE as [number, number, number];
  await sharp({ create: { width: 400, height: 100, channels: 3, background: { r, g, b } } })
    .png()
    .toFile(closedImage);
  const config = configSchema.parse({
    http: { port: 0, host: '127.0.0.1' },
    model: { path: 'models/default-320x180' },
    displays: [
      { id: 'raw', audio: false },
      { id: 'jpeg', transport: 'jpeg', audio: false },
      { id: 'h264', transport: 'h264', h264: { keyframeSeconds: 0.5 }, audio: false },
    ],
    console: { password: PASSWORD },
    stateDir: join(dir, 'state'),
    schedule: { timezone: 'Europe/Paris', week: { tue: ['10:00-18:00'] }, warmUpMinutes: 10, closedImage },
  });
  runtime = new Runtime(config, silentLogger(), () => now);
  url = (await runtime.start(0, '127.0.0.1')).url;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

const evaluate = async (iso: string) => {
  now = at(iso);
  await runtime.hours!.evaluate();
};

/** the RGB at a point of the canvas, as fractions of its width and height (rows from the top) */
const rgbAt = (p: Pixels, fx: number, fy: number) => {
  const i = (Math.floor(fy * (p.height - 1)) * p.width + Math.floor(fx * (p.width - 1))) * 4;
  return [p.data[i]!, p.data[i + 1]!, p.data[i + 2]!];
};
const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) <= 12);
const showsPicture = async (page: Page) => {
  const p = await readCanvas(page);
  return near(rgbAt(p, 0.5, 0.5), ORANGE) && near(rgbAt(p, 0.5, 0.05), [0, 0, 0]);
};

it('a page that connects while closed shows the closed picture, fitted with black bars', async () => {
  expect((await status(url)).schedule?.state).toBe('closed');
  for (const id of DISPLAYS) {
    const page = await browser.newPage({ viewport: { width: 800, height: 450 } });
    await page.goto(`${url}/display/${id}`);
    pages.push(page);
  }
  for (const page of pages) {
    await until(async () => (await pageStats(page)).closed === true, 'the page has the closed picture');
    await until(() => showsPicture(page), 'orange in the middle, black above');
    expect(await page.evaluate(() => getComputedStyle(document.getElementById('world')!).visibility)).toBe('visible');
  }
});

it('at opening the world is back on every transport; closing again shows the picture on open pages', async () => {
  await evaluate('2026-12-01T10:00');
  expect((await status(url)).schedule?.state).toBe('open');
  for (const page of pages) {
    await until(async () => (await pageStats(page)).closed === false, 'the picture gone');
    const drawn = (await pageStats(page)).drawn;
    await until(async () => (await pageStats(page)).drawn > drawn + 3, 'world frames drawn');
    expect(await showsPicture(page)).toBe(false);
  }
  await evaluate('2026-12-01T18:00');
  expect((await status(url)).schedule?.state).toBe('closed');
  for (const page of pages) await until(() => showsPicture(page), 'the closed picture again');
  const res = await fetch(`${url}/assets/closed-picture`);
  expect(res.headers.get('content-type')).toBe('image/png');
});
