// @ts-check
// The display page's WebGL2 warp: the picture through the corner pin and the mesh, times the edge blends,
// lifted outside them, inside the mask polygons.
import { MASK_FS, MASK_VS, WARP_FS, WARP_VS, program } from './gl.js';
import { fitCorners, warpGrid } from './warp.js';

/** @typedef {import('../../../runtime/core/display-protocol.ts').ProjectionMapping} ProjectionMapping */
/** @typedef {{ kind: 'rgba', data: Uint8Array, width: number, height: number } | { kind: 'image', image: TexImageSource, width: number, height: number }} Picture */

const GRID = { cols: 64, rows: 36 };
const EDGES = /** @type {const} */ (['left', 'right', 'top', 'bottom']);

export class Warper {
  /** @param {HTMLCanvasElement} canvas */
  constructor(canvas) {
    this.canvas = canvas;
    const gl = canvas.getContext('webgl2', {
      alpha: false,
      antialias: false,
      stencil: true,
    });
    if (!gl) throw new Error('this browser has no WebGL2');
    this.gl = gl;
    this.warp = program(gl, WARP_VS, WARP_FS);
    this.mask = program(gl, MASK_VS, MASK_FS);
    this.tex = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, this.tex);
    for (const [k, v] of [
      [gl.TEXTURE_MIN_FILTER, gl.LINEAR],
      [gl.TEXTURE_MAG_FILTER, gl.LINEAR],
      [gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE],
      [gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE],
    ])
      gl.texParameteri(gl.TEXTURE_2D, /** @type {number} */ (k), /** @type {number} */ (v));
    this.vao = gl.createVertexArray();
    this.vbo = gl.createBuffer();
    this.ibo = gl.createBuffer();
    this.maskVbo = gl.createBuffer();
    this.count = 0;
    /** @type {ProjectionMapping | null} */
    this.mapping = null;
    this.texSize = { width: 0, height: 0 };
    this.geometryKey = '';
  }

  /** @param {ProjectionMapping} m */
  setMapping(m) {
    this.mapping = m;
    this.geometryKey = '';
  }

  /** the canvas follows the window, in device pixels; true when it changed */
  resize() {
    const w = Math.max(1, Math.round(innerWidth * devicePixelRatio));
    const h = Math.max(1, Math.round(innerHeight * devicePixelRatio));
    if (this.canvas.width === w && this.canvas.height === h) return false;
    this.canvas.width = w;
    this.canvas.height = h;
    this.geometryKey = '';
    return true;
  }

  /** @param {Picture} p */
  upload(p) {
    const gl = this.gl;
    gl.bindTexture(gl.TEXTURE_2D, this.tex);
    const same = this.texSize.width === p.width && this.texSize.height === p.height;
    if (p.kind === 'rgba') {
      if (same) gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, p.width, p.height, gl.RGBA, gl.UNSIGNED_BYTE, p.data);
      else gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, p.width, p.height, 0, gl.RGBA, gl.UNSIGNED_BYTE, p.data);
    } else if (same) gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, gl.RGBA, gl.UNSIGNED_BYTE, p.image);
    else gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, p.image);
    if (!same) this.geometryKey = '';
    this.texSize = { width: p.width, height: p.height };
  }

  /** draws the last uploaded picture through the mapping */
  draw() {
    const gl = this.gl;
    const m = this.mapping;
    gl.viewport(0, 0, this.canvas.width, this.canvas.height);
    gl.clearColor(0, 0, 0, 1);
    gl.clearStencil(0);
    gl.clear(gl.COLOR_BUFFER_BIT | gl.STENCIL_BUFFER_BIT);
    if (!m || !this.texSize.width) return;
    this.geometry(m);
    const masked = m.mask.length > 0;
    if (masked) this.stencilMask(m.mask);
    gl.useProgram(this.warp);
    const u = (/** @type {string} */ name) => gl.getUniformLocation(this.warp, name);
    const e = EDGES.map((k) => m.blend[k]);
    gl.uniform4fv(
      u('u_width'),
      e.map((x) => x?.width ?? 0),
    );
    gl.uniform4fv(
      u('u_curve'),
      e.map((x) => x?.curve ?? 2),
    );
    gl.uniform4fv(
      u('u_gamma'),
      e.map((x) => x?.gamma ?? 2.2),
    );
    gl.uniform1f(u('u_lift'), m.blackLift);
    gl.uniform1i(u('u_tex'), 0);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.tex);
    gl.bindVertexArray(this.vao);
    if (masked) {
      gl.enable(gl.STENCIL_TEST);
      gl.stencilFunc(gl.EQUAL, 2, 2);
      gl.stencilOp(gl.KEEP, gl.KEEP, gl.KEEP);
    }
    gl.drawElements(gl.TRIANGLES, this.count, gl.UNSIGNED_INT, 0);
    gl.disable(gl.STENCIL_TEST);
    gl.bindVertexArray(null);
  }

  /**
   * Draws again and reads the drawing back, rows from the top (for tests and screenshots: the drawing
   * buffer is not kept between frames, which saves a copy a frame).
   * @returns {{ width: number, height: number, data: Uint8Array }}
   */
  read() {
    this.draw();
    const { width, height } = this.canvas;
    const gl = this.gl;
    const bottomUp = new Uint8Array(width * height * 4);
    gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, bottomUp);
    const data = new Uint8Array(bottomUp.length);
    const row = width * 4;
    for (let y = 0; y < height; y++) data.set(bottomUp.subarray((height - 1 - y) * row, (height - y) * row), y * row);
    return { width, height, data };
  }

  /** @param {ProjectionMapping} m */
  geometry(m) {
    const key = `${this.canvas.width}x${this.canvas.height}/${this.texSize.width}x${this.texSize.height}`;
    if (key === this.geometryKey) return;
    this.geometryKey = key;
    const gl = this.gl;
    const corners =
      m.corners ?? fitCorners(this.canvas.width, this.canvas.height, this.texSize.width, this.texSize.height);
    const { vertices, indices } = warpGrid(m, corners, GRID.cols, GRID.rows);
    gl.bindVertexArray(this.vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.vbo);
    gl.bufferData(gl.ARRAY_BUFFER, vertices, gl.STATIC_DRAW);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.ibo);
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, indices, gl.STATIC_DRAW);
    const pos = gl.getAttribLocation(this.warp, 'a_pos');
    const uv = gl.getAttribLocation(this.warp, 'a_uv');
    gl.enableVertexAttribArray(pos);
    gl.vertexAttribPointer(pos, 3, gl.FLOAT, false, 20, 0);
    gl.enableVertexAttribArray(uv);
    gl.vertexAttribPointer(uv, 2, gl.FLOAT, false, 20, 12);
    gl.bindVertexArray(null);
    this.count = indices.length;
  }

  /**
   * Stencil value 2 inside any mask polygon (each polygon: a fan that inverts bit 1, then where it is set, 2).
   * @param {ProjectionMapping['mask']} polygons
   */
  stencilMask(polygons) {
    const gl = this.gl;
    gl.useProgram(this.mask);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.maskVbo);
    const pos = gl.getAttribLocation(this.mask, 'a_pos');
    gl.enableVertexAttribArray(pos);
    gl.colorMask(false, false, false, false);
    gl.enable(gl.STENCIL_TEST);
    const whole = new Float32Array([-1, -1, 1, -1, 1, 1, -1, 1]);
    for (const poly of polygons) {
      const fan = new Float32Array(poly.flatMap(([x, y]) => [2 * x - 1, 1 - 2 * y]));
      gl.stencilMask(1);
      gl.stencilFunc(gl.ALWAYS, 0, 1);
      gl.stencilOp(gl.KEEP, gl.KEEP, gl.INVERT);
      gl.bufferData(gl.ARRAY_BUFFER, fan, gl.STREAM_DRAW);
      gl.vertexAttribPointer(pos, 2, gl.FLOAT, false, 0, 0);
      gl.drawArrays(gl.TRIANGLE_FAN, 0, poly.length);
      // where bit 1 is set: write 2 (bit 2 on, bit 1 off again for the next polygon)
      gl.stencilMask(3);
      gl.stencilFunc(gl.NOTEQUAL, 2, 1);
      gl.stencilOp(gl.KEEP, gl.KEEP, gl.REPLACE);
      gl.bufferData(gl.ARRAY_BUFFER, whole, gl.STREAM_DRAW);
      gl.vertexAttribPointer(pos, 2, gl.FLOAT, false, 0, 0);
      gl.drawArrays(gl.TRIANGLE_FAN, 0, 4);
    }
    gl.disableVertexAttribArray(pos);
    gl.stencilMask(0xff);
    gl.colorMask(true, true, true, true);
  }
}
