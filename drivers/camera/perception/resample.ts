/**
 * Separable resampling: area averaging when shrinking (each source pixel weighted by how much of it an
 * output pixel covers, as OpenCV's INTER_AREA; no aliasing from a 640x480 frame down to 128 px), bilinear
 * when enlarging.
 */
export interface Taps {
  start: Int32Array;
  count: Int32Array;
  /** `stride` weights per output index, normalised to sum 1 */
  weights: Float32Array;
  stride: number;
}

export function axisTaps(srcLen: number, dstLen: number): Taps {
  const scale = srcLen / dstLen;
  const stride = Math.ceil(scale) + 2;
  const taps: Taps = {
    start: new Int32Array(dstLen),
    count: new Int32Array(dstLen),
    weights: new Float32Array(dstLen * stride),
    stride,
  };
  for (let i = 0; i < dstLen; i++) {
    const w =
      scale >= 1 ? areaWeights(i * scale, (i + 1) * scale, srcLen) : linearWeights((i + 0.5) * scale - 0.5, srcLen);
    const sum = w.weights.reduce((a, b) => a + b, 0);
    taps.start[i] = w.first;
    taps.count[i] = w.weights.length;
    w.weights.forEach((v, k) => (taps.weights[i * stride + k] = v / sum));
  }
  return taps;
}

/** coverage of source pixels j (spanning [j, j + 1)) by [lo, hi) */
function areaWeights(lo: number, hi: number, srcLen: number): { first: number; weights: number[] } {
  const first = Math.floor(lo);
  const last = Math.min(srcLen, Math.ceil(hi));
  const weights: number[] = [];
  for (let j = first; j < last; j++) weights.push(Math.min(hi, j + 1) - Math.max(lo, j));
  return { first, weights };
}

/** the two neighbours of source position x (pixel centres at j + 0.5), clamped at the edges */
function linearWeights(x: number, srcLen: number): { first: number; weights: number[] } {
  const c = Math.min(srcLen - 1, Math.max(0, x));
  const first = Math.min(Math.floor(c), Math.max(0, srcLen - 2));
  if (srcLen === 1) return { first: 0, weights: [1] };
  const f = c - first;
  return { first, weights: [1 - f, f] };
}

/** A crop of an rgb24 image, in pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** the crop `r` of rgb24 rows (srcW wide) -> float rgb (dstW x r.height): the horizontal pass */
export function resampleRows(src: Uint8Array, srcW: number, r: Rect, t: Taps, dst: Float32Array): void {
  const { start, count, weights, stride } = t;
  const dstW = start.length;
  for (let y = 0; y < r.height; y++) {
    const row = ((r.y + y) * srcW + r.x) * 3;
    let out = y * dstW * 3;
    for (let i = 0; i < dstW; i++, out += 3) {
      let r = 0,
        g = 0,
        b = 0;
      let p = row + (start[i] as number) * 3;
      const wEnd = i * stride + (count[i] as number);
      for (let k = i * stride; k < wEnd; k++, p += 3) {
        const w = weights[k] as number;
        r += w * (src[p] as number);
        g += w * (src[p + 1] as number);
        b += w * (src[p + 2] as number);
      }
      dst[out] = r;
      dst[out + 1] = g;
      dst[out + 2] = b;
    }
  }
}

/**
 * float rgb (w x srcH) -> the vertical pass, written as v * gain + bias into `dst` (row stride dstStride
 * values, from `at`): how the model's [-1, 1] input is filled in place.
 */
export function resampleColumns(
  src: Float32Array,
  w: number,
  t: Taps,
  dst: Float32Array,
  at: number,
  dstStride: number,
  gain: number,
  bias: number,
): void {
  const { start, count, weights, stride } = t;
  const rowLen = w * 3;
  for (let j = 0; j < start.length; j++) {
    const out = at + j * dstStride;
    const first = start[j] as number;
    dst.fill(0, out, out + rowLen);
    // rows outermost: the inner loop walks memory in order
    for (let k = 0; k < (count[j] as number); k++) {
      const wk = weights[j * stride + k] as number;
      const row = (first + k) * rowLen;
      for (let c = 0; c < rowLen; c++) dst[out + c] = (dst[out + c] as number) + wk * (src[row + c] as number);
    }
    for (let c = 0; c < rowLen; c++) dst[out + c] = (dst[out + c] as number) * gain + bias;
  }
}
