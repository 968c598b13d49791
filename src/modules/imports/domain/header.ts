/**
 * Finding the table in a sheet: the header row (below title and legend lines
 * such as 「取組状況：「○」実施済み …」), a second header row under it (R1 … R5
 * under スケジュール（年度）) merged into one heading per column, and the same
 * header repeated on later pages. Pure.
 */
import { fiscalYearOfHeading } from './fiscalHeading.js';
import { cell, fold, isBlank, nonEmptyCount, type Sheet } from './grid.js';
import { parseLegendLine, type FileLegendEntry } from './vocab.js';

export interface HeaderColumn {
  index: number;
  /** first header row's text for this column (filled across merged or spanning headings) */
  top: string;
  /** second header row's text ('' for a one-row header) */
  sub: string;
  /** shown in messages: 担当課, スケジュール R2 */
  label: string;
  /** folded `top|sub`, compared when a saved mapping is reused */
  key: string;
}

export interface HeaderInfo {
  /** 0-based rows of the header (one or two) */
  rows: number[];
  columns: HeaderColumn[];
  /** legend lines found above the table (and repeated on later pages) */
  legend: FileLegendEntry[];
  /** other lines above the header (titles), 0-based row and text */
  preamble: { row: number; text: string }[];
}

/** Words that head columns of plan tables. */
const HEADER_WORDS =
  /^(?:整理番号|番号|No\.?|NO\.?|№|項番|通し番号|施策|取組|取組名|具体的な取組|実施項目|取組項目|取組事項|項目|項目名|事業名|基本方針|重点項目|重点取組|柱|事業概要|概要|取組内容|事業内容|内容|担当課|所管課|担当部課|実施課|担当部署|所管部署|担当部局|担当|所管|スケジュール|工程|年次計画|取組状況|実施状況|進捗状況|進捗|達成度|評価|効果額|財政効果|目標値|実績値|目標|実績|課題|今後の取組|今後の方向性|備考)$/;

/** A cell that reads as a column heading (header keyword, possibly with a parenthesised note). */
export function isHeaderWord(text: string): boolean {
  const f = fold(text).replace(/[（(][^）)]*[）)]/g, '');
  if (!f) return false;
  if (HEADER_WORDS.test(f)) return true;
  return /^(?:スケジュール|取組状況|実施状況|進捗状況|担当課|所管課|整理番号|事業概要)/.test(f);
}

function headerScore(row: readonly string[]): number {
  let words = 0;
  for (const c of row) if (!isBlank(c) && isHeaderWord(c)) words++;
  return words;
}

function isSubHeader(row: readonly string[]): boolean {
  const n = nonEmptyCount(row);
  if (!n) return false;
  let years = 0;
  let words = 0;
  let short = 0;
  for (const c of row) {
    if (isBlank(c)) continue;
    if (fiscalYearOfHeading(c) !== null) years++;
    else if (isHeaderWord(c)) words++;
    else if (fold(c).length <= 8) short++;
  }
  if (row.some((c) => fold(c).length > 20)) return false;
  return (years >= 1 && (years + words + short) / n >= 0.8 && years + words >= n / 2) || words === n;
}

const rowText = (row: readonly string[] | undefined) => (row ?? []).filter((c) => !isBlank(c)).join(' ').trim();

/**
 * Finds the header: the first row (of the first `scan` rows) with at least two column
 * headings; the next row is a second header row when it holds years or headings only.
 * `rows` (0-based) forces the header rows (the user corrected them).
 */
export function detectHeader(sheet: Sheet, opts: { rows?: readonly number[]; scan?: number } = {}): HeaderInfo | null {
  const scan = Math.min(sheet.rows.length, opts.scan ?? 60);
  let rows: number[] | null = opts.rows?.length ? [...opts.rows].sort((a, b) => a - b) : null;
  if (!rows) {
    for (let r = 0; r < scan; r++) {
      const row = sheet.rows[r] ?? [];
      if (nonEmptyCount(row) >= 2 && headerScore(row) >= 2) {
        rows = [r];
        const next = sheet.rows[r + 1];
        if (next && isSubHeader(next)) rows.push(r + 1);
        break;
      }
    }
  }
  if (!rows) return null;
  const first = rows[0]!;
  const second = rows[1];
  const width = Math.max(...rows.map((r) => (sheet.rows[r] ?? []).length), ...sheet.merges.filter((m) => m.top <= first && m.bottom >= first).map((m) => m.right + 1));

  const top: string[] = [];
  const sub: string[] = [];
  for (let c = 0; c < width; c++) {
    top.push(cell(sheet.rows, first, c).trim());
    sub.push(second !== undefined ? cell(sheet.rows, second, c).trim() : '');
  }
  // a heading merged across columns (スケジュール over R1…R5) covers every column of the merge
  for (const m of sheet.merges) {
    for (const [r, arr] of [[first, top], [second, sub]] as const) {
      if (r === undefined || m.top > r || m.bottom < r) continue;
      const v = cell(sheet.rows, m.top, m.left).trim();
      for (let c = m.left; c <= Math.min(m.right, width - 1); c++) if (!arr[c]) arr[c] = m.top === r || arr === top ? v : '';
    }
  }
  // a heading merged down over both header rows is not also a sub heading
  if (second !== undefined) for (let c = 0; c < width; c++) if (sub[c] === top[c]) sub[c] = '';
  // without merge information (CSV, pasted text): a blank top over a sub heading continues the heading on its left
  for (let c = 1; c < width; c++) {
    if (!top[c] && sub[c] && top[c - 1] && sub[c - 1]) top[c] = top[c - 1]!;
  }

  const columns: HeaderColumn[] = [];
  for (let c = 0; c < width; c++) {
    const t = top[c]!;
    const s = sub[c]!;
    const shownTop = t.replace(/[（(]\s*年度\s*[)）]/g, '').trim();
    const label = [shownTop, s].filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
    columns.push({ index: c, top: t, sub: s, label, key: `${fold(t)}|${fold(s)}` });
  }

  const legend: FileLegendEntry[] = [];
  const preamble: { row: number; text: string }[] = [];
  for (let r = 0; r < first; r++) {
    const text = rowText(sheet.rows[r]);
    if (!text) continue;
    const entries = parseLegendLine(text);
    if (entries.length) legend.push(...entries.filter((e) => !legend.some((x) => x.mark === e.mark)));
    else preamble.push({ row: r, text });
  }
  return { rows, columns, legend, preamble };
}

/** Folded labels of the header, to recognise the header printed again on a later page. */
export function headerLabels(h: HeaderInfo): Set<string> {
  const out = new Set<string>();
  for (const c of h.columns) {
    if (c.top) out.add(fold(c.top));
    if (c.sub) out.add(fold(c.sub));
  }
  return out;
}

/** The header repeated on a later page (most of its cells are headings of this table). */
export function isRepeatedHeader(row: readonly string[], labels: ReadonlySet<string>): boolean {
  const cells = row.filter((c) => !isBlank(c));
  if (cells.length < 2) return false;
  const hits = cells.filter((c) => labels.has(fold(c))).length;
  return hits >= 2 && hits / cells.length >= 0.6;
}

/** The second header row repeated (only years and headings). */
export function isRepeatedSubHeader(row: readonly string[], labels: ReadonlySet<string>): boolean {
  const cells = row.filter((c) => !isBlank(c));
  if (cells.length < 2) return false;
  return cells.every((c) => labels.has(fold(c)) || fiscalYearOfHeading(c) !== null);
}

export { rowText };
