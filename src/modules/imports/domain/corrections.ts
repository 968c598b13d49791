/**
 * Changes to cell values before the rows are read as items, each one listed in the dry run:
 *
 * - the clean-up of pasted PDF text (cleanup.ts) on every mapped cell;
 * - the user's corrections from the dry-run screen: 「この行の施策は…」「担当課は…」. They travel
 *   in the mapping of the dry-run and commit requests (`mapping.corrections`) and belong to
 *   this file only: a saved mapping never keeps them (toSaved).
 *
 * A correction replaces the cell as read (after PDF text was put back under its headings and
 * cleaned), as if the file had said so; the user's value is not cleaned again. So a corrected
 * 施策 is also what the blank rows below it follow ("same as above") until a row names
 * another one, and a 施策 corrected to '' is blank — it follows the row above. Pure.
 */
import { CLEANUP_REASONS, cleanPdfText } from './cleanup.js';
import type { Issues, Location } from './issues.js';
import type { CellCorrection } from './mapping.js';
import { clip, type DataRow } from './rows.js';

export interface CellChange {
  /** 1-based row (line) */
  row: number;
  /** 0-based column */
  column: number;
  /** the whole cell, before and after */
  before: string;
  after: string;
  source: 'cleanup' | 'correction';
}

/**
 * Cleans the mapped cells of pasted PDF text in place; a notice per changed cell. Cells the user
 * corrected are left to the correction (「元の文字に戻す」 is a correction with the text as read).
 */
export function cleanPastedCells(
  rows: readonly DataRow[],
  columns: readonly number[],
  corrections: readonly CellCorrection[],
  issues: Issues,
  at: (row: number, col: number) => Location,
): CellChange[] {
  const corrected = new Set(corrections.map((c) => `${c.row}:${c.column}`));
  const changes: CellChange[] = [];
  for (const r of rows)
    for (const c of columns) {
      if (corrected.has(`${r.row}:${c}`)) continue;
      const before = r.cells[c] ?? '';
      const res = cleanPdfText(before);
      if (!res.fixes.length) continue;
      r.cells[c] = res.text;
      changes.push({ row: r.row, column: c, before, after: res.text, source: 'cleanup' });
      const what = res.fixes.map((f) => `「${f.before}」→「${f.after}」`).join('、');
      const why = [...new Set(res.fixes.flatMap((f) => f.kinds))].map((k) => CLEANUP_REASONS[k]).join('・');
      issues.info(
        'text_cleanup',
        at(r.row, c),
        `PDFの文字の読み取りの誤りとみて${what}に直しました（${why}）。違っていれば「元の文字に戻す」で、読み取ったままの文字で取り込めます。`,
      );
    }
  return changes;
}

/**
 * Applies the user's corrections in place. A correction for a row that is not a data row,
 * a column the table does not have, or the same cell twice is an error (nothing is guessed).
 */
export function applyCorrections(
  rows: readonly DataRow[],
  corrections: readonly CellCorrection[],
  opts: { width: number; mapped: ReadonlySet<number> },
  issues: Issues,
  at: (row: number | null, col: number | null) => Location,
): CellChange[] {
  const byRow = new Map(rows.map((r) => [r.row, r]));
  const seen = new Map<string, number>();
  const changes: CellChange[] = [];
  corrections.forEach((c, i) => {
    const n = `修正${i + 1}件目`;
    if (c.column < 0 || c.column >= opts.width) {
      issues.error('correction_column', { row: c.row }, `${n}: ${c.column + 1}列目は表にありません（この表の列は${opts.width}列です）。修正を取り消してください。`);
      return;
    }
    const row = byRow.get(c.row);
    if (!row) {
      issues.error(
        'correction_row',
        { row: c.row },
        `${n}: ${c.row}行目は表のデータの行ではありません（見出し・空行・表の外の行、またはファイルにない行です）。修正を取り消してください。`,
      );
      return;
    }
    const key = `${c.row}:${c.column}`;
    if (seen.has(key)) {
      issues.error('correction_duplicate', at(c.row, c.column), `${n}: 同じ欄の修正が${seen.get(key)! + 1}件目にもあります。1つにしてください。`);
      return;
    }
    seen.set(key, i);
    const before = row.cells[c.column] ?? '';
    const after = c.value.replace(/\r\n?/g, '\n').trim();
    if (!opts.mapped.has(c.column))
      issues.warning('correction_ignored', at(c.row, c.column), `この欄は取り込まない列のため、修正（「${clip(after, 20)}」）は使われません。`);
    row.cells[c.column] = after;
    changes.push({ row: c.row, column: c.column, before, after, source: 'correction' });
    if (before !== after)
      issues.info(
        'corrected',
        at(c.row, c.column),
        `確認画面での修正により「${clip(before, 60) || '（空欄）'}」を「${clip(after, 60) || '（空欄）'}」として取り込みます。`,
      );
  });
  return changes;
}
