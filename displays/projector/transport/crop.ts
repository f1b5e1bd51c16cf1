import type { Region } from '../schema.ts';
import type { Crop } from './types.ts';

/**
 * The pixels of a region of a width x height frame. `even` keeps every edge on an even pixel (H.264's 4:2:0
 * chroma needs it); a region that rounds to nothing still keeps 2 x 2 pixels.
 */
export function cropOf(region: Region | undefined, width: number, height: number, even = false): Crop {
  const r = region ?? { x: 0, y: 0, width: 1, height: 1 };
  const snap = (v: number) => (even ? 2 * Math.round(v / 2) : Math.round(v));
  const x = Math.min(snap(r.x * width), width - 2);
  const y = Math.min(snap(r.y * height), height - 2);
  const right = Math.min(Math.max(snap((r.x + r.width) * width), x + 2), even ? width - (width % 2) : width);
  const bottom = Math.min(Math.max(snap((r.y + r.height) * height), y + 2), even ? height - (height % 2) : height);
  return { x, y, width: right - x, height: bottom - y };
}

export const isWhole = (c: Crop, width: number, height: number): boolean =>
  c.x === 0 && c.y === 0 && c.width === width && c.height === height;

/** the crop's RGBA rows, copied into one buffer (the frame itself when the crop is the whole frame) */
export function cropRgba(data: Uint8Array, width: number, height: number, c: Crop): Buffer {
  if (isWhole(c, width, height)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const out = Buffer.allocUnsafe(c.width * c.height * 4);
  const row = c.width * 4;
  for (let y = 0; y < c.height; y++) {
    const from = data.byteOffset + ((c.y + y) * width + c.x) * 4;
    out.set(new Uint8Array(data.buffer, from, row), y * row);
  }
  return out;
}
