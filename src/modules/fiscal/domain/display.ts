/**
 * Dates as people read them: 和暦, in Japan (Asia/Tokyo), whatever the time zone of the machine —
 * the server's (often UTC) or the browser's. THE formatting of dates for the server and the staff UI
 * (web/src/lib/format.ts re-exports these), so a date reads the same everywhere. Pure and I/O-free.
 *
 * A value is one of
 * - a calendar date 'YYYY-MM-DD': that day, no time-zone arithmetic;
 * - an instant: a Date, or an ISO date-time with Z or an offset ('2026-03-31T15:30:00Z'): the day
 *   and time it is in Japan then — never the UTC day, which is the previous day from 00:00 to 08:59 JST;
 * - an ISO date-time without an offset ('2026-04-01T09:30'): read as a clock in Japan.
 *
 * The *Label functions are for display: '' for a missing value, and an unreadable text back as given
 * (a screen shows what it got rather than failing).
 */
import { formatIsoDate, parseIsoDate, TOKYO_TIME_ZONE, type CalendarDate } from './fiscalYear.js';
import { eraOfDate, formatEraYearNumber, formatWarekiDate } from './wareki.js';

/** A calendar date and a clock time in Japan. */
export interface TokyoDateTime extends CalendarDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

export type DateValue = string | Date | null | undefined;

const ISO_INSTANT_RE = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const ISO_LOCAL_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?$/;

let partsFormatter: Intl.DateTimeFormat | undefined;

function tokyoParts(instant: Date): TokyoDateTime | null {
  if (Number.isNaN(instant.getTime())) return null;
  partsFormatter ??= new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
    timeZone: TOKYO_TIME_ZONE,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  });
  const p: Record<string, number> = {};
  for (const part of partsFormatter.formatToParts(instant)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const { year, month, day, hour, minute, second } = p;
  if ([year, month, day, hour, minute, second].some((n) => n === undefined || !Number.isInteger(n))) return null;
  return { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second! };
}

/** The day and clock time in Japan a value names; null when it names none. */
export function tokyoDateTimeOf(value: DateValue): TokyoDateTime | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return tokyoParts(value);
  const s = value.trim();
  const date = parseIsoDate(s);
  if (date) return { ...date, hour: 0, minute: 0, second: 0 };
  if (ISO_INSTANT_RE.test(s)) return tokyoParts(new Date(s));
  const local = ISO_LOCAL_RE.exec(s);
  if (local) {
    const d = parseIsoDate(local[1]!);
    const [hour, minute, second] = [Number(local[2]), Number(local[3]), Number(local[4] ?? 0)];
    if (d && hour < 24 && minute < 60 && second < 60) return { ...d, hour, minute, second };
  }
  return null;
}

/** 'YYYY-MM-DD' of the day in Japan a value names ('2026-03-31T15:30:00Z' → '2026-04-01'); null when none. */
export function tokyoDateOf(value: DateValue): string | null {
  const t = tokyoDateTimeOf(value);
  return t ? formatIsoDate(t) : null;
}

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'] as const;

/** Day of the week of a calendar date, 0 = Sunday (1970-01-01 was a Thursday). */
function weekdayIndex(d: CalendarDate): number {
  return (((daysFromEpoch(d) + 4) % 7) + 7) % 7;
}

/** Days from 1970-01-01 to the date (negative before it), on the proleptic Gregorian calendar. */
function daysFromEpoch(d: CalendarDate): number {
  // days_from_civil (H. Hinnant): exact integer arithmetic, no Date and so no time zone
  const y = d.month <= 2 ? d.year - 1 : d.year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5) + d.day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): CalendarDate {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function calendarOrThrow(iso: string): CalendarDate {
  const d = parseIsoDate(iso.trim());
  if (!d) throw new RangeError(`日付として読み取れません: 「${iso}」（例: 2026-04-01）`);
  return d;
}

/** The calendar date `days` after (before, when negative) 'YYYY-MM-DD'. */
export function addDays(iso: string, days: number): string {
  return formatIsoDate(civilFromDays(daysFromEpoch(calendarOrThrow(iso)) + days));
}

/** Calendar days from `from` to `to` (both 'YYYY-MM-DD'): 0 = the same day, negative = `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return daysFromEpoch(calendarOrThrow(to)) - daysFromEpoch(calendarOrThrow(from));
}

/** '金' for '2026-12-18'. */
export function weekdayLabel(iso: string): string {
  return WEEKDAYS[weekdayIndex(calendarOrThrow(iso))]!;
}

/** formatWarekiDate (wareki.ts) of the day, or null before 明治. */
function warekiOf(d: CalendarDate): string | null {
  const iso = formatIsoDate(d);
  return eraOfDate(iso) ? formatWarekiDate(iso) : null;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** '令和8年4月1日' — of a calendar date, or of the day in Japan of an instant. */
export function dateLabel(value: DateValue): string {
  if (value === null || value === undefined || value === '') return '';
  const t = tokyoDateTimeOf(value);
  return (t && warekiOf(t)) ?? String(value);
}

/** '令和8年12月18日（金）' */
export function dateLabelWithWeekday(value: DateValue): string {
  if (value === null || value === undefined || value === '') return '';
  const t = tokyoDateTimeOf(value);
  const w = t && warekiOf(t);
  return w ? `${w}（${WEEKDAYS[weekdayIndex(t)]}）` : String(value);
}

export interface DateTimeLabelOptions {
  /** 令和8年4月1日（水） 09:30 */
  weekday?: boolean;
  /** 09:30:05 */
  seconds?: boolean;
}

/** An instant as read on a clock in Japan: '令和8年4月1日 09:30' (00:30 on 4/1 JST, although it is still 3/31 in UTC). */
export function dateTimeLabel(value: DateValue, opts: DateTimeLabelOptions = {}): string {
  if (value === null || value === undefined || value === '') return '';
  const t = tokyoDateTimeOf(value);
  const w = t && warekiOf(t);
  if (!w) return String(value);
  const day = opts.weekday ? `${w}（${WEEKDAYS[weekdayIndex(t)]}）` : w;
  return `${day} ${pad2(t.hour)}:${pad2(t.minute)}${opts.seconds ? `:${pad2(t.second)}` : ''}`;
}

/** 'HH:MM' in Japan of an instant. */
export function clockLabel(value: DateValue): string {
  const t = tokyoDateTimeOf(value);
  return t ? `${pad2(t.hour)}:${pad2(t.minute)}` : '';
}

/** '2026-12' (or a full date) → '令和8年12月'. */
export function monthLabel(value: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(value.trim());
  if (!m) return value;
  const first = parseIsoDate(`${m[1]}-${m[2]}-01`);
  const ey = first && eraOfDate(formatIsoDate(first));
  if (!first || !ey) return value;
  return `${ey.era.name}${formatEraYearNumber(ey.year)}年${first.month}月`;
}
