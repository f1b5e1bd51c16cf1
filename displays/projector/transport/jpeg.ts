import type { Logger } from '../../../runtime/core/log.ts';
import type { Frame } from '../../../runtime/core/world-model.ts';
import { encodeJpeg } from './jpeg-codec.ts';
import type { Crop, EncodedFrame, FrameEncoder } from './types.ts';

/** frames encoding at once (libuv's thread pool); a frame that finds them all busy is dropped */
const MAX_IN_FLIGHT = 2;

/**
 * JPEG through libjpeg-turbo (jpeg-codec.ts, on libuv's thread pool: never on the main thread). Results come
 * out in the order frames went in: an encode that finishes after a newer one is dropped.
 */
export class JpegEncoder implements FrameEncoder {
  private listener: (e: EncodedFrame) => void = () => undefined;
  private inFlight = 0;
  private lastStep = -Infinity;
  private seq = 0;
  private lastSeq = -1;
  private failed = false;

  constructor(
    private readonly quality: number,
    private readonly log: Logger,
  ) {}

  push(frame: Frame, crop: Crop): boolean {
    if (this.inFlight >= MAX_IN_FLIGHT) return false;
    this.inFlight++;
    const seq = this.seq++;
    encodeJpeg(frame, crop, this.quality)
      .then(
        (data) => {
          if (seq < this.lastSeq || frame.step < this.lastStep) return;
          this.lastSeq = seq;
          this.lastStep = frame.step;
          this.failed = false;
          const encodeMs = performance.now() - frame.at;
          this.listener({
            codec: 'jpeg',
            width: crop.width,
            height: crop.height,
            step: frame.step,
            data,
            key: true,
            encodeMs,
          });
        },
        (err: Error) => {
          if (!this.failed) this.log.warn({ err: err.message }, 'a frame could not be encoded as JPEG');
          this.failed = true;
        },
      )
      .finally(() => this.inFlight--);
    return true;
  }

  onFrame(fn: (e: EncodedFrame) => void): void {
    this.listener = fn;
  }

  async close(): Promise<void> {}
}
