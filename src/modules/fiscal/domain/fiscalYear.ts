/**
 * 年度 (Japanese fiscal year, April–March) arithmetic.
 *
 * Pure and I/O-free. Every instant is interpreted in Asia/Tokyo, whatever the
 * time zone of the machine running the code (servers usually run in UTC, where
 * 2026-03-31T15:00:00Z is still 3/31 although in Japan it is already 4/1, i.e.
 * the next fiscal year).
 *
 * Conventions
 * - A fiscal year is identified by the Western calendar year in which it
 *   starts: FY2026 = 2026-04-01 … 2027-03-31 (= 令和8年度).
 * - A string 'YYYY-MM-DD' is a calendar date in Japan (no time zone math).
 * - A `Date` is an instant and is converted to the Japanese calendar date.
 */

export const TOKYO_TIME_ZONE = 'Asia/Tokyo';

/** A calendar date without time or zone. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** First and last day (inclusive) of a fiscal year, as ISO dates. */
export interface FiscalYearRange {
  /** 'YYYY-04-01' */
  readonly start: string;
  /** 'YYYY+1-03-31' (inclusive) */
  readonly end: string;
}

/** A fiscal year number, or a date/instant whose fiscal year is meant. */
export type FiscalYearLike = number | Date | string;

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Date-time strings are only accepted with an explicit offset (or Z). */
const ISO_INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

const MIN_YEAR = 1;
const MAX_YEAR = 9999;

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Parses a strict ISO calendar date 'YYYY-MM-DD' (checking that the day exists).
 * Returns null for anything else.
 */
export function parseIsoDate(value: string): CalendarDate | null {
  const m = ISO_DATE_RE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Formats a calendar date as 'YYYY-MM-DD'. */
export function formatIsoDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

let tokyoFormatter: Intl.DateTimeFormat | undefined;

function getTokyoFormatter(): Intl.DateTimeFormat {
  tokyoFormatter ??= new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
    timeZone: TOKYO_TIME_ZONE,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  });
  return tokyoFormatter;
}

/** The calendar date in Japan (Asia/Tokyo) at the given instant. */
export function tokyoCalendarDate(instant: Date): CalendarDate {
  const time = instant.getTime();
  if (Number.isNaN(time)) {
    throw new RangeError('無効な日時です（Invalid Date）');
  }
  const utcYear = instant.getUTCFullYear();
  if (utcYear < MIN_YEAR || utcYear > MAX_YEAR) {
    throw new RangeError(`対応していない年です: ${utcYear}`);
  }
  let year = NaN;
  let month = NaN;
  let day = NaN;
  for (const part of getTokyoFormatter().formatToParts(instant)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
  }
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) {
    throw new RangeError('日本時間の日付に変換できませんでした');
  }
  return { year, month, day };
}

/** ISO date ('YYYY-MM-DD') in Japan at the given instant. */
export function toTokyoIsoDate(instant: Date): string {
  return formatIsoDate(tokyoCalendarDate(instant));
}

/** Today's date in Japan as 'YYYY-MM-DD'. `now` is injectable for tests. */
export function todayInTokyo(now: Date = new Date()): string {
  return toTokyoIsoDate(now);
}

/**
 * Resolves a date argument to a calendar date in Japan.
 * - 'YYYY-MM-DD' → that calendar date.
 * - ISO date-time with Z or an offset ('2026-03-31T15:00:00Z') → instant → Tokyo date.
 * - Date → instant → Tokyo date.
 */
export function toTokyoCalendarDate(date: Date | string): CalendarDate {
  if (date instanceof Date) return tokyoCalendarDate(date);
  if (typeof date === 'string') {
    const trimmed = date.trim();
    const calendar = parseIsoDate(trimmed);
    if (calendar) return calendar;
    if (ISO_INSTANT_RE.test(trimmed)) {
      const instant = new Date(trimmed);
      if (!Number.isNaN(instant.getTime())) return tokyoCalendarDate(instant);
    }
    throw new RangeError(`日付として読み取れません: 「${date}」（例: 2026-04-01）`);
  }
  throw new TypeError('日付には Date または YYYY-MM-DD 形式の文字列を指定してください');
}

/** 年度 of a calendar date: January–March belong to the previous year's fiscal year. */
export function fiscalYearOfCalendarDate(date: CalendarDate): number {
  return date.month >= 4 ? date.year : date.year - 1;
}

/**
 * 年度 (fiscal year starting in April) of a date, evaluated in Japan.
 *
 * @example fiscalYearOf('2026-03-31') // 2025
 * @example fiscalYearOf(new Date('2026-03-31T15:00:00Z')) // 2026 (= 4/1 0:00 JST)
 */
export function fiscalYearOf(date: Date | string): number {
  return fiscalYearOfCalendarDate(toTokyoCalendarDate(date));
}

function assertFiscalYear(fy: number): void {
  if (!Number.isInteger(fy) || fy < MIN_YEAR || fy >= MAX_YEAR) {
    throw new RangeError(`年度が不正です: ${String(fy)}`);
  }
}

/** True if `fy` is an integer fiscal year this module can represent. */
export function isFiscalYear(fy: unknown): fy is number {
  return typeof fy === 'number' && Number.isInteger(fy) && fy >= MIN_YEAR && fy < MAX_YEAR;
}

/** First and last day of a fiscal year: FY2026 → { start: '2026-04-01', end: '2027-03-31' }. */
export function fiscalYearRange(fy: number): FiscalYearRange {
  assertFiscalYear(fy);
  return { start: `${pad(fy, 4)}-04-01`, end: `${pad(fy + 1, 4)}-03-31` };
}

/** Whether the date (evaluated in Japan) falls within fiscal year `fy`. */
export function isInFiscalYear(date: Date | string, fy: number): boolean {
  assertFiscalYear(fy);
  return fiscalYearOf(date) === fy;
}

function resolveFiscalYear(value: FiscalYearLike): number {
  if (typeof value === 'number') {
    assertFiscalYear(value);
    return value;
  }
  return fiscalYearOf(value);
}

/**
 * All fiscal years from `from` to `to`, both inclusive, ascending.
 * Numbers are fiscal years; Dates and 'YYYY-MM-DD' strings are mapped with
 * {@link fiscalYearOf}. Throws a RangeError when `from` is after `to`.
 *
 * @example fiscalYearsBetween(2022, 2026) // [2022, 2023, 2024, 2025, 2026]
 * @example fiscalYearsBetween('2025-03-31', '2025-04-01') // [2024, 2025]
 */
export function fiscalYearsBetween(from: FiscalYearLike, to: FiscalYearLike): number[] {
  const a = resolveFiscalYear(from);
  const b = resolveFiscalYear(to);
  if (a > b) {
    throw new RangeError(`開始年度（${a}）が終了年度（${b}）より後になっています`);
  }
  const years: number[] = [];
  for (let fy = a; fy <= b; fy++) years.push(fy);
  return years;
}
