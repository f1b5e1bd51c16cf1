// @ts-check
// The operator console: preview, conditions, model, drivers, outputs, session control, instructions, audit,
// projection set-up.
import { addAudit, showAudit } from './audit.js';
import { ProjectionPanel } from './projection.js';
import { attachPhones } from './phones.js';
import { bindShowEditor } from './show-editor.js';
import { TimelineStrip } from './timeline.js';
import { Plots } from './plots.js';
import { LogTailPanel } from './logs.js';
import { attachAccounts } from './accounts.js';
import { renderModelLoad } from './model-load.js';
import { renderSpeakers } from './speakers.js';
import { $ } from './dom.js';
import { renderBookmarks, renderTransport } from './transport.js';
/** @typedef {import('../protocol.ts').ServerToConsole} ServerToConsole */
/** @typedef {import('../protocol.ts').ConsoleToServer} ConsoleToServer */
/** @typedef {import('../protocol.ts').StatusReport} StatusReport */
/** @typedef {import('../protocol.ts').InstructionEntry} InstructionEntry */

import { bindHours, bindRehearsal, bindShow, renderHours, renderRehearsal, renderShow } from './show.js';

const login = $('login');
const plots = new Plots($('plots'));
const logTail = new LogTailPanel(
  $('log-tail', HTMLOListElement),
  $('log-level', HTMLSelectElement),
  $('log-pause', HTMLInputElement),
);
const app = $('app');
/** @type {import('socket.io-client').Socket<ServerToConsole, ConsoleToServer>} */
let socket;

/** @param {{ user?: string, password?: string, token?: string }} auth */
function connect(auth) {
  socket = io('/console', { auth, transports: ['websocket'] });
  socket.on('connect_error', (err) => {
    $('login-error').textContent = auth.token ? '' : loginProblem(err);
    sessionStorage.removeItem('nacre-console');
    login.hidden = false;
    app.hidden = true;
    socket.close();
  });
  socket.on('connect', () => {
    login.hidden = true;
    app.hidden = false;
  });
  // the page keeps the session's token, never the password; it reconnects with it until it expires
  socket.on('session', (s) => {
    sessionStorage.setItem('nacre-console', s.token);
    $('who').textContent = `${s.user} (${s.role})`;
    document.body.className = s.role;
  });
  socket.on('expired', () => {
    sessionStorage.removeItem('nacre-console');
    $('login-error').textContent = 'The session has ended: log in again.';
    login.hidden = false;
    app.hidden = true;
  });
  socket.on('display-key', (key) => ($('display-key').textContent = key));
  socket.on('audit:history', (entries) => showAudit($('audit'), entries));
  socket.on('audit', (e) => addAudit($('audit'), e));
  socket.on('status', render);
  socket.on('preview', drawPreview);
  socket.on('preview-jpeg', drawPreviewJpeg);
  socket.on('camera', drawCamera);
  socket.on('history', (entries) => {
    $('instructions').replaceChildren();
    entries.forEach(addInstruction);
  });
  socket.on('instruction', addInstruction);
  const projection = new ProjectionPanel(socket, () => sessionStorage.getItem('nacre-console') ?? '');
  socket.on('projection', (views) => projection.update(views));
  attachPhones(socket);
  attachAccounts(socket);
  socket.on('metrics:history', (samples) => plots.history(samples));
  socket.on('metrics', (sample) => plots.add(sample));
  socket.on('log:history', (lines) => logTail.history(lines));
  socket.on('log', (line) => logTail.add(line));
}

/** @param {Error & {data?: {retryAfterSeconds?: number}}} err */
function loginProblem(err) {
  if (err.message === 'unauthorized') return 'Wrong name or password.';
  if (err.message === 'locked')
    return `Too many wrong passwords: try again in ${err.data?.retryAfterSeconds ?? 'a few'} seconds.`;
  return `Cannot connect: ${err.message}`;
}

login.addEventListener('submit', (e) => {
  e.preventDefault();
  const user = $('user', HTMLInputElement).value.trim();
  connect({ ...(user ? { user } : {}), password: $('password', HTMLInputElement).value });
});

const stored = sessionStorage.getItem('nacre-console');
if (stored) connect({ token: stored });
else login.hidden = false;

$('start').onclick = () => socket.emit('session:start');
$('reset').onclick = () => socket.emit('session:reset');
$('snapshot').onclick = () =>
  socket.emit('snapshot', undefined, (reply) => reply.ok || alert(reply.error ?? 'no picture'));
$('blackout').onclick = () => {
  const on = $('blackout').getAttribute('aria-pressed') !== 'true';
  $('blackout').setAttribute('aria-pressed', String(on)); // at once; the next status confirms it
  socket.emit('blackout', on);
};
bindShow(() => socket, bindShowEditor(() => socket, $('show-panel')).open);
bindHours(() => socket);
bindRehearsal(() => socket);
$('pause').onclick = () => socket.emit('transport', 'pause', undefined);
$('resume').onclick = () => socket.emit('transport', 'resume', undefined);
$('rewind').onclick = () => socket.emit('transport', 'rewind', Number($('rewind-seconds', HTMLInputElement).value));
const timeline = new TimelineStrip($('timeline'), $('timeline-why'), (s) => socket.emit('transport', 'rewind', s));
$('bookmark-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const name = $('bookmark-name', HTMLInputElement).value.trim();
  if (name) socket.emit('bookmark', name);
});

$('instruct-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const text = $('instruction', HTMLInputElement).value.trim();
  if (!text) return;
  socket.emit('instruct', text, (reply) => {
    if (reply.ok) $('instruction', HTMLInputElement).value = '';
    else alert(reply.error);
  });
});

/** @param {InstructionEntry} entry */
function addInstruction(entry) {
  const li = document.createElement('li');
  li.className = entry.accepted ? 'done' : 'refused';
  li.textContent = entry.text;
  const effect = document.createElement('small');
  effect.textContent = `${new Date(entry.at).toLocaleTimeString()}${entry.from ? ` (${entry.from})` : ''}: ${entry.effect}`;
  li.append(effect);
  $('instructions').prepend(li);
}

/**
 * A camera's picture: it arrives only for cameras configured with showOnConsole.
 * @type {ServerToConsole['camera']}
 */
function drawCamera(meta, rgba) {
  const found = document.getElementById(`camera-${meta.id}`);
  let canvas = found instanceof HTMLCanvasElement ? found : null;
  if (!canvas) {
    canvas = Object.assign(document.createElement('canvas'), { id: `camera-${meta.id}`, title: meta.id });
    $('cameras').append(canvas);
    $('cameras-panel').hidden = false;
  }
  Object.assign(canvas, { width: meta.width, height: meta.height });
  canvas.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(rgba), meta.width, meta.height), 0, 0);
}

const preview = $('preview', HTMLCanvasElement);
const pctx = /** @type {CanvasRenderingContext2D} */ (preview.getContext('2d'));
/** @type {ServerToConsole['preview']} */
function drawPreview(meta, rgba) {
  if (preview.width !== meta.width || preview.height !== meta.height)
    Object.assign(preview, { width: meta.width, height: meta.height });
  pctx.putImageData(new ImageData(new Uint8ClampedArray(rgba), meta.width, meta.height), 0, 0);
}
/**
 * A world a display page hosts (HappyOyster): its page captured the picture from its video.
 * @type {ServerToConsole['preview-jpeg']}
 */
function drawPreviewJpeg(meta, jpeg) {
  createImageBitmap(new Blob([jpeg], { type: 'image/jpeg' })).then(
    (bitmap) => {
      if (preview.width !== meta.width || preview.height !== meta.height)
        Object.assign(preview, { width: meta.width, height: meta.height });
      pctx.drawImage(bitmap, 0, 0);
      bitmap.close();
    },
    () => undefined, // a broken picture: the next one comes in half a second
  );
}
preview.addEventListener('keydown', (e) => {
  if (e.repeat) return;
  e.preventDefault();
  socket.emit('input', { kind: 'key', code: e.code, down: true });
});
preview.addEventListener('keyup', (e) => socket.emit('input', { kind: 'key', code: e.code, down: false }));
preview.addEventListener('blur', () => socket.emit('input', { kind: 'release-all' }));

/** @param {unknown} v */
const fmt = (v) =>
  Array.isArray(v) ? `[${v.map((x) => x.toFixed(2)).join(', ')}]` : typeof v === 'number' ? v.toFixed(2) : String(v);
/**
 * @param {HTMLElement} el
 * @param {[string, string][]} pairs
 */
function list(el, pairs) {
  el.replaceChildren(
    ...pairs.flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      return [dt, dd];
    }),
  );
}
/**
 * @param {HTMLElement} el
 * @param {{ id: string, state: string, detail?: string }[]} rows
 */
function items(el, rows) {
  el.replaceChildren(
    ...rows.map((r) => {
      const li = document.createElement('li');
      const text = (/** @type {string} */ tag, /** @type {string} */ content) =>
        Object.assign(document.createElement(tag), { textContent: content });
      const state = Object.assign(text('span', r.state), { className: `state-${r.state}` });
      li.append(text('b', r.id), ' ', state, ' ', text('small', r.detail ?? ''));
      return li;
    }),
  );
}

/**
 * where the model runs: backend and place, the server's sequence and round trip, and the fallback's reason
 * @param {import('../protocol.ts').StatusReport['model']['backend']} b
 * @returns {[string, string][]}
 */
function backendRows(b) {
  if (!b) return [];
  /** @type {[string, string][]} */
  const rows = [['backend', `${b.backend}: ${b.where}`]];
  if (b.sequence) rows.push(['sequence', b.sequence]);
  if (b.roundTripMs !== undefined) rows.push(['round trip', `${b.roundTripMs.toFixed(1)} ms`]);
  if (b.fallback) rows.push(['fallback', `the fallback world runs: ${b.fallback}`]);
  return rows;
}

/** @param {StatusReport} s */
function render(s) {
  const c = s.conditions;
  list($('conditions'), [
    ['move', fmt(c.move)],
    ['look', fmt(c.look)],
    [
      'actions',
      Object.entries(c.actions)
        .filter(([, v]) => v)
        .map(([k]) => k)
        .join(', ') || 'none',
    ],
    ['perspective', c.perspective],
    ['style', c.style ?? s.model.style ?? ''],
  ]);
  list($('model'), [
    ['name', s.model.name],
    ['state', s.model.state],
    ...backendRows(s.model.backend),
    ['steps/s', s.model.stepsPerSecond.toFixed(1)],
    ['step', `${s.model.stepMs.toFixed(1)} ms (run ${s.model.runMs.toFixed(1)} ms)`],
    ['restarts', String(s.model.restarts)],
    ['style', s.model.style ?? ''],
    ['last error', s.model.lastError ?? 'none'],
  ]);
  renderModelLoad(s.model.load);
  items($('drivers'), s.drivers);
  items(
    $('outputs'),
    s.outputs.map((o) => ({
      ...o,
      detail: `${o.clients !== undefined ? `${o.clients} page(s), ` : ''}${o.presented} sent, ${o.dropped} dropped`,
    })),
  );
  const sb = $('session-badge');
  sb.textContent = `${s.session.mode} · ${s.session.phase}${s.session.remainingSeconds !== undefined ? ` · ${Math.ceil(s.session.remainingSeconds)} s` : ''}`;
  sb.className = `badge ${s.session.phase === 'active' ? 'ok' : 'warn'}`;
  const mb = $('model-badge');
  mb.textContent = `model ${s.model.state} · ${s.model.stepsPerSecond.toFixed(0)} steps/s`;
  mb.className = `badge ${s.model.state === 'running' ? 'ok' : 'bad'}`;
  $('blackout').setAttribute('aria-pressed', String(s.blackout));
  $('snapshot').hidden = !s.cameras?.length;
  renderTransport(s.transport);
  timeline.update(s.transport);
  renderBookmarks(s.bookmarks ?? [], s.transport.available, (name) => socket.emit('recall', name));
  renderShow(s.show);
  renderHours(s.schedule);
  renderRehearsal(s.rehearsal);
  renderSpeakers(s.speakers, () => socket);
}
