/**
 * A department's answer workbook (.xlsx) and reading one back.
 *
 * Sheets: 回答 (the items, key columns locked, answer cells unlocked, drop-down lists from the
 * legend, sheet protection), 記入要領 (instructions in Japanese) and a very hidden metadata
 * sheet (round, department, 団体コード, generation time, the key rows and a SHA-256 checksum
 * over all of it). Protection has no password: it prevents slips, and the checksum and the
 * server-side checks (round, department, policy, versions) are what the upload relies on.
 */
import { createHash } from 'node:crypto';
import type ExcelJS from 'exceljs';
import type JSZip from 'jszip';
import { AppError } from '../../../shared/errors.js';
import { guardWorkbook, unguardFormula } from '../../../shared/formulaGuard.js';
import {
  ANSWER_SHEET,
  canonicalMeta,
  FIRST_DATA_ROW,
  HEADER_ROW,
  INSTRUCTIONS_SHEET,
  MAX_UNZIPPED_BYTES,
  MAX_WORKBOOK_ROWS,
  META_SHEET,
  type CellInput,
  type DepartmentSheetRow,
  type KeyRow,
  type UploadedRow,
  type WorkbookColumn,
  type WorkbookMeta,
} from '../domain/departmentWorkbook.js';
import { BORDER, columnLetter, font, LOCKED_FILL, safeText, solid, tableStyles, wrappedLines } from './styles.js';
import { loadExcelJS, loadJSZip } from '../../../shared/lazyModules.js';

export function checksumOf(meta: WorkbookMeta): string {
  return createHash('sha256').update(canonicalMeta(meta), 'utf8').digest('hex');
}

export interface DepartmentWorkbookInput {
  meta: WorkbookMeta;
  columns: readonly WorkbookColumn[];
  rows: readonly DepartmentSheetRow[];
  /** lines of the instructions sheet (already in Japanese) */
  instructions: readonly string[];
  /** legend tables printed on the instructions sheet */
  legendTables: readonly { title: string; values: readonly { symbol: string; label: string; definition: string }[] }[];
  heading: { title: string; note: string };
}

const INPUT_FILL = solid('FFFFFF');
const META_KEYS: readonly (keyof Omit<WorkbookMeta, 'keys'>)[] = [
  'format',
  'formatVersion',
  'municipalityCode',
  'roundId',
  'roundLabel',
  'planId',
  'departmentId',
  'departmentName',
  'generatedAt',
  'generatedBy',
  'fields',
  'columns',
  'firstDataRow',
];
/** the key rows start below the key/value block */
const META_KEYS_ROW = 20;
const LIST_COLUMN = 8;

export async function writeDepartmentWorkbook(input: DepartmentWorkbookInput): Promise<{ buffer: Buffer; checksum: string }> {
  const { meta, columns, rows } = input;
  const checksum = checksumOf(meta);
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = 'gyokaku';
  wb.created = new Date(meta.generatedAt);

  const ws = wb.addWorksheet(ANSWER_SHEET, {
    views: [{ state: 'frozen', xSplit: 3, ySplit: HEADER_ROW, topLeftCell: `D${FIRST_DATA_ROW}`, activeCell: `A${FIRST_DATA_ROW}` }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
  });
  const instructions = wb.addWorksheet(INSTRUCTIONS_SHEET);
  const metaSheet = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });

  // ── the metadata sheet: key/value block, the key rows, lists for the drop-downs ──
  META_KEYS.forEach((k, i) => {
    const v = meta[k];
    metaSheet.getCell(i + 1, 1).value = k;
    metaSheet.getCell(i + 1, 2).value = Array.isArray(v) ? JSON.stringify(v) : typeof v === 'number' ? v : safeText(v);
  });
  metaSheet.getCell(META_KEYS.length + 1, 1).value = 'checksum';
  metaSheet.getCell(META_KEYS.length + 1, 2).value = checksum;
  metaSheet.getCell(META_KEYS_ROW, 1).value = 'reportId';
  metaSheet.getCell(META_KEYS_ROW, 2).value = 'version';
  metaSheet.getCell(META_KEYS_ROW, 3).value = 'number';
  metaSheet.getCell(META_KEYS_ROW, 4).value = 'title';
  meta.keys.forEach((k, i) => {
    const r = metaSheet.getRow(META_KEYS_ROW + 1 + i);
    r.getCell(1).value = k.reportId;
    r.getCell(2).value = k.version;
    r.getCell(3).value = safeText(k.number);
    r.getCell(4).value = safeText(k.title);
  });

  // drop-down lists: inline when short and plain, otherwise a range on the metadata sheet
  let listCol = LIST_COLUMN;
  const listFormula = (list: readonly string[]): string => {
    const inline = list.join(',');
    if (inline.length <= 250 && !list.some((s) => /[,"]/.test(s))) return `"${inline}"`;
    const col = listCol++;
    list.forEach((s, i) => (metaSheet.getCell(i + 1, col).value = safeText(s)));
    const L = columnLetter(col);
    return `${META_SHEET}!$${L}$1:$${L}$${list.length}`;
  };

  // ── the answer sheet ──
  ws.columns = columns.map((c) => ({ width: c.width, hidden: c.hidden ?? false }));
  const last = columnLetter(columns.length);
  ws.mergeCells(`A1:${last}1`);
  ws.getCell('A1').value = safeText(input.heading.title);
  ws.getCell('A1').font = font(14, { bold: true });
  ws.mergeCells(`A2:${last}2`);
  ws.getCell('A2').value = safeText(input.heading.note);
  ws.getCell('A2').font = font(10);
  ws.getCell('A2').alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(2).height = 30;

  const st = tableStyles(10);
  const header = ws.getRow(HEADER_ROW);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.style = st.header;
  });
  header.height = 32;

  const lockedText = { ...st.text, fill: LOCKED_FILL, protection: { locked: true } };
  const lockedCenter = { ...st.center, fill: LOCKED_FILL, protection: { locked: true } };
  const openText = { ...st.text, fill: INPUT_FILL, protection: { locked: false } };
  const openCenter = { ...st.center, fill: INPUT_FILL, protection: { locked: false } };
  const openNumber = { font: font(10), border: BORDER, fill: INPUT_FILL, protection: { locked: false }, alignment: { horizontal: 'right' as const, vertical: 'top' as const } };
  const lockedNumber = { ...openNumber, fill: LOCKED_FILL, protection: { locked: true } };
  const validations = new Map<string, ExcelJS.DataValidation>();
  for (const c of columns) {
    if (!c.editable) continue;
    if ((c.type === 'mark' || c.type === 'choice') && c.list?.length)
      validations.set(c.key, {
        type: 'list',
        allowBlank: true,
        formulae: [listFormula(c.list)],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: '一覧にない値です',
        error: `${c.header}は一覧（${c.list.join(' ')}）から選んでください。`,
      });
    else if (c.type === 'yen')
      validations.set(c.key, { type: 'whole', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0], showErrorMessage: true, errorStyle: 'stop', errorTitle: '金額', error: '円単位の0以上の整数で入力してください（小数は使えません）。' });
    else if (c.type === 'hours')
      validations.set(c.key, { type: 'decimal', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0], showErrorMessage: true, errorStyle: 'stop', errorTitle: '削減時間', error: '0以上の数値（時間、小数第1位まで）で入力してください。' });
    else if (c.type === 'text')
      validations.set(c.key, { type: 'textLength', operator: 'lessThanOrEqual', allowBlank: true, formulae: [4000], showErrorMessage: true, errorStyle: 'stop', errorTitle: '文字数', error: '4000文字以内で入力してください。' });
  }

  rows.forEach((row, r) => {
    const xr = ws.getRow(FIRST_DATA_ROW + r);
    let lines = 1;
    columns.forEach((c, i) => {
      const cell = xr.getCell(i + 1);
      const v = row.values[c.key] ?? null;
      const open = c.editable && row.editable;
      const numeric = c.type === 'yen' || c.type === 'hours';
      if (v !== null && v !== '') cell.value = typeof v === 'string' ? safeText(v) : v;
      if (numeric) {
        cell.style = open ? openNumber : lockedNumber;
        cell.numFmt = c.type === 'yen' ? '#,##0' : '0.0';
      } else {
        const centred = c.type === 'mark' || c.type === 'choice' || c.key === 'phase' || c.key === 'previousStatus' || c.key === 'number';
        cell.style = open ? (centred ? openCenter : openText) : centred ? lockedCenter : lockedText;
      }
      const dv = open ? validations.get(c.key) : undefined;
      if (dv) cell.dataValidation = dv;
      if (typeof v === 'string' && v && !c.hidden) lines = Math.max(lines, wrappedLines(v, c.width));
    });
    xr.height = Math.min(409, Math.max(2, lines) * 13 + 3);
  });

  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    formatCells: false,
    insertRows: false,
    insertColumns: false,
    deleteRows: false,
    deleteColumns: false,
    sort: false,
    autoFilter: false,
  });
  await metaSheet.protect('', { selectLockedCells: false, selectUnlockedCells: false });

  // ── instructions ──
  instructions.columns = [{ width: 16 }, { width: 22 }, { width: 70 }];
  let r = 1;
  for (const line of input.instructions) {
    instructions.mergeCells(r, 1, r, 3);
    const cell = instructions.getCell(r, 1);
    cell.value = safeText(line);
    cell.font = font(r === 1 ? 14 : 10.5, r === 1 ? { bold: true } : {});
    cell.alignment = { wrapText: true, vertical: 'top' };
    instructions.getRow(r).height = Math.max(1, wrappedLines(line, 105)) * 15 + 3;
    r++;
  }
  for (const t of input.legendTables) {
    r++;
    instructions.getCell(r, 1).value = t.title;
    instructions.getCell(r, 1).font = font(10.5, { bold: true });
    r++;
    ['記号', '区分', '定義'].forEach((h, i) => {
      const c = instructions.getCell(r, i + 1);
      c.value = h;
      c.style = tableStyles(10).header;
    });
    r++;
    for (const v of t.values) {
      [v.symbol, v.label, v.definition].forEach((x, i) => {
        const c = instructions.getCell(r, i + 1);
        c.value = safeText(x);
        c.style = i === 0 ? tableStyles(10).center : tableStyles(10).text;
      });
      r++;
    }
  }
  await instructions.protect('', { selectLockedCells: true, selectUnlockedCells: true });
  wb.views = [{ activeTab: 0, x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, visibility: 'visible' }];

  // no text cell may start like a formula (shared/formulaGuard.ts); cellInput removes the apostrophe on the way back
  guardWorkbook(wb);
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), checksum };
}

// ───────────── reading an upload ─────────────

export interface ReadWorkbook {
  meta: WorkbookMeta;
  storedChecksum: string;
  checksumOk: boolean;
  rows: UploadedRow[];
}

const notSpreadsheet = () =>
  new AppError('not_a_workbook', 422, 'Excelファイル（.xlsx）として読み込めません。ダウンロードした回答用ファイルをExcelで保存し直して（形式: Excelブック *.xlsx）、もう一度アップロードしてください。');
const notOurs = (detail: string) =>
  new AppError('not_our_workbook', 422, `このシステムで作成した回答用のExcelファイルではありません（${detail}）。照会の画面から回答用ファイルをダウンロードして入力してください。`);

/** A cell value as text/number/boolean: rich text joined, formulas as their result, dates as ISO dates. */
export function cellInput(v: ExcelJS.CellValue): CellInput {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return unguardFormula(v);
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  // a spreadsheet date has no zone: ExcelJS hands it over as that day at 00:00 UTC, so its UTC date is the day typed
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return unguardFormula(v.richText.map((t) => t.text).join(''));
    if ('result' in v) return cellInput((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('formula' in v || 'sharedFormula' in v) return null;
    if ('text' in v && typeof (v as { text: unknown }).text === 'string') return (v as { text: string }).text;
    if ('error' in v) return String((v as { error: unknown }).error);
  }
  return String(v);
}

async function checkZip(buf: Buffer): Promise<void> {
  // xlsx is a zip: "PK\x03\x04"
  if (buf.length < 4 || buf[0] !== 0x50 || buf[1] !== 0x4b || buf[2] !== 0x03 || buf[3] !== 0x04) throw notSpreadsheet();
  let zip: JSZip;
  try {
    zip = await (await loadJSZip()).loadAsync(buf);
  } catch {
    throw notSpreadsheet();
  }
  let total = 0;
  for (const f of Object.values(zip.files)) {
    total += (f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
    if (total > MAX_UNZIPPED_BYTES) throw new AppError('too_large', 413, 'ファイルの中身が大きすぎます。回答用ファイル以外のデータを貼り付けていないか確認してください。');
  }
  if (!zip.file('xl/workbook.xml')) throw notSpreadsheet();
}

function parseMeta(sheet: ExcelJS.Worksheet): { meta: WorkbookMeta; checksum: string } {
  const kv = new Map<string, CellInput>();
  for (let r = 1; r < META_KEYS_ROW; r++) {
    const k = cellInput(sheet.getCell(r, 1).value);
    if (typeof k === 'string' && k) kv.set(k, cellInput(sheet.getCell(r, 2).value));
  }
  const str = (k: string) => {
    const v = kv.get(k);
    if (v === undefined || v === null) throw notOurs(`管理情報「${k}」がありません`);
    return String(v);
  };
  const json = (k: string): string[] => {
    try {
      const v = JSON.parse(str(k)) as unknown;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
    } catch {
      /* fall through */
    }
    throw notOurs(`管理情報「${k}」が読み取れません`);
  };
  const int = (k: string) => {
    const n = Number(str(k));
    if (!Number.isInteger(n)) throw notOurs(`管理情報「${k}」が読み取れません`);
    return n;
  };
  const meta: WorkbookMeta = {
    format: str('format'),
    formatVersion: int('formatVersion'),
    municipalityCode: str('municipalityCode'),
    roundId: str('roundId'),
    roundLabel: str('roundLabel'),
    planId: str('planId'),
    departmentId: str('departmentId'),
    departmentName: str('departmentName'),
    generatedAt: str('generatedAt'),
    generatedBy: str('generatedBy'),
    fields: json('fields'),
    columns: json('columns'),
    firstDataRow: int('firstDataRow'),
    keys: [],
  };
  const keys: KeyRow[] = [];
  for (let r = META_KEYS_ROW + 1; ; r++) {
    const id = cellInput(sheet.getCell(r, 1).value);
    if (id === null || id === '') break;
    if (keys.length >= MAX_WORKBOOK_ROWS) throw new AppError('too_large', 413, `行が多すぎます（${MAX_WORKBOOK_ROWS}行まで）。`);
    const version = Number(cellInput(sheet.getCell(r, 2).value));
    keys.push({
      reportId: String(id),
      version: Number.isInteger(version) ? version : -1,
      number: String(cellInput(sheet.getCell(r, 3).value) ?? ''),
      title: String(cellInput(sheet.getCell(r, 4).value) ?? ''),
    });
  }
  meta.keys = keys;
  return { meta, checksum: str('checksum') };
}

/** Reads an uploaded department workbook; refuses (422) anything that is not one of ours. */
export async function readDepartmentWorkbook(buf: Buffer): Promise<ReadWorkbook> {
  await checkZip(buf);
  const wb = new (await loadExcelJS()).Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw notSpreadsheet();
  }
  const metaSheet = wb.getWorksheet(META_SHEET);
  if (!metaSheet) throw notOurs('管理情報のシートがありません');
  const answers = wb.getWorksheet(ANSWER_SHEET);
  if (!answers) throw notOurs(`「${ANSWER_SHEET}」シートがありません`);
  const { meta, checksum } = parseMeta(metaSheet);
  const checksumOk = checksumOf(meta) === checksum;

  const rows: UploadedRow[] = [];
  const readRow = (rowNumber: number): UploadedRow => {
    const xr = answers.getRow(rowNumber);
    const cells: Record<string, CellInput> = {};
    meta.columns.forEach((key, i) => (cells[key] = cellInput(xr.getCell(i + 1).value)));
    return { rowNumber, cells };
  };
  for (let i = 0; i < meta.keys.length; i++) rows.push(readRow(meta.firstDataRow + i));
  // anything typed below the last item is reported as an added row
  const lastRow = Math.min(answers.rowCount, meta.firstDataRow + meta.keys.length + MAX_WORKBOOK_ROWS);
  for (let r = meta.firstDataRow + meta.keys.length; r <= lastRow; r++) {
    const row = readRow(r);
    if (Object.values(row.cells).some((v) => v !== null && v !== '')) rows.push(row);
  }
  return { meta, storedChecksum: checksum, checksumOk, rows };
}
