/**
 * The data rows of the table under the header: blank lines, the header printed
 * again on later pages, and lines outside the table (page titles, legend lines)
 * are skipped; pasted PDF text is realigned to the headings (realign.ts). Pure.
 */
import { isBlank, nonEmptyCount, type Sheet, type SourceKind } from './grid.js';
import { headerLabels, isRepeatedHeader, isRepeatedSubHeader, rowText, type HeaderInfo } from './header.js';
import type { Issues } from './issues.js';
import type { ColumnMapping, ColumnRole } from './mapping.js';
import { realignRow, type SlotKind } from './realign.js';
import { parseLegendLine, type CellVocab, type FileLegendEntry } from './vocab.js';

export interface DataRow {
  /** 1-based row (line) number in the file */
  row: number;
  /** one cell per header column */
  cells: string[];
}

export function slotKind(role: ColumnRole | undefined): SlotKind {
  switch (role?.kind) {
    case 'number':
    case 'level':
    case 'title':
    case 'description':
    case 'departments':
    case 'schedule':
    case 'status':
      return role.kind;
    case 'narrative':
    case 'issues':
    case 'nextPlan':
      return 'text';
    case 'effect':
    case 'value':
      return 'value';
    default:
      return 'ignore';
  }
}

export interface ReadRowsResult {
  rows: DataRow[];
  /** legend lines met inside the table (repeated on every page) */
  legend: FileLegendEntry[];
}

export function readDataRows(
  sheet: Sheet,
  header: HeaderInfo,
  columns: readonly ColumnMapping[],
  opts: { kind: SourceKind; realign: boolean; vocab: CellVocab },
  issues: Issues | null,
): ReadRowsResult {
  const width = header.columns.length;
  const roleOf = new Map(columns.map((c) => [c.index, c.role]));
  const slots: SlotKind[] = header.columns.map((c) => slotKind(roleOf.get(c.index)));
  const labels = headerLabels(header);
  const start = header.rows[header.rows.length - 1]! + 1;
  const rows: DataRow[] = [];
  const legend: FileLegendEntry[] = [];
  const repeatedAt: number[] = [];
  const outside: number[] = [];
  const realigned: number[] = [];
  let afterRepeat = false;

  for (let r = start; r < sheet.rows.length; r++) {
    const raw = sheet.rows[r] ?? [];
    const n = nonEmptyCount(raw);
    const line = r + 1;
    if (!n) continue;
    if (isRepeatedHeader(raw, labels)) {
      repeatedAt.push(line);
      afterRepeat = true;
      continue;
    }
    if (afterRepeat && isRepeatedSubHeader(raw, labels)) {
      afterRepeat = false;
      continue;
    }
    afterRepeat = false;
    if (n === 1) {
      const c = raw.findIndex((x) => !isBlank(x));
      const kind = slots[c];
      const inTable = opts.kind !== 'text' ? kind === 'level' || kind === 'title' : raw.length > 1 && (kind === 'level' || kind === 'title');
      if (!inTable) {
        const text = rowText(raw);
        const entries = parseLegendLine(text);
        if (entries.length) legend.push(...entries.filter((e) => !legend.some((x) => x.mark === e.mark)));
        else outside.push(line);
        continue;
      }
    }
    let cells: string[];
    if (opts.kind === 'text' && opts.realign) {
      const res = realignRow(raw, slots, opts.vocab);
      cells = res.cells;
      if (res.changed) realigned.push(line);
      for (const d of res.dropped) {
        if (!d.text.trim()) continue;
        issues?.info(
          'cell_dropped',
          { row: line },
          `${d.index + 1}番目の欄「${clip(d.text)}」は見出しのどの欄にも当たらないため読み飛ばしました（PDFの文字では、結合されたセルの文字や余分な記号が別の欄として出ることがあります）。`,
        );
      }
    } else {
      cells = Array.from({ length: width }, (_, i) => raw[i] ?? '');
      const extra = raw.slice(width).filter((x) => !isBlank(x));
      if (extra.length)
        issues?.warning('cells_beyond_header', { row: line }, `見出しのない列（${width + 1}列目以降）にある「${clip(extra.join(' '))}」は取り込みません。`);
    }
    rows.push({ row: line, cells });
  }
  if (repeatedAt.length)
    issues?.info('repeated_header', {}, `途中で繰り返されている見出し行（改ページ）を読み飛ばしました: ${lines(repeatedAt)}。`);
  if (outside.length) issues?.info('outside_rows', {}, `表の外の行（表題・注記など）を読み飛ばしました: ${lines(outside)}。`);
  if (realigned.length)
    issues?.info(
      'realigned',
      {},
      `貼り付けた文字の欄の位置が見出しとずれている行は、中身（記号・工程・課名・文章）から欄を判断しました: ${lines(realigned)}。確認画面の内容を確かめてください。`,
    );
  return { rows, legend };
}

export const clip = (s: string, n = 30): string => {
  const t = s.replace(/\s+/g, ' ').trim();
  return [...t].length > n ? `${[...t].slice(0, n).join('')}…` : t;
};

/** 「3行目、5行目、7〜9行目」 (at most 12 ranges, then ほかN行). */
export function lines(rows: readonly number[]): string {
  const ranges: [number, number][] = [];
  for (const r of [...rows].sort((a, b) => a - b)) {
    const last = ranges[ranges.length - 1];
    if (last && r === last[1] + 1) last[1] = r;
    else ranges.push([r, r]);
  }
  const shown = ranges.slice(0, 12).map(([a, b]) => (a === b ? `${a}行目` : `${a}〜${b}行目`));
  const rest = ranges.slice(12).reduce((n, [a, b]) => n + b - a + 1, 0);
  return shown.join('、') + (rest ? `ほか${rest}行` : '');
}
