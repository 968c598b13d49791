/**
 * An upload's size checked before it is read into a table (SPREADSHEET_LIMITS, shared with the departments'
 * answer workbooks):
 *
 * - checkZipDirectory: the sizes an .xlsx (a zip) declares for its parts, from its central directory —
 *   the list at the end of the file — before anything is inflated: a 400 KB file that unpacks to 400 MB is
 *   refused here.
 * - inspectXlsx: each part is inflated on its own with the declared size as a hard ceiling (a part that
 *   inflates beyond what it declared is a forged file), and the sheets' XML is scanned for the table's extent
 *   (rows, columns, cells as the parsed table will hold them) before exceljs builds its objects, which take
 *   about 1 KB per cell.
 * - CellCounter: the same bound for CSV and pasted text, row by row while they are read.
 */
import zlib from 'node:zlib';
import { AppError } from '../../../shared/errors.js';
import { SPREADSHEET_LIMITS, type SpreadsheetLimits } from '../../../shared/spreadsheetLimits.js';
import { formatBytes, unreadable } from './errors.js';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const num = (n: number) => n.toLocaleString('ja-JP');

/** 413: the file is over one of the limits; the message names the limit and the file's figure. */
export const overLimit = (message: string) =>
  new AppError('import_too_large', 413, `${message}表を分けるか、不要なシート・行・列を削除してから取り込んでください（何も保存していません）。`);

const corrupt = () =>
  unreadable('ファイルが壊れているため開けません（zip形式として読めません）。Excelで開けるか確かめ、開ける場合は「名前を付けて保存」で .xlsx 形式で保存し直してから取り込んでください。');

/** The zip's central directory (the list of its parts with their sizes); refuses a file that has none. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // end of central directory: 22 bytes + a comment of up to 64 KB, at the end of the file
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt();
  const count = b.readUInt16LE(eocd + 10);
  const size = b.readUInt32LE(eocd + 12);
  const offset = b.readUInt32LE(eocd + 16);
  // ZIP64 (parts or files over 4 GB, or 65,535 parts) is far beyond every limit
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw overLimit('ファイルの中身が大きすぎます（ZIP64形式）。');
  if (offset + size > eocd) throw corrupt();
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || b.readUInt32LE(p) !== 0x02014b50) throw corrupt();
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    entries.push({
      method: b.readUInt16LE(p + 10),
      compressedSize: b.readUInt32LE(p + 20),
      uncompressedSize: b.readUInt32LE(p + 24),
      name: b.toString('utf8', p + 46, p + 46 + nameLen),
      localHeaderOffset: b.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Refuses an .xlsx whose parts declare more than the limits allow; nothing is inflated. */
export function checkZipDirectory(bytes: Uint8Array, fileName: string, limits: SpreadsheetLimits = SPREADSHEET_LIMITS): ZipEntry[] {
  const entries = readZipDirectory(bytes);
  let total = 0;
  for (const e of entries) {
    if (e.uncompressedSize === 0xffffffff || e.compressedSize === 0xffffffff) throw overLimit(`ファイル「${fileName}」の中身が大きすぎます（ZIP64形式）。`);
    if (e.uncompressedSize > limits.maxEntryBytes)
      throw overLimit(
        `ファイル「${fileName}」の中の「${e.name}」は展開すると${formatBytes(e.uncompressedSize)}になり、1つの部分の上限（${formatBytes(limits.maxEntryBytes)}）を超えています。`,
      );
    total += e.uncompressedSize;
  }
  if (total > limits.maxUnzippedBytes)
    throw overLimit(`ファイル「${fileName}」は展開すると${formatBytes(total)}になり、上限（${formatBytes(limits.maxUnzippedBytes)}）を超えています。`);
  return entries;
}

/** The bytes of one part, inflated with its declared size as the ceiling. */
function inflateEntry(b: Buffer, e: ZipEntry, fileName: string): Buffer {
  if (b.readUInt32LE(e.localHeaderOffset) !== 0x04034b50) throw corrupt();
  const start = e.localHeaderOffset + 30 + b.readUInt16LE(e.localHeaderOffset + 26) + b.readUInt16LE(e.localHeaderOffset + 28);
  const data = b.subarray(start, start + e.compressedSize);
  if (e.method === 0) return data;
  if (e.method !== 8) throw corrupt();
  try {
    // one byte more than declared: a part that fills it lies about its size
    const out = zlib.inflateRawSync(data, { maxOutputLength: e.uncompressedSize + 1 });
    if (out.length > e.uncompressedSize) throw new RangeError('larger than declared');
    return out;
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw overLimit(`ファイル「${fileName}」の中の「${e.name}」は、記録された大きさ（${formatBytes(e.uncompressedSize)}）より大きく展開されます（不正なファイルです）。`);
    throw corrupt();
  }
}

const COLUMN = /^([A-Z]{1,3})(\d+)$/;

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** The extent of one sheet's table as the parser will build it: rows and Σ over rows of each row's last column. */
export interface SheetExtent {
  rows: number;
  columns: number;
  cells: number;
}

export function sheetExtent(xml: string): SheetExtent {
  let rows = 0;
  let columns = 0;
  let cells = 0;
  let row = 0;
  let rowLast = 0;
  let col = 0;
  const tag = /<(c|row)\b([^>]*)>/g;
  const attrR = /\br="([^"]*)"/;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const r = attrR.exec(m[2]!)?.[1];
    if (m[1] === 'row') {
      cells += rowLast;
      row = r && /^\d+$/.test(r) ? Number(r) : row + 1;
      rowLast = 0;
      col = 0;
      if (row > rows) rows = row;
      continue;
    }
    const ref = r ? COLUMN.exec(r) : null;
    col = ref ? columnNumber(ref[1]!) : col + 1;
    if (col > rowLast) rowLast = col;
    if (col > columns) columns = col;
  }
  cells += rowLast;
  return { rows, columns, cells };
}

/**
 * Every check before exceljs reads the workbook: the declared sizes, each part inflated within its declared
 * size, and the sheets' extent against the row, column and cell limits.
 */
export function inspectXlsx(bytes: Uint8Array, fileName: string, limits: SpreadsheetLimits = SPREADSHEET_LIMITS): void {
  const entries = checkZipDirectory(bytes, fileName, limits);
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let cells = 0;
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const data = inflateEntry(b, e, fileName);
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) continue;
    const x = sheetExtent(data.toString('latin1'));
    const sheet = `ファイル「${fileName}」のシート（${e.name.replace(/^xl\/worksheets\//, '')}）`;
    if (x.rows > limits.maxRows) throw overLimit(`${sheet}は${num(x.rows)}行あり、行数の上限（${num(limits.maxRows)}行）を超えています。`);
    if (x.columns > limits.maxColumns) throw overLimit(`${sheet}は${num(x.columns)}列あり、列数の上限（${num(limits.maxColumns)}列）を超えています。`);
    cells += x.cells;
    if (cells > limits.maxCells) throw overLimit(`ファイル「${fileName}」のセルは${num(cells)}個以上あり、上限（${num(limits.maxCells)}個）を超えています。`);
  }
}

/** Lines of a text (a last line without its newline counts), for the figure in a message. */
export function countLines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n++;
  return text.length && !text.endsWith('\n') ? n + 1 : n;
}

/** Counts the rows and cells of a CSV or pasted text as they are read, and refuses when over the limits. */
export class CellCounter {
  private rows = 0;
  private cells = 0;

  /** `lines`: the text's line count, the figure the message gives when the rows are over the limit */
  constructor(
    private readonly what: string,
    private readonly limits: SpreadsheetLimits = SPREADSHEET_LIMITS,
    private readonly lines = 0,
  ) {}

  add(columns: number): void {
    this.rows++;
    this.cells += columns;
    if (this.rows > this.limits.maxRows)
      throw overLimit(`${this.what}は${num(Math.max(this.lines, this.rows))}行あり、行数の上限（${num(this.limits.maxRows)}行）を超えています。`);
    if (columns > this.limits.maxColumns)
      throw overLimit(`${this.what}の${num(this.rows)}行目は${num(columns)}列あり、列数の上限（${num(this.limits.maxColumns)}列）を超えています。`);
    if (this.cells > this.limits.maxCells)
      throw overLimit(`${this.what}のセルは${num(this.rows)}行目までで${num(this.cells)}個になり、上限（${num(this.limits.maxCells)}個）を超えています。`);
  }
}
