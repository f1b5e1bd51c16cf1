/**
 * A frame's RGBA pixels (or a crop of them) to JPEG bytes, on libuv's thread pool, never the main thread.
 *
 * libjpeg-turbo's TurboJPEG API (@julusian/jpeg-turbo) reads the RGBA rows as they are: no alpha removal
 * pass and no libvips pipeline, which were 3-4 ms of the 8 ms sharp took for a 720p frame (README
 * "Benchmarks"). Its binding always uses the fast DCT: at the same quality (the same quantisation tables) a
 * 720p frame lost 0.1 dB PSNR at 80, 0.17 dB at 90 and 0.47 dB at 95 against sharp's accurate DCT, so above
 * FAST_DCT_MAX_QUALITY sharp encodes. sharp also takes a crop that TurboJPEG cannot read in place.
 */
import turbo from '@julusian/jpeg-turbo';
import sharp from 'sharp';
import { isWhole } from './crop.ts';
import type { Crop } from './types.ts';

export const FAST_DCT_MAX_QUALITY = 90;

export interface RgbaFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

/** output buffers reused between encodes (TurboJPEG's worst-case size, about 1.4 MB at 720p) */
const spare: Buffer[] = [];

export function encodeJpeg(frame: RgbaFrame, crop: Crop, quality: number): Promise<Buffer> {
  const start = (crop.y * frame.width + crop.x) * 4;
  // TurboJPEG wants the rows from the crop's first pixel to be `height` whole frame rows long
  const inPlace = frame.data.byteLength - start >= crop.height * frame.width * 4;
  return quality <= FAST_DCT_MAX_QUALITY && inPlace
    ? turboJpeg(frame, crop, quality, start)
    : sharpJpeg(frame, crop, quality);
}

async function turboJpeg(frame: RgbaFrame, crop: Crop, quality: number, start: number): Promise<Buffer> {
  const { data } = frame;
  const rows = Buffer.from(data.buffer, data.byteOffset + start, data.byteLength - start);
  const options = {
    format: turbo.FORMAT_RGBA,
    width: crop.width,
    height: crop.height,
    stride: frame.width,
    subsampling: turbo.SAMP_420,
    quality,
  };
  const size = turbo.bufferSize(options);
  const out = spare.pop() ?? Buffer.allocUnsafe(size);
  const target = out.length >= size ? out : Buffer.allocUnsafe(size);
  try {
    // a copy of the few tens of KB: the big output buffer goes back for the next frame
    return Buffer.from(await turbo.compress(rows, target, options));
  } finally {
    spare.push(target);
  }
}

function sharpJpeg(frame: RgbaFrame, crop: Crop, quality: number): Promise<Buffer> {
  const { width, height, data } = frame;
  let img = sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width, height, channels: 4 } });
  if (!isWhole(crop, width, height))
    img = img.extract({ left: crop.x, top: crop.y, width: crop.width, height: crop.height });
  return img.removeAlpha().jpeg({ quality, chromaSubsampling: '4:2:0', optimiseCoding: false }).toBuffer();
}
