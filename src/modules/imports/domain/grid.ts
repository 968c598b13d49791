/**
 * A table read from an upload, independent of its format: rows of cell texts
 * (0-based), merged ranges, and the cells whose value could not be read
 * (a formula saved without its result, an error value). Pure.
 */

export type SourceKind = 'xlsx' | 'csv' | 'text';

/** Inclusive, 0-based. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface CellProblem {
  row: number;
  col: number;
  kind: 'formula_without_value' | 'error_value';
  /** the formula or the error value as written (=SUM(B2:B4), #N/A) */
  detail: string;
}

export interface Sheet {
  name: string;
  /** cell texts; rows may be shorter than others ("rows that end early") */
  rows: string[][];
  merges: CellRange[];
  problems: CellProblem[];
}

export interface ParsedUpload {
  kind: SourceKind;
  fileName: string;
  /** text sources: utf-8 / utf-8 (BOM付き) / Shift_JIS; null for xlsx */
  encoding: string | null;
  sheets: Sheet[];
}

/** 0 → A, 25 → Z, 26 → AA (Excel column letters). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** 'A1:C3' → range (0-based). */
export function parseRange(ref: string): CellRange | null {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/i.exec(ref.trim());
  if (!m) return null;
  const col = (s: string) => [...s.toUpperCase()].reduce((n, ch) => n * 26 + (ch.charCodeAt(0) - 64), 0) - 1;
  const a = { row: Number(m[2]) - 1, col: col(m[1]!) };
  const b = m[3] ? { row: Number(m[4]) - 1, col: col(m[3]) } : a;
  return { top: Math.min(a.row, b.row), left: Math.min(a.col, b.col), bottom: Math.max(a.row, b.row), right: Math.max(a.col, b.col) };
}

export const cell = (rows: readonly (readonly string[])[], r: number, c: number): string => rows[r]?.[c] ?? '';

export const isBlank = (s: string | undefined | null): boolean => !s || s.trim() === '';

export function columnCount(sheet: Sheet): number {
  let n = 0;
  for (const r of sheet.rows) {
    for (let c = r.length - 1; c >= n; c--) {
      if (!isBlank(r[c])) {
        n = c + 1;
        break;
      }
    }
  }
  for (const m of sheet.merges) n = Math.max(n, m.right + 1);
  return n;
}

export function nonEmptyCount(row: readonly string[] | undefined): number {
  return row ? row.filter((x) => !isBlank(x)).length : 0;
}

/**
 * Folds a header or name for comparison: NFKC (全角英数 → 半角), no whitespace at all
 * (line breaks inside a cell, spaces between characters of a printed heading).
 */
export function fold(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

/**
 * Text of a title-like cell: trimmed, line breaks inside the cell joined — without a space
 * between Japanese characters (折り返し), with one between Latin words.
 */
export function joinLines(s: string): string {
  const lines = s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
  let out = '';
  for (const l of lines) {
    if (!out) out = l;
    else {
      const a = out[out.length - 1]!;
      const b = l[0]!;
      out += /[\x21-\x7e]/.test(a) && /[\x21-\x7e]/.test(b) ? ` ${l}` : l;
    }
  }
  return out.replace(/[ \u3000]{2,}/g, ' ');
}
