// @ts-check
// The console's phones panel (README "Visitors' phones"): the join QR code, the suggestion queue (approve, edit,
// reject, ban a phone for the day) and votes with their live counts.
/** @typedef {import('../../phones/protocol.ts').PhonesToConsole} PhonesToConsole */
/** @typedef {import('../../phones/protocol.ts').ConsoleToPhones} ConsoleToPhones */
/** @typedef {import('../../phones/protocol.ts').Suggestion} Suggestion */
/** @typedef {import('../../phones/protocol.ts').VoteView} VoteView */
/** @typedef {import('../../phones/protocol.ts').OperatorAck} OperatorAck */
/** @typedef {import('socket.io-client').Socket<PhonesToConsole, ConsoleToPhones>} PhonesSocket */

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {OperatorAck} a */
const complain = (a) => a.ok || alert(a.error);

/**
 * @param {string} tag
 * @param {Record<string, unknown>} [props]
 */
const make = (tag, props = {}) => Object.assign(document.createElement(tag), props);

/** @param {import('socket.io-client').Socket} console the console's socket */
export function attachPhones(console) {
  const socket = /** @type {PhonesSocket} */ (/** @type {unknown} */ (console));
  void showJoin();
  socket.on('phones:queue', (q) => {
    $('phones-panel').hidden = false;
    /** @type {HTMLInputElement} */ ($('phones-auto')).checked = q.mode === 'auto';
    $('phones-queue').replaceChildren(...q.waiting.map((s) => queued(socket, s)));
  });
  socket.on('phones:vote', drawVote);
  const auto = /** @type {HTMLInputElement} */ ($('phones-auto'));
  auto.onchange = () => socket.emit('phones:mode', auto.checked ? 'auto' : 'operator', complain);
  $('vote-form').onsubmit = (e) => {
    e.preventDefault();
    const options = /** @type {HTMLTextAreaElement} */ ($('vote-options')).value.split('\n').map((l) => l.trim());
    const seconds = Number(/** @type {HTMLInputElement} */ ($('vote-seconds')).value);
    socket.emit('phones:vote', options.filter(Boolean), seconds, complain);
  };
  $('vote-close').onclick = () => socket.emit('phones:close-vote', complain);
  $('continue-form').onsubmit = (e) => {
    e.preventDefault();
    const code = /** @type {HTMLInputElement} */ ($('continue-code'));
    socket.emit('visits:continue', code.value, (/** @type {OperatorAck} */ a) =>
      a.ok ? (code.value = '') : alert(a.error),
    );
  };
}

async function showJoin() {
  const res = await fetch('/join/console.json').catch(() => null);
  if (!res?.ok) return;
  const join = /** @type {{ url: string | null, show: boolean }} */ (await res.json());
  $('phones-url').textContent = join.url ? `phones join at ${join.url}` : 'set phones.joinUrl';
  const qr = /** @type {HTMLImageElement} */ ($('phones-qr'));
  if (join.show && join.url) Object.assign(qr, { src: '/join/qr.svg', hidden: false });
}

/**
 * one suggestion waiting: its text (the operator may edit it) and what to do with it
 * @param {PhonesSocket} socket
 * @param {Suggestion} s
 */
function queued(socket, s) {
  const text = Object.assign(document.createElement('input'), { value: s.text, maxLength: 500 });
  const approve = make('button', { textContent: 'Approve', className: 'approve' });
  approve.onclick = () => socket.emit('phones:approve', s.id, text.value === s.text ? null : text.value, complain);
  const reject = make('button', { textContent: 'Reject', className: 'reject' });
  reject.onclick = () => socket.emit('phones:reject', s.id, complain);
  const ban = make('button', { textContent: `Ban phone ${s.phone} today`, className: 'danger ban' });
  ban.onclick = () => confirm(`No more from phone ${s.phone} today?`) && socket.emit('phones:ban', s.phone, complain);
  const actions = make('div', { className: 'actions' });
  actions.append(approve, reject, ban);
  const li = make('li');
  li.dataset.id = String(s.id);
  li.append(make('small', { textContent: `phone ${s.phone}, ${new Date(s.at).toLocaleTimeString()}` }), text, actions);
  return li;
}

/** @param {VoteView | null} v */
function drawVote(v) {
  $('vote-close').hidden = !v || v.winner !== undefined || v.endsAt < Date.now();
  $('vote-live').replaceChildren(
    ...(v?.options ?? []).map((o, i) =>
      make('li', { textContent: `${o}: ${v?.counts[i] ?? 0}${v?.winner === i ? ' (winner, sent)' : ''}` }),
    ),
  );
}
