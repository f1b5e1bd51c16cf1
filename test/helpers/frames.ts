import type { Frame } from '../../runtime/core/world-model.ts';

export function meanColour(f: Frame): [number, number, number] {
  const sum = [0, 0, 0];
  for (let i = 0; i < f.data.length; i += 4) for (let c = 0; c < 3; c++) sum[c]! += f.data[i + c]!;
  const n = f.data.length / 4;
  return [sum[0]! / n, sum[1]! / n, sum[2]! / n];
}

export function meanAbsDiff(a: Frame, b: Frame): number {
  let d = 0;
  for (let i = 0; i < a.data.length; i++) d += Math.abs(a.data[i]! - b.data[i]!);
  return d / a.data.length;
}

function luma(f: Frame): Float32Array {
  const out = new Float32Array(f.width * f.height);
  for (let i = 0; i < out.length; i++)
    out[i] = 0.299 * f.data[i * 4]! + 0.587 * f.data[i * 4 + 1]! + 0.114 * f.data[i * 4 + 2]!;
  return out;
}

/**
 * The integer shift (dx or dy) that best maps a onto b inside rows [top, bottom) of the frame: positive
 * dx means content moved right, positive dy means it moved down. Returns the shift and the error ratio
 * against no shift (below 1 means the shift explains the change better than standing still).
 */
export function bestShift(
  a: Frame,
  b: Frame,
  axis: 'x' | 'y',
  max: number,
  top = 0,
  bottom = a.height,
): { shift: number; gain: number } {
  const la = luma(a);
  const lb = luma(b);
  const w = a.width;
  const h = a.height;
  const err = (s: number) => {
    let e = 0;
    let n = 0;
    const [x0, x1] = axis === 'x' ? [max, w - max] : [0, w];
    for (let y = top; y < bottom; y++) {
      const sy = axis === 'y' ? y - s : y;
      if (sy < 0 || sy >= h) continue;
      for (let x = x0; x < x1; x++) {
        const sx = axis === 'x' ? x - s : x;
        e += Math.abs(lb[y * w + x]! - la[sy * w + sx]!);
        n++;
      }
    }
    return e / n;
  };
  let best = 0;
  let bestErr = Infinity;
  for (let s = -max; s <= max; s++) {
    const e = err(s);
    if (e < bestErr) [best, bestErr] = [s, e];
  }
  return { shift: best, gain: bestErr / Math.max(err(0), 1e-9) };
}

/** Largest jump between the last sample of one chunk and the first of the next, and the typical step within chunks. */
export function boundaryJumps(chunks: { data: Float32Array; channels: number; samples: number }[]): {
  boundary: number;
  within: number;
} {
  let boundary = 0;
  const steps: number[] = [];
  for (let c = 0; c < chunks[0]!.channels; c++) {
    for (let k = 0; k < chunks.length; k++) {
      const { data, samples } = chunks[k]!;
      const ch = data.subarray(c * samples, (c + 1) * samples);
      for (let i = 1; i < samples; i++) steps.push(Math.abs(ch[i]! - ch[i - 1]!));
      if (k > 0) {
        const prev = chunks[k - 1]!;
        const last = prev.data[c * prev.samples + prev.samples - 1]!;
        boundary = Math.max(boundary, Math.abs(ch[0]! - last));
      }
    }
  }
  steps.sort((x, y) => x - y);
  return { boundary, within: steps[Math.floor(steps.length * 0.999)]! };
}
