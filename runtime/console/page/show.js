// @ts-check
// The console's show panel: the cue list, the standby cue, running cues with their time left, GO (button and
// space bar), stop all and panic.
/** @typedef {import('../protocol.ts').ServerToConsole} ServerToConsole */
/** @typedef {import('../protocol.ts').ConsoleToServer} ConsoleToServer */
/** @typedef {NonNullable<import('../protocol.ts').StatusReport['show']>} ShowStatus */

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * @param {() => import('socket.io-client').Socket<ServerToConsole, ConsoleToServer>} current the console's socket
 * @param {(number: string) => void} edit opens a cue in the editor (show-editor.js)
 */
export function bindShow(current, edit) {
  byId('cue-go').onclick = () => current().emit('cue', 'go');
  byId('cue-stop').onclick = () => current().emit('cue', 'stop');
  byId('cue-panic').onclick = () => current().emit('cue', 'panic');
  // the space bar is GO, unless the operator is typing or driving the preview
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    const busy = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLCanvasElement;
    if (e.code !== 'Space' || e.repeat || busy || byId('show-panel').hidden) return;
    e.preventDefault();
    current().emit('cue', 'go');
  });
  byId('cues').addEventListener('click', (e) => {
    const row = e.target instanceof Element ? e.target.closest('tr[data-number]') : null;
    const number = row instanceof HTMLElement ? row.dataset.number : undefined;
    const act = e.target instanceof HTMLButtonElement ? e.target.dataset.act : undefined;
    if (number && act === 'start') current().emit('cue', 'start', number);
    else if (number && act === 'edit') edit(number);
  });
}

/** @param {() => import('socket.io-client').Socket<ServerToConsole, ConsoleToServer>} current the console's socket */
export function bindHours(current) {
  byId('open-now').onclick = () => current().emit('schedule', 'open');
  byId('close-now').onclick = () => current().emit('schedule', 'close');
}

/** @param {() => import('socket.io-client').Socket<ServerToConsole, ConsoleToServer>} current the console's socket */
export function bindRehearsal(current) {
  byId('record').onclick = () => current().emit('rehearsal', 'record');
  byId('record-stop').onclick = () => current().emit('rehearsal', 'stop');
  byId('replay').onclick = () => current().emit('rehearsal', 'replay');
}

/** @param {import('../protocol.ts').StatusReport['rehearsal']} r */
export function renderRehearsal(r) {
  const what = r?.recording ? `recording to ${r.recording}` : r?.replaying ? `replaying ${r.replaying}` : '';
  byId('rehearsal').textContent = what || (r?.last ? `last recording: ${r.last}` : '');
}

/** the opening hours' badge: open, warming up or closed, the override and the next change @param {import('../protocol.ts').StatusReport['schedule']} s */
export function renderHours(s) {
  byId('hours').hidden = !s;
  if (!s) return;
  const next = s.nextChange ? ` · next change ${s.nextChange.slice(0, 16).replace('T', ' ')}` : '';
  byId('hours-state').textContent = `${s.state}${s.override ? ' (overridden)' : ''}${next}`;
}

/** @param {ShowStatus | undefined} show */
export function renderShow(show) {
  byId('show-panel').hidden = !show;
  if (!show) return;
  byId('show-error').textContent = show.error ? `kept the running show: ${show.error}` : '';
  const running = new Map(show.running.map((r) => [r.number, r]));
  byId('cue-standby').textContent = show.standby ? `standby: ${show.standby}` : 'end of the list';
  byId('cues').replaceChildren(
    ...show.cues.map((c) => {
      const tr = document.createElement('tr');
      tr.dataset.number = c.number;
      const r = running.get(c.number);
      tr.className = [c.number === show.standby ? 'standby' : '', r ? 'running' : ''].join(' ').trim();
      const left = r ? `${r.phase === 'pre-wait' ? 'pre-wait, ' : ''}${r.remainingSeconds.toFixed(1)} s left` : '';
      const cells = [c.number, c.name, `${c.preWait} s`, `${c.duration} s`, c.continue, left];
      tr.append(...cells.map((text) => Object.assign(document.createElement('td'), { textContent: text })));
      const button = (/** @type {string} */ act, /** @type {string} */ text) => {
        const b = Object.assign(document.createElement('button'), { textContent: text, type: 'button' });
        b.dataset.act = act;
        return b;
      };
      const start = button('start', 'Start');
      const edit = Object.assign(button('edit', 'Edit'), { title: `edit cue ${c.number} (the show file)` });
      tr.append(Object.assign(document.createElement('td'), {}), start, edit);
      return tr;
    }),
  );
}
