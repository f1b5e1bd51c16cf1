/// <reference lib="dom" />
/**
 * A visit's continue code typed by a visitor: at the display page in attract mode (the kiosk's keyboard and the
 * on-screen keypad), and on a phone's /join page, both in real Chromium. A wrong code is refused and does not
 * wake the kiosk; the right one starts the next visit in the saved world (its first frame is the saved one).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import type { Browser } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Runtime } from '../../runtime/runtime.ts';
import type { VisitMeta } from '../../runtime/visits/store.ts';
import { launchChromium } from './chromium.ts';
import { startRuntime, until } from './harness.ts';

let runtime: Runtime;
let url: string;
let browser: Browser;
let visit: VisitMeta;
let still: Uint8Array;
let frames: Uint8Array[] = [];
/** how many frames had come when the display heard the visit begin (frames and overlay share one socket) */
let begunAt: number | undefined;
const sockets: Socket[] = [];

/** mean absolute difference of two RGBA pictures of one size (0..255) */
function difference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 4) for (let c = 0; c < 3; c++) sum += Math.abs(a[i + c]! - b[i + c]!);
  return sum / ((a.length / 4) * 3);
}

const phase = () => runtime.session.now.phase;
/** a fresh world this far from the saved still (mean difference 0..255) tells the two apart well */
const DISTINCT = 12;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'nacre-visits-'));
  ({ runtime, url } = await startRuntime({
    phones: { enabled: true, recording: { enabled: true, dir, codeEntry: { display: true, phones: true } } },
    session: { mode: 'wander', idleSeconds: 60, maxSeconds: 600, endingSeconds: 1 },
  }));
  browser = await launchChromium();
  // a visit to carry on
  runtime.commands.start();
  await until(() => runtime.visits!.recording >= 2, 'two seconds recorded');
  runtime.commands.reset();
  await until(() => runtime.visits!.latest, 'the visit written');
  visit = runtime.visits!.latest!;
  await runtime.visits!.settled();
  still = jpeg.decode(await readFile(join(runtime.visits!.store.folder(visit.token), 'still.jpg'))).data;
  // the world's frames, as a display page gets them
  const page = io(`${url}/display`, { query: { id: 'main' }, transports: ['websocket'] });
  sockets.push(page);
  page.on('overlay', (o: { phase: string }) => {
    if (o.phase === 'active') begunAt ??= frames.length;
  });
  page.on('frame', (_meta: unknown, rgba: ArrayBuffer, ack: () => void) => {
    frames.push(new Uint8Array(rgba));
    ack();
  });
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await browser?.close();
  await runtime?.close();
});

/** the kiosk waiting for a visitor in a fresh world that looks clearly unlike the saved one (a new world again if not) */
async function freshWorld(): Promise<number> {
  for (let tries = 0; ; tries++) {
    await until(() => phase() === 'attract', 'the kiosk waiting for a visitor');
    frames = [];
    begunAt = undefined;
    await until(() => frames.length > 3, 'frames of the fresh world');
    const fresh = difference(frames.at(-1)!, still);
    if (fresh >= DISTINCT || tries === 4) return fresh;
    runtime.commands.reset();
    await until(() => phase() !== 'attract', 'a new world making');
  }
}

/**
 * once the visit began, one of the first frames is the saved world: frames made before the restore may still
 * be on their way (more of them on a loaded machine), so the closest of the first five is taken
 */
async function expectSavedWorld(fresh: number): Promise<void> {
  const after = await until(
    () => begunAt !== undefined && frames.length > begunAt + 5 && frames.slice(begunAt, begunAt + 6),
    'frames after the restore',
  );
  const restored = Math.min(...after.map((f) => difference(f, still)));
  expect(fresh).toBeGreaterThanOrEqual(DISTINCT);
  // the JPEG still and the world's own motion since leave a little; a fresh world is another landscape
  expect(restored).toBeLessThan(fresh / 2);
  expect(restored).toBeLessThan(8);
}

it('at the display: Enter opens the code box, a wrong code is refused, the right one carries the world on', async () => {
  const fresh = await freshWorld();
  const display = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await display.goto(`${url}/display/main`);
  await until(() => display.locator('#continue-open').isVisible(), 'the code box offered in attract mode');
  await display.keyboard.press('Enter');
  await until(() => display.locator('#continue-panel').isVisible(), 'the code box open');
  await display.keyboard.type('zzzz2222');
  await until(
    async () => (await display.locator('#continue-message').textContent()) === 'No world has this code',
    'the wrong code refused',
  );
  expect(phase()).toBe('attract'); // the keys typed into the box did not wake the kiosk
  expect(runtime.visitors.codes!.outcomes.wrong).toBe(1);

  // the right code on the keypad, by touch
  for (const c of visit.code) await display.click(`#continue-keypad button[value="${c}"]`);
  await until(
    async () => phase() === 'active' || (await display.locator('#continue-message').getAttribute('data-error')),
    'the visit begun in the saved world',
  );
  expect(phase()).toBe('active');
  await expectSavedWorld(fresh);
  await until(async () => !(await display.locator('#continue-panel').isVisible()), 'the code box closed');
  expect(await display.locator('#continue-open').isVisible()).toBe(false);
  await display.close();
}, 180_000);

it('on a phone: the /join page takes the code for its kiosk; a wrong one is refused', async () => {
  runtime.commands.reset();
  await until(() => phase() !== 'active', 'the visit over');
  const fresh = await freshWorld();
  const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  await phone.goto(`${url}/join`);
  await until(() => phone.locator('#continue').isVisible(), 'the phone offers "continue a world"');
  await phone.fill('#continue-code', 'ZZZZ-3333');
  await phone.locator('#continue-form button').tap();
  await until(async () => (await phone.locator('#status').textContent()) === 'No world has this code.', 'refused');
  expect(phase()).toBe('attract');

  await phone.fill('#continue-code', `${visit.code.slice(0, 4).toLowerCase()} ${visit.code.slice(4)}`);
  await phone.locator('#continue-form button').tap();
  await until(
    async () =>
      phase() === 'active' || (await phone.evaluate(() => document.querySelector('#status.bad')?.textContent)),
    'the visit begun in the saved world',
  );
  expect(await phone.locator('#status.bad').count()).toBe(0); // no refusal
  expect(phase()).toBe('active');
  await expectSavedWorld(fresh);
  await until(async () => (await phone.locator('#status').textContent())?.startsWith('Your world is back'), 'told');
  // while a visit goes on, a phone cannot replace its world
  await phone.fill('#continue-code', visit.code);
  await phone.locator('#continue-form button').tap();
  await until(async () => (await phone.locator('#status').textContent())?.startsWith('Someone is visiting'), 'busy');
  await phone.close();
}, 180_000);
