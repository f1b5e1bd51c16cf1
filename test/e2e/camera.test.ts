/**
 * Cameras in the whole runtime, with real ffmpeg on real footage and photos: opencv-doc's vtest.avi
 * (pedestrians) wakes the kiosk and gives motion; scikit-image's astronaut.png gives one face at the right
 * place; a snapshot of coffee.png starts a world in its colours; killing ffmpeg loses the camera and the
 * supervisor brings it back.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBlazeFace } from '../../drivers/camera/perception/assets.ts';
import { ASTRONAUT, COFFEE, VTEST } from '../../drivers/camera/perception/testing.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import type { Signal } from '../../runtime/core/signals.ts';
import { io } from 'socket.io-client';
import { PASSWORD, startRuntime, status, until } from './harness.ts';

let runtime: Runtime;
let url: string;
const signals: Signal[] = [];
const latest = (camera: string, channel: string) =>
  signals.findLast((s) => s.source === `camera:${camera}` && s.channel === channel)?.value;
const driver = (id: string) => runtime.supervisor.status().find((d) => d.id === id);

/** the pid of the ffmpeg reading `file`, among this process's children */
function ffmpegOf(file: string): number | undefined {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.includes('ffmpeg') && l.includes(file));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

beforeAll(async () => {
  await ensureBlazeFace();
  ({ runtime, url } = await startRuntime({
    session: { mode: 'wander', idleSeconds: 60, maxSeconds: 600, endingSeconds: 1 },
    cameras: [
      { id: 'street', source: { file: VTEST }, width: 320, height: 240, fps: 10, perception: { faces: false } },
      { id: 'portrait', source: { file: ASTRONAUT }, width: 640, height: 480, fps: 5, wakes: false },
      {
        id: 'table',
        source: { file: COFFEE },
        width: 320,
        height: 240,
        fps: 2,
        wakes: false,
        showOnConsole: true,
        snapshot: { trigger: [{ source: 'browser:*', channel: 'key:KeyP' }] },
      },
    ],
  }));
  runtime.supervisor.onSignal((s) => signals.push(s));
});

afterAll(async () => {
  await runtime?.close();
});

describe('cameras in the runtime', () => {
  it('people walking by wake the kiosk: presence and motion per region', async () => {
    await until(() => latest('street', 'presence') === true, 'presence on the street camera');
    await until(async () => (await status(url)).session.phase === 'active', 'the visit started');
    await until(() => Number(latest('street', 'motion')) > 0, 'motion energy');
    for (let i = 0; i < 6; i++) expect(typeof latest('street', `motion:${i}`)).toBe('number');
    expect(latest('street', 'faces')).toBe(0);
  });

  it('the astronaut: one face, where she is', async () => {
    await until(() => latest('portrait', 'faces') === 1, 'one face');
    const [x, y] = latest('portrait', 'face') as number[];
    // her face is at 0.44, 0.25 of the photo; the photo is padded into 640x480 (black bars left and right)
    expect(x).toBeGreaterThan(-0.2);
    expect(x).toBeLessThan(0);
    expect(y).toBeGreaterThan(0.4);
    expect(y).toBeLessThan(0.6);
    expect(Number(latest('portrait', 'face.size'))).toBeGreaterThan(0.1);
  });

  it('a snapshot starts a world in the colours of the picture, and the picture is not kept', async () => {
    await until(() => driver('table')?.state === 'open', 'the table camera open');
    runtime.browser.handle('main:test', { kind: 'key', code: 'KeyP', down: true });
    const entry = await until(
      () => runtime.world.instructions.all().find((e) => e.text === 'new world from camera table'),
      'the new world',
    );
    expect(entry!.accepted).toBe(true);
    expect((await status(url)).model.style).toBe('from-image');
    runtime.browser.handle('main:test', { kind: 'key', code: 'KeyP', down: false });
    expect(JSON.stringify(runtime.world.instructions.all())).not.toMatch(/data/);
  });

  it('the console sees only the cameras configured to show it, as small pictures', async () => {
    const socket = io(`${url}/console`, { auth: { password: PASSWORD } });
    const seen = new Map<string, { width: number; height: number; bytes: number }>();
    socket.on('camera', (meta: { id: string; width: number; height: number }, rgba: ArrayBuffer) =>
      seen.set(meta.id, { ...meta, bytes: rgba.byteLength }),
    );
    try {
      await until(() => seen.has('table'), 'a picture of the table camera');
      await new Promise((r) => setTimeout(r, 1500)); // the street and portrait cameras had time to send theirs too
      expect([...seen.keys()]).toEqual(['table']);
      expect(seen.get('table')).toEqual({ id: 'table', width: 160, height: 120, bytes: 160 * 120 * 4 });
    } finally {
      socket.close();
    }
  });

  it('killing ffmpeg loses the camera; the supervisor brings it back', async () => {
    const pid = await until(() => ffmpegOf('vtest.avi'), 'the street ffmpeg');
    process.kill(pid!, 'SIGKILL');
    await until(() => driver('street')?.state !== 'open', 'the street camera lost');
    expect(driver('street')?.error ?? '').toMatch(/ffmpeg/);
    await until(
      () => driver('street')?.state === 'open' && ffmpegOf('vtest.avi') !== pid,
      'the street camera back',
      30_000,
    );
  });
});
