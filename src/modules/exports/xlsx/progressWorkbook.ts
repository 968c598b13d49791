/**
 * The published progress table as .xlsx: prints the rows of `buildProgressTable` in a
 * plan's layout (seed 001 by default) and, optionally, the 集計 sheet of `buildProgressSummary`.
 *
 * Sheet 実施状況: row 1 title, row 2 the ● legend (● drawn in the colours of the row fills),
 * row 3 the status legend with each value's definition, rows 4–5 the header (year groups over
 * two rows), data from row 6; level columns (施策 …) merged over their items; A4 landscape,
 * one page wide, header rows repeated on every page, panes frozen below the header and right
 * of the item title.
 */
import type ExcelJS from 'exceljs';
import { BASIS_LABELS, cellText, physicalColumns } from '../domain/columns.js';
import { fillPlaceholders, placeholderValues, statusLegendText, type ExportLayout } from '../domain/layout.js';
import { levelAt, type ProgressTable } from '../domain/progressTable.js';
import type { ProgressSummary } from '../domain/summary.js';
import { guardWorkbook } from '../../../shared/formulaGuard.js';
import { BORDER, columnLetter, font, markColor, safeText, solid, tableStyles, withFill, wrappedLines } from './styles.js';
import { loadExcelJS } from '../../../shared/lazyModules.js';

export const PROGRESS_SHEET = '実施状況';
export const SUMMARY_SHEET = '集計';
export const TITLE_ROW = 1;
export const MARK_LEGEND_ROW = 2;
export const STATUS_LEGEND_ROW = 3;
export const HEADER_TOP_ROW = 4;
export const HEADER_SUB_ROW = 5;
export const FIRST_BODY_ROW = 6;

// the printed columns and cell texts are layout rules shared with the PDF (publish): they live in the domain
export { BASIS_LABELS, cellText, physicalColumns, type PhysicalColumn } from '../domain/columns.js';

export interface ProgressXlsxOptions {
  generatedAt?: Date;
}

const LINE_PT = 12;

export async function writeProgressXlsx(table: ProgressTable, layout: ExportLayout, summary: ProgressSummary | null, opts: ProgressXlsxOptions = {}): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = 'gyokaku';
  wb.created = opts.generatedAt ?? new Date();
  const values = placeholderValues({ plan: table.plan.title, round: table.round.label, targetFiscalYear: table.round.targetFiscalYear.year, asOfDate: table.round.asOfDate });
  const cols = physicalColumns(table, layout);
  const n = cols.length;
  const titleCol = cols.findIndex((c) => c.kind === 'title');

  const ws = wb.addWorksheet(PROGRESS_SHEET, {
    views: [{ state: 'frozen', xSplit: titleCol + 1, ySplit: HEADER_SUB_ROW, topLeftCell: `${columnLetter(titleCol + 2)}${FIRST_BODY_ROW}`, zoomScale: 85 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${HEADER_TOP_ROW}:${HEADER_SUB_ROW}`,
    },
    headerFooter: { oddFooter: `&L${safeText(table.round.label)}（集計対象: ${BASIS_LABELS[table.basis]}）&C&P / &N` },
  });
  ws.columns = cols.map((c) => ({ width: c.width }));
  const last = columnLetter(n);

  // title and legend lines
  ws.mergeCells(`A${TITLE_ROW}:${last}${TITLE_ROW}`);
  const title = ws.getCell(`A${TITLE_ROW}`);
  title.value = safeText(fillPlaceholders(layout.title, values));
  title.font = font(14, { bold: true });
  title.alignment = { vertical: 'middle', horizontal: 'left' };
  ws.getRow(TITLE_ROW).height = 24;

  ws.mergeCells(`A${MARK_LEGEND_ROW}:${last}${MARK_LEGEND_ROW}`);
  const marks = ws.getCell(`A${MARK_LEGEND_ROW}`);
  marks.value = {
    richText: [
      { text: '●', font: font(11, { bold: true, color: { argb: `FF${markColor(layout.fills.scheduled)}` } }) },
      { text: ` ${safeText(fillPlaceholders(layout.scheduledLegend, values))} `, font: font(10) },
      { text: '●', font: font(11, { bold: true, color: { argb: `FF${markColor(layout.fills.overdue)}` } }) },
      { text: ` ${safeText(fillPlaceholders(layout.overdueLegend, values))}`, font: font(10) },
    ],
  };
  marks.alignment = { vertical: 'middle', horizontal: 'left' };

  ws.mergeCells(`A${STATUS_LEGEND_ROW}:${last}${STATUS_LEGEND_ROW}`);
  const legend = ws.getCell(`A${STATUS_LEGEND_ROW}`);
  legend.value = safeText(fillPlaceholders(statusLegendText(layout, table.legends.status), values));
  legend.font = font(10);
  legend.alignment = { vertical: 'middle', horizontal: 'left', wrapText: true };

  // header over two rows
  const st = tableStyles(9);
  const top = ws.getRow(HEADER_TOP_ROW);
  const sub = ws.getRow(HEADER_SUB_ROW);
  cols.forEach((c, i) => {
    const col = i + 1;
    top.getCell(col).style = st.header;
    sub.getCell(col).style = st.header;
    if (c.year) {
      sub.getCell(col).value = c.year.short;
      if (c.groupStart) {
        top.getCell(col).value = c.title;
        if ((c.groupSize ?? 1) > 1) ws.mergeCells(HEADER_TOP_ROW, col, HEADER_TOP_ROW, col + (c.groupSize ?? 1) - 1);
      }
    } else {
      top.getCell(col).value = c.title;
      ws.mergeCells(HEADER_TOP_ROW, col, HEADER_SUB_ROW, col);
    }
  });
  const headerLines = Math.max(...cols.filter((c) => !c.year || c.groupStart).map((c) => wrappedLines(c.title, c.year ? c.width * (c.groupSize ?? 1) : c.width)));
  top.height = Math.max(2, headerLines) * LINE_PT * 0.75 + 4;
  sub.height = 16;

  // body
  const fillCache = new Map<string, Partial<ExcelJS.Style>>();
  const scheduledFill = solid(layout.fills.scheduled);
  const overdueFill = solid(layout.fills.overdue);
  const markFillCols = new Set(cols.flatMap((c, i) => (c.kind === 'number' || c.kind === 'title' ? [i] : [])));
  table.rows.forEach((row, r) => {
    const xr = ws.getRow(FIRST_BODY_ROW + r);
    const fill = row.overdue ? 'overdue' : row.scheduled ? 'scheduled' : null;
    let lines = 1;
    cols.forEach((c, i) => {
      const text = safeText(cellText(row, c));
      const cell = xr.getCell(i + 1);
      if (text) cell.value = text;
      const base = c.centred ? st.center : st.text;
      cell.style = fill && markFillCols.has(i) ? withFill(base, fill === 'overdue' ? overdueFill : scheduledFill, fillCache, `${fill}:${c.centred}`) : base;
      if (c.kind !== 'level' && text) lines = Math.max(lines, wrappedLines(text, c.width));
    });
    xr.height = Math.min(409, lines * LINE_PT + 3);
  });

  // level columns merged over their items
  cols.forEach((c, i) => {
    if (c.kind !== 'level') return;
    let start = 0;
    for (let r = 1; r <= table.rows.length; r++) {
      const prev = levelAt(table.rows[start]!, c.depth ?? 0)?.id ?? null;
      const cur = r < table.rows.length ? (levelAt(table.rows[r]!, c.depth ?? 0)?.id ?? null) : undefined;
      if (cur !== prev || cur === null) {
        if (prev !== null && r - 1 > start) ws.mergeCells(FIRST_BODY_ROW + start, i + 1, FIRST_BODY_ROW + r - 1, i + 1);
        start = r;
      }
    }
  });

  if (summary) writeSummarySheet(wb, table, summary, fillPlaceholders(layout.title, values));
  // no text cell may start like a formula (shared/formulaGuard.ts), whichever part of the sheet wrote it
  guardWorkbook(wb);
  // fast deflate: the sheet XML is repetitive, level 1 is a fraction of the time for a few % in size
  return Buffer.from(await wb.xlsx.writeBuffer({ zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } }));
}

function writeSummarySheet(wb: ExcelJS.Workbook, table: ProgressTable, summary: ProgressSummary, title: string): void {
  const hasPrev = summary.previous !== null;
  const per = hasPrev ? 3 : 1;
  const groups = [...summary.statuses.map((s) => (s.code === null ? s.label : s.symbol === s.label ? s.label : `${s.symbol} ${s.label}`)), '合計'];
  const n = 1 + groups.length * per;
  const ws = wb.addWorksheet(SUMMARY_SHEET, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
  });
  ws.columns = [{ width: 40 }, ...Array.from({ length: n - 1 }, () => ({ width: 8 }))];
  const st = tableStyles(10);
  const last = columnLetter(n);
  ws.mergeCells(`A1:${last}1`);
  ws.getCell('A1').value = safeText(`${title} 集計`);
  ws.getCell('A1').font = font(14, { bold: true });
  ws.mergeCells(`A2:${last}2`);
  ws.getCell('A2').value = hasPrev
    ? `集計対象: ${BASIS_LABELS[table.basis]}。「前回」は照会「${summary.previous!.label}」、「増減」は今回−前回です。`
    : `集計対象: ${BASIS_LABELS[table.basis]}。前回の照会が設定されていないため、増減は表示していません。`;
  ws.getCell('A2').font = font(10);

  let r = 4;
  for (const section of summary.sections) {
    const top = ws.getRow(r);
    const sub = ws.getRow(r + 1);
    top.getCell(1).value = section.levelName;
    top.getCell(1).style = st.header;
    sub.getCell(1).style = st.header;
    ws.mergeCells(r, 1, r + 1, 1);
    groups.forEach((g, gi) => {
      const c0 = 2 + gi * per;
      top.getCell(c0).value = g;
      for (let k = 0; k < per; k++) {
        top.getCell(c0 + k).style = st.header;
        sub.getCell(c0 + k).style = st.header;
        sub.getCell(c0 + k).value = hasPrev ? ['今回', '前回', '増減'][k]! : '件数';
      }
      if (per > 1) ws.mergeCells(r, c0, r, c0 + per - 1);
    });
    r += 2;
    for (const row of [...section.rows, section.total]) {
      const xr = ws.getRow(r++);
      xr.getCell(1).value = safeText([row.number, row.title].filter(Boolean).join(' '));
      xr.getCell(1).style = row === section.total ? { ...st.text, font: font(10, { bold: true }) } : st.text;
      [...row.cells, row.total].forEach((cell, gi) => {
        const c0 = 2 + gi * per;
        const nums = hasPrev ? [cell.now.count, cell.before?.count ?? 0, cell.delta ?? 0] : [cell.now.count];
        nums.forEach((v, k) => {
          const x = xr.getCell(c0 + k);
          x.value = v;
          x.style = { font: font(10, row === section.total ? { bold: true } : {}), border: BORDER, alignment: { horizontal: 'right', vertical: 'middle' } };
          if (hasPrev && k === 2) x.numFmt = '+0;-0;0';
        });
      });
    }
    r += 1;
  }
}
