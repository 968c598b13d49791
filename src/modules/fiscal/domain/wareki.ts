/**
 * 和暦 (Japanese era calendar) for dates and fiscal years, and a lenient parser
 * for the many ways 年度 are written in real plan tables
 * ('令和8年度', 'R8', 'Ｒ８', 'H31', '2026年度', 'FY2026', '令和8（2026）年度' …).
 *
 * Pure and I/O-free.
 *
 * Era years are counted on the (proleptic) Gregorian calendar year, as
 * everybody does today: 明治元年 = 1868. Before 1873 Japan used the lunisolar
 * calendar, so for dates in 1868–1872 the result is the conventional
 * approximation, not the historical lunar date.
 */

import { fiscalYearRange, parseIsoDate, toTokyoIsoDate } from './fiscalYear.js';

export type EraName = '明治' | '大正' | '昭和' | '平成' | '令和';
export type EraLetter = 'M' | 'T' | 'S' | 'H' | 'R';

export interface Era {
  readonly name: EraName;
  /** Initial used in short forms: R8, H30 … */
  readonly letter: EraLetter;
  readonly romaji: string;
  /** First day (ISO date, Gregorian). */
  readonly start: string;
  /** Last day (ISO date, inclusive); null for the current era. */
  readonly end: string | null;
  /** Gregorian year of 元年. */
  readonly firstYear: number;
  /** Gregorian year of the era's last year; null for the current era. */
  readonly lastYear: number | null;
}

/**
 * Eras from 明治 on, oldest first.
 * 明治 starts on 1868-01-25 (明治元年1月1日 = 慶応4年1月1日; the 改元の詔 of
 * 1868-10-23 applied the new era retroactively from the start of that year).
 */
export const ERAS: readonly Era[] = Object.freeze([
  { name: '明治', letter: 'M', romaji: 'Meiji', start: '1868-01-25', end: '1912-07-29', firstYear: 1868, lastYear: 1912 },
  { name: '大正', letter: 'T', romaji: 'Taisho', start: '1912-07-30', end: '1926-12-24', firstYear: 1912, lastYear: 1926 },
  { name: '昭和', letter: 'S', romaji: 'Showa', start: '1926-12-25', end: '1989-01-07', firstYear: 1926, lastYear: 1989 },
  { name: '平成', letter: 'H', romaji: 'Heisei', start: '1989-01-08', end: '2019-04-30', firstYear: 1989, lastYear: 2019 },
  { name: '令和', letter: 'R', romaji: 'Reiwa', start: '2019-05-01', end: null, firstYear: 2019, lastYear: null },
]);

/** Western years accepted by the parser (and by era-year conversion). */
export const MIN_PARSE_YEAR = 1868;
export const MAX_PARSE_YEAR = 2200;

export interface EraYear {
  readonly era: Era;
  /** 1 = 元年 */
  readonly year: number;
}

/** Looks an era up by name ('令和'), letter ('R'/'r') or romaji ('Reiwa'). */
export function findEra(key: string): Era | null {
  const k = key.trim();
  const upper = k.toUpperCase();
  return (
    ERAS.find((e) => e.name === k || e.letter === upper || e.romaji.toUpperCase() === upper) ?? null
  );
}

/** Year number in long form: 1 → '元', otherwise the number. */
export function formatEraYearNumber(year: number): string {
  return year === 1 ? '元' : String(year);
}

/**
 * Era and era year of a calendar date, with exact boundaries
 * (2019-04-30 → 平成31年, 2019-05-01 → 令和元年).
 * A Date is taken as an instant and converted to the date in Japan.
 * Returns null before 明治 (1868-01-25); throws on malformed input.
 */
export function eraOfDate(date: string | Date): EraYear | null {
  const iso = date instanceof Date ? toTokyoIsoDate(date) : date.trim();
  const parsed = parseIsoDate(iso);
  if (!parsed) {
    throw new RangeError(`日付として読み取れません: 「${String(date)}」（例: 2019-05-01）`);
  }
  // ISO dates with 4-digit years compare correctly as strings.
  let found: Era | null = null;
  for (const era of ERAS) {
    if (era.start <= iso) found = era;
  }
  if (!found) return null;
  return { era: found, year: parsed.year - found.firstYear + 1 };
}

/** '令和元年5月1日' for '2019-05-01'. Throws before 明治. */
export function formatWarekiDate(date: string | Date): string {
  const iso = date instanceof Date ? toTokyoIsoDate(date) : date.trim();
  const ey = eraOfDate(iso);
  const parsed = parseIsoDate(iso);
  if (!ey || !parsed) throw new RangeError(`和暦で表せない日付です: ${iso}`);
  return `${ey.era.name}${formatEraYearNumber(ey.year)}年${parsed.month}月${parsed.day}日`;
}

/**
 * Western year of an era year, or null if the era year does not exist
 * (0, negative, past the end of the era such as 平成32, or beyond 2200).
 * 平成31 → 2019, 昭和64 → 1989, 令和1 → 2019.
 */
export function warekiToWestern(era: Era | string, eraYear: number): number | null {
  const e = typeof era === 'string' ? findEra(era) : era;
  if (!e || !Number.isInteger(eraYear) || eraYear < 1) return null;
  const year = e.firstYear + eraYear - 1;
  if (e.lastYear !== null && year > e.lastYear) return null;
  if (year > MAX_PARSE_YEAR) return null;
  return year;
}

/**
 * Which era names a fiscal year that straddles an era change.
 * - 'latest' (default): the newest era whose 元年 is the calendar year the
 *   fiscal year starts in, or earlier. This is how municipalities label
 *   FY2019 (令和元年度) while FY1988 stays 昭和63年度 (平成 began in 1989).
 * - 'start': the era in effect on April 1 (FY2019 → 平成31年度).
 */
export type FiscalEraMode = 'latest' | 'start';

export interface FiscalYearLabelOptions {
  readonly era?: FiscalEraMode;
}

/** Era and era year naming the fiscal year. Throws RangeError before 明治 (FY < 1868). */
export function eraOfFiscalYear(fy: number, opts: FiscalYearLabelOptions = {}): EraYear {
  const { start } = fiscalYearRange(fy); // validates fy
  const mode = opts.era ?? 'latest';
  let result: EraYear | null;
  if (mode === 'start') {
    result = eraOfDate(start);
  } else {
    let found: Era | null = null;
    for (const era of ERAS) {
      if (era.firstYear <= fy) found = era;
    }
    result = found ? { era: found, year: fy - found.firstYear + 1 } : null;
  }
  if (!result) throw new RangeError(`和暦で表せない年度です: ${fy}`);
  return result;
}

/**
 * Long label of a fiscal year: 2026 → '令和8年度', 2019 → '令和元年度'
 * (or '平成31年度' with `{ era: 'start' }`), 2018 → '平成30年度'.
 */
export function fiscalYearLabel(fy: number, opts: FiscalYearLabelOptions = {}): string {
  const { era, year } = eraOfFiscalYear(fy, opts);
  return `${era.name}${formatEraYearNumber(year)}年度`;
}

/** Short label of a fiscal year: 2026 → 'R8', 2019 → 'R1' (or 'H31' with `{ era: 'start' }`), 2018 → 'H30'. */
export function fiscalYearShort(fy: number, opts: FiscalYearLabelOptions = {}): string {
  const { era, year } = eraOfFiscalYear(fy, opts);
  return `${era.letter}${year}`;
}

/**
 * Full-width ASCII (！ … ～, i.e. digits, Latin letters and symbols such as
 * ／（）．) → half-width, and the ideographic space → ' '. Everything else
 * (kana, kanji) is left untouched. Equivalent to NFKC on that range, but
 * explicit so that nothing else changes.
 */
export function normalizeWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}

/** Square era ligatures (㋿ ㍻ …) that appear in pasted text. */
const ERA_LIGATURES: Readonly<Record<string, EraName>> = {
  '\u337E': '明治', // ㍾
  '\u337D': '大正', // ㍽
  '\u337C': '昭和', // ㍼
  '\u337B': '平成', // ㍻
  '\u32FF': '令和', // ㋿
};

const KANJI_DIGITS: Readonly<Record<string, number>> = {
  '〇': 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** '元' → 1, '4'/'04' → 4, '四' → 4, '三十一' → 31, '十' → 10; null otherwise (1–99 for kanji). */
function parseEraYearNumber(s: string): number | null {
  if (s === '元') return 1;
  if (/^\d{1,3}$/.test(s)) return Number(s);
  const m = /^(?:([一二三四五六七八九])?(十))?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === '') return null;
  const tens = m[2] ? (m[1] ? (KANJI_DIGITS[m[1]] ?? 0) : 1) : 0;
  const ones = m[3] ? (KANJI_DIGITS[m[3]] ?? 0) : 0;
  return tens * 10 + ones;
}

const ERA_FORM_RE =
  /^(明治|大正|昭和|平成|令和|[MTSHR])\s*\.?\s*(元|\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:年度|年)?$/i;
const WESTERN_FORM_RE = /^(?:FY\s*)?(\d{4})\s*(?:年度|年|FY)?$/i;

function parseSingle(s: string): number | null {
  const t = s.trim();
  const era = ERA_FORM_RE.exec(t);
  if (era) {
    const n = parseEraYearNumber(era[2] ?? '');
    return n === null ? null : warekiToWestern(era[1] ?? '', n);
  }
  const western = WESTERN_FORM_RE.exec(t);
  if (western) {
    const year = Number(western[1]);
    return year >= MIN_PARSE_YEAR && year <= MAX_PARSE_YEAR ? year : null;
  }
  return null;
}

/** Both notations must parse and denote the same year ('2026/R8', '令和8年度（2026年度）'). */
function parseBoth(a: string, b: string): number | null {
  const x = parseSingle(a);
  const y = parseSingle(b);
  return x !== null && x === y ? x : null;
}

/**
 * Reads a fiscal year written in any of the forms found in real tables and
 * returns it as the Western year it starts in, or null.
 *
 * Accepted (surrounding whitespace, full-width characters and case ignored):
 * - era: '令和4年度', '令和４年度', '令和元年度', '令和4年', '令和四年度',
 *   'R4', 'r4', 'R.4', 'R04', 'R元', 'H30', 'H31' (=2019), 'S64' (=1989), '㋿4'
 * - Western: '2026', '2026年度', '2026年', '２０２６年度', 'FY2026', '2026FY'
 * - both, which must agree: '2026/R8', '令和8年度（2026年度）', '令和8(2026)年度'
 *
 * Rejected (null): garbage, era years that do not exist (令和0年, 平成32年,
 * 昭和65年, 大正16年, 明治46年) and Western years outside 1868–2200.
 */
export function parseFiscalYear(input: string): number | null {
  if (typeof input !== 'string') return null;
  let s = normalizeWidth(input);
  for (const [lig, name] of Object.entries(ERA_LIGATURES)) s = s.split(lig).join(name);
  s = s.trim();
  if (s === '' || s.length > 40) return null;

  const single = parseSingle(s);
  if (single !== null) return single;

  const slash = /^([^/]+)\/([^/]+)$/.exec(s);
  if (slash) return parseBoth(slash[1] ?? '', slash[2] ?? '');

  const paren = /^([^()]+?)\s*\(\s*([^()]+?)\s*\)\s*(年度|年)?$/.exec(s);
  if (paren) return parseBoth(`${paren[1] ?? ''}${paren[3] ?? ''}`, paren[2] ?? '');

  return null;
}

/**
 * Like {@link parseFiscalYear} but throws an Error with a message that can be
 * shown to staff as-is: 「XX」を年度として読み取れません（例: 令和8年度, R8, 2026年度）
 */
export function parseFiscalYearOrThrow(input: string): number {
  const fy = parseFiscalYear(input);
  if (fy === null) {
    const shown = typeof input === 'string' ? input.trim() : String(input);
    throw new Error(`「${shown}」を年度として読み取れません（例: 令和8年度, R8, 2026年度）`);
  }
  return fy;
}
