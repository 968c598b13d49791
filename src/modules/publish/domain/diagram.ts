/**
 * The plan's 体系図 laid out on pages, pure: one column per level name, a box per node, a connector
 * from each parent to its children (parent → trunk → child), 重点 marks. Long plans are split at
 * leaf boundaries; a parent whose children continue on the next page is drawn again there, marked
 * as continued, so each page reads on its own. Coordinates are points inside the drawing area
 * (origin top left); the PDF adds the page margins and the column headers.
 */
import { estimateLines } from './textFit.js';

export interface DiagramNode {
  id: string;
  depth: number;
  number: string;
  title: string;
  priority: boolean;
  /** （中止） / （統合） or '' */
  endedLabel: string;
  children: DiagramNode[];
}

export interface DiagramGeometry {
  /** width of the drawing area */
  width: number;
  /** height available for boxes on one page (below the column headers) */
  height: number;
  columns: number;
  /** horizontal gap between columns, where the connectors run */
  columnGap: number;
  /** vertical gap between sibling boxes */
  rowGap: number;
  padding: number;
  fontSize: number;
  lineHeight: number;
}

export interface DiagramBox {
  nodeId: string;
  column: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** the texts printed in the box, top to bottom */
  label: { mark: string; number: string; title: string; note: string };
  priority: boolean;
  ended: boolean;
  /** drawn again on this page because its children continue here */
  continued: boolean;
}

export interface DiagramLine {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface DiagramPage {
  boxes: DiagramBox[];
  lines: DiagramLine[];
  /** height actually used */
  height: number;
}

export const PRIORITY_MARK = '★重点';
export const CONTINUED_NOTE = '（前頁から続く）';

export const DEFAULT_GEOMETRY: Omit<DiagramGeometry, 'width' | 'height' | 'columns'> = {
  columnGap: 22,
  rowGap: 6,
  padding: 4,
  fontSize: 8,
  lineHeight: 1.35,
};

export function columnWidth(g: DiagramGeometry): number {
  return (g.width - g.columnGap * (g.columns - 1)) / g.columns;
}

function boxLines(n: DiagramNode, continued: boolean): string[] {
  const lines: string[] = [];
  if (n.priority) lines.push(PRIORITY_MARK);
  lines.push([n.number, n.title].filter(Boolean).join(' '));
  const note = [n.endedLabel, continued ? CONTINUED_NOTE : ''].filter(Boolean).join('');
  if (note) lines.push(note);
  return lines;
}

/** Height of a node's box: its lines at the column width, plus padding. */
export function boxHeight(n: DiagramNode, continued: boolean, g: DiagramGeometry): number {
  const inner = columnWidth(g) - 2 * g.padding;
  const lines = boxLines(n, continued).reduce((s, t) => s + estimateLines(t, inner, g.fontSize), 0);
  return Math.ceil(lines * g.fontSize * g.lineHeight + 2 * g.padding + 1);
}

/** Leaves (nodes without children), depth first. */
export function leavesOf(forest: readonly DiagramNode[]): DiagramNode[] {
  const out: DiagramNode[] = [];
  const visit = (n: DiagramNode) => (n.children.length ? n.children.forEach(visit) : out.push(n));
  forest.forEach(visit);
  return out;
}

/** The forest cut down to the given leaves (and their ancestors), order kept. */
function restrict(forest: readonly DiagramNode[], keep: ReadonlySet<string>): DiagramNode[] {
  return forest.flatMap((n) => {
    if (!n.children.length) return keep.has(n.id) ? [n] : [];
    const children = restrict(n.children, keep);
    return children.length ? [{ ...n, children }] : [];
  });
}

interface Placed {
  boxes: DiagramBox[];
  lines: DiagramLine[];
  height: number;
}

/**
 * Lays a forest out from y = 0: a node's band is its box or the stack of its children's bands,
 * whichever is taller; the box sits at the middle of its children.
 */
function place(forest: readonly DiagramNode[], continuedIds: ReadonlySet<string>, g: DiagramGeometry): Placed {
  const w = columnWidth(g);
  const boxes: DiagramBox[] = [];
  const lines: DiagramLine[] = [];
  const heightOf = new Map<string, number>();
  const bands = new Map<string, number>();
  const measure = (n: DiagramNode): number => {
    const own = boxHeight(n, continuedIds.has(n.id), g);
    const kids = n.children.length ? n.children.reduce((s, c) => s + measure(c), 0) + g.rowGap * (n.children.length - 1) : 0;
    heightOf.set(n.id, own);
    bands.set(n.id, Math.max(own, kids));
    return bands.get(n.id)!;
  };
  forest.forEach(measure);

  /** returns the box's vertical centre */
  const draw = (n: DiagramNode, top: number): number => {
    const b = bands.get(n.id)!;
    const h = heightOf.get(n.id)!;
    const column = Math.min(n.depth, g.columns - 1);
    const x = column * (w + g.columnGap);
    const centres: number[] = [];
    if (n.children.length) {
      const kids = n.children.reduce((s, c) => s + bands.get(c.id)!, 0) + g.rowGap * (n.children.length - 1);
      let y = top + (b - kids) / 2;
      for (const c of n.children) {
        centres.push(draw(c, y));
        y += bands.get(c.id)! + g.rowGap;
      }
    }
    const mid = centres.length ? (centres[0]! + centres[centres.length - 1]!) / 2 : top + b / 2;
    const y = Math.max(top, Math.min(mid - h / 2, top + b - h));
    const centre = y + h / 2;
    const note = [n.endedLabel, continuedIds.has(n.id) ? CONTINUED_NOTE : ''].filter(Boolean).join('');
    boxes.push({
      nodeId: n.id,
      column,
      x,
      y,
      width: w,
      height: h,
      label: { mark: n.priority ? PRIORITY_MARK : '', number: n.number, title: n.title, note },
      priority: n.priority,
      ended: n.endedLabel !== '',
      continued: continuedIds.has(n.id),
    });
    if (centres.length) {
      const right = x + w;
      const trunk = right + g.columnGap / 2;
      lines.push({ x1: right, y1: centre, x2: trunk, y2: centre });
      const lo = Math.min(centre, ...centres);
      const hi = Math.max(centre, ...centres);
      if (hi - lo > 0.01) lines.push({ x1: trunk, y1: lo, x2: trunk, y2: hi });
      n.children.forEach((c, i) => {
        const cx = Math.min(c.depth, g.columns - 1) * (w + g.columnGap);
        lines.push({ x1: trunk, y1: centres[i]!, x2: cx, y2: centres[i]! });
      });
    }
    return centre;
  };
  let y = 0;
  for (const root of forest) {
    draw(root, y);
    y += bands.get(root.id)! + g.rowGap * 2;
  }
  return { boxes, lines, height: Math.max(0, y - g.rowGap * 2) };
}

/**
 * Splits the forest into pages at leaf boundaries: leaves are added to a page while the laid-out
 * page fits; ancestors drawn on an earlier page are drawn again, marked continued.
 */
export function layoutDiagram(forest: readonly DiagramNode[], g: DiagramGeometry): DiagramPage[] {
  const leaves = leavesOf(forest);
  if (!leaves.length) return [{ boxes: [], lines: [], height: 0 }];
  const pages: DiagramPage[] = [];
  const drawn = new Set<string>();
  let start = 0;
  while (start < leaves.length) {
    let best: Placed | null = null;
    let end = start;
    // grow the page one leaf at a time (a page always takes at least one leaf)
    for (let i = start; i < leaves.length; i++) {
      const keep = new Set(leaves.slice(start, i + 1).map((l) => l.id));
      const sub = restrict(forest, keep);
      const cont = new Set<string>();
      const mark = (n: DiagramNode) => {
        if (n.children.length && drawn.has(n.id)) cont.add(n.id);
        n.children.forEach(mark);
      };
      sub.forEach(mark);
      const placed = place(sub, cont, g);
      if (best && placed.height > g.height) break;
      best = placed;
      end = i + 1;
    }
    const page = best!;
    for (const b of page.boxes) drawn.add(b.nodeId);
    pages.push({ boxes: page.boxes, lines: page.lines, height: page.height });
    start = end;
  }
  return pages;
}
