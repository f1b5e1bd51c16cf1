/// <reference lib="dom" />
/**
 * The console's rewind timeline strip in real Chromium on the default ONNX world: a click at a point of the
 * strip rewinds the world about that many seconds (its window in /api/status ends that much earlier), and the
 * keyboard does it too.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import { launchChromium } from './chromium.ts';
import { PASSWORD, startRuntime, status, until } from './harness.ts';

let runtime: Runtime;
let url: string;
let browser: Browser;
let page: Page;
const FPS = 30;

beforeAll(async () => {
  ({ runtime, url } = await startRuntime({
    model: { path: 'models/default-320x180', lookahead: 0 },
    session: { mode: 'direct' },
    input: { keyboard: 'none', gamepad: 'none' },
    transport: { rewindSeconds: 20 },
    stateDir: await mkdtemp(join(tmpdir(), 'nacre-timeline-')),
  }));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${url}/console`);
  await page.fill('#password', PASSWORD);
  await page.click('#login button');
  await page.waitForSelector('#app:not([hidden])');
});

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

/** the world held still: the step count the same twice in a row */
async function held(): Promise<void> {
  let last = -1;
  await until(
    async () => {
      const steps = (await status(url)).model.steps;
      const same = steps === last;
      last = steps;
      return same;
    },
    'the world held',
    10_000,
    300,
  );
}

/** the last transport answer in the console's instruction log: "rewound X s to step N" */
const lastRewound = async () =>
  /rewound ([\d.]+) s to step (\d+)/.exec((await page.textContent('#instructions')) ?? '');

it('a click at a point of the strip rewinds the world about that many seconds', { timeout: 180_000 }, async () => {
  await until(
    async () => ((await status(url)).transport.rewindableSeconds ?? 0) >= 9,
    'nine seconds of world to rewind',
    120_000,
    500,
  );
  await page.click('#pause');
  await held();
  const pausedWindow = (await status(url)).transport.rewindableSeconds ?? 0;
  const paused = await until(
    async () => /paused at step (\d+)/.exec((await page.textContent('#instructions')) ?? ''),
    'the pause answered',
  );
  // the step under way when the pause came still finishes
  const pausedStep = Number(paused[1]) + 1;
  // the strip's window as the page has it now: now at the right end, the oldest snapshot at the left
  const window = await until(async () => {
    const max = Number(await page.getAttribute('#timeline', 'aria-valuemax'));
    return max >= 9 && max;
  }, 'the strip shows the window');
  expect(await page.getAttribute('#timeline', 'aria-disabled')).toBe('false');
  const box = (await page.locator('#timeline').boundingBox())!;
  await page.mouse.click(box.x + box.width * (1 - 4 / window), box.y + box.height / 2);

  const answer = await until(lastRewound, 'the rewind answered');
  const went = Number(answer[1]);
  const step = Number(answer[2]);
  // snapshots are a second apart: the one at or before the point asked
  expect(went).toBeGreaterThanOrEqual(3.8);
  expect(went).toBeLessThanOrEqual(5.2);
  // the world's own step went back: the window now ends that much earlier (paused, so nothing moved since)
  const windowNow = await until(async () => {
    const w = (await status(url)).transport.rewindableSeconds ?? 0;
    return w < pausedWindow && w;
  }, 'the world went back');
  expect(windowNow).toBeCloseTo(pausedWindow - went, 0);
  expect(step).toBeLessThanOrEqual(pausedStep - 3.8 * FPS);
});

it('the keyboard picks a point and rewinds; a running world keeps running from there', async () => {
  await page.click('#resume');
  await until(async () => ((await status(url)).transport.rewindableSeconds ?? 0) >= 4, 'four seconds to rewind');
  const rewinds = async () => ((await page.textContent('#instructions')) ?? '').split('rewound ').length;
  const before = await rewinds();
  await page.focus('#timeline');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  expect(await page.getAttribute('#timeline', 'aria-valuetext')).toBe('2 s back');
  await page.keyboard.press('Enter');
  await until(async () => (await rewinds()) > before, 'rewound');
  const went = Number((await lastRewound())![1]);
  expect(went).toBeGreaterThanOrEqual(1.8);
  expect(went).toBeLessThanOrEqual(3.2);
  const steps = (await status(url)).model.steps;
  await until(async () => (await status(url)).model.steps > steps + 5, 'still running');
  // the strip's point is back at now, where the world is
  expect(await page.getAttribute('#timeline', 'aria-valuetext')).toBe('now');
});
