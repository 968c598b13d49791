/**
 * Reads an uploaded CSV into a heading row and data rows with their line numbers. The encoding
 * is detected as the spreadsheet import does it (UTF-8 with or without BOM, else Shift_JIS).
 */
import { parse } from 'csv-parse/sync';
import { decodeText } from '../../imports/parsers/csv.js';
import { validationError } from '../../../shared/errors.js';
import { MAX_IMPORT_ROWS, type CsvTable } from '../domain/table.js';

const fileError = (message: string) => validationError([{ path: 'file', message }], message);

/** csv-parse counts the line a record ends on; a quoted cell may span lines, and people look for where it starts. */
const startLine = (r: { record: string[]; info: { lines: number } }): number =>
  r.info.lines - r.record.reduce((n, c) => n + ((c ?? '').match(/\r\n|\r|\n/g)?.length ?? 0), 0);

export function readCsvTable(bytes: Uint8Array, fileName: string): CsvTable {
  if (!bytes.byteLength) throw fileError(`ファイル「${fileName}」は空です（0バイト）。`);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b)
    throw fileError(`ファイル「${fileName}」はExcelブックです。Excelで「名前を付けて保存」→「CSV（コンマ区切り）」または「CSV UTF-8」で保存してから取り込んでください。`);
  const { text, encoding } = decodeText(bytes);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true, info: true }) as unknown as typeof records;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw fileError(`CSVファイルの形式が正しくないため読めません${line ? `（${line}行目付近: 引用符「"」の対応が取れていない可能性があります）` : ''}。Excelで開いて保存し直してから取り込んでください。`);
  }
  const [head, ...rest] = records;
  if (!head || head.record.every((c) => !c.trim())) throw fileError('1行目に見出しの行がありません。テンプレートの見出しを1行目に置いてください。');
  const rows = rest.filter((r) => r.record.some((c) => (c ?? '').trim())).map((r) => ({ line: startLine(r), cells: r.record.map((c) => c ?? '') }));
  if (!rows.length) throw fileError('見出しの行のほかにデータの行がありません。');
  if (rows.length > MAX_IMPORT_ROWS) throw fileError(`データの行が${rows.length}行あります。1回に取り込めるのは${MAX_IMPORT_ROWS}行までです。ファイルを分けてください。`);
  return { encoding, headers: head.record.map((c) => c ?? ''), rows };
}
