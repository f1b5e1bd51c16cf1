// @ts-check
// The visitors' phones QR code (README "Visitors' phones"): large in attract mode, in a corner during a visit, as
// the exhibit's phones.qr says. Shown only where the runtime serves /join (phones enabled).

const qr = /** @type {HTMLImageElement} */ (document.getElementById('join-qr'));

/** @typedef {{ url: string | null, attract: 'large' | 'corner' | 'off', visit: 'corner' | 'off', vote: boolean }} JoinPlacement */

/** @param {JoinPlacement} where */
function place(where) {
  const phase = document.body.dataset.phase;
  const size = phase === 'attract' ? where.attract : phase === 'active' ? where.visit : 'off';
  qr.hidden = size === 'off';
  qr.className = size;
}

async function start() {
  const res = await fetch('/join/display.json').catch(() => null);
  if (!res?.ok) return; // phones are not enabled on this exhibit
  const where = /** @type {JoinPlacement} */ (await res.json());
  if (where.vote) void import('./vote-board.js').then((m) => m.showVotes());
  if (!where.url) return;
  qr.src = '/join/qr.svg';
  place(where);
  new MutationObserver(() => place(where)).observe(document.body, { attributeFilter: ['data-phase'] });
}

void start();
