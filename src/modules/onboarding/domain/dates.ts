/** Dates as people write them in a spreadsheet: 2026-04-01, 2026/4/1, 2026年4月1日, 令和8年4月1日, R8.4.1 (pure). */
import { formatIsoDate, parseIsoDate } from '../../fiscal/domain/fiscalYear.js';
import { normalizeWidth, warekiToWestern } from '../../fiscal/domain/wareki.js';

const WESTERN = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$/;
const ERA = /^(明治|大正|昭和|平成|令和|[MTSHR])\s*\.?\s*(元|\d{1,2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$/i;

/** ISO date, or null when the text is no existing day in one of the accepted forms. */
export function parseFlexibleDate(input: string): string | null {
  const s = normalizeWidth(input).trim().replace('㋿', '令和');
  let year: number | null = null;
  let month = 0;
  let day = 0;
  const w = WESTERN.exec(s);
  const e = w ? null : ERA.exec(s);
  if (w) {
    year = Number(w[1]);
    month = Number(w[2]);
    day = Number(w[3]);
  } else if (e) {
    const era = e[1]!.length === 1 ? e[1]!.toUpperCase() : e[1]!;
    year = warekiToWestern(era, e[2] === '元' ? 1 : Number(e[2]));
    month = Number(e[3]);
    day = Number(e[4]);
  }
  if (year === null) return null;
  const iso = formatIsoDate({ year, month: Math.min(Math.max(month, 0), 99), day: Math.min(Math.max(day, 0), 99) });
  return parseIsoDate(iso) ? iso : null;
}

export const DATE_FORMS = '2026-04-01、2026/4/1、2026年4月1日、令和8年4月1日 のいずれかの形';
