// @ts-check
// The console's speakers panel (README "Speakers"): each speaker's master level, mute, and per channel a mute
// and a test tone, each channel named as the sink names it (front-left, rear-left...) once the speaker has read
// its map. Changes go to the server as `speaker` events; the status twice a second shows what holds.
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
  const shape = speakers.map((s) => `${s.id}:${s.channels}:${s.channelNames?.join(',') ?? ''}`).join(' ');
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
    const name = s.channelNames?.[c];
    const label = name ? `${c} ${name}` : String(c);
    const m = make('button', {
      type: 'button',
      className: 'mute',
      textContent: 'mute',
      title: `mute channel ${label}`,
    });
    m.onclick = () => send(current, s.id, { mute: m.getAttribute('aria-pressed') !== 'true', channel: c });
    const tone = toneButton(current, s.id, c, 'sine');
    const pink = toneButton(current, s.id, c, 'pink');
    cell.append(make('span', { className: 'name', textContent: `ch ${label}` }), m, tone, pink);
    return cell;
  });
  row.append(make('b', { textContent: s.id }), level, make('output', { className: 'db' }), mute, ...channels);
  row.append(make('small', { className: 'problem' }));
  return row;
}

/**
 * A test signal's button: plays it 3 s, or stops it while it plays.
 * @param {CurrentSocket} current @param {string} id @param {number} c @param {'sine' | 'pink'} kind
 */
function toneButton(current, id, c, kind) {
  const b = make('button', {
    type: 'button',
    className: `tone ${kind}`,
    textContent: kind === 'sine' ? 'tone' : 'pink',
    title: kind === 'sine' ? '1 kHz at -20 dBFS, 3 s' : 'pink noise at -20 dBFS RMS, 3 s',
  });
  b.onclick = () => send(current, id, { tone: c, kind, seconds: b.getAttribute('aria-pressed') === 'true' ? 0 : 3 });
  return b;
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
    for (const kind of ['sine', 'pink'])
      cell
        .querySelector(`.tone.${kind}`)
        ?.setAttribute('aria-pressed', String(s.tone?.channel === c && s.tone.kind === kind));
  }
  /** @type {HTMLElement} */ (row.querySelector('.problem')).textContent = s.problem ?? '';
}
