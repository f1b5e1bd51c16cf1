// @ts-check
// The visitors' phones QR code (README "Visitors' phones"): large in attract mode, in a corner during a visit, as
// the exhibit's phones.qr says; while the display says thank you, the QR code of the visit just ended (its
// page: video, still, continue code) where visits are recorded. Shown only where the runtime serves /join.

const qr = /** @type {HTMLImageElement} */ (document.getElementById('join-qr'));

/** @typedef {{ url: string | null, attract: 'large' | 'corner' | 'off', visit: 'corner' | 'off', vote: boolean, continue: boolean }} JoinPlacement */

/** the visit's QR code, once the runtime has written the visit (a moment after it ends) */
async function showVisit() {
  for (let i = 0; i < 20 && document.body.dataset.phase === 'ending'; i++) {
    const res = await fetch('/visit/latest.json').catch(() => null);
    if (!res?.ok) return; // visits are not recorded on this exhibit
    const latest = /** @type {{ qr: string } | null} */ (await res.json());
    if (latest && document.body.dataset.phase === 'ending') {
      Object.assign(qr, { src: latest.qr, className: 'large visit', hidden: false });
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** @param {JoinPlacement} where */
function place(where) {
  const phase = document.body.dataset.phase;
  if (phase === 'ending') {
    qr.hidden = true;
    void showVisit();
    return;
  }
  const size = phase === 'attract' ? where.attract : phase === 'active' ? where.visit : 'off';
  if (qr.classList.contains('visit')) qr.src = '/join/qr.svg';
  qr.hidden = size === 'off';
  qr.className = size;
}

async function start() {
  const res = await fetch('/join/display.json').catch(() => null);
  if (!res?.ok) return; // phones are not enabled on this exhibit
  const where = /** @type {JoinPlacement} */ (await res.json());
  if (where.vote) void import('./vote-board.js').then((m) => m.showVotes());
  if (where.continue) void import('./continue-code.js').then((m) => m.offerCodeEntry(window.nacreContinue));
  if (!where.url) return;
  qr.src = '/join/qr.svg';
  place(where);
  new MutationObserver(() => place(where)).observe(document.body, { attributeFilter: ['data-phase'] });
}

void start();
