// @ts-check
// The display page without WebGL2: the picture fitted into the window on a 2D canvas. No warp, blends or
// mask (the page says so in its statistics), but the world still shows.
import { fitCorners } from './warp.js';

/** @typedef {import('./renderer.js').Picture} Picture */
/** @typedef {import('../../../runtime/core/display-protocol.ts').ProjectionMapping} ProjectionMapping */

export class FlatRenderer {
  /** @param {HTMLCanvasElement} canvas */
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d', { alpha: false }));
    this.picture = document.createElement('canvas');
    this.pictureCtx = /** @type {CanvasRenderingContext2D} */ (this.picture.getContext('2d'));
    this.texSize = { width: 0, height: 0 };
    /** @type {ProjectionMapping | null} */
    this.mapping = null;
  }

  /** @param {ProjectionMapping} m kept for the statistics only: the 2D canvas cannot warp */
  setMapping(m) {
    this.mapping = m;
  }

  resize() {
    const w = Math.max(1, Math.round(innerWidth * devicePixelRatio));
    const h = Math.max(1, Math.round(innerHeight * devicePixelRatio));
    if (this.canvas.width === w && this.canvas.height === h) return false;
    [this.canvas.width, this.canvas.height] = [w, h];
    return true;
  }

  /** @param {Picture} p copied now: the caller releases it right after */
  upload(p) {
    if (this.picture.width !== p.width || this.picture.height !== p.height)
      [this.picture.width, this.picture.height] = [p.width, p.height];
    if (p.kind === 'rgba') {
      const pixels = new Uint8ClampedArray(
        /** @type {ArrayBuffer} */ (p.data.buffer),
        p.data.byteOffset,
        p.data.byteLength,
      );
      this.pictureCtx.putImageData(new ImageData(pixels, p.width, p.height), 0, 0);
    } else this.pictureCtx.drawImage(/** @type {CanvasImageSource} */ (p.image), 0, 0);
    this.texSize = { width: p.width, height: p.height };
  }

  draw() {
    const { width, height } = this.canvas;
    this.ctx.fillStyle = '#000';
    this.ctx.fillRect(0, 0, width, height);
    if (!this.texSize.width) return;
    const [[x0, y0], [x1], , [, y3]] = fitCorners(width, height, this.texSize.width, this.texSize.height);
    this.ctx.drawImage(this.picture, x0 * width, y0 * height, (x1 - x0) * width, (y3 - y0) * height);
  }

  read() {
    this.draw();
    const { width, height } = this.canvas;
    return { width, height, data: new Uint8Array(this.ctx.getImageData(0, 0, width, height).data.buffer) };
  }
}
