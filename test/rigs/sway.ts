/**
 * Test rig: sway, the Wayland compositor, on wlroots' headless backend (no GPU, no screen) with named outputs
 * of given sizes side by side. sway refuses to run as root: as root it runs as `nobody`, in a runtime folder
 * that user owns (root's clients still reach its sockets).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StderrTail } from '../../displays/speaker/stderr-tail.ts';

export interface SwayRig {
  /** env for clients: XDG_RUNTIME_DIR, WAYLAND_DISPLAY, SWAYSOCK (no DISPLAY) */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

const NOBODY = 65534;

export async function startSway(outputs: { width: number; height: number }[]): Promise<SwayRig> {
  const dir = await mkdtemp(join(tmpdir(), 'nacre-sway-'));
  const conf = join(dir, 'sway.conf');
  let x = 0;
  const lines = outputs.map((o, i) => {
    const line = `output HEADLESS-${i + 1} resolution ${o.width}x${o.height} position ${x} 0`;
    x += o.width;
    return line;
  });
  await writeFile(conf, `${lines.join('\n')}\n`);
  const root = process.getuid?.() === 0;
  if (root) await chown(dir, NOBODY, NOBODY);
  await chmod(dir, 0o700);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    XDG_RUNTIME_DIR: dir,
    WLR_BACKENDS: 'headless',
    WLR_HEADLESS_OUTPUTS: String(outputs.length),
    WLR_LIBINPUT_NO_DEVICES: '1',
    WLR_RENDERER: 'pixman',
  };
  const [cmd, args] = root
    ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'sway', '-c', conf]]
    : ['sway', ['-c', conf]];
  const sway: ChildProcess = spawn(cmd, args as string[], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = new StderrTail();
  sway.stderr!.on('data', (d: Buffer) => stderr.push(d));
  const stop = async () => {
    if (sway.exitCode === null && sway.signalCode === null) {
      const gone = new Promise((r) => sway.once('exit', r));
      sway.kill();
      await gone;
    }
    await rm(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    if (sway.exitCode !== null) break;
    const names = await readdir(dir);
    const wayland = names.find((n) => /^wayland-\d+$/.test(n));
    const ipc = names.find((n) => n.startsWith('sway-ipc.') && n.endsWith('.sock'));
    if (wayland && ipc) {
      const clientEnv: NodeJS.ProcessEnv = {
        ...process.env,
        XDG_RUNTIME_DIR: dir,
        WAYLAND_DISPLAY: wayland,
        SWAYSOCK: join(dir, ipc),
      };
      delete clientEnv.DISPLAY;
      return { env: clientEnv, stop };
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`sway did not start: ${stderr.all || 'no output'}`);
}
