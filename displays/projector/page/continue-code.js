// @ts-check
// "Continue a world" at the display (phones.recording.codeEntry.display): in attract mode a visitor presses Enter
// or touches the box, then types the code of a visit (on the kiosk's keyboard or the keypad shown); the runtime
// checks it, and the next visit starts in that visit's saved world. While the box is open, keys and touches stay
// in it (they do not wake the kiosk or steer).

/** @typedef {import('../../../runtime/core/display-protocol.ts').ContinueAck} ContinueAck */

/** the letters a code is made of (runtime/visits/store.ts): no I, L, O, 0 or 1 */
const LETTERS = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 8;
/** the box closes by itself after this long untouched */
const IDLE_MS = 45_000;
const MESSAGE_MS = 4000;

/** @type {Record<string, string>} */
const SAID = {
  wrong: 'No world has this code',
  'slow-down': 'Too many wrong codes: please wait a few minutes',
  busy: 'A visit is going on: try again when it ends',
  'view-only': 'This display cannot take codes',
  failed: 'This world cannot be carried on now',
};

/**
 * @param {string} tag
 * @param {Record<string, string>} props
 */
const make = (tag, props = {}) => Object.assign(document.createElement(tag), props);

/** the box: what is typed, the keypad, what the runtime said */
class CodeBox {
  /** @param {(code: string) => Promise<ContinueAck>} send */
  constructor(send) {
    this.send = send;
    this.open = make('button', {
      id: 'continue-open',
      type: 'button',
      textContent: 'Have a code? Press Enter or touch here',
    });
    this.panel = make('div', { id: 'continue-panel', hidden: 'hidden' });
    this.shown = make('div', { id: 'continue-typed' });
    this.message = make('p', { id: 'continue-message' });
    this.keypad = make('div', { id: 'continue-keypad' });
    for (const c of LETTERS) this.keypad.append(make('button', { type: 'button', textContent: c, value: c }));
    this.keypad.append(make('button', { type: 'button', textContent: '⌫', value: 'Backspace', className: 'wide' }));
    this.keypad.append(make('button', { type: 'button', textContent: 'Cancel', value: 'Escape', className: 'wide' }));
    const title = make('h2', { textContent: 'Continue a world: type its code' });
    this.panel.append(title, this.shown, this.keypad, this.message);
    document.body.append(this.open, this.panel);
    this.typed = '';
    this.busy = false;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.idle = undefined;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.hush = undefined;
  }

  get attract() {
    return document.body.dataset.phase === 'attract';
  }

  draw() {
    this.shown.textContent = this.typed.padEnd(LENGTH, '·').replace(/(.{4})/, '$1 ');
    this.open.hidden = !this.attract || !this.panel.hidden;
  }

  close() {
    this.panel.hidden = true;
    this.typed = '';
    clearTimeout(this.idle);
    this.draw();
  }

  show() {
    this.panel.hidden = false;
    this.typed = '';
    this.message.textContent = '';
    this.touched();
  }

  touched() {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.close(), IDLE_MS);
    this.draw();
  }

  /** @param {string} key a letter or digit, Backspace, Enter or Escape */
  press(key) {
    if (this.busy) return;
    this.touched();
    if (key === 'Escape') return this.close();
    if (key === 'Backspace') this.typed = this.typed.slice(0, -1);
    else if (key.length === 1 && LETTERS.includes(key.toUpperCase()) && this.typed.length < LENGTH)
      this.typed += key.toUpperCase();
    this.draw();
    if (this.typed.length === LENGTH) void this.submit();
  }

  async submit() {
    this.busy = true;
    delete this.message.dataset.error;
    const ack = await this.send(this.typed);
    this.busy = false;
    if (ack.ok) return this.close();
    this.typed = '';
    this.draw();
    this.message.dataset.error = ack.error; // the runtime's own words, for the operator and tests
    this.message.textContent = SAID[ack.reason] ?? ack.error;
    clearTimeout(this.hush);
    this.hush = setTimeout(() => (this.message.textContent = ''), MESSAGE_MS);
  }

  /** capture: the display's own key handler (it steers and wakes the kiosk) never hears these @param {KeyboardEvent} e */
  key(e) {
    const opening = this.panel.hidden && e.type === 'keydown' && e.key === 'Enter' && this.attract;
    if (this.panel.hidden && !opening) return;
    e.stopPropagation();
    e.preventDefault();
    if (opening) this.show();
    else if (e.type === 'keydown' && !e.repeat) this.press(e.key);
  }
}

/** @param {(code: string) => Promise<ContinueAck>} send */
export function offerCodeEntry(send) {
  const box = new CodeBox(send);
  addEventListener('keydown', (e) => box.key(e), { capture: true });
  addEventListener('keyup', (e) => box.key(e), { capture: true });
  // touches on the box are the box's: the page's touch steering would otherwise take them
  for (const el of [box.open, box.panel])
    for (const type of ['touchstart', 'touchmove', 'touchend'])
      el.addEventListener(type, (e) => e.stopPropagation(), { passive: true });
  box.open.addEventListener('click', () => box.show());
  box.keypad.addEventListener('click', (e) => {
    const button = /** @type {HTMLElement} */ (e.target).closest('button');
    if (button) box.press(button.value);
  });
  new MutationObserver(() => (box.attract ? box.draw() : box.close())).observe(document.body, {
    attributeFilter: ['data-phase'],
  });
  box.draw();
}
