/// <reference lib="dom" />
/**
 * The console's operations panels in real Chromium: the plots of the last minutes fill and grow (with motion
 * to photon from a real display page), the model's bring-up, and a warning the runtime logs (a malformed OSC packet) appears in
 * the log tail, with its level filter.
 */
import { createSocket } from 'node:dgram';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import { launchChromium } from './chromium.ts';
import { pageStats } from './display-pixels.ts';
import { PASSWORD, startRuntime, status, until } from './harness.ts';

let runtime: Runtime;
let url: string;
let browser: Browser;
let console_: Page;
let oscPort: number;

async function freePort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** what a plot holds: its number of points and its newest values, as plots.js exposes them */
const plot = (id: string) =>
  console_.$eval(`#plot-${id}`, (el) => ({
    points: Number((el as HTMLElement).dataset.points),
    last: JSON.parse((el as HTMLElement).dataset.last ?? '{}') as Record<string, number>,
    canvas: el.querySelector('canvas') !== null,
  }));

beforeAll(async () => {
  oscPort = await freePort();
  ({ runtime, url } = await startRuntime({ osc: { udp: { address: '127.0.0.1', port: oscPort } } }));
  await until(async () => (await status(url)).drivers.some((d) => d.id === 'osc' && d.state === 'open'), 'OSC open');
  browser = await launchChromium();
  const display = await browser.newPage({ viewport: { width: 640, height: 360 } });
  await display.goto(`${url}/display/main`);
  await until(async () => (await pageStats(display)).drawn > 2, 'the display draws');
  console_ = await browser.newPage({ viewport: { width: 1400, height: 1600 } });
  await console_.goto(`${url}/console`);
  await console_.fill('#password', PASSWORD);
  await console_.click('#login button');
  await console_.waitForSelector('#app:not([hidden])');
});

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

describe('console operations', () => {
  it('plots steps/s, step time, motion to photon, drops and devices, and they grow each second', async () => {
    const first = await until(async () => {
      const p = await plot('steps');
      return p.points >= 2 && p.last['steps/s']! > 0 && p;
    }, 'steps/s plotted');
    expect(first.canvas).toBe(true);
    const photon = await until(async () => {
      const p = await plot('photon');
      return p.last.main !== undefined && p;
    }, 'motion to photon of the display page');
    expect(photon.last.main).toBeGreaterThan(0);
    const time = await plot('step-time');
    expect(Object.keys(time.last).sort()).toEqual(['mean', 'p95']);
    expect((await plot('dropped')).last).toHaveProperty('main');
    expect((await plot('devices')).last.open).toBeGreaterThanOrEqual(1); // the OSC server
    await until(async () => (await plot('steps')).points > first.points, 'the plot grows');
    // the runtime keeps the same history the page was sent
    expect(runtime.operations.metrics.samples().length).toBeGreaterThan(first.points);
  });

  it("shows the model's bring-up: its phases from the runtime's start in /api/status and on the console", async () => {
    const load = (await status(url)).model.load!;
    expect(load.phases.map((p) => p.phase)).toEqual(['loading', 'opening', 'ready']);
    expect(load.fraction).toBe(1);
    const box = console_.locator('#model-load');
    expect(await box.getAttribute('data-phases')).toBe('loading opening ready');
    expect(await box.textContent()).toMatch(/ready \(the last load took [\d.]+ s\)/);
  });

  it('shows a warning the runtime logs in the log tail; the level filter hides it and shows it again', async () => {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.send(Buffer.from('not osc at all!!'), oscPort, '127.0.0.1', () => r()));
    s.close();
    const warning = console_.locator('#log-tail li[data-level="warn"]', { hasText: 'malformed OSC packet' });
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/WARN.*malformed OSC packet ignored/);
    await console_.selectOption('#log-level', 'error');
    await warning.waitFor({ state: 'hidden' });
    await console_.selectOption('#log-level', 'info');
    await warning.waitFor();
    // the console's own login line is there too, and no password in any line
    const all = (await console_.locator('#log-tail').textContent()) ?? '';
    expect(all).toMatch(/console connected/);
    expect(all).not.toContain(PASSWORD);
  });

  it('a paused tail holds new lines until it is let go', async () => {
    await console_.check('#log-pause');
    const before = await console_.locator('#log-tail li').count();
    const s = createSocket('udp4');
    // a kind of malformed packet not logged before (one line per kind): an OSC address with no type tags
    await new Promise<void>((r) => s.send(Buffer.from('/x\0\0'), oscPort, '127.0.0.1', () => r()));
    s.close();
    await until(
      () => runtime.operations.logs.lines().filter((l) => /malformed OSC/.test(l.msg)).length >= 2,
      'the second warning logged',
    );
    expect(await console_.locator('#log-tail li').count()).toBe(before);
    await console_.uncheck('#log-pause');
    await until(async () => (await console_.locator('#log-tail li').count()) > before, 'the held lines shown');
  });
});
