/** Japanese formatting helpers: 和暦 dates, search normalisation. */
import { matchesQuery as matchesAll, normalizeForSearch } from '../../../src/modules/plans/domain/search.js';

/**
 * Dates: THE formatting shared with the server (src/modules/fiscal/domain/display.ts), always in
 * Japan (Asia/Tokyo) whatever the browser's time zone — an instant at 00:30 JST is that day, not
 * the previous day of its UTC form.
 */
export {
  addDays,
  clockLabel,
  dateLabel as formatDate,
  dateLabelWithWeekday,
  dateTimeLabel,
  /** an instant → '令和8年4月1日 09:30' in Japan time */
  dateTimeLabel as formatDateTime,
  daysBetween,
  monthLabel,
  todayInTokyo as todayIso,
  tokyoDateOf,
} from '../../../src/modules/fiscal/domain/index.js';

export { normalizeForSearch };

/** All whitespace-separated terms must occur in one of the texts (the server's rule). */
export function matchesQuery(query: string, ...texts: (string | null | undefined)[]): boolean {
  return matchesAll(query, texts.filter((t): t is string => !!t));
}

/** 整理番号 + title, as printed ("(1) 市有財産の適正管理"). */
export function numbered(number: string | null | undefined, title: string): string {
  return number ? `${number} ${title}` : title;
}
