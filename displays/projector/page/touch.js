// Touch: the left half of the screen is a stick that walks, the right half drags to look around.
const RADIUS_PX = 70;

export class TouchControls {
  constructor(surface, send) {
    this.send = send;
    this.touches = new Map();
    surface.addEventListener('touchstart', (e) => this.start(e), { passive: false });
    surface.addEventListener('touchmove', (e) => this.move(e), { passive: false });
    surface.addEventListener('touchend', (e) => this.end(e));
    surface.addEventListener('touchcancel', (e) => this.end(e));
  }

  start(e) {
    e.preventDefault();
    for (const t of e.changedTouches) {
      const channel = t.clientX < innerWidth / 2 ? 'stick' : 'look';
      this.touches.set(t.identifier, { channel, x: t.clientX, y: t.clientY });
    }
  }

  move(e) {
    e.preventDefault();
    for (const t of e.changedTouches) {
      const s = this.touches.get(t.identifier);
      if (!s) continue;
      const clamp = (v) => Math.max(-1, Math.min(1, v));
      const value = [clamp((t.clientX - s.x) / RADIUS_PX), clamp((s.y - t.clientY) / RADIUS_PX)];
      this.send({ kind: 'touch', channel: s.channel, value });
    }
  }

  end(e) {
    for (const t of e.changedTouches) {
      const s = this.touches.get(t.identifier);
      if (s) this.send({ kind: 'touch', channel: s.channel, value: [0, 0] });
      this.touches.delete(t.identifier);
    }
  }
}
