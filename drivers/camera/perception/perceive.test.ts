import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBlazeFace } from './assets.ts';
import type { RgbFrame } from './frame.ts';
import { Perception, type PerceptionOptions, type PerceptionResult } from './perceive.ts';
import { ASTRONAUT, decodeFrames, decodeImage, VTEST } from './testing.ts';

const MEGAMIND = '/usr/share/doc/opencv-doc/examples/data/Megamind.avi';

let modelPath: string;
let walkers: RgbFrame[];
const opened: Perception[] = [];

beforeAll(async () => {
  modelPath = await ensureBlazeFace();
  walkers = await decodeFrames(VTEST, { frames: 120, width: 320, height: 240 });
});
afterAll(async () => {
  for (const p of opened) await p.close();
});

async function perception(opts: PerceptionOptions = {}): Promise<Perception> {
  const p = await Perception.create({ modelPath, ...opts });
  opened.push(p);
  return p;
}

async function runAll(p: Perception, frames: readonly RgbFrame[]): Promise<PerceptionResult[]> {
  const out: PerceptionResult[] = [];
  for (const f of frames) out.push(await p.process(f));
  return out;
}

describe('Perception', () => {
  it('is present while people walk (vtest), from motion alone: no faces that far away', async () => {
    const results = await runAll(await perception(), walkers);
    expect(results.slice(2).every((r) => r.presence)).toBe(true);
    expect(results.every((r) => r.faces === 0 && r.nearest === undefined)).toBe(true);
    expect(results.filter((r) => r.motion.energy > 0).length).toBeGreaterThan(110);
    expect(results[50]?.motion.regions).toHaveLength(6);
    expect(results.map((r) => r.frame)).toEqual(walkers.map((_, i) => i));
  });

  it('lets presence go exactly holdFrames after the walkers freeze', async () => {
    const p = await perception({ presence: { holdFrames: 20 } });
    const still = walkers[59] as RgbFrame;
    const results = await runAll(p, [...walkers.slice(0, 60), ...Array.from({ length: 30 }, () => still)]);
    const after = results.slice(60);
    expect(after.every((r) => r.motion.energy === 0 && r.motion.centroid === undefined)).toBe(true);
    expect(after.map((r) => (r.presence ? 1 : 0)).join('')).toBe('1'.repeat(20) + '0'.repeat(10));
  });

  it('sees nobody in a repeated empty frame', async () => {
    const frame = walkers[0] as RgbFrame;
    const results = await runAll(
      await perception(),
      Array.from({ length: 10 }, () => frame),
    );
    expect(results.some((r) => r.presence || r.motion.energy > 0)).toBe(false);
  });

  it('is present with a face and no motion (a visitor standing still), nearest = that face', async () => {
    const frame = await decodeImage(ASTRONAUT, { width: 640, height: 480 });
    const results = await runAll(
      await perception(),
      Array.from({ length: 4 }, () => frame),
    );
    expect(results.map((r) => r.presence)).toEqual([false, true, true, true]);
    const near = results[3]?.nearest;
    expect(near?.x).toBeCloseTo(0.44, 1);
    expect(near?.y).toBeCloseTo(0.24, 1);
    // the box is square in pixels: 21 % of the height is 16 % of the (wider) width
    expect(near?.size).toBeGreaterThan(0.19);
    expect(near?.size).toBeLessThan(0.23);
  });

  it('leaves out a face in an ignored part of the picture (a poster, a screen)', async () => {
    const frame = await decodeImage(ASTRONAUT, { width: 640, height: 480 });
    const ignoring = await runAll(await perception({ ignore: [{ x: 0.3, y: 0, width: 0.3, height: 0.5 }] }), [
      frame,
      frame,
    ]);
    expect(ignoring.map((r) => r.faces)).toEqual([0, 0]);
    const elsewhere = await runAll(await perception({ ignore: [{ x: 0.7, y: 0.5, width: 0.3, height: 0.5 }] }), [
      frame,
    ]);
    expect(elsewhere[0]!.faces).toBe(1);
  });

  it('tracks the nearest face through footage (Megamind: the woman left, then the man right)', async () => {
    const clip = [
      ...(await decodeFrames(MEGAMIND, { start: 2, frames: 8, width: 360, height: 264 })),
      ...(await decodeFrames(MEGAMIND, { start: 5, frames: 8, width: 360, height: 264 })),
    ];
    const results = await runAll(await perception(), clip);
    expect(results.every((r) => r.faces >= 1 && r.presence === r.frame >= 1)).toBe(true);
    expect(results.slice(0, 8).every((r) => (r.nearest?.x ?? 1) < 0.5)).toBe(true);
    expect(results.slice(8).every((r) => (r.nearest?.x ?? 0) > 0.6)).toBe(true);
  });

  it('gives identical results for identical frames, and a reset replays them', async () => {
    const p = await perception({ faceInterval: 3 });
    const clip = walkers.slice(30, 50);
    const first = await runAll(p, clip);
    p.reset();
    expect(await runAll(p, clip)).toEqual(first);
    expect(await runAll(await perception({ faceInterval: 3 }), clip)).toEqual(first);
  });

  it('runs the face model only every faceInterval frames and carries its answer between', async () => {
    const face = await decodeImage(ASTRONAUT, { width: 320, height: 240 });
    const empty = walkers[0] as RgbFrame;
    const results = await runAll(await perception({ faceInterval: 3 }), [face, empty, empty, empty, face]);
    expect(results.map((r) => r.faces)).toEqual([1, 1, 1, 0, 0]);
  });

  it('refuses overlapping calls: frames are state, not a queue', async () => {
    const p = await perception();
    const first = p.process(walkers[0] as RgbFrame);
    await expect(p.process(walkers[1] as RgbFrame)).rejects.toThrow(/previous frame/);
    expect((await first).frame).toBe(0);
    expect((await p.process(walkers[1] as RgbFrame)).frame).toBe(1);
  });

  it('refuses a faceInterval that is not a positive integer', async () => {
    await expect(Perception.create({ modelPath, faceInterval: 0 })).rejects.toThrow(/faceInterval/);
  });
});
