/**
 * Frames to several pages per transport, in real Chromium: the world's own 1280x720 frames (recorded once, then
 * replayed at 30 frames/s so every transport gets the same pictures at the same pace) to four pages of one
 * display, and motion-to-photon through each transport with the live model.
 */
import type { Page } from 'playwright-core';
import type { ProjectorStats } from '../displays/projector/output.ts';
import type { Frame } from '../runtime/core/world-model.ts';
import { launchChromium } from '../test/e2e/chromium.ts';
import { startRuntime } from '../test/e2e/harness.ts';
import { pageStats } from '../test/e2e/display-pixels.ts';
import { motionToPhoton } from './display.ts';
import { poll } from './poll.ts';

export type Transport = 'raw' | 'jpeg' | 'h264';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const display = (transport: Transport) => ({ id: 'main', transport, audio: false });

/** 60 of the world's frames as the model makes them (attract mode flies through the world, so they change) */
export async function recordFrames(model: string, count = 30): Promise<Frame[]> {
  const { runtime } = await startRuntime({ model: { path: model } });
  const frames: Frame[] = [];
  try {
    const present = runtime.displays.presentFrame.bind(runtime.displays);
    runtime.displays.presentFrame = (f: Frame) => {
      if (frames.length < count) frames.push({ ...f, data: new Uint8Array(f.data) });
      present(f);
    };
    await poll(() => frames.length >= count, 'recorded frames', 180_000);
    return frames;
  } finally {
    await runtime.close();
  }
}

export interface TransportFigures {
  transport: Transport;
  /** all pages together, on the wire */
  mbitPerSecond: number;
  meanKB: number;
  encodeMs: number;
  framesPerPagePerSecond: number;
  droppedShare: number;
  sendToDrawMs: number;
}

/** `frames` replayed at `fps` to `pages` pages of one display with this transport, for `seconds` */
export async function fanOutTransport(
  frames: Frame[],
  transport: Transport,
  pages: number,
  seconds: number,
  fps = 30,
): Promise<TransportFigures> {
  const { runtime, url } = await startRuntime({ displays: [display(transport)] });
  const browser = await launchChromium();
  try {
    const open: Page[] = [];
    for (let i = 0; i < pages; i++) {
      const p = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await p.goto(`${url}/display/main`);
      open.push(p);
    }
    await runtime.loop.stop();
    let step = 1_000_000;
    const timer = setInterval(() => {
      const f = frames[step % frames.length]!;
      runtime.displays.presentFrame({ ...f, step: step++, at: performance.now() });
    }, 1000 / fps);
    await sleep(2000);
    const output = runtime.displays.outputs[0]!;
    const before = output.stats() as ProjectorStats;
    const drawn0 = await Promise.all(open.map(async (p) => (await pageStats(p)).drawn));
    const step0 = step;
    await sleep(seconds * 1000);
    const after = output.stats() as ProjectorStats;
    const offered = (step - step0) * pages;
    const drawn = (await Promise.all(open.map(async (p) => (await pageStats(p)).drawn))).map((d, i) => d - drawn0[i]!);
    const latencies = (await Promise.all(open.map(pageStats))).flatMap((s) => s.draws.map((d) => d.drawnAt - d.sentAt));
    clearInterval(timer);
    const total = drawn.reduce((a, b) => a + b, 0);
    return {
      transport,
      mbitPerSecond: ((after.sentBytes - before.sentBytes) * 8) / seconds / 1e6,
      meanKB: (after.meanBytes ?? 0) / 1024,
      encodeMs: after.encodeMs ?? 0,
      framesPerPagePerSecond: total / pages / seconds,
      droppedShare: 1 - total / Math.max(1, offered),
      sendToDrawMs: median(latencies),
    };
  } finally {
    await browser.close();
    await runtime.close();
  }
}

/** motion-to-photon with the live model through each transport, raw first (the floor) */
export async function motionToPhotonByTransport(model: string, rounds: number) {
  const out: { transport: Transport; medianMs: number; stepMs: number }[] = [];
  for (const transport of ['raw', 'jpeg', 'h264'] as const) {
    const r = await motionToPhoton(model, rounds, 0, display(transport));
    out.push({ transport, medianMs: r.medianMs, stepMs: r.stepMs });
  }
  return out;
}
