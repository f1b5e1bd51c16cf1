import { describe, expect, it } from 'vitest';
import { fitRgb } from './image.ts';

const image = (width: number, height: number, pixel: (x: number, y: number) => number[]) => {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 3);
  return { data, width, height };
};

describe('fitRgb: a picture at a model init size', () => {
  it('averages the pixels each output pixel covers', () => {
    const checker = image(4, 4, (x, y) => ((x + y) % 2 ? [255, 0, 0] : [0, 0, 255]));
    expect([...fitRgb(checker, 2, 2)]).toEqual([128, 0, 128, 128, 0, 128, 128, 0, 128, 128, 0, 128]);
  });

  it('centre-crops to the target aspect instead of squeezing', () => {
    // a 16:9 frame with red bars left and right of a 4:3 green middle
    const wide = image(16, 9, (x) => (x < 2 || x >= 14 ? [255, 0, 0] : [0, 255, 0]));
    const out = fitRgb(wide, 4, 3);
    expect(out.length).toBe(4 * 3 * 3);
    for (let i = 0; i < out.length; i += 3) expect([out[i], out[i + 1], out[i + 2]]).toEqual([0, 255, 0]);
  });

  it('refuses data too short for its size', () => {
    expect(() => fitRgb({ data: new Uint8Array(5), width: 2, height: 2 }, 1, 1)).toThrow(/needs 12/);
  });
});
