// @ts-check
// The console's Projection panel: pick a display, show a test pattern on it, drag its corners and mesh points
// on a picture of the projector (arrow keys nudge the selected one), set its blends and black level; the
// projector follows live and the runtime saves the calibration. Export: every display's mapping as YAML.
import { apply, fitCorners, invert, squareToQuad } from '/assets/display/warp.js';

/** @typedef {import('../protocol.ts').ProjectionView} ProjectionView */
/** @typedef {import('../protocol.ts').ConsoleToServer} ConsoleToServer */
/** @typedef {import('../protocol.ts').ServerToConsole} ServerToConsole */
/** @typedef {import('../../core/display-protocol.ts').ProjectionMapping} ProjectionMapping */
/** @typedef {import('../../core/display-protocol.ts').TestPattern} TestPattern */
/** @typedef {[number, number]} Pt */
/** @typedef {[Pt, Pt, Pt, Pt]} Quad */
/** @typedef {{ kind: 'corner' | 'mesh', index: number }} Handle */

const SVG = 'http://www.w3.org/2000/svg';
const EDGES = /** @type {const} */ (['left', 'right', 'top', 'bottom']);
const SEND_MS = 50;
/** after an edit here, the runtime's views are not taken for this long (they may still be of an earlier edit) */
const ECHO_MS = 600;

/**
 * @param {string} id
 * @returns {HTMLElement}
 */
const el = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

export class ProjectionPanel {
  /**
   * @param {import('socket.io-client').Socket<ServerToConsole, ConsoleToServer>} socket
   * @param {() => string} token the console session's token, for the YAML export
   */
  constructor(socket, token) {
    this.socket = socket;
    this.token = token;
    /** @type {ProjectionView[]} */
    this.views = [];
    this.id = '';
    /** @type {ProjectionMapping | null} the mapping being edited */
    this.mapping = null;
    /** @type {Handle | null} */
    this.selected = null;
    this.dragging = false;
    this.sendTimer = 0;
    this.editedAt = -Infinity;
    this.svg = /** @type {SVGSVGElement} */ (/** @type {unknown} */ (el('proj-editor')));
    this.select = /** @type {HTMLSelectElement} */ (el('proj-display'));
    this.bind();
  }

  /** @param {ProjectionView[]} views */
  update(views) {
    this.views = views;
    el('projection-panel').hidden = views.length === 0;
    if (!views.some((v) => v.id === this.id)) this.id = views[0]?.id ?? '';
    this.select.replaceChildren(
      ...views.map((v) => new Option(`${v.id}${v.output ? ` (${v.output})` : ''}${v.calibrated ? ' *' : ''}`, v.id)),
    );
    this.select.value = this.id;
    // the runtime's echo of an older edit must not undo a newer one made here
    const editing = this.dragging || performance.now() - this.editedAt < ECHO_MS;
    if (!editing) this.mapping = structuredClone(this.view?.mapping ?? null);
    /** @type {HTMLSelectElement} */ (el('proj-pattern')).value = this.view?.pattern ?? '';
    this.fillForm();
    this.draw();
  }

  get view() {
    return this.views.find((v) => v.id === this.id);
  }

  /** the projector's picture size (as its page reported it), else 16:9 */
  get screen() {
    const s = this.view?.screen;
    return s && s.width && s.height ? s : { width: 1920, height: 1080, pictureWidth: 1920, pictureHeight: 1080 };
  }

  /** @returns {Quad} */
  get corners() {
    const s = this.screen;
    return (
      this.mapping?.corners ?? fitCorners(s.width, s.height, s.pictureWidth || s.width, s.pictureHeight || s.height)
    );
  }

  bind() {
    this.select.addEventListener('change', () => {
      this.id = this.select.value;
      this.editedAt = -Infinity;
      this.selected = null;
      this.update(this.views);
    });
    el('proj-pattern').addEventListener('change', (e) => {
      const v = /** @type {HTMLSelectElement} */ (e.target).value;
      this.socket.emit('projection:pattern', this.id, v ? /** @type {TestPattern} */ (v) : null, () => undefined);
    });
    el('proj-mesh').addEventListener('change', (e) =>
      this.setMesh(Number(/** @type {HTMLSelectElement} */ (e.target).value)),
    );
    el('proj-reset').addEventListener('click', () => this.socket.emit('projection:reset', this.id, () => undefined));
    el('proj-export').addEventListener('click', () => void this.export());
    el('proj-form').addEventListener('change', () => this.readForm());
    this.svg.addEventListener('pointerdown', (e) => this.pointerDown(e));
    this.svg.addEventListener('pointermove', (e) => this.dragging && this.moveTo(this.fraction(e)));
    this.svg.addEventListener('pointerup', () => (this.dragging = false));
    this.svg.addEventListener('keydown', (e) => this.nudge(e));
  }

  /** @param {PointerEvent} e the nearest handle within reach is taken (a corner may sit on the picture's edge) */
  pointerDown(e) {
    const [x, y] = this.fraction(e);
    const s = this.screen;
    /** @type {Handle[]} */
    const handles = [0, 1, 2, 3].map((index) => ({ kind: 'corner', index }));
    this.mapping?.mesh?.points.forEach((_, index) => handles.push({ kind: 'mesh', index }));
    const dist = (/** @type {Handle} */ h) => {
      const [hx, hy] = this.handlePosition(h);
      return Math.hypot((hx - x) * s.width, (hy - y) * s.height);
    };
    const near = handles.sort((a, b) => dist(a) - dist(b))[0];
    if (!near || dist(near) > Math.max(s.width, s.height) / 30) return;
    this.selected = near;
    this.dragging = true;
    this.svg.setPointerCapture(e.pointerId);
    this.svg.focus({ preventScroll: true });
    this.draw();
  }

  /**
   * @param {PointerEvent} e
   * @returns {Pt} the pointer as a fraction of the projector's picture (through the SVG's own transform)
   */
  fraction(e) {
    const m = this.svg.getScreenCTM();
    if (!m) return [0, 0];
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    return [p.x / this.screen.width, p.y / this.screen.height];
  }

  /** @param {KeyboardEvent} e */
  nudge(e) {
    /** @type {Record<string, Pt>} */
    const keys = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const d = keys[e.key];
    if (!d || !this.selected) return;
    e.preventDefault();
    const step = e.shiftKey ? 10 : 1;
    const [x, y] = this.handlePosition(this.selected);
    this.moveTo([x + (d[0] * step) / this.screen.width, y + (d[1] * step) / this.screen.height]);
  }

  /**
   * @param {Handle} h
   * @returns {Pt} where the handle is on the projector's picture
   */
  handlePosition(h) {
    if (h.kind === 'corner') return this.corners[h.index] ?? [0, 0];
    const p = this.mapping?.mesh?.points[h.index] ?? [0, 0];
    return apply(squareToQuad(this.corners), p[0], p[1]);
  }

  /** @param {Pt} to the selected handle's new place on the projector's picture */
  moveTo(to) {
    if (!this.mapping || !this.selected) return;
    const clamp = (/** @type {number} */ v) => Math.min(Math.max(v, -0.5), 1.5);
    const [x, y] = [clamp(to[0]), clamp(to[1])];
    if (this.selected.kind === 'corner') {
      const corners = /** @type {Quad} */ (this.corners.map((c) => [c[0], c[1]]));
      corners[this.selected.index] = [x, y];
      this.mapping.corners = corners;
    } else if (this.mapping.mesh) {
      this.mapping.mesh.points[this.selected.index] = apply(invert(squareToQuad(this.corners)), x, y);
    }
    this.draw();
    this.send();
  }

  /** @param {number} n points a side; 0 for no mesh */
  setMesh(n) {
    if (!this.mapping) return;
    /** @type {Pt[]} */
    const points = [];
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) points.push([c / (n - 1), r / (n - 1)]);
    this.mapping.mesh = n >= 2 ? { cols: n, rows: n, smooth: true, points } : null;
    this.selected = null;
    this.draw();
    this.send();
  }

  /** the changes go out at most every 50 ms while dragging */
  send() {
    this.editedAt = performance.now();
    if (this.sendTimer) return;
    this.sendTimer = window.setTimeout(() => {
      this.sendTimer = 0;
      if (!this.mapping) return;
      this.socket.emit('projection:set', this.id, this.mapping, (a) => {
        el('proj-error').textContent = a.ok ? '' : (a.error ?? 'refused');
      });
    }, SEND_MS);
  }

  fillForm() {
    const m = this.mapping;
    if (!m) return;
    for (const edge of EDGES) {
      const b = m.blend[edge];
      input(`proj-${edge}-width`).value = String(b?.width ?? 0);
      input(`proj-${edge}-curve`).value = String(b?.curve ?? 2);
      input(`proj-${edge}-gamma`).value = String(b?.gamma ?? 2.2);
    }
    input('proj-lift').value = String(m.blackLift);
    /** @type {HTMLSelectElement} */ (el('proj-mesh')).value = String(m.mesh?.cols ?? 0);
  }

  readForm() {
    const m = this.mapping;
    if (!m) return;
    for (const edge of EDGES) {
      const width = Number(input(`proj-${edge}-width`).value);
      const curve = Number(input(`proj-${edge}-curve`).value);
      const gamma = Number(input(`proj-${edge}-gamma`).value);
      if (width > 0) m.blend[edge] = { width, curve, gamma };
      else delete m.blend[edge];
    }
    m.blackLift = Number(input('proj-lift').value);
    this.send();
  }

  draw() {
    const s = this.screen;
    this.svg.setAttribute('viewBox', `0 0 ${s.width} ${s.height}`);
    const h = squareToQuad(this.corners);
    /** @type {SVGElement[]} */
    const shapes = [node('rect', { x: 0, y: 0, width: s.width, height: s.height, class: 'screen' })];
    const px = (/** @type {Pt} */ p) => /** @type {Pt} */ ([p[0] * s.width, p[1] * s.height]);
    const outline = [0, 1, 2, 3].map((i) => px(this.corners[i] ?? [0, 0]).join(',')).join(' ');
    shapes.push(node('polygon', { points: outline, class: 'quad' }));
    const r = Math.max(s.width, s.height) / 90;
    this.mapping?.mesh?.points.forEach((p, index) => {
      const [x, y] = px(apply(h, p[0], p[1]));
      shapes.push(handle('mesh', index, x, y, r * 0.7, this.selected));
    });
    this.corners.forEach((c, index) => {
      const [x, y] = px(c);
      shapes.push(handle('corner', index, x, y, r, this.selected));
    });
    this.svg.replaceChildren(...shapes);
  }

  async export() {
    const res = await fetch('/api/projection.yaml', { headers: { authorization: `Bearer ${this.token()}` } });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(await res.blob());
    a.download = 'projection.yaml';
    a.click();
    URL.revokeObjectURL(a.href);
  }
}

/**
 * @param {string} id
 * @returns {HTMLInputElement}
 */
const input = (id) => /** @type {HTMLInputElement} */ (el(id));

/**
 * @param {string} name
 * @param {Record<string, string | number>} attrs
 */
function node(name, attrs) {
  const n = /** @type {SVGElement} */ (document.createElementNS(SVG, name));
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  return n;
}

/**
 * @param {'corner' | 'mesh'} kind
 * @param {number} index
 * @param {number} x
 * @param {number} y
 * @param {number} r
 * @param {Handle | null} selected
 */
function handle(kind, index, x, y, r, selected) {
  const on = selected?.kind === kind && selected.index === index;
  return node('circle', {
    cx: x,
    cy: y,
    r,
    class: `${kind}${on ? ' selected' : ''}`,
    'data-kind': kind,
    'data-index': index,
  });
}
