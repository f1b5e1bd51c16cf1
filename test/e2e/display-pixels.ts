/// <reference lib="dom" />
/** Reading back what a display page drew (its WebGL canvas), and test frames to send through it. */
import type { Page } from 'playwright-core';
import type { DisplayPageWindow } from '../../displays/projector/page-stats.ts';
import type { Frame } from '../../runtime/core/world-model.ts';

export interface Pixels {
  width: number;
  height: number;
  /** RGBA rows */
  data: Uint8Array;
}

/** what the page's canvas shows now (the page draws its last picture again and reads it back) */
export async function readCanvas(page: Page): Promise<Pixels> {
  const { width, height, rgba } = await page.evaluate(() =>
    (window as unknown as { nacreReadPixels: () => { width: number; height: number; rgba: string } }).nacreReadPixels(),
  );
  return { width, height, data: new Uint8Array(Buffer.from(rgba, 'base64')) };
}

export const pageStats = (page: Page) => page.evaluate(() => (window as unknown as DisplayPageWindow).nacreDisplay);

/** a frame a codec can carry but that shows where things are: gradients, bars and a few hard-edged blocks */
export function testFrame(width: number, height: number, step: number): Frame {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const block = ((x >> 5) + (y >> 5)) % 2 === 0;
      data[i] = Math.round((x / (width - 1)) * 255);
      data[i + 1] = Math.round((y / (height - 1)) * 255);
      data[i + 2] = block ? 200 : 40;
      data[i + 3] = 255;
    }
  }
  return { width, height, data, step, at: performance.now() };
}

/** a frame of one grey level */
export function flatFrame(width: number, height: number, value: number, step: number): Frame {
  const data = new Uint8Array(width * height * 4).fill(value);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { width, height, data, step, at: performance.now() };
}

/** PSNR of b against a over RGB (dB; Infinity when equal) */
export function psnr(a: Pixels | Frame, b: Pixels | Frame): number {
  let se = 0;
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const d = a.data[i + c]! - b.data[i + c]!;
      se += d * d;
      n++;
    }
  }
  return se === 0 ? Infinity : 10 * Math.log10((255 * 255) / (se / n));
}

/** the RGB of one pixel */
export const pixel = (p: Pixels, x: number, y: number): [number, number, number] => {
  const i = (Math.round(y) * p.width + Math.round(x)) * 4;
  return [p.data[i]!, p.data[i + 1]!, p.data[i + 2]!];
};
