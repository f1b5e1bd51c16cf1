/// <reference lib="dom" />
/**
 * Take your walk home: a visit recorded to a fragmented MP4 that ffprobe reads (H.264 video, an AAC track,
 * the visit's length), its page behind an unguessable link, its QR code on the display while it says thank
 * you, and the continue code: typed at the console, the next visit starts in the saved world.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jpeg from 'jpeg-js';
import type { Browser } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import type { VisitMeta } from '../../runtime/visits/store.ts';
import { launchChromium } from './chromium.ts';
import { PASSWORD, startRuntime, until } from './harness.ts';

const run = promisify(execFile);
let runtime: Runtime;
let url: string;
let browser: Browser;
let visit: VisitMeta;
const sockets: Socket[] = [];

interface Probe {
  streams: { codec_type: string; codec_name: string; sample_rate?: string }[];
  format: { duration: string };
}

/** mean absolute difference of two RGBA pictures of one size (0..255) */
function difference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    for (let c = 0; c < 3; c++) sum += Math.abs(a[i + c]! - b[i + c]!);
    n += 3;
  }
  return sum / n;
}

beforeAll(async () => {
  ({ runtime, url } = await startRuntime({
    phones: { enabled: true, recording: { enabled: true, dir: await mkdtemp(join(tmpdir(), 'nacre-visits-')) } },
    session: { mode: 'wander', idleSeconds: 60, maxSeconds: 600, endingSeconds: 8 },
  }));
  browser = await launchChromium();
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await browser?.close();
  await runtime?.close();
});

describe('a visit recorded', () => {
  it('is a fragmented MP4 that ffprobe reads: H.264, an AAC track, as long as the visit', async () => {
    const display = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await display.goto(`${url}/display/main`);
    runtime.commands.start();
    await until(() => runtime.visits!.recording >= 3, 'three seconds recorded');
    runtime.commands.reset(); // the visit ends
    // while the display says thank you, it shows the QR code of the visit's page
    const qr = display.locator('#join-qr.visit');
    await until(
      async () => (await qr.isVisible()) && (await qr.evaluate((i: HTMLImageElement) => i.naturalWidth > 0)),
      'the visit QR code',
    );
    visit = runtime.visits!.latest!;
    const shot = join(runtime.visits!.store.root, 'screenshot.png');
    await display.screenshot({ path: shot });
    const decoded = (await run('zbarimg', ['--raw', '-q', shot])).stdout.trim();
    expect(decoded).toBe(`${url}/visit/${visit.token}`);
    await runtime.visits!.settled(); // the video finished
    const file = join(runtime.visits!.store.folder(visit.token), 'visit.mp4');
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]);
    const probe = JSON.parse(stdout) as Probe;
    expect(probe.streams.find((s) => s.codec_type === 'video')?.codec_name).toBe('h264');
    const audio = probe.streams.find((s) => s.codec_type === 'audio');
    expect(audio).toMatchObject({ codec_name: 'aac', sample_rate: '48000' });
    expect(Math.abs(Number(probe.format.duration) - visit.seconds)).toBeLessThan(0.5);
    expect(visit.seconds).toBeGreaterThanOrEqual(3);
    await display.close();
  });

  it('has a page with its video, still and continue code; unknown or malformed links get the same 404', async () => {
    const page = await fetch(`${url}/visit/${visit.token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<strong id="code">${visit.code}</strong>`);
    expect((await fetch(`${url}/visit/${visit.token}/visit.mp4`)).headers.get('content-type')).toBe('video/mp4');
    expect((await fetch(`${url}/visit/${visit.token}/still.jpg`)).status).toBe(200);
    const other = 'A'.repeat(22);
    for (const path of [
      `/visit/${other}`,
      `/visit/${other}/visit.mp4`,
      '/visit/..%2F..%2Fetc',
      `/visit/${visit.token}/meta.json`,
    ])
      expect((await fetch(`${url}${path}`)).status).toBe(404);
  });
});

describe('continue this world', () => {
  it('the code at the console starts the next visit in the saved world: its first frame is the saved one', async () => {
    await until(() => runtime.session.now.phase === 'attract', 'the kiosk ready for the next visitor');
    const frames: { at: number; rgba: Uint8Array }[] = [];
    const page = io(`${url}/display`, { query: { id: 'main' }, transports: ['websocket'] });
    sockets.push(page);
    page.on('frame', (_meta: unknown, rgba: ArrayBuffer, ack: () => void) => {
      frames.push({ at: Date.now(), rgba: new Uint8Array(rgba) });
      ack();
    });
    const still = jpeg.decode(await readFile(join(runtime.visits!.store.folder(visit.token), 'still.jpg')));
    // a fresh world clearly unlike the saved one (a new world again if it looks too alike): the farthest of five
    // is taken. Clearly unlike: further from the still than a restored frame may be (below)
    const tried: number[] = [];
    for (let tries = 0; tries < 5; tries++) {
      await until(() => runtime.session.now.phase === 'attract', 'the kiosk waiting');
      const from = frames.length;
      await until(() => frames.length > from + 3, 'frames of the fresh world');
      tried.push(difference(frames.at(-1)!.rgba, still.data));
      if (tried.at(-1)! >= 20) break;
      runtime.commands.reset();
      await until(() => runtime.session.now.phase !== 'attract', 'a new world making');
    }
    const fresh = Math.max(...tried);
    expect(fresh, `fresh worlds against the saved still: ${tried.map((d) => d.toFixed(1)).join(', ')}`).toBeGreaterThan(
      12,
    );

    const console = io(`${url}/console`, { auth: { password: PASSWORD }, transports: ['websocket'] });
    sockets.push(console);
    const wrong = await new Promise<{ ok: boolean }>((r) => console.emit('visits:continue', 'ZZZZ2222', r));
    expect(wrong).toMatchObject({ ok: false, error: 'no world with this code (or it has expired)' });
    const typed = `${visit.code.slice(0, 4).toLowerCase()}-${visit.code.slice(4)}`; // as a visitor might type it
    // typed into the console page's field, as the operator would
    const consolePage = await browser.newPage();
    await consolePage.goto(`${url}/console`);
    await consolePage.fill('#password', PASSWORD);
    await consolePage.click('#login button');
    await consolePage.fill('#continue-code', typed);
    const clickedAt = frames.length;
    await consolePage.click('#continue-form button');
    await until(async () => (await consolePage.inputValue('#continue-code')) === '', 'the code taken');
    expect(runtime.session.now.phase).toBe('active');
    await consolePage.close();
    // one of the first frames after the code went in is the saved world (frames made before the restore may
    // still be on their way, and the world moves on after it): the closest of the first eight is taken
    const after = await until(
      () => frames.length > clickedAt + 8 && frames.slice(clickedAt, clickedAt + 9),
      'frames after the restore',
    );
    const restored = Math.min(...after.map((f) => difference(f.rgba, still.data)));
    // the JPEG still and the world's own motion leave a little; a fresh world is another landscape
    expect(restored).toBeLessThan(fresh / 3);
    expect(restored).toBeLessThan(12);
  });
});
