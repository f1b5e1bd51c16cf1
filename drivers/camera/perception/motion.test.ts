import { beforeAll, describe, expect, it } from 'vitest';
import type { RgbFrame } from './frame.ts';
import { MotionDetector, type MotionSample } from './motion.ts';
import { ASTRONAUT, decodeFrames, decodeImage, makeFrame, VTEST } from './testing.ts';

// vtest.avi at 10 fps, regions 3 x 2: [top-left, top-middle, top-right, bottom-left, bottom-middle, bottom-right].
// Watched: frames 0-60 the walkers are on the path at the right; frames 500-520 one walks along the bottom
// right edge; frames 540-560 a couple crosses the grass at the bottom left.
let vtest: RgbFrame[];
beforeAll(async () => {
  vtest = await decodeFrames(VTEST, { frames: 570, width: 320, height: 240 });
});

interface Window {
  energy: number[];
  regions: number[];
  centroidX: number;
}

/** motion over frames [from, to) of vtest, regions and centroid averaged over the window */
function run(from: number, to: number, m = new MotionDetector()): Window {
  const w: Window = { energy: [], regions: [0, 0, 0, 0, 0, 0], centroidX: 0 };
  let weight = 0;
  for (let i = from; i < to; i++) {
    const s = m.update(vtest[i] as RgbFrame);
    if (i === from) continue;
    w.energy.push(s.energy);
    s.regions.forEach((v, k) => (w.regions[k] = (w.regions[k] as number) + v));
    if (s.centroid) {
      w.centroidX += s.centroid[0] * s.energy;
      weight += s.energy;
    }
  }
  w.centroidX /= weight;
  return w;
}

function noisy(frame: RgbFrame, sigma: number, seed: number): RgbFrame {
  let s = seed;
  const rand = (): number => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const data = new Uint8Array(frame.data.length);
  for (let i = 0; i < data.length; i++) {
    const gauss = Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
    data[i] = Math.max(0, Math.min(255, Math.round((frame.data[i] as number) + sigma * gauss)));
  }
  return { ...frame, data };
}

describe('MotionDetector on real footage', () => {
  it('sees motion in nearly every frame while people walk', () => {
    const { energy } = run(0, 200);
    expect(energy.filter((e) => e > 0).length).toBeGreaterThan(energy.length * 0.95);
    expect(Math.max(...energy)).toBeGreaterThan(0.004);
  });

  it('puts the motion on the right while the walkers are on the right', () => {
    const w = run(0, 60);
    const [tl, tm, tr, bl, bm, br] = w.regions as [number, number, number, number, number, number];
    expect(tr + br).toBeGreaterThan(3 * (tl + bl));
    expect(w.centroidX).toBeGreaterThan(0.6);
    expect(tm + bm).toBeGreaterThan(0);
  });

  it('follows one walker along the bottom right, then a couple on the bottom left', () => {
    const right = run(500, 520).regions as number[];
    const left = run(538, 562).regions as number[];
    expect(right[5]).toBeGreaterThan(2 * (right[3] as number));
    expect(left[3]).toBeGreaterThan(2 * (left[5] as number));
    expect(run(538, 562).centroidX).toBeLessThan(run(500, 520).centroidX);
  });

  it('gives zero motion on a repeated frame and on the first frame', () => {
    const m = new MotionDetector();
    const frame = vtest[100] as RgbFrame;
    expect(m.update(frame).energy).toBe(0);
    for (let i = 0; i < 5; i++) {
      const s = m.update(frame);
      expect([s.energy, s.centroid, Math.max(...s.regions)]).toEqual([0, undefined, 0]);
    }
  });

  it('ignores sensor noise on a still image (sigma 8 per channel) but not a real change', async () => {
    const still = await decodeImage(ASTRONAUT, { width: 320, height: 240 });
    const m = new MotionDetector();
    for (let i = 0; i < 10; i++) expect(m.update(noisy(still, 8, i + 1)).energy).toBe(0);
    const moved = noisy(await decodeImage(ASTRONAUT, { width: 320, height: 240, filter: 'crop=480:512:32:0' }), 8, 99);
    expect(m.update(moved).energy).toBeGreaterThan(0.01);
  });
});

describe('MotionDetector and lighting', () => {
  const brighter = (f: RgbFrame, by: number): RgbFrame => ({ ...f, data: f.data.map((v) => Math.min(255, v + by)) });

  it('a camera that brightens the whole picture (auto-exposure, lights on) is not motion; walkers still are', () => {
    const m = new MotionDetector();
    m.update(vtest[0] as RgbFrame);
    // only pixels that clip at white change by less than the rest: far below presence's motionOff (0.001)
    expect(m.update(brighter(vtest[0] as RgbFrame, 30)).energy).toBeLessThan(0.001);
    m.update(vtest[10] as RgbFrame);
    expect(m.update(brighter(vtest[14] as RgbFrame, 30)).energy).toBeGreaterThan(0.001);
  });

  it('without the compensation the same change floods every region', () => {
    const m = new MotionDetector({ lighting: false });
    m.update(vtest[0] as RgbFrame);
    const s = m.update(brighter(vtest[0] as RgbFrame, 30));
    expect(Math.min(...s.regions)).toBeGreaterThan(0.05);
  });
});

describe('MotionDetector: parts of the picture left out', () => {
  it('the walkers on the right are not seen when the right third is ignored; the rest still is', () => {
    const all = run(0, 60);
    const masked = run(0, 60, new MotionDetector({ ignore: [{ x: 2 / 3, y: 0, width: 1 / 3, height: 1 }] }));
    expect(all.regions[2]! + all.regions[5]!).toBeGreaterThan(0.01);
    expect(masked.regions[2]! + masked.regions[5]!).toBe(0);
    expect(masked.regions[0]! + masked.regions[1]! + masked.regions[3]! + masked.regions[4]!).toBeCloseTo(
      all.regions[0]! + all.regions[1]! + all.regions[3]! + all.regions[4]!,
      6,
    );
  });
});

describe('MotionDetector mechanics', () => {
  const black = makeFrame(64, 48, () => [0, 0, 0]);
  const square = makeFrame(64, 48, (x, y) => (x >= 48 && y < 12 ? [255, 255, 255] : [0, 0, 0]));

  it('measures a change in the top-right corner as energy in that region, centroid at its centre', () => {
    const m = new MotionDetector({ width: 64, height: 48, cols: 2, rows: 2 });
    m.update(black);
    const s = m.update(square);
    expect(s.energy).toBeCloseTo((16 * 12) / (64 * 48), 6);
    expect([...s.regions].map((r) => +r.toFixed(4))).toEqual([0, +((16 * 12) / (32 * 24)).toFixed(4), 0, 0]);
    expect(s.centroid?.[0]).toBeCloseTo(56 / 64, 6);
    expect(s.centroid?.[1]).toBeCloseTo(6 / 48, 6);
  });

  it('returns the same sample object every frame (no allocation per frame)', () => {
    const m = new MotionDetector();
    const a: MotionSample = m.update(vtest[0] as RgbFrame);
    const regions = a.regions;
    const b = m.update(vtest[1] as RgbFrame);
    const centroid = b.centroid;
    const c = m.update(vtest[2] as RgbFrame);
    expect(b).toBe(a);
    expect(c.regions).toBe(regions);
    expect(c.centroid).toBe(centroid);
  });

  it('starts over when the frame size changes or on reset', () => {
    const m = new MotionDetector();
    m.update(vtest[0] as RgbFrame);
    expect(m.update(vtest[40] as RgbFrame).energy).toBeGreaterThan(0);
    expect(m.update(makeFrame(640, 480, () => [255, 255, 255])).energy).toBe(0);
    m.reset();
    expect(m.update(vtest[41] as RgbFrame).energy).toBe(0);
  });

  it('refuses a grid finer than its image and a frame smaller than it', () => {
    expect(() => new MotionDetector({ width: 4, cols: 5 })).toThrow(/more regions/);
    expect(() => new MotionDetector().update(makeFrame(32, 24, () => [0, 0, 0]))).toThrow(/smaller/);
  });
});
