/**
 * Fiscal years in table headings: a heading that is a year (R1, 令和元年度, H30,
 * 2026年度, 令和4年度末見込み) and years mentioned inside a longer heading
 * (取組状況（R4年度末見込み）). Built on fiscal/domain's parseFiscalYear. Pure.
 */
import { normalizeWidth, parseFiscalYear } from '../../fiscal/domain/index.js';

const SUFFIX_RE = /(?:末見込み|末見込|見込み|見込|末時点|時点|末|実績|計画|予定|上半期|下半期|第[1-4１-４一二三四]四半期)$/;

/** The fiscal year a whole heading names, or null: 'R1', '令和元年度', 'H30', '2026年度', 'R4年度末見込み'. */
export function fiscalYearOfHeading(label: string): number | null {
  const s = normalizeWidth(label).replace(/\s+/g, '');
  if (!s) return null;
  const direct = parseFiscalYear(s);
  if (direct !== null) return direct;
  let t = s;
  for (let i = 0; i < 3 && SUFFIX_RE.test(t); i++) t = t.replace(SUFFIX_RE, '');
  if (t !== s) {
    const y = parseFiscalYear(t);
    if (y !== null) return y;
  }
  return null;
}

const TOKEN_RE = /(?<![A-Za-z])(?:令和|平成|昭和|[RHS])\s*\.?\s*(?:元|\d{1,2}|[一二三四五六七八九十]{1,3})(?:\s*年度|\s*年)?|(?<!\d)\d{4}\s*年度/g;

/** Every fiscal year written inside a heading, in order: '取組状況（R4年度末見込み）' → [2022]. */
export function fiscalYearsIn(label: string): number[] {
  const s = normalizeWidth(label);
  const out: number[] = [];
  for (const m of s.matchAll(TOKEN_RE)) {
    const y = parseFiscalYear(m[0].replace(/\s+/g, ''));
    if (y !== null && !out.includes(y)) out.push(y);
  }
  return out;
}

/** Whether a heading says the figures are a forecast (末見込み), as printed tables of the current year do. */
export const saysForecast = (label: string): boolean => /見込/.test(label);
