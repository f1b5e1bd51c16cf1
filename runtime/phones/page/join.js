// @ts-check
// The visitor's phone: joins the exhibit (an anonymous number for the day), suggests, votes.
import { language, languageNames, preferred, t, useLanguage } from './i18n.js';

/** @typedef {import('../protocol.ts').ServerToPhone} ServerToPhone */
/** @typedef {import('../protocol.ts').PhoneToServer} PhoneToServer */
/** @typedef {import('../protocol.ts').Welcome} Welcome */
/** @typedef {import('../protocol.ts').VoteView} VoteView */
/** @typedef {import('../protocol.ts').SuggestAck} SuggestAck */

/**
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @param {new () => T} [type]
 * @returns {T}
 */
function $(id, type) {
  const el = document.getElementById(id);
  const want = type ?? HTMLElement;
  if (!(el instanceof want)) throw new Error(`join.html has no ${want.name} #${id}`);
  return /** @type {T} */ (el);
}

const TOKEN = 'nacre-phone';
/** @type {Welcome | null} */
let welcome = null;
/** @type {VoteView | null} */
let vote = null;
/** @type {number | null} the option this phone chose in the open vote */
let chosen = null;

/**
 * @param {string} text
 * @param {'ok' | 'bad' | ''} [tone]
 */
function say(text, tone = '') {
  $('status').textContent = text;
  $('status').className = tone;
}

await useLanguage(preferred(['en', 'fr']));
/** @type {import('socket.io-client').Socket<ServerToPhone, PhoneToServer>} */
const socket = io('/phones', { auth: { token: localStorage.getItem(TOKEN) ?? '' }, transports: ['websocket'] });

socket.on('welcome', async (w) => {
  welcome = w;
  localStorage.setItem(TOKEN, w.token);
  if (!w.languages.includes(language())) await useLanguage(preferred(w.languages));
  await fillLanguages(w.languages);
  showWelcome();
});
socket.on('connect_error', (err) =>
  say(t(err.message === 'too many phones from this address' ? 'address' : 'full'), 'bad'),
);
socket.on('disconnect', () => say(t('disconnected'), 'bad'));
socket.on('outcome', (o) => say(t(`outcome-${o.status}`), o.status === 'sent' ? 'ok' : ''));
socket.on('vote', (v) => {
  if (v?.id !== vote?.id) chosen = null;
  vote = v;
  drawVote();
});

function showWelcome() {
  if (!welcome) return;
  const w = welcome;
  delete $('who').dataset.t;
  $('who').textContent = t('who', { phone: w.phone });
  $('suggestion', HTMLInputElement).maxLength = w.maxLength;
  $('presets').replaceChildren(
    ...w.suggestions.map((s) => {
      const b = Object.assign(document.createElement('button'), { type: 'button', textContent: s });
      b.onclick = () => suggest(s);
      return b;
    }),
  );
  $('suggest').hidden = false;
  say('');
  if (w.continueCode && $('continue').hidden)
    void import('./continue-code.js').then((m) => m.offerCodeEntry((code) => continueWith(code), say));
}

/** @param {string} code */
const continueWith = (code) =>
  /** @type {Promise<import('../../core/display-protocol.ts').ContinueAck>} */ (
    new Promise((resolve) => socket.emit('continue', code, resolve))
  );

/** @param {string[]} offered */
async function fillLanguages(offered) {
  const picker = $('language', HTMLSelectElement);
  const names = await languageNames(offered);
  picker.replaceChildren(
    ...names.map(([value, name]) => Object.assign(document.createElement('option'), { value, textContent: name })),
  );
  picker.value = language();
  picker.hidden = offered.length < 2;
}

$('language', HTMLSelectElement).onchange = async () => {
  await useLanguage($('language', HTMLSelectElement).value);
  showWelcome();
  drawVote();
};

/** @param {string} text */
function suggest(text) {
  socket.emit('suggest', text, (/** @type {SuggestAck} */ a) => {
    if (a.ok) {
      say(t(a.status), 'ok');
      $('suggestion', HTMLInputElement).value = '';
      return;
    }
    say(t(a.reason, { seconds: a.retryInSeconds ?? 0, max: welcome?.maxLength ?? 0 }), 'bad');
  });
}

$('suggest-form').addEventListener('submit', (e) => {
  e.preventDefault();
  suggest($('suggestion', HTMLInputElement).value);
});

function drawVote() {
  const v = vote;
  $('vote').hidden = !v;
  if (!v) return;
  const open = v.winner === undefined && v.endsAt > Date.now();
  $('vote-options').replaceChildren(
    ...v.options.map((text, i) => {
      const b = Object.assign(document.createElement('button'), { type: 'button', disabled: !open || chosen !== null });
      b.append(Object.assign(document.createElement('span'), { textContent: text }));
      b.append(Object.assign(document.createElement('b'), { textContent: String(v.counts[i] ?? 0) }));
      b.classList.toggle('chosen', chosen === i);
      b.classList.toggle('winner', v.winner === i);
      b.onclick = () => castVote(v.id, i);
      const li = document.createElement('li');
      li.append(b);
      return li;
    }),
  );
  drawVoteTime();
}

function drawVoteTime() {
  const v = vote;
  if (!v) return;
  const left = Math.max(0, Math.ceil((v.endsAt - Date.now()) / 1000));
  const closed = v.winner !== undefined || left === 0;
  $('vote-time').textContent = closed
    ? t('voteClosed')
    : `${t('voteEnds', { seconds: left })}${chosen !== null ? ` · ${t('voted')}` : ''}`;
}

/**
 * @param {number} id
 * @param {number} option
 */
function castVote(id, option) {
  socket.emit('vote', id, option, (a) => {
    if (a.ok || a.reason === 'voted') chosen = option;
    else say(t(a.reason), 'bad');
    drawVote();
  });
}

setInterval(drawVoteTime, 1000);
