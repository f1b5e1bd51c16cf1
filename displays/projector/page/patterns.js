// @ts-check
// Test patterns for setting a projector up, drawn at the size of the display's picture and sent through the
// same warp and blends as the world: grid, crosshair, blend ramps, colour bars, the display's id.
/** @typedef {import('../../../runtime/core/display-protocol.ts').TestPattern} TestPattern */

/**
 * @param {TestPattern} pattern
 * @param {string} id
 * @param {number} width
 * @param {number} height
 * @returns {HTMLCanvasElement}
 */
export function drawPattern(pattern, id, width, height) {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  const g = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
  g.fillStyle = '#000';
  g.fillRect(0, 0, width, height);
  const unit = Math.max(1, Math.round(Math.min(width, height) / 360));
  if (pattern === 'grid') grid(g, width, height, unit);
  else if (pattern === 'crosshair') crosshair(g, width, height, unit);
  else if (pattern === 'ramps') ramps(g, width, height);
  else if (pattern === 'bars') bars(g, width, height);
  label(g, pattern === 'id' ? id : `${id}  ${width}x${height}`, width, height, pattern === 'id' ? 0.3 : 0.06);
  return c;
}

/**
 * @param {CanvasRenderingContext2D} g
 * @param {number} w
 * @param {number} h
 * @param {number} unit
 */
function grid(g, w, h, unit) {
  g.strokeStyle = '#fff';
  g.lineWidth = unit;
  const step = w / 16;
  for (let x = 0; x <= w + 0.5; x += step) line(g, x, 0, x, h);
  for (let y = h / 2; y >= 0; y -= step) line(g, 0, y, w, y);
  for (let y = h / 2 + step; y <= h; y += step) line(g, 0, y, w, y);
  g.strokeRect(unit / 2, unit / 2, w - unit, h - unit);
  g.beginPath();
  g.arc(w / 2, h / 2, h * 0.45, 0, 2 * Math.PI);
  g.stroke();
}

/**
 * @param {CanvasRenderingContext2D} g
 * @param {number} w
 * @param {number} h
 * @param {number} unit
 */
function crosshair(g, w, h, unit) {
  g.strokeStyle = '#fff';
  g.lineWidth = 2 * unit;
  line(g, w / 2, 0, w / 2, h);
  line(g, 0, h / 2, w, h / 2);
  g.strokeStyle = '#f33';
  const k = Math.min(w, h) * 0.08;
  /** @type {[number, number][]} */
  const corners = [
    [0, 0],
    [w - k, 0],
    [w - k, h - k],
    [0, h - k],
  ];
  for (const [x, y] of corners) g.strokeRect(x, y, k, k);
}

/**
 * White everywhere, so the blends' ramps show, with a grey wedge to check their gamma.
 * @param {CanvasRenderingContext2D} g
 * @param {number} w
 * @param {number} h
 */
function ramps(g, w, h) {
  g.fillStyle = '#fff';
  g.fillRect(0, 0, w, h * 0.8);
  for (let i = 0; i < 11; i++) {
    const v = Math.round((i / 10) * 255);
    g.fillStyle = `rgb(${v},${v},${v})`;
    g.fillRect((i * w) / 11, h * 0.8, w / 11 + 1, h * 0.2);
  }
}

/**
 * 75 % colour bars.
 * @param {CanvasRenderingContext2D} g
 * @param {number} w
 * @param {number} h
 */
function bars(g, w, h) {
  const colours = ['#bfbfbf', '#bfbf00', '#00bfbf', '#00bf00', '#bf00bf', '#bf0000', '#0000bf'];
  colours.forEach((c, i) => {
    g.fillStyle = c;
    g.fillRect((i * w) / 7, 0, w / 7 + 1, h * 0.75);
  });
  const wedge = g.createLinearGradient(0, 0, w, 0);
  wedge.addColorStop(0, '#000');
  wedge.addColorStop(1, '#fff');
  g.fillStyle = wedge;
  g.fillRect(0, h * 0.75, w, h * 0.25);
}

/**
 * @param {CanvasRenderingContext2D} g
 * @param {string} text
 * @param {number} w
 * @param {number} h
 * @param {number} size as a share of the height
 */
function label(g, text, w, h, size) {
  g.font = `700 ${Math.round(h * size)}px "DejaVu Sans", sans-serif`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.lineWidth = Math.max(2, h * size * 0.08);
  g.strokeStyle = '#000';
  g.fillStyle = '#ff0';
  const y = size > 0.1 ? h / 2 : h * 0.62;
  g.strokeText(text, w / 2, y);
  g.fillText(text, w / 2, y);
}

/**
 * @param {CanvasRenderingContext2D} g
 * @param {number} x0
 * @param {number} y0
 * @param {number} x1
 * @param {number} y1
 */
function line(g, x0, y0, x1, y1) {
  g.beginPath();
  g.moveTo(x0, y0);
  g.lineTo(x1, y1);
  g.stroke();
}
