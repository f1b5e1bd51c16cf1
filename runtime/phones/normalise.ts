import unhomoglyph from 'unhomoglyph';

/**
 * Text from phones, made safe to show and to match. Two forms: `clean` is what may reach the model (NFKC, no
 * invisible or control characters, one space between words); `fold` is what the blocklist is matched against
 * (clean, case-folded, accents and other combining marks removed, look-alike letters of other scripts folded to
 * one by Unicode's confusables data, TR39), so "ｓｎｏｗ", "S\u200bnow", "śńów" or "ѕnоw" (Cyrillic s and o) all
 * read as "snow". A fold is for comparing, not for reading: "m" folds to "rn", "0" to "o".
 */

// format characters (zero-width space and joiners, bidi controls, soft hyphen), controls, and the variation
// selectors and tag characters that can hide inside a word without showing
const INVISIBLE = /[\p{Cf}\p{Cc}]|\p{Variation_Selector}|\u115F|\u1160|\u3164|\uFFA0/gu;
const SPACES = /[\s\p{Zs}]+/gu;
const MARKS = /\p{M}+/gu;

export function cleanText(text: string): string {
  return text.normalize('NFKC').replace(SPACES, ' ').replace(INVISIBLE, '').trim();
}

export function foldText(text: string): string {
  const plain = cleanText(text).normalize('NFKD').replace(MARKS, '').toLowerCase().normalize('NFKC');
  // the confusables map towards one prototype of either case ("I" and "1" read as "l"): lower case once more
  return unhomoglyph(plain).toLowerCase();
}

/** the words of a folded text: runs of letters and digits */
export function words(folded: string): string[] {
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Words spelled out letter by letter ("s n o w", "s.n.o.w") joined back, so the blocklist also sees them: each
 * run of two or more one-letter words becomes one word.
 */
export function joinSpelledOut(ws: string[]): string[] {
  const out: string[] = [];
  let run = '';
  for (const w of [...ws, '']) {
    if ([...w].length === 1) {
      run += w;
      continue;
    }
    if ([...run].length > 1) out.push(run);
    run = '';
    if (w) out.push(w);
  }
  return out;
}
