// @ts-check
// What the projector shows: the newest decoded picture (or a test pattern) through the display's mapping.
import { FrameDecoder } from './frames.js';
import { drawPattern } from './patterns.js';
import { fitted } from './closed.js';
import { FlatRenderer } from './flat.js';
import { Warper } from './renderer.js';

/** @typedef {import('../../../runtime/core/display-protocol.ts').FrameMeta} FrameMeta */
/** @typedef {import('../../../runtime/core/display-protocol.ts').ProjectionMapping} ProjectionMapping */
/** @typedef {import('../../../runtime/core/display-protocol.ts').TestPattern} TestPattern */
/** @typedef {import('../../../runtime/core/display-protocol.ts').PageScreen} PageScreen */
/** @typedef {import('../page-stats.ts').DisplayPageStats} DisplayPageStats */
/** @typedef {import('./frames.js').Decoded} Decoded */

export class Screen {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {DisplayPageStats} stats
   * @param {(s: PageScreen) => void} report the drawing size changed
   */
  constructor(canvas, stats, report) {
    this.stats = stats;
    this.report = report;
    this.warper = renderer(canvas, stats);
    this.decoder = new FrameDecoder(
      (d) => this.picture(d),
      (message) => (stats.decodeError = message),
    );
    /** @type {Decoded | null} the picture waiting for the next animation frame */
    this.pending = null;
    /** @type {TestPattern | null} */
    this.pattern = null;
    /** @type {ImageBitmap | null} the closed picture, shown instead of the world while the exhibit is closed */
    this.closed = null;
    this.size = { width: 1280, height: 720 };
    this.scheduled = false;
    addEventListener('resize', () => this.redraw());
    this.warper.resize();
  }

  /** what the page reports: its drawing size and its picture's */
  get screen() {
    const c = this.warper.canvas;
    return { width: c.width, height: c.height, pictureWidth: this.size.width, pictureHeight: this.size.height };
  }

  /**
   * @param {FrameMeta} meta
   * @param {ArrayBuffer} payload
   * @param {() => void} ack
   */
  frame(meta, payload, ack) {
    this.stats.frames++;
    this.stats.codec = meta.codec;
    this.stats.bytes += payload.byteLength;
    this.decoder.take(meta, payload, ack);
  }

  /** @param {ProjectionMapping} m */
  setMapping(m) {
    this.warper.setMapping(m);
    this.redraw();
  }

  /**
   * @param {TestPattern | null} p
   * @param {string} id
   */
  setPattern(p, id) {
    this.pattern = p;
    this.stats.pattern = p;
    if (p)
      this.warper.upload({ kind: 'image', image: drawPattern(p, id, this.size.width, this.size.height), ...this.size });
    this.redraw();
  }

  /** @param {ImageBitmap | null} image the closed picture, or null: the world again (its next frame) */
  setClosed(image) {
    this.closed?.close();
    this.closed = image;
    this.stats.closed = image !== null;
    this.showClosed();
    this.redraw();
  }

  /** the closed picture fitted to the drawing size (again after a resize) */
  showClosed() {
    if (!this.closed || this.pattern) return;
    const { width, height } = this.warper.canvas;
    this.warper.upload({ kind: 'image', image: fitted(this.closed, width, height), width, height });
  }

  /** @param {Decoded} d */
  picture(d) {
    if (this.pending) {
      this.stats.skipped++;
      this.pending.release();
    }
    this.pending = d;
    this.schedule();
  }

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => this.draw());
  }

  redraw() {
    if (this.warper.resize()) {
      this.report(this.screen);
      this.showClosed();
    }
    this.warper.draw();
  }

  draw() {
    this.scheduled = false;
    const d = this.pending;
    this.pending = null;
    if (!d) return;
    const { picture, meta } = d;
    if (picture.width !== this.size.width || picture.height !== this.size.height) {
      this.size = { width: picture.width, height: picture.height };
      this.report(this.screen);
    }
    if (!this.pattern && !this.closed) this.warper.upload(picture);
    d.release();
    if (this.warper.resize()) this.report(this.screen);
    this.warper.draw();
    const s = this.stats;
    s.drawn++;
    s.lastStep = meta.step;
    // the last few draws, for latency figures (bench) and the stats overlay
    s.draws.push({ step: meta.step, sentAt: meta.sentAt, drawnAt: Date.now(), encodeMs: meta.encodeMs });
    if (s.draws.length > 120) s.draws.shift();
  }
}

/**
 * The WebGL2 warp, or where the browser has no WebGL2 the picture fitted on a 2D canvas (and the page says why).
 * @param {HTMLCanvasElement} canvas
 * @param {DisplayPageStats} stats
 * @returns {Warper | FlatRenderer}
 */
function renderer(canvas, stats) {
  try {
    return new Warper(canvas);
  } catch (err) {
    stats.renderer = `2d: ${/** @type {Error} */ (err).message}; no projection mapping on this page`;
    return new FlatRenderer(canvas);
  }
}
