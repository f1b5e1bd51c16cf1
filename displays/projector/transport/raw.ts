import type { Frame } from '../../../runtime/core/world-model.ts';
import { cropRgba } from './crop.ts';
import type { Crop, EncodedFrame, FrameEncoder } from './types.ts';

/** RGBA as it is (a page on the same machine): only a region is copied out. */
export class RawEncoder implements FrameEncoder {
  private listener: (e: EncodedFrame) => void = () => undefined;

  push(frame: Frame, crop: Crop): boolean {
    const t0 = performance.now();
    const data = cropRgba(frame.data, frame.width, frame.height, crop);
    const encodeMs = performance.now() - t0;
    this.listener({
      codec: 'raw',
      width: crop.width,
      height: crop.height,
      step: frame.step,
      data,
      key: true,
      encodeMs,
    });
    return true;
  }

  onFrame(fn: (e: EncodedFrame) => void): void {
    this.listener = fn;
  }

  async close(): Promise<void> {}
}
