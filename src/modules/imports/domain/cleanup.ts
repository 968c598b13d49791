/**
 * Well-known faults in the text of Japanese PDFs (a copy from a viewer, the output of a
 * PDF-to-text tool), undone cell by cell. A PDF stores glyphs, and the text comes from the
 * font's glyph → code point table; fonts embedded by Japanese office software get some
 * of those entries wrong in the same few ways:
 *
 * 1. the long-vowel mark ー printed as the kanji 一 (the two glyphs are the same bar):
 *    「ノ一残業デー」. Read as ー when it follows a katakana letter, unless what follows
 *    starts a common word with the numeral 一 (「データ一覧」「システム一元化」「一カ所」);
 * 2. Kangxi radicals (U+2F00–) and CJK radical forms (U+2E80–) instead of the ideographs
 *    they look like: 「⾏政」「⽤」「⻑期」 (NFKC, and a short table for radical forms NFKC leaves);
 * 3. the simplified-Chinese code point of a glyph that differs from the Japanese one by a
 *    dot or a stroke: 「高压受電設備」. Only characters that are in none of JIS X 0208, 0212 and
 *    0213 (no Japanese document can be typed with them) and are the simplified form
 *    of exactly one 新字体 character whose shape they nearly share. Pairs that are not
 *    look-alikes (关/関, 县/県) are not glyph faults but Chinese text, and are left alone.
 *
 * Pure. Every change is returned so the dry run can list it (row, column, before → after).
 */

/** Simplified look-alikes → the Japanese character (see 3. above). */
export const WRONG_CODE_POINTS: Readonly<Record<string, string>> = {
  压: '圧', // 高压 → 高圧: one extra dot
  亚: '亜',
  恶: '悪',
  单: '単',
  战: '戦',
  变: '変',
  净: '浄', // 冫 for 氵
  团: '団',
  带: '帯',
  济: '済',
  对: '対',
  检: '検',
  查: '査', // 且 for 旦
  险: '険',
  验: '験',
  剑: '剣',
  围: '囲',
};

/** CJK radical forms (U+2E80–U+2EFF) that print like a whole ideograph (NFKC maps only ⺟ of these). */
const RADICAL_FORMS: Readonly<Record<string, string>> = {
  '\u2e9f': '母', // ⺟
  '\u2ed1': '長', // ⻑
  '\u2ec4': '西', // ⻄
  '\u2ed8': '青', // ⻘
  '\u2edd': '食', // ⻝
  '\u2ee4': '鬼', // ⻤
  '\u2ee8': '麦', // ⻨
  '\u2ee9': '黄', // ⻩
  '\u2eeb': '斉', // ⻫
  '\u2eed': '歯', // ⻭
  '\u2eef': '竜', // ⻯
  '\u2ef2': '亀', // ⻲
};

/** Second characters after 一 that make a common word with the numeral (一覧, 一元化, 一部 …). */
const ICHI_WORDS = new Set('覧元括斉部体層般定貫環式本時律緒方人件回度次連致番員助丸旦新日月年個名台枚箇週切例案段面同様極帯種文通点歩手万千百億位割級区画期冊階周色巡翼端因応際目つ');
/** 一カ所, 一ヶ月, 一ケ年: counters written with a small or full katakana ka/ke */
const COUNTER_KA = /^[カヵケヶか][所月年国条回]/;

const isKatakanaLetter = (ch: string | undefined): boolean => !!ch && ch >= '\u30a1' && ch <= '\u30fa';

export type CleanupKind = 'long_vowel' | 'radical' | 'code_point';

export interface TextFix {
  /** the faults in this stretch, each kind once */
  kinds: CleanupKind[];
  /** a few characters around the fault, as read and as corrected: 「ノ一残業デー」→「ノー残業デー」 */
  before: string;
  after: string;
}

export interface CleanResult {
  text: string;
  fixes: TextFix[];
}

const CONTEXT = 3;

/** Any character that may need a fix: most cells have none and are passed through untouched. */
const SUSPECT = new RegExp(`[\u2e80-\u2fdf一${Object.keys(WRONG_CODE_POINTS).join('')}]`);

/** Cleans one cell's text; `fixes` is empty when nothing was changed. */
export function cleanPdfText(input: string): CleanResult {
  if (!input || !SUSPECT.test(input)) return { text: input, fixes: [] };
  const chars = [...input];
  const out = [...chars];
  const changed: { at: number; kind: CleanupKind }[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const cp = ch.codePointAt(0)!;
    let to: string | undefined;
    let kind: CleanupKind | undefined;
    if (cp >= 0x2f00 && cp <= 0x2fdf) {
      to = ch.normalize('NFKC');
      kind = 'radical';
    } else if (cp >= 0x2e80 && cp <= 0x2eff) {
      to = RADICAL_FORMS[ch];
      kind = 'radical';
    } else if (WRONG_CODE_POINTS[ch]) {
      to = WRONG_CODE_POINTS[ch];
      kind = 'code_point';
    }
    if (to && to !== ch) {
      out[i] = to;
      changed.push({ at: i, kind: kind! });
    }
  }
  // 一 for ー: looked at after the radicals (⼀ is the Kangxi form of 一)
  for (let i = 1; i < out.length; i++) {
    if (out[i] !== '一' || !isKatakanaLetter(out[i - 1])) continue;
    const next = out[i + 1];
    if (next !== undefined && ICHI_WORDS.has(next)) continue;
    if (COUNTER_KA.test(out.slice(i + 1, i + 3).join(''))) continue;
    out[i] = 'ー';
    const prior = changed.findIndex((c) => c.at === i);
    if (prior >= 0) changed.splice(prior, 1);
    changed.push({ at: i, kind: 'long_vowel' });
  }
  if (!changed.length) return { text: input, fixes: [] };
  changed.sort((a, b) => a.at - b.at);
  // one fix per stretch of text: faults closer than the context share one before → after
  const fixes: TextFix[] = [];
  let k = 0;
  while (k < changed.length) {
    let end = k;
    while (end + 1 < changed.length && changed[end + 1]!.at - changed[end]!.at <= CONTEXT * 2) end++;
    const from = Math.max(0, changed[k]!.at - CONTEXT);
    const to = Math.min(chars.length, changed[end]!.at + CONTEXT + 1);
    const kinds = [...new Set(changed.slice(k, end + 1).map((c) => c.kind))];
    fixes.push({ kinds, before: chars.slice(from, to).join('').trim(), after: out.slice(from, to).join('').trim() });
    k = end + 1;
  }
  return { text: out.join(''), fixes };
}

/** What the fault was, for the notice. */
export const CLEANUP_REASONS: Record<CleanupKind, string> = {
  long_vowel: '長音「ー」が漢字の「一」として読み取られていたもの',
  radical: '部首の文字（康熙部首など）として読み取られていたもの',
  code_point: '日本語の文字が中国語の簡体字として読み取られていたもの',
};
