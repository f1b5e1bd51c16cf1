import { describe, expect, it } from 'vitest';
import { apply, blendAt, fitCorners, invert, meshAt, ramp, squareToQuad, type Quad } from '../page/warp.js';
import { flatMesh } from './schema.ts';

const Q: Quad = [
  [0.1, 0.2],
  [0.9, 0.05],
  [0.8, 0.95],
  [0.15, 0.8],
];

describe('warp geometry (the page’s own math)', () => {
  it('the corner pin takes the square’s corners to the quad’s, and its inverse brings points back', () => {
    const h = squareToQuad(Q);
    const square = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ] as const;
    square.forEach(([u, v], i) => {
      const [x, y] = apply(h, u, v);
      expect(x).toBeCloseTo(Q[i]![0], 9);
      expect(y).toBeCloseTo(Q[i]![1], 9);
    });
    const [x, y] = apply(h, 0.3, 0.7);
    const [u, v] = apply(invert(h), x, y);
    expect(u).toBeCloseTo(0.3, 9);
    expect(v).toBeCloseTo(0.7, 9);
  });

  it('a flat mesh changes nothing, bilinear or smooth; a moved point pulls its neighbourhood', () => {
    for (const smooth of [false, true]) {
      const mesh = { cols: 4, rows: 3, smooth, points: flatMesh(4, 3) };
      for (const [u, v] of [
        [0.1, 0.2],
        [0.5, 0.5],
        [0.93, 0.77],
      ] as const) {
        const [x, y] = meshAt(mesh, u, v);
        expect(x).toBeCloseTo(u, 9);
        expect(y).toBeCloseTo(v, 9);
      }
    }
    const points = flatMesh(3, 3);
    points[4] = [0.6, 0.5];
    expect(meshAt({ cols: 3, rows: 3, smooth: true, points }, 0.5, 0.5)).toEqual([0.6, 0.5]);
    expect(meshAt({ cols: 3, rows: 3, smooth: false, points }, 0.25, 0.5)[0]).toBeCloseTo(0.3, 9);
  });

  it('a blend ramp runs from 0 to 1 over its width, with half the light in the middle after gamma', () => {
    expect(ramp(0, 2)).toBe(0);
    expect(ramp(0.5, 2)).toBe(0.5);
    expect(ramp(1, 2)).toBe(1);
    expect(ramp(0.25, 1)).toBe(0.25);
    const blend = { right: { width: 0.2, curve: 2, gamma: 2.2 } };
    expect(blendAt(blend, 0.5, 0.5)).toBe(1);
    expect(Math.pow(blendAt(blend, 0.9, 0.5), 2.2)).toBeCloseTo(0.5, 9);
    expect(blendAt(blend, 1, 0.5)).toBe(0);
  });

  it('fits a picture into a screen of another shape, centred', () => {
    expect(fitCorners(400, 300, 320, 180)).toEqual([
      [0, 0.125],
      [1, 0.125],
      [1, 0.875],
      [0, 0.875],
    ]);
  });
});
