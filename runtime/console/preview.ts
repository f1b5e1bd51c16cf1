import type { Frame } from '../../models/world-model.ts';

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
