/**
 * CSV and TSV files: the encoding is detected (UTF-8 with or without BOM, UTF-16
 * with BOM, otherwise Shift_JIS/CP932 as Excel saves 「CSV（コンマ区切り）」 in
 * Japanese Windows), the delimiter from the name or the content (tabs vs commas).
 */
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { ParsedUpload } from '../domain/grid.js';
import { AppError } from '../../../shared/errors.js';
import type { SpreadsheetLimits } from '../../../shared/spreadsheetLimits.js';
import { CellCounter, countLines } from './bounds.js';
import { unreadable } from './errors.js';

export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8（BOM付き）' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp932'), encoding: 'Shift_JIS' };
  }
}

function detectDelimiter(text: string, fileName: string): ',' | '\t' {
  if (/\.tsv$/i.test(fileName)) return '\t';
  if (/\.csv$/i.test(fileName)) {
    // Excel's 「テキスト（タブ区切り）」 is sometimes saved as .csv
    const head = text.split('\n', 20).join('\n');
    return (head.match(/\t/g)?.length ?? 0) > (head.match(/,/g)?.length ?? 0) * 2 ? '\t' : ',';
  }
  const head = text.split('\n', 20).join('\n');
  return (head.match(/\t/g)?.length ?? 0) >= (head.match(/,/g)?.length ?? 0) ? '\t' : ',';
}

export function parseCsv(bytes: Uint8Array, fileName: string, limits?: SpreadsheetLimits): ParsedUpload {
  const { text, encoding } = decodeText(bytes);
  const delimiter = detectDelimiter(text, fileName);
  // rows × columns counted record by record: the parse stops at the first row over a limit
  const counter = new CellCounter(`ファイル「${fileName}」`, limits, countLines(text));
  let rows: string[][];
  try {
    rows = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
      on_record: (record: string[]) => {
        counter.add(record.length);
        return record;
      },
    }) as string[][];
  } catch (e) {
    if (e instanceof AppError) throw e;
    const line = (e as { lines?: number }).lines;
    throw unreadable(
      `${delimiter === '\t' ? 'TSV' : 'CSV'}ファイルの形式が正しくないため読めません${line ? `（${line}行目付近: 引用符「"」の対応が取れていない可能性があります）` : ''}。Excelで開いて保存し直してから取り込んでください。`,
    );
  }
  rows = rows.map((r) => r.map((c) => c ?? ''));
  while (rows.length && rows[rows.length - 1]!.every((c) => !c.trim())) rows.pop();
  return { kind: 'csv', fileName, encoding, sheets: [{ name: fileName, rows, merges: [], problems: [] }] };
}
