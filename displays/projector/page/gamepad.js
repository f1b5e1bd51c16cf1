// Pads plugged into the display PC, through the browser's Gamepad API. Channels follow Nacre's gamepad
// drivers (left, right, lt, rt, dpad, south, east, ...) so the same mappings apply; a pad without the
// browser's "standard" mapping sends axis:N and button:N.
const DEADZONE = 0.1;
const STANDARD_BUTTONS = ['south', 'east', 'west', 'north', 'l1', 'r1', null, null, 'select', 'start', 'l3', 'r3', null, null, null, null, 'home'];

export class GamepadInput {
  constructor(send, nav = navigator) {
    this.send = send;
    this.nav = nav;
    this.last = new Map(); // "pad/channel" -> last value sent
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
      for (const [channel, value] of pad.mapping === 'standard' ? standard(pad) : raw(pad)) this.change(pad.index, channel, value);
    }
  }

  change(pad, channel, value) {
    const key = `${pad}/${channel}`;
    if (JSON.stringify(this.last.get(key)) === JSON.stringify(value)) return;
    this.last.set(key, value);
    this.send({ kind: 'pad', pad, channel, value });
  }

  neutral(pad) {
    for (const [key, value] of this.last) {
      const [index, channel] = key.split('/');
      if (Number(index) !== pad) continue;
      this.change(pad, channel, Array.isArray(value) ? [0, 0] : typeof value === 'number' ? 0 : false);
    }
  }
}

function stick(x, y) {
  const m = Math.hypot(x, y);
  if (m <= DEADZONE) return [0, 0];
  const s = Math.min(1, (m - DEADZONE) / (1 - DEADZONE)) / m;
  return [round(x * s), round(-y * s)]; // the browser's y is down; Nacre's is up
}

function standard(pad) {
  const a = pad.axes;
  const b = (i) => pad.buttons[i];
  const out = [['left', stick(a[0] ?? 0, a[1] ?? 0)], ['right', stick(a[2] ?? 0, a[3] ?? 0)]];
  out.push(['lt', round(b(6)?.value ?? 0)], ['rt', round(b(7)?.value ?? 0)]);
  const on = (i) => (b(i)?.pressed ? 1 : 0);
  out.push(['dpad', [on(15) - on(14), on(12) - on(13)]]);
  STANDARD_BUTTONS.forEach((name, i) => name && b(i) && out.push([name, b(i).pressed]));
  return out;
}

function raw(pad) {
  const out = pad.axes.map((v, i) => [`axis:${i}`, round(v)]);
  pad.buttons.forEach((btn, i) => out.push([`button:${i + 1}`, btn.pressed]));
  return out;
}

function round(v) {
  return Math.round(v * 1000) / 1000 + 0;
}
