// @ts-check
// Touch: the left half of the screen is a stick that walks, the right half drags to look around.
/** @typedef {import('../../../runtime/core/display-protocol.ts').PageInput} PageInput */
const RADIUS_PX = 70;

export class TouchControls {
  /**
   * @param {HTMLElement} surface
   * @param {(input: PageInput) => void} send
   */
  constructor(surface, send) {
    this.send = send;
    /** @type {Map<number, { channel: 'stick' | 'look', x: number, y: number }>} touch identifier -> where it began */
    this.touches = new Map();
    surface.addEventListener('touchstart', (e) => this.start(e), { passive: false });
    surface.addEventListener('touchmove', (e) => this.move(e), { passive: false });
    surface.addEventListener('touchend', (e) => this.end(e));
    surface.addEventListener('touchcancel', (e) => this.end(e));
  }

  /** @param {TouchEvent} e */
  start(e) {
    e.preventDefault();
    for (const t of e.changedTouches) {
      const channel = t.clientX < innerWidth / 2 ? 'stick' : 'look';
      this.touches.set(t.identifier, { channel, x: t.clientX, y: t.clientY });
    }
  }

  /** @param {TouchEvent} e */
  move(e) {
    e.preventDefault();
    for (const t of e.changedTouches) {
      const s = this.touches.get(t.identifier);
      if (!s) continue;
      const clamp = (/** @type {number} */ v) => Math.max(-1, Math.min(1, v));
      /** @type {[number, number]} */
      const value = [clamp((t.clientX - s.x) / RADIUS_PX), clamp((s.y - t.clientY) / RADIUS_PX)];
      this.send({ kind: 'touch', channel: s.channel, value });
    }
  }

  /** @param {TouchEvent} e */
  end(e) {
    for (const t of e.changedTouches) {
      const s = this.touches.get(t.identifier);
      if (s) this.send({ kind: 'touch', channel: s.channel, value: [0, 0] });
      this.touches.delete(t.identifier);
    }
  }
}
