/**
 * Excel workbooks (.xlsx) through exceljs: each sheet's cell texts, merged ranges,
 * and the cells that cannot be read — a formula saved without its cached result
 * (files written by some tools; Excel itself always saves the result) or an error
 * value (#N/A, #REF! …). Formula cells with a cached result read as that result.
 */
import type ExcelJS from 'exceljs';
import type JSZip from 'jszip';
import { parseRange, type CellProblem, type ParsedUpload, type Sheet } from '../domain/grid.js';
import type { SpreadsheetLimits } from '../../../shared/spreadsheetLimits.js';
import { inspectXlsx } from './bounds.js';
import { unreadable } from './errors.js';
import { loadExcelJS, loadJSZip } from '../../../shared/lazyModules.js';

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(15)));
}

/** A spreadsheet date has no zone: ExcelJS hands it over as that day at 00:00 UTC, so its UTC date is the day typed. */
function formatDate(d: Date): string {
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

type Read = { text: string } | { problem: CellProblem['kind']; detail: string };

function readValue(v: ExcelJS.CellValue): Read {
  if (v === null || v === undefined) return { text: '' };
  if (typeof v === 'string') return { text: v };
  if (typeof v === 'number') return { text: formatNumber(v) };
  if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE' };
  if (v instanceof Date) return { text: formatDate(v) };
  const o = v as unknown as Record<string, unknown>;
  if ('error' in o) return { problem: 'error_value', detail: String(o.error) };
  if ('richText' in o && Array.isArray(o.richText)) return { text: (o.richText as { text: string }[]).map((x) => x.text).join('') };
  if ('formula' in o || 'sharedFormula' in o) {
    const formula = `=${String(o.formula ?? o.sharedFormula ?? '')}`;
    const result = o.result as ExcelJS.CellValue | undefined;
    if (result === undefined || result === null) return { problem: 'formula_without_value', detail: formula };
    const r = readValue(result);
    return 'problem' in r ? { problem: 'error_value', detail: r.detail } : r;
  }
  if ('text' in o && typeof o.text === 'string') return { text: o.text };
  if ('text' in o && typeof o.text === 'object' && o.text && 'richText' in (o.text as object))
    return { text: ((o.text as { richText: { text: string }[] }).richText ?? []).map((x) => x.text).join('') };
  return { text: String(v) };
}

export async function parseXlsx(bytes: Uint8Array, fileName: string, limits?: SpreadsheetLimits): Promise<ParsedUpload> {
  // sizes, rows, columns and cells before anything is unpacked into objects
  inspectXlsx(bytes, fileName, limits);
  let zip: JSZip;
  try {
    zip = await (await loadJSZip()).loadAsync(bytes);
  } catch {
    throw unreadable('ファイルが壊れているため開けません（zip形式として読めません）。Excelで開けるか確かめ、開ける場合は「名前を付けて保存」で .xlsx 形式で保存し直してから取り込んでください。');
  }
  if (!zip.file('xl/workbook.xml')) {
    const what = zip.file('word/document.xml') ? 'Wordの文書' : zip.file('ppt/presentation.xml') ? 'PowerPointの資料' : zip.file('content.xml') ? 'OpenDocument形式のファイル' : 'zipファイル';
    throw unreadable(`このファイルはExcelのブック（.xlsx）ではなく${what}です。表をExcelで .xlsx 形式で保存するか、CSVにしてから取り込んでください。`);
  }
  const wb = new (await loadExcelJS()).Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    throw unreadable('Excelのファイルが壊れているため読めません。Excelで開いて「名前を付けて保存」で保存し直してから取り込んでください。');
  }
  const sheets: Sheet[] = [];
  for (const ws of wb.worksheets) {
    const rows: string[][] = [];
    const problems: CellProblem[] = [];
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      const out: string[] = [];
      row.eachCell({ includeEmpty: true }, (c, col) => {
        // the cells a merged range covers report the first cell's value: they are blank here
        if (c.isMerged && c.master.address !== c.address) {
          out[col - 1] = '';
          return;
        }
        const read = readValue(c.value);
        if ('problem' in read) {
          problems.push({ row: r - 1, col: col - 1, kind: read.problem, detail: read.detail });
          out[col - 1] = '';
        } else out[col - 1] = read.text;
      });
      for (let i = 0; i < out.length; i++) out[i] ??= '';
      rows[r - 1] = out;
    });
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    while (rows.length && rows[rows.length - 1]!.every((c) => !c.trim())) rows.pop();
    const merges = ((ws.model as { merges?: string[] }).merges ?? []).map(parseRange).filter((m): m is NonNullable<typeof m> => m !== null);
    sheets.push({ name: ws.name, rows, merges, problems });
  }
  if (!sheets.length) throw unreadable('このExcelファイルにはシートがありません。');
  return { kind: 'xlsx', fileName, encoding: null, sheets };
}
