import { describe, expect, it } from 'vitest';
import { DEFAULT_GEOMETRY, boxHeight, layoutDiagram, leavesOf, type DiagramGeometry, type DiagramNode } from '../../src/modules/publish/domain/diagram.js';
import { estimateLines } from '../../src/modules/publish/domain/textFit.js';

const geometry = (over: Partial<DiagramGeometry> = {}): DiagramGeometry => ({ ...DEFAULT_GEOMETRY, width: 800, height: 500, columns: 3, lineHeight: 1.45, ...over });

let seq = 0;
const node = (depth: number, title: string, children: DiagramNode[] = [], extra: Partial<DiagramNode> = {}): DiagramNode => ({
  id: `n${seq++}`,
  depth,
  number: '',
  title,
  priority: false,
  endedLabel: '',
  children,
  ...extra,
});

/** A plan with `tops` top-level nodes, each with `measures` measures of `items` items. */
function plan(tops: number, measures: number, items: number): DiagramNode[] {
  return Array.from({ length: tops }, (_, t) =>
    node(
      0,
      `重点項目${t + 1}`,
      Array.from({ length: measures }, (_, m) => node(1, `施策${t + 1}-${m + 1}`, Array.from({ length: items }, (_, i) => node(2, `実施項目${t + 1}-${m + 1}-${i + 1}`)))),
    ),
  );
}

describe('estimateLines', () => {
  it('counts full-width characters as 1 em and wraps', () => {
    expect(estimateLines('あいうえお', 50, 10)).toBe(1);
    expect(estimateLines('あいうえおか', 50, 10)).toBe(2);
    expect(estimateLines('', 50, 10)).toBe(1);
    expect(estimateLines('一行目\n二行目', 100, 10)).toBe(2);
  });
  it('never splits a Latin word unless it is longer than the line', () => {
    // 'Automation' = 10 × 0.62 em = 6.2 em: does not fit after 'あいう' in 8 em, moves to line 2
    expect(estimateLines('あいうAutomation', 80, 10)).toBe(2);
    expect(estimateLines('A'.repeat(40), 80, 10)).toBeGreaterThanOrEqual(3);
  });
});

describe('layoutDiagram', () => {
  it('puts one box per node in its level column and connects every child to its parent', () => {
    const forest = plan(2, 2, 2);
    const [page, ...rest] = layoutDiagram(forest, geometry());
    expect(rest).toEqual([]);
    expect(page!.boxes).toHaveLength(2 + 4 + 8);
    const g = geometry();
    const w = (g.width - g.columnGap * 2) / 3;
    for (const b of page!.boxes) expect(b.x).toBeCloseTo(b.column * (w + g.columnGap));
    // parent → trunk, trunk (vertical), trunk → each child: 2 + children per parent
    expect(page!.lines).toHaveLength(6 * 2 + 12);
    // every child's centre is reached by a horizontal line ending at the child's left edge
    for (const b of page!.boxes.filter((x) => x.column > 0)) {
      expect(page!.lines.some((l) => l.x2 === b.x && Math.abs(l.y2 - (b.y + b.height / 2)) < 0.01)).toBe(true);
    }
  });

  it('never overlaps boxes of one column and keeps a parent beside its children', () => {
    const forest = plan(3, 3, 3);
    for (const page of layoutDiagram(forest, geometry({ height: 2000 }))) {
      for (const column of [0, 1, 2]) {
        const boxes = page.boxes.filter((b) => b.column === column).sort((a, b) => a.y - b.y);
        boxes.slice(1).forEach((b, i) => expect(b.y).toBeGreaterThanOrEqual(boxes[i]!.y + boxes[i]!.height));
      }
      const byId = new Map(page.boxes.map((b) => [b.nodeId, b]));
      const visit = (n: DiagramNode) => {
        const p = byId.get(n.id);
        const kids = n.children.map((c) => byId.get(c.id)!);
        if (p && kids.length) {
          const centre = p.y + p.height / 2;
          expect(centre).toBeGreaterThanOrEqual(kids[0]!.y);
          expect(centre).toBeLessThanOrEqual(kids[kids.length - 1]!.y + kids[kids.length - 1]!.height);
        }
        n.children.forEach(visit);
      };
      forest.forEach(visit);
    }
  });

  it('splits a long plan at leaf boundaries: every leaf once, each page within its height, parents repeated as continued', () => {
    const forest = plan(2, 4, 6); // 48 leaves
    const g = geometry({ height: 400 });
    const pages = layoutDiagram(forest, g);
    expect(pages.length).toBeGreaterThan(1);
    const leafIds = leavesOf(forest).map((l) => l.id);
    const printed = pages.flatMap((p) => p.boxes.filter((b) => b.column === 2).map((b) => b.nodeId));
    expect(printed.sort()).toEqual([...leafIds].sort());
    for (const p of pages) {
      expect(p.height).toBeLessThanOrEqual(g.height);
      for (const b of p.boxes) expect(b.y + b.height).toBeLessThanOrEqual(g.height + 0.01);
    }
    // a top-level node drawn on an earlier page comes back marked continued
    const continued = pages.slice(1).flatMap((p) => p.boxes.filter((b) => b.continued));
    expect(continued.length).toBeGreaterThan(0);
    for (const b of continued) expect(b.label.note).toContain('前頁から続く');
    // a page never starts with a box that is not continued and not new (each node is new once)
    const firstSeen = new Map<string, number>();
    pages.forEach((p, i) => p.boxes.forEach((b) => (b.continued ? null : firstSeen.has(b.nodeId) ? expect.fail(`${b.nodeId} drawn twice`) : firstSeen.set(b.nodeId, i))));
  });

  it('grows a box for a long title and marks 重点 and ended items', () => {
    const g = geometry();
    const long = node(0, 'とても長い名称'.repeat(12), [], { priority: true });
    const short = node(0, '短い名称');
    expect(boxHeight(long, false, g)).toBeGreaterThan(boxHeight(short, false, g) * 2);
    const [page] = layoutDiagram([long, node(0, '中止した項目', [], { endedLabel: '（中止）' })], g);
    const [a, b] = page!.boxes;
    expect(a).toMatchObject({ priority: true, label: { mark: '★重点' } });
    expect(b).toMatchObject({ ended: true, label: { note: '（中止）' } });
    expect(b!.y).toBeGreaterThanOrEqual(a!.y + a!.height);
  });

  it('draws a single empty page for an empty plan', () => {
    expect(layoutDiagram([], geometry())).toEqual([{ boxes: [], lines: [], height: 0 }]);
  });
});
