// @ts-check
// Turns the runtime's frames into pictures the warp can upload: raw RGBA as it is, JPEG through
// createImageBitmap, H.264 through WebCodecs' VideoDecoder (only the newest decoded frame is kept).
/** @typedef {import('../../../runtime/core/display-protocol.ts').FrameMeta} FrameMeta */
/** @typedef {import('./renderer.js').Picture} Picture */
/** @typedef {{ picture: Picture, meta: FrameMeta, release: () => void }} Decoded */

export class FrameDecoder {
  /**
   * @param {(d: Decoded) => void} onPicture a picture ready to draw; its release() acknowledges it
   * @param {(message: string) => void} onError
   */
  constructor(onPicture, onError) {
    this.onPicture = onPicture;
    this.onError = onError;
    /** @type {VideoDecoder | null} */
    this.video = null;
    this.videoConfig = '';
    /** @type {Map<number, { meta: FrameMeta, ack: () => void }>} h264 frames in the decoder, by timestamp */
    this.decoding = new Map();
    this.errors = 0;
  }

  /**
   * @param {FrameMeta} meta
   * @param {ArrayBuffer} payload
   * @param {() => void} ack
   */
  take(meta, payload, ack) {
    if (meta.codec === 'jpeg') return this.jpeg(meta, payload, ack);
    if (meta.codec === 'h264') return this.h264(meta, payload, ack);
    const picture = { kind: 'rgba', data: new Uint8Array(payload), width: meta.width, height: meta.height };
    this.onPicture({ picture: /** @type {Picture} */ (picture), meta, release: ack });
  }

  /**
   * @param {FrameMeta} meta
   * @param {ArrayBuffer} payload
   * @param {() => void} ack
   */
  jpeg(meta, payload, ack) {
    createImageBitmap(new Blob([payload], { type: 'image/jpeg' })).then(
      (image) =>
        this.onPicture({
          picture: { kind: 'image', image, width: image.width, height: image.height },
          meta,
          release: () => {
            image.close();
            ack();
          },
        }),
      (/** @type {Error} */ err) => {
        this.fail(`a JPEG frame could not be decoded: ${err.message}`);
        ack();
      },
    );
  }

  /**
   * @param {FrameMeta} meta
   * @param {ArrayBuffer} payload
   * @param {() => void} ack
   */
  h264(meta, payload, ack) {
    if (meta.key && meta.description && meta.codecString) this.configure(meta.codecString, meta.description);
    const video = this.video;
    if (!video || video.state !== 'configured') return ack();
    const timestamp = meta.step * 1000;
    this.decoding.set(timestamp, { meta, ack });
    video.decode(new EncodedVideoChunk({ type: meta.key ? 'key' : 'delta', timestamp, data: payload }));
  }

  /**
   * @param {string} codec
   * @param {ArrayBuffer} description
   */
  configure(codec, description) {
    const key = `${codec}/${new Uint8Array(description).join(',')}`;
    if (this.video && this.video.state === 'configured' && key === this.videoConfig) return;
    if (!this.video || this.video.state === 'closed') {
      this.video = new VideoDecoder({
        output: (frame) => this.decoded(frame),
        error: (err) => this.fail(`the H.264 decoder failed: ${err.message}`),
      });
    }
    this.video.configure({ codec, description, optimizeForLatency: true });
    this.videoConfig = key;
  }

  /** @param {VideoFrame} frame */
  decoded(frame) {
    const entry = this.decoding.get(frame.timestamp);
    this.decoding.delete(frame.timestamp);
    // the decoder has it: the next frame may come (drawing drops to the newest by itself)
    entry?.ack();
    if (!entry) return frame.close();
    const picture = { kind: 'image', image: frame, width: frame.displayWidth, height: frame.displayHeight };
    this.onPicture({ picture: /** @type {Picture} */ (picture), meta: entry.meta, release: () => frame.close() });
  }

  /** @param {string} message */
  fail(message) {
    this.errors++;
    this.onError(message);
    for (const { ack } of this.decoding.values()) ack();
    this.decoding.clear();
    this.videoConfig = '';
    if (this.video && this.video.state !== 'closed') this.video.close();
    this.video = null;
  }
}
