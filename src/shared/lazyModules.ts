/**
 * Heavy libraries loaded on first use, not at start: exceljs and jszip cost about 0.4 s of module
 * loading, which every start paid before the first request although most processes never write a
 * spreadsheet. (Types are imported with `import type` where they are used.)
 */
import type ExcelJSModule from 'exceljs';
import type JSZipModule from 'jszip';

let excel: Promise<typeof ExcelJSModule> | undefined;
let zip: Promise<typeof JSZipModule> | undefined;

export const loadExcelJS = (): Promise<typeof ExcelJSModule> => (excel ??= import('exceljs').then((m) => m.default));
export const loadJSZip = (): Promise<typeof JSZipModule> => (zip ??= import('jszip').then((m) => m.default));
