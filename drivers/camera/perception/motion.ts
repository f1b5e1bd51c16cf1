import { checkFrame, type RgbFrame } from './frame.ts';

export interface MotionOptions {
  /** size of the grayscale image the difference is taken on (default 64 x 48) */
  width?: number;
  height?: number;
  /** region grid (default 3 columns x 2 rows), regions listed row by row from the top left */
  cols?: number;
  rows?: number;
  /** gray-level change (0..255) below which a pixel counts as still: sensor and codec noise (default 12) */
  noise?: number;
  /**
   * subtract the picture's median change before thresholding (default true): a camera's auto-exposure or a
   * light switched on brightens every pixel alike, which is not motion; a visitor changes only some
   */
  lighting?: boolean;
  /** parts of the picture to leave out (a screen or a door in view), as fractions 0..1 of the frame */
  ignore?: readonly IgnoreRect[];
}

export interface IgnoreRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function insideAny(rects: readonly IgnoreRect[], x: number, y: number): boolean {
  return rects.some((r) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height);
}

/** One frame's motion, owned by the detector and overwritten by the next update(): copy what you keep. */
export interface MotionSample {
  /** mean thresholded change over the whole image, 0..1 (1: every pixel went from black to white) */
  energy: number;
  /** the same mean per region */
  readonly regions: Float64Array;
  /** where the change is, weighted by it, normalised 0..1; undefined when nothing moved */
  centroid: [number, number] | undefined;
}

interface Maps {
  srcW: number;
  srcH: number;
  /** first source column of each gray column, and the end as a last entry */
  colStart: Int32Array;
  rowOf: Int32Array;
  /** 1, or 2 to read every other pixel and row of large frames */
  step: number;
  /** source pixels summed into each gray pixel */
  count: Float64Array;
}

/**
 * Motion energy by frame differencing on a small grayscale image. Buffers are made on the first frame (and
 * again when the frame size changes), never per frame.
 */
export class MotionDetector {
  readonly width: number;
  readonly height: number;
  readonly cols: number;
  readonly rows: number;
  private readonly noise: number;
  private readonly lighting: boolean;
  /** histogram of rounded differences -255..255, for their median */
  private readonly histogram = new Uint32Array(511);
  private readonly sums: Uint32Array;
  private gray: Float32Array;
  private prev: Float32Array;
  private hasPrev = false;
  private readonly regionOf: Int32Array;
  private readonly regionSize: Float64Array;
  /** pixels that count (not ignored) */
  private readonly counted: number;
  private readonly centroidPair: [number, number] = [0, 0];
  private maps: Maps | undefined;
  readonly sample: MotionSample;

  constructor(opts: MotionOptions = {}) {
    this.width = positive(opts.width ?? 64, 'width');
    this.height = positive(opts.height ?? 48, 'height');
    this.cols = positive(opts.cols ?? 3, 'cols');
    this.rows = positive(opts.rows ?? 2, 'rows');
    if (this.cols > this.width || this.rows > this.height) throw new RangeError('motion: more regions than pixels');
    this.noise = opts.noise ?? 12;
    this.lighting = opts.lighting ?? true;
    const n = this.width * this.height;
    this.sums = new Uint32Array(n);
    this.gray = new Float32Array(n);
    this.prev = new Float32Array(n);
    this.regionOf = new Int32Array(n);
    this.regionSize = new Float64Array(this.cols * this.rows);
    const ignore = opts.ignore ?? [];
    let counted = 0;
    for (let y = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) {
        const left = insideAny(ignore, (x + 0.5) / this.width, (y + 0.5) / this.height);
        const r = left
          ? -1
          : Math.floor((y * this.rows) / this.height) * this.cols + Math.floor((x * this.cols) / this.width);
        this.regionOf[y * this.width + x] = r;
        if (r < 0) continue;
        this.regionSize[r] = (this.regionSize[r] as number) + 1;
        counted++;
      }
    }
    this.counted = counted;
    this.sample = { energy: 0, regions: new Float64Array(this.cols * this.rows), centroid: undefined };
  }

  /** Motion between this frame and the previous one (none on the first frame or after a size change). */
  update(frame: RgbFrame): MotionSample {
    checkFrame(frame);
    this.downscale(frame);
    if (this.hasPrev) this.difference();
    else this.clearSample();
    [this.prev, this.gray] = [this.gray, this.prev];
    this.hasPrev = true;
    return this.sample;
  }

  /** forget the previous frame (e.g. after the camera was reopened) */
  reset(): void {
    this.hasPrev = false;
    this.clearSample();
  }

  private downscale(frame: RgbFrame): void {
    const m = this.mapsFor(frame.width, frame.height);
    const { data } = frame;
    const { sums, width } = this;
    const { colStart, step } = m;
    sums.fill(0);
    for (let y = 0; y < m.srcH; y += step) {
      const row = (m.rowOf[y] as number) * width;
      const line = y * m.srcW * 3;
      for (let c = 0; c < width; c++) {
        let acc = 0;
        const end = line + (colStart[c + 1] as number) * 3;
        // BT.601 luma in 8.8 fixed point
        for (let p = line + (colStart[c] as number) * 3; p < end; p += 3 * step) {
          acc += 77 * (data[p] as number) + 150 * (data[p + 1] as number) + 29 * (data[p + 2] as number);
        }
        sums[row + c] = (sums[row + c] as number) + acc;
      }
    }
    for (let i = 0; i < sums.length; i++) this.gray[i] = (sums[i] as number) / (m.count[i] as number);
  }

  private difference(): void {
    const { gray, prev, regionOf, width } = this;
    const regions = this.sample.regions;
    regions.fill(0);
    let total = 0,
      sx = 0,
      sy = 0;
    const shift = this.lighting ? this.medianChange() : 0;
    for (let i = 0; i < gray.length; i++) {
      const r = regionOf[i] as number;
      if (r < 0) continue;
      const d = Math.abs((gray[i] as number) - (prev[i] as number) - shift);
      if (d < this.noise) continue;
      const e = d / 255;
      regions[r] = (regions[r] as number) + e;
      total += e;
      sx += e * ((i % width) + 0.5);
      sy += e * (Math.floor(i / width) + 0.5);
    }
    for (let r = 0; r < regions.length; r++)
      regions[r] = (regions[r] as number) / Math.max(1, this.regionSize[r] as number);
    this.sample.energy = total / Math.max(1, this.counted);
    if (total > 0) {
      this.centroidPair[0] = sx / total / width;
      this.centroidPair[1] = sy / total / this.height;
      this.sample.centroid = this.centroidPair;
    } else {
      this.sample.centroid = undefined;
    }
  }

  /** the median of this frame's per-pixel change: what the whole picture did (exposure, lights) */
  private medianChange(): number {
    const { gray, prev, histogram } = this;
    histogram.fill(0);
    for (let i = 0; i < gray.length; i++) {
      if ((this.regionOf[i] as number) < 0) continue;
      const b = Math.round((gray[i] as number) - (prev[i] as number)) + 255;
      histogram[b] = (histogram[b] as number) + 1;
    }
    const half = this.counted / 2;
    let seen = 0;
    for (let b = 0; b < histogram.length; b++) {
      seen += histogram[b] as number;
      if (seen >= half) return b - 255;
    }
    return 0;
  }

  private clearSample(): void {
    this.sample.energy = 0;
    this.sample.regions.fill(0);
    this.sample.centroid = undefined;
  }

  private mapsFor(srcW: number, srcH: number): Maps {
    if (this.maps && this.maps.srcW === srcW && this.maps.srcH === srcH) return this.maps;
    if (srcW < this.width || srcH < this.height) {
      throw new RangeError(
        `motion: frame ${srcW}x${srcH} is smaller than the ${this.width}x${this.height} motion image`,
      );
    }
    // every other pixel of a block of 64+ pixels still averages 16+ (noise / 4), at a quarter of the reads
    const step = (srcW / this.width) * (srcH / this.height) >= 64 ? 2 : 1;
    const colStart = Int32Array.from({ length: this.width + 1 }, (_, c) =>
      align(Math.ceil((c * srcW) / this.width), step, srcW),
    );
    const rowOf = Int32Array.from({ length: srcH }, (_, y) => Math.floor((y * this.height) / srcH));
    const count = new Float64Array(this.width * this.height);
    for (let y = 0; y < srcH; y += step) {
      for (let c = 0; c < this.width; c++) {
        const k = (rowOf[y] as number) * this.width + c;
        const n = Math.ceil(((colStart[c + 1] as number) - (colStart[c] as number)) / step);
        count[k] = (count[k] as number) + 256 * n;
      }
    }
    this.maps = { srcW, srcH, colStart, rowOf, count, step };
    this.hasPrev = false;
    return this.maps;
  }
}

/** block starts on the sampling grid, so that a block's samples are the ones its count says */
function align(x: number, step: number, max: number): number {
  return Math.min(max, Math.ceil(x / step) * step);
}

function positive(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`motion: ${name} must be a positive integer, got ${v}`);
  return v;
}
