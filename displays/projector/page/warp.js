// @ts-check
// Projection mapping geometry, shared by the display page (its WebGL warp), the console's editor and the tests:
// the corner pin (a homography), the mesh inside it, the edge-blend ramps, and the tessellated grid the page draws.
/** @typedef {import('../../../runtime/core/display-protocol.ts').ProjectionMapping} ProjectionMapping */
/** @typedef {import('../../../runtime/core/display-protocol.ts').BlendEdge} BlendEdge */
/** @typedef {[number, number]} Pt */
/** @typedef {[Pt, Pt, Pt, Pt]} Quad */
/** @typedef {[number, number, number, number, number, number, number, number, number]} Mat3 */

/**
 * The homography that takes the unit square's corners (0,0) (1,0) (1,1) (0,1) to a quad's (Heckbert).
 * @param {Quad} q
 * @returns {Mat3} row-major
 */
export function squareToQuad(q) {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = q;
  const sx = x0 - x1 + x2 - x3;
  const sy = y0 - y1 + y2 - y3;
  const [dx1, dx2, dy1, dy2] = [x1 - x2, x3 - x2, y1 - y2, y3 - y2];
  const den = dx1 * dy2 - dx2 * dy1 || 1e-12;
  const g = (sx * dy2 - dx2 * sy) / den;
  const h = (dx1 * sy - sx * dy1) / den;
  return [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1];
}

/**
 * @param {Mat3} m
 * @param {number} u
 * @param {number} v
 * @returns {[number, number, number]} homogeneous x, y, w
 */
export function project(m, u, v) {
  return [m[0] * u + m[1] * v + m[2], m[3] * u + m[4] * v + m[5], m[6] * u + m[7] * v + m[8]];
}

/**
 * @param {Mat3} m
 * @param {number} u
 * @param {number} v
 * @returns {Pt}
 */
export function apply(m, u, v) {
  const [x, y, w] = project(m, u, v);
  return [x / w, y / w];
}

/**
 * @param {Mat3} m
 * @returns {Mat3}
 */
export function invert(m) {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C || 1e-12;
  return [
    A / det,
    -(b * i - c * h) / det,
    (b * f - c * e) / det,
    B / det,
    (a * i - c * g) / det,
    -(a * f - c * d) / det,
    C / det,
    -(a * h - b * g) / det,
    (a * e - b * d) / det,
  ];
}

/**
 * The picture fitted into the screen with its aspect kept (letterboxed), as screen fractions.
 * @param {number} screenW
 * @param {number} screenH
 * @param {number} picW
 * @param {number} picH
 * @returns {Quad}
 */
export function fitCorners(screenW, screenH, picW, picH) {
  const scale = Math.min(screenW / picW, screenH / picH);
  const w = (picW * scale) / screenW;
  const h = (picH * scale) / screenH;
  const [x0, y0] = [(1 - w) / 2, (1 - h) / 2];
  return [
    [x0, y0],
    [x0 + w, y0],
    [x0 + w, y0 + h],
    [x0, y0 + h],
  ];
}

/**
 * @param {number} p0
 * @param {number} p1
 * @param {number} p2
 * @param {number} p3
 * @param {number} t
 */
function catmullRom(p0, p1, p2, p3, t) {
  const t2 = t * t;
  return 0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2 + (3 * p1 - p0 - 3 * p2 + p3) * t2 * t);
}

/**
 * Where the picture's point (u, v) lands in the corner-pinned square, through the mesh.
 * @param {ProjectionMapping['mesh']} mesh
 * @param {number} u
 * @param {number} v
 * @returns {Pt}
 */
export function meshAt(mesh, u, v) {
  if (!mesh) return [u, v];
  const { cols, rows, points, smooth } = mesh;
  const fx = Math.min(Math.max(u, 0), 1) * (cols - 1);
  const fy = Math.min(Math.max(v, 0), 1) * (rows - 1);
  const c = Math.min(Math.floor(fx), cols - 2);
  const r = Math.min(Math.floor(fy), rows - 2);
  const [tx, ty] = [fx - c, fy - r];
  // beyond the edges the mesh goes on straight, so a flat mesh stays flat under the smooth curve too
  /** @type {(cc: number, rr: number, k: 0 | 1) => number} */
  const at = (cc, rr, k) => {
    if (cc < 0) return 2 * at(0, rr, k) - at(1, rr, k);
    if (cc > cols - 1) return 2 * at(cols - 1, rr, k) - at(cols - 2, rr, k);
    if (rr < 0) return 2 * at(cc, 0, k) - at(cc, 1, k);
    if (rr > rows - 1) return 2 * at(cc, rows - 1, k) - at(cc, rows - 2, k);
    return /** @type {Pt} */ (points[rr * cols + cc])[k];
  };
  /** @type {Pt} */
  const out = [0, 0];
  for (const k of /** @type {const} */ ([0, 1])) {
    if (!smooth) {
      const top = at(c, r, k) * (1 - tx) + at(c + 1, r, k) * tx;
      const bottom = at(c, r + 1, k) * (1 - tx) + at(c + 1, r + 1, k) * tx;
      out[k] = top * (1 - ty) + bottom * ty;
      continue;
    }
    const row = (/** @type {number} */ rr) =>
      catmullRom(at(c - 1, rr, k), at(c, rr, k), at(c + 1, rr, k), at(c + 2, rr, k), tx);
    out[k] = catmullRom(row(r - 1), row(r), row(r + 1), row(r + 2), ty);
  }
  return out;
}

/**
 * The blend ramp at t (0 at the picture's edge, 1 where the overlap ends): an S of power `curve`.
 * @param {number} t
 * @param {number} curve
 */
export function ramp(t, curve) {
  const x = Math.min(Math.max(t, 0), 1);
  return x < 0.5 ? 0.5 * Math.pow(2 * x, curve) : 1 - 0.5 * Math.pow(2 * (1 - x), curve);
}

/**
 * What the blend multiplies a pixel value by at the picture's point (u, v): the ramps of every edge, each
 * raised to 1/gamma so that two overlapping projectors add up to the light of one.
 * @param {ProjectionMapping['blend']} blend
 * @param {number} u
 * @param {number} v
 */
export function blendAt(blend, u, v) {
  let m = 1;
  /** @type {[BlendEdge | undefined, number][]} */
  const edges = [
    [blend.left, u],
    [blend.right, 1 - u],
    [blend.top, v],
    [blend.bottom, 1 - v],
  ];
  for (const [edge, d] of edges) {
    if (edge && edge.width > 0 && d < edge.width) m *= Math.pow(ramp(d / edge.width, edge.curve), 1 / edge.gamma);
  }
  return m;
}

/**
 * The grid the page draws: per vertex the clip-space position (homogeneous, so the texture follows the
 * perspective) and the picture coordinate; and the triangles' indices.
 * @param {ProjectionMapping} mapping
 * @param {Quad} corners resolved (fitCorners when the mapping has none)
 * @param {number} cols
 * @param {number} rows
 */
export function warpGrid(mapping, corners, cols, rows) {
  const h = squareToQuad(corners);
  const vertices = new Float32Array((cols + 1) * (rows + 1) * 5);
  let i = 0;
  for (let r = 0; r <= rows; r++) {
    for (let c = 0; c <= cols; c++) {
      const [u, v] = [c / cols, r / rows];
      const [mx, my] = meshAt(mapping.mesh, u, v);
      const [x, y, w] = project(h, mx, my);
      // screen fraction X = x / w -> clip 2X - 1; Y -> 1 - 2Y; kept homogeneous (times w)
      vertices.set([2 * x - w, w - 2 * y, w, u, v], i);
      i += 5;
    }
  }
  const indices = new Uint32Array(cols * rows * 6);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const a = r * (cols + 1) + c;
      const b = a + cols + 1;
      indices.set([a, a + 1, b, a + 1, b + 1, b], k);
      k += 6;
    }
  }
  return { vertices, indices };
}
