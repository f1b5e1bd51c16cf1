/**
 * `nacre kiosk` under Wayland (sway, headless): each display's browser is a native Wayland client that sway
 * puts full screen on the display's output, by name; a window taken out of full screen is put back; a killed
 * browser comes back on its output.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import type { KioskBrowser } from '../../runtime/kiosk/browser.ts';
import { runKiosk } from '../../runtime/kiosk/kiosk.ts';
import { screensFor } from '../../runtime/kiosk/screens.ts';
import { swayTree } from '../../runtime/kiosk/sway.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { startSway, type SwayRig } from '../rigs/sway.ts';
import { CHROMIUM } from './chromium.ts';
import { startRuntime, until } from './harness.ts';

const run = promisify(execFile);
let sway: SwayRig;
let runtime: Runtime;
let url: string;
let browsers: KioskBrowser[] = [];

const grim = async (output: string) =>
  (await run('grim', ['-o', output, '-t', 'png', '-'], { env: sway.env, encoding: 'buffer' })).stdout;

/** how many different colours a picture has (a blank or single-colour window has a handful) */
function distinctColours(data: Buffer, channels: number): number {
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i += channels * 7) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
  return seen.size;
}

const clients = (id: string) =>
  (runtime.displays.status().find((o) => o.id === id) as { clients?: number } | undefined)?.clients ?? 0;

/** the output sway shows each browser's window on, full screen or not */
const windowOf = async (b: KioskBrowser) => (await swayTree(sway.env)).find((w) => w.pid === b.pid);

beforeAll(async () => {
  sway = await startSway([
    { width: 800, height: 450 },
    { width: 640, height: 360 },
  ]);
  ({ runtime, url } = await startRuntime({
    displays: [
      { id: 'left', output: 'HEADLESS-2', audio: false },
      { id: 'right', output: 'HEADLESS-1', audio: false },
    ],
  }));
});

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.stop()));
  await runtime?.close();
  await sway?.stop();
});

describe('nacre kiosk under sway', () => {
  it('finds sway’s outputs by name', async () => {
    const screens = screensFor(sway.env);
    expect(screens.kind).toBe('sway');
    expect(await screens.outputs()).toEqual([
      { name: 'HEADLESS-1', x: 0, y: 0, width: 800, height: 450 },
      { name: 'HEADLESS-2', x: 800, y: 0, width: 640, height: 360 },
    ]);
  });

  it(
    'puts each display full screen on its output, and a killed browser back on its own',
    { timeout: 300_000 },
    async () => {
      browsers = await runKiosk(
        {
          config: runtime.config,
          server: url,
          only: [],
          options: {
            chromium: CHROMIUM,
            profileDir: await mkdtemp(join(tmpdir(), 'nacre-kiosk-sway-')),
            env: sway.env,
            heartbeatMs: 500,
            hungMs: 15_000,
            startMs: 30_000,
            reloadAfterMs: 5000,
            noSandbox: process.getuid?.() === 0,
          },
        },
        silentLogger(),
      );
      const [left, right] = browsers as [KioskBrowser, KioskBrowser];
      await until(() => clients('left') === 1 && clients('right') === 1, 'both pages connected', 90_000);
      // sway moves the window, then makes it full screen there: wait for both
      const placed = async (b: KioskBrowser, output: string) => {
        const w = await windowOf(b);
        return w?.output === output && w.fullscreen;
      };
      await until(() => placed(left, 'HEADLESS-2'), 'left full screen on HEADLESS-2', 30_000);
      await until(() => placed(right, 'HEADLESS-1'), 'right full screen on HEADLESS-1', 30_000);
      // what the projector shows: the world, drawn by the page over the whole output (grim reads sway's output)
      await until(
        async () => {
          const { data, info } = await sharp(await grim('HEADLESS-2'))
            .raw()
            .toBuffer({ resolveWithObject: true });
          return info.width === 640 && info.height === 360 && distinctColours(data, info.channels) > 1000;
        },
        'the world on the left projector',
        60_000,
      );

      // someone (or the browser itself) takes a window out of full screen: the next heartbeat puts it back.
      // Only once the kiosk has confirmed the placement: until then its placing puts the window back itself
      await until(() => right.onOutput, 'the kiosk confirmed right on its output', 30_000);
      await run('swaymsg', [`[pid=${right.pid}] fullscreen disable`], { env: sway.env });
      await until(() => right.putBack >= 1, 'right put back');
      await until(() => placed(right, 'HEADLESS-1'), 'right full screen on HEADLESS-1 again', 30_000);
      expect(right.restarts).toBe(0); // put back, not restarted

      process.kill(left.pid!, 'SIGKILL');
      await until(
        () => left.restarts >= 1 && left.state === 'running' && clients('left') === 1,
        'left back after a kill',
        90_000,
      );
      await until(() => placed(left, 'HEADLESS-2'), 'left full screen on HEADLESS-2 again', 30_000);
    },
  );
});
