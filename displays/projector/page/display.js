// @ts-check
// A projector page: draws the world's frames, plays its sound, sends the visitor's keys and touches.
import { AudioPlayer } from './audio.js';
import { TouchControls } from './touch.js';
import { GamepadInput } from './gamepad.js';
import { Screen } from './screen.js';
import { loadClosedPicture } from './closed.js';

/** @typedef {import('../../../runtime/core/display-protocol.ts').DisplayToPage} DisplayToPage */
/** @typedef {import('../../../runtime/core/display-protocol.ts').PageToDisplay} PageToDisplay */
/** @typedef {import('../../../runtime/core/display-protocol.ts').PageInput} PageInput */
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
const overlay = element('overlay', HTMLElement);
const notice = element('notice', HTMLElement);
const viewOnly = element('view-only', HTMLElement);
const statsBox = element('stats', HTMLElement);
const video = element('surface', HTMLVideoElement);
const timeLeft = element('timeleft', HTMLElement);
/** @type {import('./happyoyster.js').HappyOysterPlayer | null} a world this page hosts itself (HappyOyster), loaded when asked */
let player = null;
/** @type {import('./video-preview.js').VideoPreview | null} its picture for the console */
let preview = null;
/** @type {import('./video-recorder.js').VideoRecorder | null} its recording, where the world asks for one */
let recorder = null;
let phase = '';
const audio = new AudioPlayer();
/** @type {DisplayPageStats} */
const stats = {
  id,
  frames: 0,
  drawn: 0,
  lastStep: -1,
  draws: [],
  codec: null,
  bytes: 0,
  skipped: 0,
  decodeError: null,
  pattern: null,
  beat: Date.now(),
  renderer: 'webgl2',
  connected: false,
  blackout: false,
  health: 'running',
  overlay: null,
  audio: audio.stats,
};
window.nacreDisplay = stats;

/**
 * The display key, given once in the URL (?key=...) and kept by the browser; taken out of the address bar so
 * it is not on screen.
 * @returns {string | undefined}
 */
function displayKey() {
  const url = new URL(location.href);
  const given = url.searchParams.get('key');
  if (given) {
    localStorage.setItem('nacre-display-key', given);
    url.searchParams.delete('key');
    history.replaceState(null, '', url);
  }
  return localStorage.getItem('nacre-display-key') ?? undefined;
}

/** @type {import('socket.io-client').Socket<DisplayToPage, PageToDisplay>} */
const socket = io('/display', { query: { id }, auth: { key: displayKey() }, transports: ['websocket'] });
const screen = new Screen(canvas, stats, (s) => socket.connected && socket.emit('screen', s));

socket.on('connect', () => {
  stats.connected = true;
  stats.connectedAt = Date.now();
  socket.emit('screen', screen.screen);
});
// a page on another machine steers only with the display key (README "Security"); over loopback it always does
socket.on('paired', (on) => {
  stats.paired = on;
  viewOnly.hidden = on;
});
socket.on('disconnect', () => {
  stats.connected = false;
});

socket.on('frame', (meta, payload, ack) => screen.frame(meta, payload, ack));
// what the projector shows now, for tests: the canvas's pixels, rows from the top, base64
window.nacreReadPixels = () => {
  const { width, height, data } = screen.warper.read();
  let s = '';
  for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return { width, height, rgba: btoa(s) };
};
socket.on('mapping', (m) => {
  window.nacreMapping = m;
  screen.setMapping(m);
});
socket.on('pattern', (p) => screen.setPattern(p, id));

socket.on('audio', (meta, planar, ack) => {
  audio.play(meta, planar);
  ack();
});

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

socket.on('blackout', (on, fadeSeconds) => {
  stats.blackout = on;
  document.body.style.setProperty('--blackout-fade', `${fadeSeconds ?? 0}s`);
  document.body.classList.toggle('blackout', on);
  audio.mute(on, fadeSeconds ?? 0);
});

// closed with a picture: the canvas shows it through the blackout (display.css), the world's frames wait
let closedAddress = /** @type {string | null} */ (null);
socket.on('closed', async (address) => {
  closedAddress = address;
  const image = address ? await loadClosedPicture(address).catch(() => null) : null;
  if (closedAddress !== address) return image?.close(); // a newer word came while it loaded
  screen.setClosed(image);
  document.body.classList.toggle('closed-picture', image !== null);
});

socket.on('health', (h) => {
  stats.health = h.state;
  canvas.classList.toggle('dimmed', h.state !== 'running');
  notice.hidden = h.state === 'running';
  notice.textContent = h.state === 'running' ? '' : 'One moment: the world is being restored';
});

socket.on('surface', async (s) => {
  // a new travel (or none): the last one's preview and recording end here
  preview?.stop();
  recorder?.stop();
  if (!s) {
    await player?.stop();
    return;
  }
  const [{ HappyOysterPlayer }, { VideoPreview }, { VideoRecorder }] = await Promise.all([
    import('./happyoyster.js'),
    import('./video-preview.js'),
    import('./video-recorder.js'),
  ]);
  preview ??= new VideoPreview(video, (meta, jpeg) => socket.emit('surface-preview', meta, jpeg));
  recorder ??= new VideoRecorder(video);
  const [shown, recording] = [preview, recorder];
  player ??= new HappyOysterPlayer(video, timeLeft, (r) => {
    if (r.event === 'joined') shown.start(r.id);
    if (r.event === 'joined' && player?.surface?.record) recording.start(r.id);
    if (r.event === 'failed' || r.event === 'ended') (shown.stop(), recording.stop());
    socket.emit('surface', r);
  });
  player.host(s);
  if (phase === 'active') void player.begin();
});
socket.on('surface-command', (c) => player?.command(c));

const send = (/** @type {PageInput} */ input) => socket.connected && socket.emit('input', input);
// continue-code.js (a visit's code typed at the display) sends on this page's socket
window.nacreContinue = (code) => new Promise((resolve) => socket.emit('continue', code, resolve));

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

// the runtime releases this page's held keys if these stop for a second (the page froze)
setInterval(() => socket.connected && socket.volatile.emit('alive'), 250);

// the heartbeat `nacre kiosk` reads (a page whose main thread hangs stops beating)
setInterval(() => {
  stats.beat = Date.now();
  if (!statsBox.hidden) statsBox.textContent = JSON.stringify({ ...stats, draws: stats.draws.slice(-3) }, null, 1);
}, 500);
// a projector should never sleep: hold a screen wake lock where the browser grants one (a secure origin)
const wake = () => navigator.wakeLock?.request('screen').catch(() => undefined);
void wake();
document.addEventListener('visibilitychange', () => !document.hidden && void wake());
