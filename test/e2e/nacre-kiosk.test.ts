/**
 * `nacre kiosk` under Xvfb with Debian's Chromium: a browser per display on its output, pages connected to the
 * runtime; a killed browser and a hung one (SIGSTOP: its page stops answering the heartbeat) are started again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../runtime/core/log.ts';
import type { KioskBrowser } from '../../runtime/kiosk/browser.ts';
import { chromiumArgs } from '../../runtime/kiosk/browser.ts';
import { kioskTargets, runKiosk } from '../../runtime/kiosk/kiosk.ts';
import { x11Outputs } from '../../runtime/kiosk/outputs.ts';
import { x11Screens } from '../../runtime/kiosk/screens.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { CHROMIUM } from './chromium.ts';
import { startRuntime, until } from './harness.ts';

let xvfb: ChildProcess;
let env: NodeJS.ProcessEnv;
let runtime: Runtime;
let url: string;
let browsers: KioskBrowser[] = [];

const clients = (id: string) =>
  (runtime.displays.status().find((o) => o.id === id) as { clients?: number } | undefined)?.clients ?? 0;

beforeAll(async () => {
  // -displayfd: the X server picks a free display and says which (several sessions share this machine);
  // -noreset: it stays up between clients (during a reset it refuses whoever connects)
  xvfb = spawn('Xvfb', ['-displayfd', '3', '-noreset', '-screen', '0', '2560x720x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const display = await new Promise<string>((resolve) =>
    (xvfb.stdio[3] as Readable).once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  env = { ...process.env, DISPLAY: `:${display}` };
  ({ runtime, url } = await startRuntime({
    displays: [
      { id: 'a', output: 'screen', audio: false },
      { id: 'b', audio: false },
    ],
  }));
});

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.stop()));
  await runtime?.close();
  xvfb?.kill();
});

describe('nacre kiosk', () => {
  it('finds the X server’s outputs, and refuses an output this machine does not have', async () => {
    const outputs = await x11Outputs(env);
    expect(outputs).toContainEqual({ name: 'screen', x: 0, y: 0, width: 2560, height: 720 });
    const config = { ...runtime.config, displays: [{ ...runtime.config.displays[0]!, output: 'HDMI-9' }] };
    const options = {
      chromium: CHROMIUM,
      profileDir: '',
      env,
      heartbeatMs: 1,
      hungMs: 1,
      startMs: 1,
      reloadAfterMs: 1,
      noSandbox: true,
    };
    expect(() => kioskTargets({ config, server: url, only: [], options }, outputs)).toThrow(
      'display a: no output "HDMI-9" on this machine (outputs: screen)',
    );
    const args = chromiumArgs(
      { id: 'a', url: `${url}/display/a`, output: outputs[0] },
      '/p',
      false,
      x11Screens(env).chromiumFlags(outputs[0]),
    );
    expect(args).toEqual(expect.arrayContaining(['--kiosk', '--window-position=0,0', '--window-size=2560,720']));
    expect(args).toContain(`--unsafely-treat-insecure-origin-as-secure=${url}`);
  });

  it('opens every display’s page, and starts a killed or hung browser again', { timeout: 300_000 }, async () => {
    browsers = await runKiosk(
      {
        config: runtime.config,
        server: url,
        only: [],
        options: {
          chromium: CHROMIUM,
          profileDir: await mkdtemp(join(tmpdir(), 'nacre-kiosk-')),
          env,
          heartbeatMs: 500,
          hungMs: 3000,
          startMs: 30_000,
          reloadAfterMs: 5000,
          noSandbox: process.getuid?.() === 0,
        },
      },
      silentLogger(),
    );
    await until(() => clients('a') === 1 && clients('b') === 1, 'both pages connected', 60_000);
    await until(() => browsers.every((b) => b.state === 'running'), 'heartbeats answered', 30_000);

    const [a, b] = browsers as [KioskBrowser, KioskBrowser];
    process.kill(a.pid!, 'SIGKILL');
    await until(() => a.restarts === 1 && clients('a') === 1 && a.state === 'running', 'a back after a kill', 60_000);

    process.kill(b.pid!, 'SIGSTOP'); // the browser hangs: its page stops answering
    await until(() => b.restarts === 1, 'b killed as hung and started again', 60_000);
    await until(() => clients('b') === 1 && b.state === 'running', 'b back', 60_000);
  });
});
