/**
 * The rendering tasks that may run in a worker thread, by name (PDFs, the progress table and the
 * departments' workbooks); each takes plain data (no functions:
 * pdfmake's document definitions carry callbacks, so the definition is built where it is rendered).
 */
import type { ExportLayout } from '../../exports/domain/layout.js';
import type { ProgressTable } from '../../exports/domain/progressTable.js';
import type { ProgressSummary } from '../../exports/domain/summary.js';
import { writeDepartmentWorkbook, type DepartmentWorkbookInput } from '../../exports/xlsx/departmentWorkbook.js';
import { writeProgressXlsx } from '../../exports/xlsx/progressWorkbook.js';
import type { Sheet } from '../domain/sheet.js';
import { renderAnnualReportPdf, type AnnualReportPdfInput } from './annualReportPdf.js';
import { renderDiagramPdf, type DiagramPdfInput } from './diagramPdf.js';
import { renderProgressPdf, type ProgressPdfInput } from './progressPdf.js';
import { renderSheetPdf } from './sheetPdf.js';

export interface ProgressXlsxInput {
  table: ProgressTable;
  layout: ExportLayout;
  summary: ProgressSummary | null;
}

export interface SheetPdfInput {
  sheet: Sheet;
  municipality: string;
}

export interface RenderInputs {
  progressPdf: ProgressPdfInput;
  sheetPdf: SheetPdfInput;
  diagramPdf: DiagramPdfInput;
  progressXlsx: ProgressXlsxInput;
  departmentWorkbook: DepartmentWorkbookInput;
  annualReportPdf: AnnualReportPdfInput;
}

export type RenderTask = keyof RenderInputs;

export const RENDER_TASKS: { [K in RenderTask]: (input: RenderInputs[K]) => Promise<Uint8Array> } = {
  progressPdf: (i) => renderProgressPdf(i),
  sheetPdf: (i) => renderSheetPdf(i.sheet, i.municipality),
  diagramPdf: (i) => renderDiagramPdf(i),
  progressXlsx: (i) => writeProgressXlsx(i.table, i.layout, i.summary),
  departmentWorkbook: async (i) => (await writeDepartmentWorkbook(i)).buffer,
  annualReportPdf: (i) => renderAnnualReportPdf(i),
};
