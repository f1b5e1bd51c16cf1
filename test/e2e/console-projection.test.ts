/// <reference lib="dom" />
/**
 * The console's Projection panel in real Chromium: a test pattern on the chosen projector, a corner dragged
 * on the picture of the display and nudged with the arrow keys, the projector following live, the calibration
 * saved in the state folder, and every mapping exported as YAML.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { NacreConfig } from '../../config/schema.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { launchChromium } from './chromium.ts';
import { pageStats } from './display-pixels.ts';
import { PASSWORD, startRuntime, until } from './harness.ts';

let runtime: Runtime;
let url: string;
let browser: Browser;
let display: Page;
let console_: Page;

const wall = () =>
  runtime.displays.outputs.find((o) => o.id === 'wall') as unknown as {
    mapping: { corners: [number, number][] | null };
  };

beforeAll(async () => {
  ({ runtime, url } = await startRuntime({
    displays: [
      { id: 'wall', audio: false, output: 'HDMI-1' },
      { id: 'side', audio: false },
    ],
  }));
  browser = await launchChromium();
  display = await browser.newPage({ viewport: { width: 800, height: 450 } });
  await display.goto(`${url}/display/wall`);
  await until(async () => (await pageStats(display)).drawn > 2, 'the projector draws');
  console_ = await browser.newPage({ viewport: { width: 1400, height: 1400 }, acceptDownloads: true });
  await console_.goto(`${url}/console`);
  await console_.fill('#password', PASSWORD);
  await console_.click('#login button');
  await console_.waitForSelector('#projection-panel:not([hidden])');
});

afterAll(async () => {
  await browser?.close();
  await runtime?.close();
});

describe('console projection set-up', () => {
  it('shows a test pattern on the chosen projector, and the world again', async () => {
    expect(await console_.locator('#proj-display option').allTextContents()).toEqual(['wall (HDMI-1)', 'side']);
    await console_.selectOption('#proj-pattern', 'grid');
    await until(async () => (await pageStats(display)).pattern === 'grid', 'the grid on the projector');
    await console_.selectOption('#proj-pattern', '');
    await until(async () => (await pageStats(display)).pattern === null, 'the world back');
  });

  it('a dragged corner moves on the projector live, arrow keys nudge it a pixel, and it is saved', async () => {
    // the picture of the display is drawn at the projector's aspect (800x450 as its page reported)
    await until(
      async () => (await console_.locator('#proj-editor').getAttribute('viewBox')) === '0 0 800 450',
      'the screen size',
    );
    // the editor's screen rectangle is the projector's picture: drag from its top left corner
    // (each status update redraws the editor, so the rectangle read may be one just replaced: read it again)
    // the panel may be below the window (the mouse reaches only what is in view)
    await console_.locator('#proj-editor').scrollIntoViewIfNeeded();
    const box = await until(() => console_.locator('#proj-editor rect.screen').boundingBox(), 'the screen rectangle');
    await console_.mouse.move(box.x + 2, box.y + 2);
    await console_.mouse.down();
    await console_.mouse.move(box.x + 0.1 * box.width, box.y + 0.2 * box.height, { steps: 5 });
    await console_.mouse.up();
    const dragged = await until(() => {
      const m = wall().mapping.corners;
      return m && Math.abs(m[0]![0] - 0.1) < 0.01 && Math.abs(m[0]![1] - 0.2) < 0.01 && m;
    }, 'the top left corner at (0.1, 0.2) on the projector');
    await console_.keyboard.press('ArrowRight');
    await console_.keyboard.press('Shift+ArrowDown');
    await until(() => {
      const m = wall().mapping.corners;
      return (
        m &&
        Math.abs(m[0]![0] - (dragged[0]![0] + 1 / 800)) < 1e-6 &&
        Math.abs(m[0]![1] - (dragged[0]![1] + 10 / 450)) < 1e-6
      );
    }, 'nudged one pixel right and ten down');
    // the projector page has it (it draws with the mapping the runtime sent)
    await until(async () => {
      const corners = await display.evaluate(
        () => (window as unknown as { nacreMapping?: { corners: number[][] | null } }).nacreMapping?.corners,
      );
      return corners?.[0]?.[0] === wall().mapping.corners?.[0]?.[0];
    }, 'the projector follows');
    const stateDir = (runtime.config as NacreConfig).stateDir;
    await until(async () => {
      const saved = await readFile(join(stateDir, 'projection', 'wall.json'), 'utf8').catch(() => '');
      return saved.includes(String(wall().mapping.corners?.[0]?.[0]));
    }, 'saved in the state folder');
  });

  it('exports every display’s mapping as YAML', async () => {
    const download = console_.waitForEvent('download');
    await console_.click('#proj-export');
    const file = await (await download).path();
    const doc = parse(await readFile(file!, 'utf8')) as { displays: { id: string; mapping: { corners: unknown } }[] };
    expect(doc.displays.map((d) => d.id)).toEqual(['wall', 'side']);
    expect(doc.displays[0]!.mapping.corners).toEqual(wall().mapping.corners);
  });
});
