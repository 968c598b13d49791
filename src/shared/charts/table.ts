/**
 * A chart's data table in the shapes its readers need — pure. Every chart is shown with its table
 * (screen readers, print, anyone who wants the figures), so the table is part of the chart's result.
 */
import type { ChartTable } from './spec.js';

export interface DataTableCell {
  text: string;
  /** figures are right-aligned so digits line up */
  numeric: boolean;
}

/** For an HTML <table>: <caption>, <th scope="col"> per column, <th scope="row"> + <td> per row. */
export interface DataTableView {
  caption: string;
  head: string[];
  rows: { header: string; cells: DataTableCell[] }[];
}

const NUMERIC_RE = /^△?-?[0-9][0-9,]*(\.[0-9]+)?(（.*）)?$/;

export function chartDataTable(table: ChartTable): DataTableView {
  return {
    caption: table.caption,
    head: [...table.columns],
    rows: table.rows.map((r) => ({
      header: r.label,
      cells: r.cells.map((text) => ({ text, numeric: NUMERIC_RE.test(text) || text === '—' })),
    })),
  };
}

/**
 * The table as a pdfmake node (caption above, header row repeated on each page).
 * Font and sizes come from the document's styles; `fontSize` only sets this table's.
 */
export function chartTableForPdf(table: ChartTable, fontSize = 8): Record<string, unknown> {
  const view = chartDataTable(table);
  const header = view.head.map((text) => ({ text, bold: true, fillColor: '#EEEEEE' }));
  const body = view.rows.map((r) => [
    { text: r.header, bold: true },
    ...r.cells.map((c) => ({ text: c.text, alignment: c.numeric ? 'right' : 'left' })),
  ]);
  return {
    stack: [
      { text: view.caption, bold: true, margin: [0, 0, 0, 2] },
      { table: { headerRows: 1, body: [header, ...body] }, layout: 'lightHorizontalLines' },
    ],
    fontSize,
  };
}
