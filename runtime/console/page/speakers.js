// @ts-check
// The console's speakers panel (README "Speakers"): each speaker's master level, mute, and per channel a mute
// and a test tone. Changes go to the server as `speaker` events; the status twice a second shows what holds.
/** @typedef {import('../protocol.ts').ServerToConsole} ServerToConsole */
/** @typedef {import('../protocol.ts').ConsoleToServer} ConsoleToServer */
/** @typedef {import('../../../displays/speaker/output.ts').SpeakerView} SpeakerView */
/** @typedef {import('../../../displays/speaker/output.ts').SpeakerChange} SpeakerChange */
/** @typedef {() => import('socket.io-client').Socket<ServerToConsole, ConsoleToServer>} CurrentSocket */

/**
 * @param {string} tag
 * @param {Record<string, unknown>} [props]
 */
const make = (tag, props = {}) => Object.assign(document.createElement(tag), props);

/** @param {CurrentSocket} current @param {string} id @param {SpeakerChange} change */
function send(current, id, change) {
  current().emit('speaker', id, change, (a) => a.ok || alert(a.error));
}

/**
 * Draws the panel: built again only when the speakers or their channels change, so a slider being dragged
 * is not replaced under the operator's hand.
 * @param {SpeakerView[] | undefined} speakers
 * @param {CurrentSocket} current
 */
export function renderSpeakers(speakers, current) {
  const panel = /** @type {HTMLElement} */ (document.getElementById('speakers-panel'));
  const box = /** @type {HTMLElement} */ (document.getElementById('speakers'));
  panel.hidden = !speakers?.length;
  if (!speakers?.length) return;
  const shape = speakers.map((s) => `${s.id}:${s.channels}`).join(' ');
  if (box.dataset.shape !== shape) {
    box.dataset.shape = shape;
    box.replaceChildren(...speakers.map((s) => speakerRow(s, current)));
  }
  for (const s of speakers) update(s);
}

/** @param {SpeakerView} s @param {CurrentSocket} current */
function speakerRow(s, current) {
  const row = make('div', { className: 'speaker' });
  row.dataset.id = s.id;
  const level = Object.assign(document.createElement('input'), {
    type: 'range',
    min: '-60',
    max: '12',
    step: '0.5',
    className: 'level',
    title: 'master level, dB',
  });
  level.onchange = () => send(current, s.id, { level: Number(level.value) });
  const mute = make('button', { type: 'button', className: 'mute', textContent: 'Mute' });
  mute.onclick = () => send(current, s.id, { mute: mute.getAttribute('aria-pressed') !== 'true' });
  const channels = Array.from({ length: s.channels }, (_, c) => {
    const cell = make('span', { className: 'channel' });
    cell.dataset.channel = String(c);
    const m = make('button', { type: 'button', className: 'mute', textContent: 'mute', title: `mute channel ${c}` });
    m.onclick = () => send(current, s.id, { mute: m.getAttribute('aria-pressed') !== 'true', channel: c });
    const tone = make('button', {
      type: 'button',
      className: 'tone',
      textContent: 'tone',
      title: '1 kHz at -20 dBFS, 3 s',
    });
    tone.onclick = () =>
      send(current, s.id, { tone: c, seconds: tone.getAttribute('aria-pressed') === 'true' ? 0 : 3 });
    cell.append(make('span', { textContent: `ch ${c}` }), m, tone);
    return cell;
  });
  row.append(make('b', { textContent: s.id }), level, make('output', { className: 'db' }), mute, ...channels);
  row.append(make('small', { className: 'problem' }));
  return row;
}

/** @param {SpeakerView} s */
function update(s) {
  const row = document.querySelector(`#speakers .speaker[data-id="${CSS.escape(s.id)}"]`);
  if (!row) return;
  const level = /** @type {HTMLInputElement} */ (row.querySelector('input.level'));
  if (document.activeElement !== level) level.value = String(s.level);
  /** @type {HTMLElement} */ (row.querySelector('output.db')).textContent = `${s.level.toFixed(1)} dB`;
  /** @type {HTMLElement} */ (row.querySelector(':scope > button.mute')).setAttribute('aria-pressed', String(s.mute));
  for (const cell of row.querySelectorAll('.channel')) {
    const c = Number(/** @type {HTMLElement} */ (cell).dataset.channel);
    cell.querySelector('.mute')?.setAttribute('aria-pressed', String(s.mutedChannels.includes(c)));
    cell.querySelector('.tone')?.setAttribute('aria-pressed', String(s.tone?.channel === c));
  }
  /** @type {HTMLElement} */ (row.querySelector('.problem')).textContent = s.problem ?? '';
}
