// @ts-check
/**
 * An element of console.html, of the type the page uses it as.
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @param {new () => T} [type]
 * @returns {T}
 */
export function $(id, type) {
  const el = document.getElementById(id);
  const want = type ?? HTMLElement;
  if (!(el instanceof want)) throw new Error(`console.html has no ${want.name} #${id}`);
  return /** @type {T} */ (el);
}
