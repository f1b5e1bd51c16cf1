// @ts-check
// The model's bring-up in the console: a progress bar while it loads or opens its world (indeterminate where
// the backend cannot say how far), the phase and its time; once ready, how long the last load took.
/** @typedef {import('../../loop/load-progress.ts').LoadProgressView} LoadProgressView */

const WORDS = { loading: 'loading', opening: 'opening its world', ready: 'ready', failed: 'failed' };

/** @param {LoadProgressView | undefined} load */
export function renderModelLoad(load) {
  const box = /** @type {HTMLElement} */ (document.getElementById('model-load'));
  const bar = /** @type {HTMLProgressElement} */ (document.getElementById('model-load-bar'));
  const text = /** @type {HTMLElement} */ (document.getElementById('model-load-text'));
  box.hidden = !load;
  if (!load) return;
  box.dataset.phase = load.phase;
  box.dataset.phases = load.phases.map((p) => p.phase).join(' ');
  bar.hidden = load.phase === 'ready' || load.phase === 'failed';
  if (load.fraction === undefined) bar.removeAttribute('value');
  else bar.value = load.fraction;
  const how = load.fraction !== undefined && !bar.hidden ? ` ${Math.round(load.fraction * 100)} %` : '';
  const step = load.step ? `: ${load.step}` : '';
  const error = load.error ? `: ${load.error}` : '';
  text.textContent =
    load.phase === 'ready'
      ? `ready (the last load took ${(load.totalSeconds - load.elapsedSeconds).toFixed(1)} s)`
      : `${WORDS[load.phase]}${how}${step}${error} · ${load.elapsedSeconds.toFixed(0)} s`;
}
