import { describe, expect, it } from 'vitest';
import { decodeLayer, FRONT_LAYERS, iou, weightedNms, type Detection } from './decode.ts';
import { Letterbox } from './letterbox.ts';
import { axisTaps } from './resample.ts';
import { makeFrame } from './testing.ts';

const [L16, L8] = FRONT_LAYERS as [(typeof FRONT_LAYERS)[0], (typeof FRONT_LAYERS)[0]];

function det(cx: number, cy: number, size: number, score: number, kp = 0): Detection {
  return { cx, cy, w: size, h: size, score, keypoints: new Float32Array(12).fill(kp) };
}

describe('BlazeFace decoding', () => {
  it('has the 896 anchors of the front model', () => {
    expect(FRONT_LAYERS.reduce((n, l) => n + l.grid * l.grid * l.perCell, 0)).toBe(896);
  });

  it('places a hit at its anchor centre plus the offset in input pixels', () => {
    const scores = new Float32Array(512).fill(-50);
    const boxes = new Float32Array(512 * 16);
    const a = (5 * 16 + 3) * 2 + 1; // cell x 3, y 5, second anchor
    scores[a] = 3;
    boxes.set([12.8, -6.4, 25.6, 32, 0, 12.8], a * 16);
    const out: Detection[] = [];
    decodeLayer(scores, boxes, L16, 128, 0.5, out);
    expect(out).toHaveLength(1);
    const d = out[0] as Detection;
    expect(d.cx).toBeCloseTo(3.5 / 16 + 0.1, 5);
    expect(d.cy).toBeCloseTo(5.5 / 16 - 0.05, 5);
    expect(d.w).toBeCloseTo(0.2, 6);
    expect(d.h).toBeCloseTo(0.25, 6);
    expect(d.score).toBeCloseTo(1 / (1 + Math.exp(-3)), 5);
    expect(d.keypoints[0]).toBeCloseTo(3.5 / 16, 5); // first keypoint x: offset 0
    expect(d.keypoints[1]).toBeCloseTo(5.5 / 16 + 0.1, 5);
  });

  it('reads the 8x8 layer with six anchors per cell, and clips huge logits', () => {
    const scores = new Float32Array(384).fill(-1e6);
    const boxes = new Float32Array(384 * 16);
    scores[(7 * 8 + 7) * 6 + 5] = 1e9;
    const out: Detection[] = [];
    decodeLayer(scores, boxes, L8, 128, 0.5, out);
    expect(out.map((d) => [d.cx, d.cy, d.score])).toEqual([[7.5 / 8, 7.5 / 8, 1]]);
  });

  it('merges overlapping boxes into their score-weighted mean and keeps the best score', () => {
    const kept = weightedNms([det(0.5, 0.5, 0.2, 0.6, 1), det(0.52, 0.5, 0.2, 0.9, 0), det(0.1, 0.1, 0.1, 0.7)], 0.3);
    expect(kept).toHaveLength(2);
    const [first, second] = kept as [Detection, Detection];
    expect(first.score).toBe(0.9);
    expect(first.cx).toBeCloseTo((0.5 * 0.6 + 0.52 * 0.9) / 1.5, 6);
    expect(first.keypoints[0]).toBeCloseTo(0.6 / 1.5, 6);
    expect(second.cx).toBe(0.1);
  });

  it('keeps boxes that overlap less than the threshold', () => {
    expect(iou(det(0.5, 0.5, 0.2, 1), det(0.65, 0.5, 0.2, 1))).toBeCloseTo(0.05 / 0.35, 6);
    expect(weightedNms([det(0.5, 0.5, 0.2, 0.9), det(0.65, 0.5, 0.2, 0.8)], 0.3)).toHaveLength(2);
  });
});

describe('resampling and letterbox', () => {
  it('area taps cover each output pixel with weights summing to one', () => {
    for (const [src, dst] of [
      [640, 128],
      [451, 128],
      [100, 128],
      [1, 5],
    ] as const) {
      const t = axisTaps(src, dst);
      for (let i = 0; i < dst; i++) {
        let sum = 0;
        for (let k = 0; k < (t.count[i] as number); k++) sum += t.weights[i * t.stride + k] as number;
        expect(sum).toBeCloseTo(1, 5);
      }
    }
  });

  it('averages fine stripes instead of aliasing them', () => {
    const stripes = makeFrame(256, 256, (x) => (x % 2 ? [255, 255, 255] : [0, 0, 0]));
    const box = new Letterbox(128);
    box.fill(stripes);
    expect(Math.max(...box.input.map(Math.abs))).toBeLessThan(1e-5);
  });

  it('centres a 16:9 frame between black bars and maps it to [-1, 1]', () => {
    const white = makeFrame(320, 180, () => [255, 255, 255]);
    const box = new Letterbox(128);
    expect(box.fill(white)).toEqual({ x: 0, y: 28, width: 128, height: 72 });
    const at = (x: number, y: number): number => box.input[(y * 128 + x) * 3] as number;
    expect([at(0, 27), at(64, 28), at(127, 99), at(5, 100)]).toEqual([-1, 1, 1, -1]);
  });

  it('refuses a crop outside the frame and a short buffer', () => {
    const f = makeFrame(32, 16, () => [0, 0, 0]);
    expect(() => new Letterbox(128).fill(f, { x: 20, y: 0, width: 16, height: 16 })).toThrow(/not inside/);
    expect(() => new Letterbox(128).fill({ ...f, data: f.data.subarray(1) })).toThrow(/needs 1536/);
  });
});
