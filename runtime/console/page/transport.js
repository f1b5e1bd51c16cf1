// @ts-check
// The console's world transport: pause, resume and rewind greyed out with the reason, and the bookmarks.
import { $ } from './dom.js';

/** @typedef {import('../protocol.ts').StatusReport} StatusReport */

/**
 * one button per saved world: a click recalls it
 * @param {string[]} names @param {boolean} usable @param {(name: string) => void} recall
 */
export function renderBookmarks(names, usable, recall) {
  $('bookmark', HTMLButtonElement).disabled = !usable;
  const box = $('bookmarks');
  if (box.dataset.names === `${usable} ${names.join('\n')}`) return;
  box.dataset.names = `${usable} ${names.join('\n')}`;
  box.replaceChildren(
    ...names.map((name) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = `Recall ${name}`;
      b.disabled = !usable;
      b.onclick = () => recall(name);
      return b;
    }),
  );
}

/** greyed out with the reason where the running world cannot pause or rewind @param {StatusReport['transport']} t */
export function renderTransport(t) {
  $('pause', HTMLButtonElement).disabled = !t.available || t.paused;
  $('resume', HTMLButtonElement).disabled = !t.available || !t.paused;
  $('rewind', HTMLButtonElement).disabled =
    !t.available || t.noRewind !== undefined || (t.rewindOnlyWhilePaused === true && !t.paused);
  $('rewind-seconds', HTMLInputElement).step = String(t.rewindStepSeconds ?? 1);
  const memory =
    t.memoryBytes !== undefined ? ` (${t.snapshots} snapshots, ${Math.ceil(t.memoryBytes / 1024)} KiB)` : '';
  const back = t.rewindableSeconds !== undefined ? ` · up to ${t.rewindableSeconds} s back${memory}` : '';
  // a world that only pauses: the timeline strip below says why it cannot rewind
  $('transport-why').textContent = t.available ? `${t.paused ? 'paused' : 'running'}${back}` : (t.reason ?? '');
}
