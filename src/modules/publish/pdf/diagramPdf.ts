/**
 * The plan's 体系図 as a PDF: one column per level name (headers repeated on every page), a box
 * per node with its number and title (★重点 in red), connectors drawn on a canvas, pages split
 * at leaf boundaries by the pure layout (domain/diagram.ts).
 */
import { DEFAULT_GEOMETRY, columnWidth, layoutDiagram, type DiagramBox, type DiagramGeometry, type DiagramNode } from '../domain/diagram.js';
import { COLORS, MARGIN, PAGE, landscapeDoc, printedOn } from './common.js';
import { renderPdf, type Content } from './render.js';

export interface DiagramPdfInput {
  planTitle: string;
  municipality: string;
  levelNames: string[];
  forest: DiagramNode[];
  /** 令和8年4月1日時点 (an as-of view) or '' */
  asOfNote: string;
}

const TOP = 46;
const BOTTOM = 28;
const HEAD = 18;
const HEAD_GAP = 8;

export function diagramGeometry(columns: number): DiagramGeometry {
  return {
    ...DEFAULT_GEOMETRY,
    width: PAGE.width - 2 * MARGIN,
    height: PAGE.height - TOP - BOTTOM - HEAD - HEAD_GAP - 4,
    columns: Math.max(1, columns),
    // pdfmake sets Noto Sans JP lines at 1.448 em (the font's ascender + descender) with lineHeight 1
    lineHeight: 1.45,
  };
}

function boxText(b: DiagramBox, g: DiagramGeometry, top: number): Content {
  const lines: Content[] = [];
  if (b.label.mark) lines.push({ text: b.label.mark, bold: true, color: COLORS.priority });
  lines.push({
    text: [b.label.number ? { text: `${b.label.number} `, bold: true } : '', b.label.title],
    color: b.ended ? COLORS.muted : undefined,
    decoration: b.ended ? 'lineThrough' : undefined,
  });
  if (b.label.note) lines.push({ text: b.label.note, color: COLORS.muted });
  return {
    absolutePosition: { x: MARGIN + b.x + g.padding, y: top + b.y + g.padding },
    columns: [{ width: b.width - 2 * g.padding, stack: lines, fontSize: g.fontSize, lineHeight: 1 }],
  };
}

export function diagramPdfDefinition(input: DiagramPdfInput) {
  const columns = Math.max(1, input.levelNames.length);
  const g = diagramGeometry(columns);
  const pages = layoutDiagram(input.forest, g);
  const w = columnWidth(g);
  const boxTop = TOP + HEAD + HEAD_GAP;
  const title = `${input.planTitle} 体系図`;

  const content: Content[] = pages.map((page, i) => {
    const canvas: Content[] = [];
    const texts: Content[] = [];
    input.levelNames.forEach((name, c) => {
      canvas.push({ type: 'rect', x: c * (w + g.columnGap), y: 0, w, h: HEAD, r: 2, color: COLORS.headerFill, lineColor: COLORS.line, lineWidth: 0.5 });
      texts.push({
        absolutePosition: { x: MARGIN + c * (w + g.columnGap), y: TOP + 3.5 },
        columns: [{ width: w, text: name, bold: true, alignment: 'center', fontSize: 8.5, lineHeight: 1 }],
      });
    });
    for (const l of page.lines) {
      canvas.push({ type: 'line', x1: l.x1, y1: l.y1 + HEAD + HEAD_GAP, x2: l.x2, y2: l.y2 + HEAD + HEAD_GAP, lineWidth: 0.7, lineColor: '#555555' });
    }
    for (const b of page.boxes) {
      canvas.push({
        type: 'rect',
        x: b.x,
        y: b.y + HEAD + HEAD_GAP,
        w: b.width,
        h: b.height,
        r: 2,
        color: b.continued ? '#f7f7f7' : '#ffffff',
        lineColor: b.priority ? COLORS.priority : b.ended ? '#9a9a9a' : '#333333',
        lineWidth: b.priority ? 1.4 : 0.7,
        ...(b.ended || b.continued ? { dash: { length: 2, space: 2 } } : {}),
      });
      texts.push(boxText(b, g, boxTop));
    }
    return {
      stack: [{ canvas, absolutePosition: { x: MARGIN, y: TOP } }, ...texts],
      ...(i > 0 ? { pageBreak: 'before' } : {}),
    };
  });
  if (!input.forest.length) content.push({ text: 'この計画にはまだ項目がありません。', margin: [0, HEAD + HEAD_GAP + 10, 0, 0] });

  const printed = printedOn();
  return landscapeDoc({
    title,
    municipality: input.municipality,
    top: TOP,
    header: (): Content => ({
      margin: [MARGIN, 14, MARGIN, 0],
      columns: [
        { text: title, bold: true, fontSize: 12, width: '*' },
        {
          width: 'auto',
          fontSize: 7,
          alignment: 'right',
          margin: [0, 4, 0, 0],
          text: [{ text: '★重点', color: COLORS.priority, bold: true }, ' 重点の項目　', `${input.asOfNote ? `${input.asOfNote}　` : ''}出力日 ${printed}`],
        },
      ],
    }),
    content,
  });
}

export function renderDiagramPdf(input: DiagramPdfInput): Promise<Buffer> {
  return renderPdf(diagramPdfDefinition(input));
}
