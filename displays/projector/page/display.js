// A projector page: draws the world's frames, plays its sound, sends the visitor's keys and touches.
import { AudioPlayer } from './audio.js';
import { TouchControls } from './touch.js';
import { GamepadInput } from './gamepad.js';

const id = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? 'main');
const canvas = document.getElementById('world');
const ctx = canvas.getContext('2d', { alpha: false });
const overlay = document.getElementById('overlay');
const notice = document.getElementById('notice');
const statsBox = document.getElementById('stats');
const audio = new AudioPlayer();
const stats = { id, frames: 0, drawn: 0, lastStep: -1, draws: [], connected: false, blackout: false, health: 'running', overlay: null, audio: audio.stats };
window.nacreDisplay = stats;

// eslint-disable-next-line no-undef
const socket = io('/display', { query: { id }, transports: ['websocket'] });
let pending = null;

socket.on('connect', () => { stats.connected = true; });
socket.on('disconnect', () => { stats.connected = false; });

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
  const text = { 'press-any-key': 'Press any key to explore', 'thank-you': 'Thank you for visiting' }[o.overlay];
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

const send = (input) => socket.connected && socket.emit('input', input);

addEventListener('keydown', (e) => {
  audio.unlock();
  if (e.code === 'Backquote') { statsBox.hidden = !statsBox.hidden; return; }
  if (e.repeat) return;
  if (e.code.startsWith('Arrow') || e.code === 'Space') e.preventDefault();
  send({ kind: 'key', code: e.code, down: true });
});
addEventListener('keyup', (e) => send({ kind: 'key', code: e.code, down: false }));
addEventListener('blur', () => send({ kind: 'release-all' }));
document.addEventListener('visibilitychange', () => document.hidden && send({ kind: 'release-all' }));
addEventListener('pointerdown', () => audio.unlock());
new TouchControls(document.body, send);
new GamepadInput(send);

setInterval(() => {
  if (!statsBox.hidden) statsBox.textContent = JSON.stringify(stats, null, 1);
}, 500);
