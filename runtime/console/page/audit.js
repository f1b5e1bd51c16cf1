// @ts-check
// The console's audit panel: who did what, when (the last 200 entries of <stateDir>/audit.log, then live).
/** @typedef {import('../protocol.ts').AuditLine} AuditLine */

const KEEP = 200;

/**
 * @param {HTMLElement} list
 * @param {AuditLine[]} entries
 */
export function showAudit(list, entries) {
  list.replaceChildren();
  for (const e of entries) addAudit(list, e);
}

/**
 * @param {HTMLElement} list
 * @param {AuditLine} e
 */
export function addAudit(list, e) {
  const li = document.createElement('li');
  const when = document.createElement('small');
  when.textContent = new Date(e.at).toLocaleString();
  li.append(`${e.user}${e.role ? ` (${e.role})` : ''}: ${e.action}${e.detail ? ` ${e.detail}` : ''} `, when);
  list.prepend(li);
  while (list.children.length > KEEP) list.lastElementChild?.remove();
}
