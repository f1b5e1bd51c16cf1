// @ts-check
// "Continue a world" on the phone (phones.recording.codeEntry.phones): a visit's code, typed here, starts the
// kiosk's next visit in that visit's saved world (while the kiosk waits for a visitor).
import { t } from './i18n.js';

/** @typedef {import('../../core/display-protocol.ts').ContinueAck} ContinueAck */

/**
 * @param {(code: string) => Promise<ContinueAck>} send
 * @param {(text: string, tone: 'ok' | 'bad' | '') => void} say
 */
export function offerCodeEntry(send, say) {
  const section = /** @type {HTMLElement} */ (document.getElementById('continue'));
  const form = /** @type {HTMLFormElement} */ (document.getElementById('continue-form'));
  const field = /** @type {HTMLInputElement} */ (document.getElementById('continue-code'));
  section.hidden = false;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = /** @type {HTMLButtonElement} */ (form.querySelector('button'));
    button.disabled = true;
    say('', '');
    const ack = await send(field.value);
    button.disabled = false;
    if (ack.ok) field.value = '';
    if (ack.ok) return say(t('continue-ok'), 'ok');
    say(t(ack.reason === 'slow-down' ? 'continue-slow-down' : `continue-${ack.reason}`), 'bad');
  });
}
