// @ts-check
// A projector page: draws the world's frames, plays its sound, sends the visitor's keys and touches.
import { AudioPlayer } from './audio.js';
import { TouchControls } from './touch.js';
import { GamepadInput } from './gamepad.js';

/** @typedef {import('../../../runtime/core/display-protocol.ts').DisplayToPage} DisplayToPage */
/** @typedef {import('../../../runtime/core/display-protocol.ts').PageToDisplay} PageToDisplay */
/** @typedef {import('../../../runtime/core/display-protocol.ts').PageInput} PageInput */
/** @typedef {import('../../../runtime/core/display-protocol.ts').FrameMeta} FrameMeta */
/** @typedef {import('../page-stats.ts').DisplayPageStats} DisplayPageStats */

/**
 * An element the page cannot work without (display.html has it).
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} type
 * @returns {T}
 */
function element(id, type) {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`display.html has no ${type.name} #${id}`);
  return el;
}

const id = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? 'main');
const canvas = element('world', HTMLCanvasElement);
const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d', { alpha: false }));
const overlay = element('overlay', HTMLElement);
const notice = element('notice', HTMLElement);
const statsBox = element('stats', HTMLElement);
const video = element('surface', HTMLVideoElement);
const timeLeft = element('timeleft', HTMLElement);
/** @type {import('./happyoyster.js').HappyOysterPlayer | null} a world this page hosts itself (HappyOyster), loaded when asked */
let player = null;
let phase = '';
const audio = new AudioPlayer();
/** @type {DisplayPageStats} */
const stats = {
  id,
  frames: 0,
  drawn: 0,
  lastStep: -1,
  draws: [],
  connected: false,
  blackout: false,
  health: 'running',
  overlay: null,
  audio: audio.stats,
};
window.nacreDisplay = stats;

/** @type {import('socket.io-client').Socket<DisplayToPage, PageToDisplay>} */
const socket = io('/display', { query: { id }, transports: ['websocket'] });
/** @type {{ meta: FrameMeta, rgba: ArrayBuffer, ack: () => void } | null} the frame waiting for the next animation frame */
let pending = null;

socket.on('connect', () => {
  stats.connected = true;
});
socket.on('disconnect', () => {
  stats.connected = false;
});

socket.on('frame', (meta, rgba, ack) => {
  stats.frames++;
  if (pending) pending.ack();
  pending = { meta, rgba, ack };
  requestAnimationFrame(draw);
});

function draw() {
  if (!pending) return;
  const { meta, rgba, ack } = pending;
  pending = null;
  if (canvas.width !== meta.width || canvas.height !== meta.height) {
    canvas.width = meta.width;
    canvas.height = meta.height;
  }
  ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba), meta.width, meta.height), 0, 0);
  stats.drawn++;
  stats.lastStep = meta.step;
  // the last few draws, for latency figures (bench) and the stats overlay
  stats.draws.push({ step: meta.step, sentAt: meta.sentAt, drawnAt: Date.now() });
  if (stats.draws.length > 120) stats.draws.shift();
  ack();
}

socket.on('audio', (meta, planar) => audio.play(meta, planar));

socket.on('overlay', (o) => {
  stats.overlay = o.overlay;
  phase = o.phase;
  document.body.dataset.phase = phase; // join-qr.js places the phones' QR code by it
  if (phase === 'active') void player?.begin();
  const text =
    o.overlay && { 'press-any-key': 'Press any key to explore', 'thank-you': 'Thank you for visiting' }[o.overlay];
  overlay.hidden = !text;
  overlay.textContent = text ?? '';
  overlay.classList.toggle('pulse', o.overlay === 'press-any-key');
});

socket.on('blackout', (on) => {
  stats.blackout = on;
  document.body.classList.toggle('blackout', on);
  audio.mute(on);
});

socket.on('health', (h) => {
  stats.health = h.state;
  canvas.classList.toggle('dimmed', h.state !== 'running');
  notice.hidden = h.state === 'running';
  notice.textContent = h.state === 'running' ? '' : 'One moment: the world is being restored';
});

socket.on('surface', async (s) => {
  if (!s) {
    await player?.stop();
    return;
  }
  const { HappyOysterPlayer } = await import('./happyoyster.js');
  player ??= new HappyOysterPlayer(video, timeLeft, (r) => socket.emit('surface', r));
  player.host(s);
  if (phase === 'active') void player.begin();
});
socket.on('surface-command', (c) => player?.command(c));

const send = (/** @type {PageInput} */ input) => socket.connected && socket.emit('input', input);

addEventListener('keydown', (e) => {
  audio.unlock();
  if (e.code === 'Backquote') {
    statsBox.hidden = !statsBox.hidden;
    return;
  }
  if (e.repeat) return;
  if (e.code.startsWith('Arrow') || e.code === 'Space') e.preventDefault();
  send({ kind: 'key', code: e.code, down: true });
});
addEventListener('keyup', (e) => send({ kind: 'key', code: e.code, down: false }));
addEventListener('blur', () => {
  send({ kind: 'release-all' });
  player?.blur();
});
document.addEventListener('visibilitychange', () => document.hidden && send({ kind: 'release-all' }));
addEventListener('pointerdown', () => audio.unlock());
new TouchControls(document.body, send);
const pads = new GamepadInput(send);
// a pad held while the page was not connected (starting, reconnecting) is sent again once it is
socket.on('connect', () => pads.resync());

setInterval(() => {
  if (!statsBox.hidden) statsBox.textContent = JSON.stringify(stats, null, 1);
}, 500);
