/**
 * Text pasted from a PDF table (copied in a viewer, or the output of a PDF-to-text
 * tool): one table row per line, cells separated by tabs. The grid is kept as is —
 * cells are put back under their headings later (domain/realign.ts).
 */
import type { SpreadsheetLimits } from '../../../shared/spreadsheetLimits.js';
import type { ParsedUpload } from '../domain/grid.js';
import { CellCounter, countLines } from './bounds.js';

export function parsePastedText(text: string, fileName = '貼り付けた文字', limits?: SpreadsheetLimits): ParsedUpload {
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const counter = new CellCounter(fileName === '貼り付けた文字' ? fileName : `ファイル「${fileName}」`, limits, countLines(body));
  // line by line, so that a text over the limits stops at the first row over them
  const rows: string[][] = [];
  for (let at = 0; ; ) {
    const end = body.indexOf('\n', at);
    const cells = body.slice(at, end < 0 ? undefined : end).split('\t').map((c) => c.trim());
    if (end < 0 && cells.length === 1 && !cells[0]) break; // the newline that ends the last line
    counter.add(cells.length);
    rows.push(cells);
    if (end < 0) break;
    at = end + 1;
  }
  while (rows.length && rows[rows.length - 1]!.every((c) => !c)) rows.pop();
  return { kind: 'text', fileName, encoding: null, sheets: [{ name: fileName, rows, merges: [], problems: [] }] };
}
