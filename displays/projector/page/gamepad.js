// @ts-check
// Pads plugged into the display PC, through the browser's Gamepad API. Channels follow Nacre's gamepad
// drivers (left, right, lt, rt, dpad, south, east, ...) so the same mappings apply; a pad without the
// browser's "standard" mapping sends axis:N and button:N.
/** @typedef {import('../../../runtime/core/display-protocol.ts').PageInput} PageInput */
/** @typedef {Extract<PageInput, { kind: 'pad' }>['value']} PadValue */
const DEADZONE = 0.1;
const STANDARD_BUTTONS = [
  'south',
  'east',
  'west',
  'north',
  'l1',
  'r1',
  null,
  null,
  'select',
  'start',
  'l3',
  'r3',
  null,
  null,
  null,
  null,
  'home',
];

export class GamepadInput {
  /**
   * @param {(input: PageInput) => void} send
   * @param {{ getGamepads?: () => (Gamepad | null)[] }} nav navigator, or a stand-in in tests
   */
  constructor(send, nav = navigator) {
    this.send = send;
    this.nav = nav;
    /** @type {Map<string, PadValue>} "pad/channel" -> last value sent */
    this.last = new Map();
    addEventListener('gamepaddisconnected', (e) => this.neutral(e.gamepad.index));
    const poll = () => {
      this.poll();
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }

  poll() {
    for (const pad of this.nav.getGamepads?.() ?? []) {
      if (!pad || !pad.connected) continue;
      for (const [channel, value] of pad.mapping === 'standard' ? standard(pad) : raw(pad))
        this.change(pad.index, channel, value);
    }
  }

  /** forget what was sent: the next poll sends every pad's whole state again (after a (re)connect) */
  resync() {
    this.last.clear();
  }

  /**
   * @param {number} pad
   * @param {string} channel
   * @param {PadValue} value
   */
  change(pad, channel, value) {
    const key = `${pad}/${channel}`;
    if (JSON.stringify(this.last.get(key)) === JSON.stringify(value)) return;
    this.last.set(key, value);
    this.send({ kind: 'pad', pad, channel, value });
  }

  /** @param {number} pad */
  neutral(pad) {
    for (const [key, value] of this.last) {
      const [index, channel] = key.split('/');
      if (Number(index) !== pad || channel === undefined) continue;
      this.change(pad, channel, Array.isArray(value) ? [0, 0] : typeof value === 'number' ? 0 : false);
    }
  }
}

/**
 * @param {number} x
 * @param {number} y
 * @returns {[number, number]}
 */
function stick(x, y) {
  const m = Math.hypot(x, y);
  if (m <= DEADZONE) return [0, 0];
  const s = Math.min(1, (m - DEADZONE) / (1 - DEADZONE)) / m;
  return [round(x * s), round(-y * s)]; // the browser's y is down; Nacre's is up
}

/**
 * @param {Gamepad} pad
 * @returns {[string, PadValue][]}
 */
function standard(pad) {
  const a = pad.axes;
  const b = (/** @type {number} */ i) => pad.buttons[i];
  /** @type {[string, PadValue][]} */
  const out = [
    ['left', stick(a[0] ?? 0, a[1] ?? 0)],
    ['right', stick(a[2] ?? 0, a[3] ?? 0)],
  ];
  out.push(['lt', round(b(6)?.value ?? 0)], ['rt', round(b(7)?.value ?? 0)]);
  const on = (/** @type {number} */ i) => (b(i)?.pressed ? 1 : 0);
  out.push(['dpad', [on(15) - on(14), on(12) - on(13)]]);
  STANDARD_BUTTONS.forEach((name, i) => {
    const button = b(i);
    if (name && button) out.push([name, button.pressed]);
  });
  return out;
}

/**
 * @param {Gamepad} pad
 * @returns {[string, PadValue][]}
 */
function raw(pad) {
  /** @type {[string, PadValue][]} */
  const out = pad.axes.map((v, i) => [`axis:${i}`, round(v)]);
  pad.buttons.forEach((btn, i) => out.push([`button:${i + 1}`, btn.pressed]));
  return out;
}

/** @param {number} v */
function round(v) {
  return Math.round(v * 1000) / 1000 + 0;
}
