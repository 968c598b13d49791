/**
 * How many lines a text takes in a box, estimated from character widths. Pure.
 *
 * Noto Sans JP sets kana and kanji (and full-width forms) on a 1 em advance; Latin letters and
 * digits are narrower (0.5–0.9 em). The estimate counts every half-width character as 0.62 em and
 * breaks lines like a greedy typesetter, except that it assumes a Latin word is never split (the
 * PDF engine moves a whole word to the next line). It errs on the generous side: a box may end up a
 * little taller than its text, never shorter.
 */

/** Advance width of a character, in em. */
export function charWidthEm(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  if (c < 0x20) return 0;
  if (c < 0x7f) return 0.62;
  // half-width katakana and symbols
  if (c >= 0xff61 && c <= 0xff9f) return 0.55;
  return 1;
}

/** Lines a text takes at `fontSize` in a box `width` points wide (explicit newlines respected). */
export function estimateLines(text: string, width: number, fontSize: number): number {
  const max = width / fontSize; // in em
  if (max <= 0) return Math.max(1, text.length);
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    lines += 1;
    let used = 0;
    // tokens: a run of half-width non-space characters (a Latin word) or one other character
    for (const token of paragraph.match(/[!-~]+|[\s\S]/gu) ?? []) {
      const w = [...token].reduce((s, ch) => s + charWidthEm(ch), 0);
      if (used + w <= max + 1e-9) {
        used += w;
        continue;
      }
      if (w > max) {
        // a word longer than the line is broken anywhere
        let rest = w;
        if (used > 0) lines += 1;
        while (rest > max) {
          rest -= max;
          lines += 1;
        }
        used = rest;
      } else {
        lines += 1;
        used = /^\s$/u.test(token) ? 0 : w;
      }
    }
  }
  return lines;
}
