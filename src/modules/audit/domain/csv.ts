/**
 * CSV for the audit-log export, written by hand (RFC 4180): UTF-8 with a BOM so
 * Excel in Japanese Windows reads it as UTF-8, CRLF line ends, fields quoted when
 * they contain a comma, quote, CR or LF (quotes doubled). Pure.
 *
 * Spreadsheet formula injection: a cell starting with = + - @ TAB or CR would be
 * run as a formula by Excel, so such cells are prefixed with an apostrophe (') —
 * the OWASP recommendation, by the one guard (shared/formulaGuard.ts). Names and
 * JSON written by users cannot become formulas.
 */
import { guardFormula } from '../../../shared/formulaGuard.js';

export const CSV_BOM = '\uFEFF';
export const CRLF = '\r\n';

export const AUDIT_CSV_HEADER = ['日時（JST）', '操作者', '接続元', '操作', '対象', '対象ID', '変更前', '変更後'] as const;

export function csvField(value: string): string {
  const v = guardFormula(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + CRLF;
}

/** JSON text of a before/after value; empty for none. */
export function jsonCell(value: unknown): string {
  return value === null || value === undefined ? '' : JSON.stringify(value);
}
