import type { Frame } from '../core/world-model.ts';

/** A small RGBA copy of a camera's rgb24 picture, for the console (only where the camera's config allows it). */
export function downscaleRgb(
  f: { data: Uint8Array; width: number; height: number },
  width: number,
): { width: number; height: number; rgba: Uint8Array } {
  const height = Math.max(1, Math.round((f.height * width) / f.width));
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(((y + 0.5) * f.height) / height) * f.width;
    for (let x = 0; x < width; x++) {
      const p = (row + Math.floor(((x + 0.5) * f.width) / width)) * 3;
      out.set([f.data[p]!, f.data[p + 1]!, f.data[p + 2]!, 255], (y * width + x) * 4);
    }
  }
  return { width, height, rgba: out };
}

/** A small copy of a frame for the console preview (nearest-neighbour; a thumbnail needs no better). */
export function downscale(frame: Frame, width: number): { width: number; height: number; rgba: Uint8Array } {
  const height = Math.max(1, Math.round((frame.height * width) / frame.width));
  const out = new Uint8Array(width * height * 4);
  const src = new Uint32Array(frame.data.buffer, frame.data.byteOffset, frame.width * frame.height);
  const dst = new Uint32Array(out.buffer);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(((y + 0.5) * frame.height) / height) * frame.width;
    for (let x = 0; x < width; x++) dst[y * width + x] = src[row + Math.floor(((x + 0.5) * frame.width) / width)]!;
  }
  return { width, height, rgba: out };
}
