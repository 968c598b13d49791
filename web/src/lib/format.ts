/** Japanese formatting helpers: 和暦 dates, search normalisation. */
import { matchesQuery as matchesAll, normalizeForSearch } from '../../../src/modules/plans/domain/search.js';

const warekiDate = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
});

const warekiDateTime = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Asia/Tokyo',
});

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** '2026-04-01' → '令和8年4月1日' (a calendar date, no time-zone shift). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = ISO_DATE.exec(iso.slice(0, 10));
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(d.getTime())) return iso;
  return fixGannen(warekiDate.format(d));
}

/** An instant (ISO with offset) → '令和8年4月1日 09:30' in Japan time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return fixGannen(warekiDateTime.format(d));
}

/** Some ICU versions print 令和1年; official documents say 令和元年. */
function fixGannen(s: string): string {
  return s.replace(/(明治|大正|昭和|平成|令和)1年/, '$1元年');
}

/** Today's date in Japan as 'YYYY-MM-DD'. */
export function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

export { normalizeForSearch };

/** All whitespace-separated terms must occur in one of the texts (the server's rule). */
export function matchesQuery(query: string, ...texts: (string | null | undefined)[]): boolean {
  return matchesAll(query, texts.filter((t): t is string => !!t));
}

/** 整理番号 + title, as printed ("(1) 市有財産の適正管理"). */
export function numbered(number: string | null | undefined, title: string): string {
  return number ? `${number} ${title}` : title;
}
