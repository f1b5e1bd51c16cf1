import jpeg from 'jpeg-js';
import type { Frame } from '../core/world-model.ts';

export function frameToJpeg(frame: Frame, quality = 88): Buffer {
  return jpeg.encode(
    {
      data: Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength),
      width: frame.width,
      height: frame.height,
    },
    quality,
  ).data;
}
