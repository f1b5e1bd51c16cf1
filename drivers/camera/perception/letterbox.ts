import { checkFrame, type RgbFrame } from './frame.ts';
import { axisTaps, resampleColumns, resampleRows, type Rect, type Taps } from './resample.ts';

export type { Rect };

interface Geometry {
  srcW: number;
  crop: Rect;
  /** where the crop lands inside the square input, in input pixels */
  content: Rect;
  hTaps: Taps;
  vTaps: Taps;
  rows: Float32Array;
}

/**
 * Fits a frame (or a crop of it) into a size x size float rgb input in [-1, 1], keeping its aspect ratio and
 * padding with black (-1, as MediaPipe's letterbox). Buffers are made again only when the geometry changes.
 */
export class Letterbox {
  readonly input: Float32Array;
  private geometry: Geometry | undefined;

  constructor(readonly size: number) {
    this.input = new Float32Array(size * size * 3);
  }

  /** fills `input`; returns where the content landed in it */
  fill(frame: RgbFrame, crop: Rect = { x: 0, y: 0, width: frame.width, height: frame.height }): Rect {
    checkFrame(frame);
    checkCrop(frame, crop);
    const g = this.geometryFor(frame.width, crop);
    const { content } = g;
    resampleRows(frame.data, frame.width, crop, g.hTaps, g.rows);
    const at = (content.y * this.size + content.x) * 3;
    resampleColumns(g.rows, content.width, g.vTaps, this.input, at, this.size * 3, 1 / 127.5, -1);
    return content;
  }

  private geometryFor(srcW: number, crop: Rect): Geometry {
    const g = this.geometry;
    if (g && g.srcW === srcW && sameRect(g.crop, crop)) return g;
    const scale = this.size / Math.max(crop.width, crop.height);
    const width = Math.max(1, Math.min(this.size, Math.round(crop.width * scale)));
    const height = Math.max(1, Math.min(this.size, Math.round(crop.height * scale)));
    const content = { x: Math.floor((this.size - width) / 2), y: Math.floor((this.size - height) / 2), width, height };
    this.input.fill(-1);
    this.geometry = {
      srcW,
      crop: { ...crop },
      content,
      hTaps: axisTaps(crop.width, width),
      vTaps: axisTaps(crop.height, height),
      rows: new Float32Array(width * crop.height * 3),
    };
    return this.geometry;
  }
}

function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

function checkCrop(f: RgbFrame, c: Rect): void {
  const ok =
    [c.x, c.y, c.width, c.height].every(Number.isInteger) && c.x >= 0 && c.y >= 0 && c.width >= 1 && c.height >= 1;
  if (!ok || c.x + c.width > f.width || c.y + c.height > f.height) {
    throw new RangeError(`crop ${JSON.stringify(c)} is not inside the ${f.width}x${f.height} frame`);
  }
}
