/**
 * A kiosk on a HappyOyster world, in real Chromium, against the Open API stand-in: the display page is handed
 * the travel's ticket and host; its player cannot join offline (the SDK is not installed, or the real SDK
 * cannot reach its service from here), the page says so, and the kiosk falls back to the default world; the
 * next visit tries HappyOyster again.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import type { Browser, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../e2e/chromium.ts';
import { PASSWORD, startRuntime, status, until } from '../../e2e/harness.ts';
import type { Runtime } from '../../../runtime/runtime.ts';
import { realSdk } from './real-sdk.ts';
import { startStandIn, type HappyOysterStandIn } from './stand-in.ts';

function folder(api: HappyOysterStandIn, world: string, extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'nacre-happyoyster-kiosk-'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      format: 'wm/1',
      name: 'oyster-kiosk',
      width: 640,
      height: 360,
      fps: 10,
      happyoyster: {
        mode: 'adventure',
        baseUrl: api.url,
        keyEnv: 'NACRE_TEST_HO_KEY',
        worlds: [world],
        maxExperienceTimeSec: 60,
        ...extra,
      },
    }),
  );
  return dir;
}

/** the SDK stand-in (./sdk): the published surface the page uses, against the Open API stand-in; not the SDK */
const SDK_STAND_IN = fileURLToPath(new URL('./sdk', import.meta.url));

const credentials = (api: HappyOysterStandIn) => api.calls.filter((c) => c.endsWith('/get-travel-credential')).length;

describe('HappyOyster kiosk in Chromium, against the stand-in', () => {
  let api: HappyOysterStandIn;
  let browser: Browser;
  let runtime: Runtime | undefined;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    api = await startStandIn();
    process.env.NACRE_TEST_HO_KEY = api.key;
    browser = await launchChromium();
  });
  afterEach(async () => {
    await close?.();
    close = undefined;
    runtime = undefined;
    delete process.env.NACRE_HAPPYOYSTER_SDK;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    delete process.env.NACRE_TEST_HO_KEY;
  });

  async function kiosk(extra: Record<string, unknown> = {}): Promise<{ page: Page; url: string }> {
    const world = api.addWorld('adventure');
    const started = await startRuntime({
      model: { path: folder(api, world, extra), fallback: 'models/default-320x180' },
    });
    runtime = started.runtime;
    close = () => started.handle.close();
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(`${started.url}/display/main`);
    return { page, url: started.url };
  }

  it('without the SDK installed: the page reports it cannot play, the kiosk shows the default world, the next visit tries again', async () => {
    process.env.NACRE_HAPPYOYSTER_SDK = '/nonexistent';
    const { page, url } = await kiosk();
    // the runtime loaded the HappyOyster world and handed the page a ticket; the page could not load the player
    await until(() => runtime!.world.keeper.backend?.fallback, 'the fallback world runs', 20_000);
    expect(runtime!.world.keeper.backend?.fallback).toMatch(
      /display could not play the travel: the HappyOyster web SDK cannot be loaded/,
    );
    expect(runtime!.world.keeper.backend?.backend).toBe('onnx');
    expect(credentials(api)).toBe(1);
    // never a black wall: the default world's frames are drawn
    const drawn = await page.evaluate(
      () => (window as unknown as { nacreDisplay: { drawn: number } }).nacreDisplay.drawn,
    );
    await until(
      async () =>
        (await page.evaluate(() => (window as unknown as { nacreDisplay: { drawn: number } }).nacreDisplay.drawn)) >
        drawn + 5,
      'default world frames drawn',
      10_000,
    );
    expect(await page.evaluate(() => document.body.dataset.surface)).toBe('idle');
    expect((await status(url)).model).toBeDefined();

    // the next visit asks HappyOyster again (a new ticket), fails the same way here, and falls back again
    await page.keyboard.press('KeyW');
    await until(async () => (await status(url)).session.phase === 'active', 'a visit', 10_000);
    await fetch(`${url}/api/commands/reset`, { method: 'POST' });
    await until(() => credentials(api) === 2, 'a second ticket', 20_000);
    await until(
      () => runtime!.world.keeper.backend?.backend === 'onnx' && runtime!.world.keeper.backend?.fallback,
      'the fallback again',
      20_000,
    );
  });

  it(
    'with the SDK stand-in: the page joins, held keys reach its player, the console sees its video, the visit ends with the travel',
    { timeout: 180_000 },
    async () => {
      process.env.NACRE_HAPPYOYSTER_SDK = SDK_STAND_IN;
      const { page, url } = await kiosk({ record: true });
      const surface = () => page.evaluate(() => document.body.dataset.surface);
      await until(async () => (await surface()) === 'ready', 'the player loaded', 20_000);
      await page.keyboard.down('KeyW'); // a visitor: the visit begins and the page's player enters the travel
      await until(async () => (await surface()) === 'joined', 'the travel joined', 20_000);
      const travel = [...api.travels.values()].at(-1)!;
      expect(runtime!.world.keeper.backend).toMatchObject({ backend: 'happyoyster', sequence: travel.id });
      expect(runtime!.world.keeper.backend?.fallback).toBeUndefined();
      // W held: Adventure's "Front", re-sent by the page while held
      await until(() => travel.commands.filter((c) => c.translation === 'Front').length >= 2, 'Front held', 10_000);

      // the console's preview is the page's video, captured by the page: green while Front is held
      const socket = io(`${url}/console`, { auth: { password: PASSWORD }, transports: ['websocket'] });
      try {
        const green = await new Promise<boolean>((resolve) =>
          socket.on('preview-jpeg', (_meta, buf: Buffer) => {
            const { data } = jpeg.decode(buf, { useTArray: true });
            if (data[1]! > 150 && data[0]! < 60 && data[2]! < 60) resolve(true);
          }),
        );
        expect(green).toBe(true);
      } finally {
        socket.close();
      }
      await page.keyboard.up('KeyW');

      // the travel's own clock: 57 of its 60 s gone, the visit ends when it is up (not at the kiosk's 600 s)
      travel.startedAt -= 57_000;
      await until(
        async () => ((await status(url)).session.remainingSeconds ?? 99) <= 4,
        'the time left follows',
        10_000,
      );
      await until(() => runtime!.session.now.reason === 'world-ended', 'the visit ended with the travel', 15_000);
      expect(travel.status).toBe('completed');

      // the page recorded what it played; the runtime kept it, whole and readable, in the state folder
      const recorder = runtime!.displays.recorder!;
      await until(() => recorder.files.length === 1 && !recorder.stats.recording, 'the recording closed', 10_000);
      const probe = JSON.parse(
        execFileSync('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', recorder.files[0]!], {
          encoding: 'utf8',
        }),
      ) as { format: { format_name: string }; streams: { codec_type: string; width?: number }[] };
      expect(probe.format.format_name).toMatch(/webm/);
      expect(probe.streams.find((s) => s.codec_type === 'video')).toMatchObject({ width: 320 });
      const frames = execFileSync(
        'ffprobe',
        [
          '-v',
          'error',
          '-count_frames',
          '-select_streams',
          'v:0',
          '-show_entries',
          'stream=nb_read_frames',
          '-of',
          'csv=p=0',
          recorder.files[0]!,
        ],
        { encoding: 'utf8' },
      );
      expect(Number(frames.trim())).toBeGreaterThan(15); // more than a second of the travel at 15 frames/s
      expect(recorder.stats.dropped).toBe(0);
    },
  );

  it('with the real SDK (installed from npm): it loads and begins the travel, cannot join offline, and the kiosk falls back', async () => {
    process.env.NACRE_HAPPYOYSTER_SDK = await realSdk();
    const { page, url } = await kiosk();
    await until(
      async () => (await page.evaluate(() => document.body.dataset.surface)) === 'ready',
      'the SDK loaded',
      30_000,
    );
    await page.keyboard.press('KeyW'); // a visitor: the visit begins, the page's player starts the travel
    await until(async () => (await status(url)).session.phase === 'active', 'a visit', 10_000);
    await until(() => runtime!.world.keeper.backend?.fallback, 'the fallback world runs', 60_000);
    expect(runtime!.world.keeper.backend?.fallback).toMatch(/display could not play the travel/);
    expect(await page.evaluate(() => document.body.dataset.surface)).toBe('idle');
  }, 300_000);
});
