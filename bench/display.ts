/** Display benchmarks in real Chromium: motion-to-photon and fan-out to several pages. */
import type { Page } from 'playwright-core';
import type { DisplayPageWindow } from '../displays/projector/page-stats.ts';
import { launchChromium } from '../test/e2e/chromium.ts';
import { startRuntime } from '../test/e2e/harness.ts';
import { poll } from './poll.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Draw = { step: number; sentAt: number; drawnAt: number };
const draws = (page: Page): Promise<Draw[]> =>
  page.evaluate(() => (window as unknown as DisplayPageWindow).nacreDisplay.draws);

/** key down in the page -> the first drawn frame of a step that was asked for after the key reached the runtime */
export async function motionToPhoton(
  model: string,
  rounds: number,
  lookahead: 0 | 1 = 0,
  display: Record<string, unknown> = { id: 'main' },
) {
  const { runtime, url } = await startRuntime({ model: { path: model, lookahead }, displays: [display] });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${url}/display/main`);
    await poll(async () => (await draws(page)).length > 5, 'frames');
    const arrivals: number[] = [];
    runtime.browser.onSignal((s) => s.channel === 'key:ArrowRight' && s.value === true && arrivals.push(Date.now()));
    await page.keyboard.press('KeyW'); // start a visit, so keys steer
    await sleep(500);
    const results: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t0: number = await page.evaluate(() => {
        const t = Date.now();
        dispatchEvent(new KeyboardEvent('keydown', { code: 'ArrowRight' }));
        return t;
      });
      const arrived = (await poll(() => arrivals[i], 'the key at the runtime')) as number;
      const first = (await poll(
        () => runtime.loop.requests.find((r) => r.at >= arrived),
        'a step asked after the key',
      ))!;
      const shown = (await poll(async () => (await draws(page)).find((d) => d.step >= first.step), 'that step drawn'))!;
      results.push(shown.drawnAt - t0);
      await page.evaluate(() => dispatchEvent(new KeyboardEvent('keyup', { code: 'ArrowRight' })));
      await sleep(300);
    }
    const stepMs = runtime.loop.stats().runMs;
    return { medianMs: median(results), stepMs, fps: runtime.world.keeper.manifest!.fps };
  } finally {
    await browser.close();
    await runtime.close();
  }
}

/** n pages on one display: frames drawn and dropped per page, and send-to-draw latency */
export async function fanOut(model: string, pages: number, seconds: number) {
  const { runtime, url } = await startRuntime({ model: { path: model } });
  const browser = await launchChromium();
  try {
    const open: Page[] = [];
    for (let i = 0; i < pages; i++) {
      const p = await browser.newPage();
      await p.goto(`${url}/display/main`);
      open.push(p);
    }
    await sleep(1500);
    const before = runtime.displays.outputs[0]!.stats();
    const steps0 = runtime.loop.steps;
    await sleep(seconds * 1000);
    const after = runtime.displays.outputs[0]!.stats();
    const steps = runtime.loop.steps - steps0;
    const latencies: number[] = [];
    for (const p of open) for (const d of await draws(p)) latencies.push(d.drawnAt - d.sentAt);
    return {
      stepsPerSecond: steps / seconds,
      framesPerPagePerSecond: (after.presented - before.presented) / pages / seconds,
      droppedShare: (after.dropped - before.dropped) / Math.max(1, steps * pages),
      latencyMs: median(latencies),
    };
  } finally {
    await browser.close();
    await runtime.close();
  }
}
