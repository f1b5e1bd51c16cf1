// @ts-check
// The phone page's texts: one JSON file a language (texts/<lang>.json), chosen from the phone's languages.

/** @type {Record<string, string>} */
let texts = {};
let current = 'en';

/**
 * the phone's preferred language among those the exhibit offers
 * @param {string[]} offered
 */
export function preferred(offered) {
  const stored = localStorage.getItem('nacre-language');
  if (stored && offered.includes(stored)) return stored;
  const wanted = navigator.languages.map((l) => l.slice(0, 2).toLowerCase());
  return wanted.find((l) => offered.includes(l)) ?? offered[0] ?? 'en';
}

/** @param {string} lang */
export async function useLanguage(lang) {
  const res = await fetch(`/assets/join/texts/${encodeURIComponent(lang)}.json`);
  if (!res.ok) return;
  texts = /** @type {Record<string, string>} */ (await res.json());
  current = lang;
  localStorage.setItem('nacre-language', lang);
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-t]')) {
    if (el instanceof HTMLElement && el.dataset.t) el.textContent = t(el.dataset.t);
  }
  for (const el of document.querySelectorAll('[data-t-placeholder]')) {
    if (el instanceof HTMLInputElement && el.dataset.tPlaceholder) el.placeholder = t(el.dataset.tPlaceholder);
  }
}

export const language = () => current;

/**
 * a text in the current language, with its {placeholders} filled
 * @param {string} key
 * @param {Record<string, string | number>} [vars]
 */
export function t(key, vars = {}) {
  return (texts[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
}

/**
 * each offered language by its own name, for the picker
 * @param {string[]} offered
 * @returns {Promise<[string, string][]>}
 */
export async function languageNames(offered) {
  return Promise.all(
    offered.map(async (lang) => {
      const res = await fetch(`/assets/join/texts/${encodeURIComponent(lang)}.json`);
      const body = res.ok ? /** @type {{ language?: string }} */ (await res.json()) : {};
      return /** @type {[string, string]} */ ([lang, body.language ?? lang]);
    }),
  );
}
