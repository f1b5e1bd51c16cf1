// @ts-check
// The rewind timeline strip: the world's rewindable window, the oldest snapshot at the left, now at the right,
// seconds marked. Click or drag to a point, let go: the world rewinds that many seconds (the same command as the
// Rewind button: a running world keeps running from there, a paused one stays paused). Keyboard: the arrows
// move the point by a second (Shift: 5), Home and End go to the oldest and to now, Enter or Space rewinds.
// Greyed out, with the reason, where the running world cannot rewind now.
/** @typedef {import('../protocol.ts').StatusReport['transport']} TransportStatus */

/** a mark every 1, 2, 5, 10, 30 or 60 s: about ten along the strip @param {number} window */
function markEvery(window) {
  return [1, 2, 5, 10, 30, 60].find((s) => window / s <= 12) ?? 120;
}

/** why the strip cannot be used now, or '' @param {TransportStatus} t */
function refusal(t) {
  if (!t.available) return t.reason ?? 'this world cannot rewind';
  if (t.noRewind) return t.noRewind;
  if (t.rewindableSeconds === undefined) return 'this world does not say how far back it can go: use Rewind';
  if (t.rewindOnlyWhilePaused && !t.paused) return 'this world rewinds only while paused: pause first';
  if (t.rewindableSeconds < 0.5) return 'nothing to rewind to yet';
  return '';
}

export class TimelineStrip {
  /** how far back the window reaches, in seconds */
  window = 0;
  /** the point chosen, in seconds back from now (0: now) */
  back = 0;
  step = 0.1;
  disabled = true;
  dragging = false;

  /**
   * @param {HTMLElement} strip the strip (role slider)
   * @param {HTMLElement} why where the reason goes when it is greyed out
   * @param {(seconds: number) => void} rewind
   */
  constructor(strip, why, rewind) {
    this.strip = strip;
    this.why = why;
    this.rewind = rewind;
    this.marks = document.createElement('div');
    this.marks.className = 'timeline-marks';
    this.cursor = document.createElement('div');
    this.cursor.className = 'timeline-cursor';
    this.label = document.createElement('span');
    this.label.className = 'timeline-label';
    strip.append(this.marks, this.cursor, this.label);
    strip.addEventListener('pointerdown', (e) => this.press(e));
    strip.addEventListener('pointermove', (e) => this.dragging && this.pick(this.secondsAt(e.clientX)));
    strip.addEventListener('pointerup', () => this.release());
    strip.addEventListener('pointercancel', () => (this.dragging = false));
    strip.addEventListener('keydown', (e) => this.key(e));
    this.pick(0);
  }

  /** @param {TransportStatus} t */
  update(t) {
    const why = refusal(t);
    this.disabled = why !== '';
    this.strip.classList.toggle('disabled', this.disabled);
    this.strip.setAttribute('aria-disabled', String(this.disabled));
    this.why.textContent = why;
    this.step = t.rewindStepSeconds ?? 0.1;
    const window = this.disabled ? 0 : (t.rewindableSeconds ?? 0);
    if (window === this.window) return;
    this.window = window;
    this.strip.setAttribute('aria-valuemin', '0');
    this.strip.setAttribute('aria-valuemax', String(window));
    this.drawMarks();
    if (!this.dragging) this.pick(Math.min(this.back, window));
  }

  drawMarks() {
    const every = markEvery(this.window);
    const marks = [];
    for (let s = 0; s <= this.window; s += every) {
      const mark = document.createElement('span');
      mark.className = s === 0 ? 'now' : '';
      mark.style.left = `${this.percentOf(s)}%`;
      mark.textContent = s === 0 ? 'now' : `-${s} s`;
      marks.push(mark);
    }
    this.marks.replaceChildren(...marks);
  }

  /** where a point `seconds` back is along the strip, in percent from the left @param {number} seconds */
  percentOf(seconds) {
    return this.window > 0 ? 100 * (1 - seconds / this.window) : 100;
  }

  /** seconds back at a pointer's x, rounded to the world's rewind step @param {number} clientX */
  secondsAt(clientX) {
    const box = this.strip.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - box.left) / box.width));
    return this.window * (1 - f);
  }

  /** @param {number} seconds */
  pick(seconds) {
    const rounded = Math.round(Math.min(this.window, Math.max(0, seconds)) / this.step) * this.step;
    this.back = Math.min(this.window, Number(rounded.toFixed(1)));
    this.cursor.style.left = `${this.percentOf(this.back)}%`;
    this.strip.setAttribute('aria-valuenow', String(this.back));
    const text = this.back > 0 ? `${this.back} s back` : 'now';
    this.strip.setAttribute('aria-valuetext', text);
    this.label.textContent = this.disabled ? '' : `rewind to: ${text}`;
  }

  /** rewinds to the point; the strip's point goes back to now, where the world is once it has rewound */
  commit() {
    if (this.disabled || this.back <= 0) return;
    this.rewind(this.back);
    this.pick(0);
  }

  /** @param {PointerEvent} e */
  press(e) {
    if (this.disabled || e.button !== 0) return;
    this.dragging = true;
    this.strip.setPointerCapture(e.pointerId);
    this.pick(this.secondsAt(e.clientX));
  }

  release() {
    if (!this.dragging) return;
    this.dragging = false;
    this.commit();
  }

  /** @param {KeyboardEvent} e */
  key(e) {
    if (this.disabled) return;
    const by = e.shiftKey ? 5 : 1;
    /** @type {Record<string, () => void>} */
    const keys = {
      ArrowLeft: () => this.pick(this.back + by),
      ArrowDown: () => this.pick(this.back + by),
      ArrowRight: () => this.pick(this.back - by),
      ArrowUp: () => this.pick(this.back - by),
      Home: () => this.pick(this.window),
      End: () => this.pick(0),
      Enter: () => this.commit(),
      ' ': () => this.commit(),
    };
    const act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    e.stopPropagation(); // the space bar is GO elsewhere in the console
    act();
  }
}
