/**
 * Text pasted from a PDF table (copied in a viewer, or the output of a PDF-to-text
 * tool): one table row per line, cells separated by tabs. The grid is kept as is —
 * cells are put back under their headings later (domain/realign.ts).
 */
import type { ParsedUpload } from '../domain/grid.js';

export function parsePastedText(text: string, fileName = '貼り付けた文字'): ParsedUpload {
  const rows = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.split('\t').map((c) => c.trim()));
  while (rows.length && rows[rows.length - 1]!.every((c) => !c)) rows.pop();
  return { kind: 'text', fileName, encoding: null, sheets: [{ name: fileName, rows, merges: [], problems: [] }] };
}
