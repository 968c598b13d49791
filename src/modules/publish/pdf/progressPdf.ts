/**
 * The published progress table of a round as a PDF. The rows, the columns and every cell's text
 * come from the same serializer as the .xlsx (exports: buildProgressTable → physicalColumns /
 * cellText, in the plan's export layout — seed 001's by default), so the two outputs cannot differ.
 *
 * Printing: title and legend lines on every page (● in the colours of the row fills, as in the
 * workbook), two header rows repeated on every page, number and title cells of ● rows filled and
 * marked ●, long texts wrapping (a row may continue onto the next page), level cells (施策 …)
 * reading as merged over their items with the label printed again at the top of each page.
 */
import { fillPlaceholders, placeholderValues, statusLegendText, type ExportLayout } from '../../exports/domain/layout.js';
import { levelAt, type ProgressRow, type ProgressTable } from '../../exports/domain/progressTable.js';
import { cellText, physicalColumns, type PhysicalColumn } from '../../exports/xlsx/progressWorkbook.js';
import { markColor } from '../../exports/xlsx/styles.js';
import { ENDED_LABELS } from '../domain/labels.js';
import { COLORS, MARGIN, PAGE, gridLayout, landscapeDoc, printedOn, th } from './common.js';
import { renderWithPageStarts, type Content } from './render.js';

const FONT_SIZE = 6.5;
const PAD = 2;

export interface ProgressPdfInput {
  table: ProgressTable;
  layout: ExportLayout;
  municipality: string;
  /** e.g. 集計対象: 事務局確認済みの回答 */
  basisNote: string;
}

export const rowId = (nodeId: string) => `row:${nodeId}`;

/** Characters a cell's text takes on one line (full-width 1, half-width 0.6). */
const chars = (s: string) => [...s].reduce((n, ch) => n + ((ch.codePointAt(0) ?? 0) < 0x7f ? 0.6 : 1), 0);

/**
 * Content widths (padding and rules excluded) of the printed columns: the layout's character
 * widths scaled to the page, after widening columns of short marks to their longest mark
 * (legends such as 未着手・取組中) and year groups to their header.
 */
export function columnWidths(cols: readonly PhysicalColumn[], rows: readonly ProgressRow[]): number[] {
  const want = cols.map((c) => {
    let w = c.width;
    if (c.centred) w = Math.max(w, ...rows.map((r) => chars(cellText(r, c)) + 1));
    if (c.year) w = Math.max(w, Math.ceil(chars(c.title) / (c.groupSize ?? 1)) + 1);
    return w;
  });
  const available = PAGE.width - 2 * MARGIN - cols.length * 2 * PAD - (cols.length + 1) * 0.5;
  const total = want.reduce((s, w) => s + w, 0) || 1;
  return want.map((w) => Math.max(8, Math.floor((w / total) * available * 100) / 100));
}

function headerRows(cols: readonly PhysicalColumn[]): Content[][] {
  const top: Content[] = [];
  const sub: Content[] = [];
  cols.forEach((c) => {
    if (c.year) {
      top.push(c.groupStart ? th(c.title, { colSpan: c.groupSize ?? 1 }) : {});
      sub.push(th(c.year.short));
    } else {
      top.push(th(c.title, { rowSpan: 2 }));
      sub.push({});
    }
  });
  return [top, sub];
}

function bodyRow(t: ProgressTable, layout: ExportLayout, cols: readonly PhysicalColumn[], i: number, pageStart: boolean): Content[] {
  const row = t.rows[i]!;
  const next: ProgressRow | undefined = t.rows[i + 1];
  const prev: ProgressRow | undefined = t.rows[i - 1];
  const fill = row.overdue ? layout.fills.overdue : row.scheduled ? layout.fills.scheduled : null;
  return cols.map((c): Content => {
    const text = cellText(row, c);
    switch (c.kind) {
      case 'level': {
        const depth = c.depth ?? 0;
        const id = levelAt(row, depth)?.id ?? null;
        const first = id !== null && (levelAt(prev ?? { levels: [] }, depth)?.id ?? null) !== id;
        const continues = id !== null && (levelAt(next ?? { levels: [] }, depth)?.id ?? null) === id;
        // merged look: no rule inside a run; the label again at the top of a page
        return { text: first || pageStart ? text : '', color: first ? undefined : COLORS.muted, border: [true, first || id === null, true, !continues] };
      }
      case 'number': {
        const marks: Content[] = [];
        if (row.scheduled) marks.push({ text: '●', color: `#${markColor(layout.fills.scheduled)}` });
        if (row.overdue) marks.push({ text: '●', color: `#${markColor(layout.fills.overdue)}` });
        return { stack: [{ text }, ...(marks.length ? [{ text: marks }] : [])], alignment: 'center', ...(fill ? { fillColor: `#${fill}` } : {}) };
      }
      case 'title':
        return {
          id: rowId(row.nodeId),
          text: [text, ENDED_LABELS[row.itemStatus] ? { text: ENDED_LABELS[row.itemStatus]!, bold: true } : ''],
          ...(fill ? { fillColor: `#${fill}` } : {}),
        };
      case 'status':
      case 'achievement':
      case 'statusHistory':
        // one-character marks (○ △ ×) print larger; words (取組中) at the table size
        return { text, alignment: 'center', ...(chars(text) <= 1 ? { fontSize: 8 } : {}) };
      default:
        return c.centred ? { text, alignment: 'center' } : text;
    }
  });
}

export function progressPdfDefinition(input: ProgressPdfInput, pageStarts: ReadonlySet<string>) {
  const { table: t, layout } = input;
  const values = placeholderValues({ plan: t.plan.title, round: t.round.label, targetFiscalYear: t.round.targetFiscalYear.year, asOfDate: t.round.asOfDate });
  const cols = physicalColumns(t, layout);
  const widths = columnWidths(cols, t.rows);
  const rows = t.rows.map((r, i) => bodyRow(t, layout, cols, i, pageStarts.has(rowId(r.nodeId))));
  const empty: Content[][] = rows.length
    ? []
    : [[{ text: 'この照会の対象となる項目はありません。', colSpan: cols.length, alignment: 'center', margin: [0, 8] }, ...cols.slice(1).map(() => ({}))]];
  const title = fillPlaceholders(layout.title, values);
  const draft = t.round.state === 'closed' ? '' : '（照会中：確定前の内容です）';
  const printed = printedOn();
  const header = (): Content => ({
    margin: [MARGIN, 12, MARGIN, 0],
    stack: [
      {
        columns: [
          { text: [{ text: title, bold: true, fontSize: 11 }, draft ? { text: `　${draft}`, color: COLORS.scheduled, fontSize: 9 } : ''], width: '*' },
          { text: `${input.basisNote}　出力日 ${printed}`, fontSize: 7, alignment: 'right', width: 'auto', margin: [0, 3, 0, 0] },
        ],
      },
      {
        margin: [0, 3, 0, 0],
        fontSize: 7.5,
        text: [
          { text: '●', color: `#${markColor(layout.fills.scheduled)}` },
          ` ${fillPlaceholders(layout.scheduledLegend, values)}　　`,
          { text: '●', color: `#${markColor(layout.fills.overdue)}` },
          ` ${fillPlaceholders(layout.overdueLegend, values)}`,
        ],
      },
      { text: fillPlaceholders(statusLegendText(layout, t.legends.status), values), fontSize: 7.5, margin: [0, 1, 0, 0] },
    ],
  });
  return landscapeDoc({
    title,
    municipality: input.municipality,
    top: 62,
    header,
    content: [
      {
        table: { headerRows: 2, widths, body: [...headerRows(cols), ...rows, ...empty] },
        layout: gridLayout(PAD),
        fontSize: FONT_SIZE,
        lineHeight: 1.12,
      },
    ],
  });
}

export function renderProgressPdf(input: ProgressPdfInput): Promise<Buffer> {
  return renderWithPageStarts((starts) => progressPdfDefinition(input, starts));
}
