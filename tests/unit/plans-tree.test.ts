import { describe, expect, it } from 'vitest';
import {
  ancestorsOf,
  buildTree,
  filterTree,
  levelNameOf,
  reorder,
  subtreeIds,
  walk,
  wouldCreateCycle,
  type FlatNode,
  type Tree,
} from '../../src/modules/plans/domain/tree.js';

interface Row extends FlatNode {
  title: string;
}

const row = (id: string, parentId: string | null, sortOrder: number, title = id.toUpperCase()): Row => ({ id, parentId, sortOrder, title });

/** Compact, hand-checkable shape of a forest: "id(child,child(grandchild))". */
const shape = (forest: readonly Tree<FlatNode>[]): string =>
  forest.map((n) => (n.children.length ? `${n.id}(${shape(n.children)})` : n.id)).join(',');

// A small plan:
//   p1 ─ a1 ─ x1
//        │    └ x2
//        └ a2
//   p2 ─ b1
const PLAN: Row[] = [
  row('x2', 'a1', 20, '窓口のオンライン化'),
  row('p2', null, 20, '財政の健全化'),
  row('a1', 'p1', 10, '行政手続の見直し'),
  row('x1', 'a1', 10, '押印の廃止'),
  row('p1', null, 10, 'デジタル化の推進'),
  row('b1', 'p2', 10, '公共施設の適正配置'),
  row('a2', 'p1', 20, '電子契約の導入'),
];
const byId = new Map(PLAN.map((r) => [r.id, r]));

describe('buildTree', () => {
  it.each<[string, Row[], string]>([
    ['empty input', [], ''],
    ['single root', [row('a', null, 10)], 'a'],
    ['roots ordered by sortOrder, not input order', [row('b', null, 20), row('c', null, 30), row('a', null, 10)], 'a,b,c'],
    ['children ordered by sortOrder', [row('r', null, 10), row('k3', 'r', 30), row('k1', 'r', 10), row('k2', 'r', 20)], 'r(k1,k2,k3)'],
    ['equal sortOrder falls back to id', [row('r', null, 10), row('kb', 'r', 10), row('ka', 'r', 10)], 'r(ka,kb)'],
    ['negative and gapped sortOrder', [row('b', null, 5), row('a', null, -100), row('c', null, 1000)], 'a,b,c'],
    ['full plan', PLAN, 'p1(a1(x1,x2),a2),p2(b1)'],
  ])('%s', (_label, rows, expected) => {
    expect(shape(buildTree(rows))).toBe(expected);
  });

  it.each<[string, Row[], string]>([
    ['orphan leaf dropped', [row('a', null, 10), row('o', 'missing', 10)], 'a'],
    [
      'orphan dropped together with its subtree',
      [row('a', null, 10), row('o', 'missing', 10), row('o1', 'o', 10), row('o2', 'o1', 10)],
      'a',
    ],
    // as-of view where the parent had not yet been added
    ['subtree under a not-yet-existing node dropped', PLAN.filter((r) => r.id !== 'a1'), 'p1(a2),p2(b1)'],
  ])('%s', (_label, rows, expected) => {
    expect(shape(buildTree(rows))).toBe(expected);
  });

  it.each<[string, Row[], string]>([
    ['two-node cycle with no root', [row('a', 'b', 10), row('b', 'a', 10)], ''],
    ['self-parent', [row('s', 's', 10)], ''],
    ['cycle beside a healthy tree', [row('r', null, 10), row('k', 'r', 10), row('a', 'b', 10), row('b', 'c', 10), row('c', 'a', 10)], 'r(k)'],
    ['duplicate id is attached once', [row('r', null, 10), row('r', null, 20)], 'r'],
  ])('does not hang on bad data: %s', (_label, rows, expected) => {
    expect(shape(buildTree(rows))).toBe(expected);
  });

  it('keeps the row fields and adds children', () => {
    const [first] = buildTree(PLAN);
    expect(first).toMatchObject({ id: 'p1', parentId: null, sortOrder: 10, title: 'デジタル化の推進' });
    expect(first?.children.map((c) => c.title)).toEqual(['行政手続の見直し', '電子契約の導入']);
  });

  it('does not mutate the input rows', () => {
    const rows = [row('b', null, 20), row('a', null, 10)];
    buildTree(rows);
    expect(rows.map((r) => r.id)).toEqual(['b', 'a']);
    expect(rows[0]).not.toHaveProperty('children');
  });
});

describe('walk', () => {
  it.each<[string, Row[], string[]]>([
    ['empty', [], []],
    ['depth-first, parents before children', PLAN, ['p1', 'a1', 'x1', 'x2', 'a2', 'p2', 'b1']],
    ['single chain', [row('a', null, 1), row('b', 'a', 1), row('c', 'b', 1)], ['a', 'b', 'c']],
  ])('%s', (_label, rows, expected) => {
    expect([...walk(buildTree(rows))].map((n) => n.id)).toEqual(expected);
  });
});

describe('ancestorsOf', () => {
  it.each<[string, string[]]>([
    ['p1', []],
    ['a1', ['p1']],
    ['x2', ['p1', 'a1']],
    ['b1', ['p2']],
    ['unknown', []],
  ])('%s → %j (top first, node excluded)', (id, expected) => {
    expect(ancestorsOf(id, byId).map((n) => n.id)).toEqual(expected);
  });

  it('stops at a missing parent', () => {
    const m = new Map([row('c', 'b', 1), row('b', 'gone', 1)].map((r) => [r.id, r]));
    expect(ancestorsOf('c', m).map((n) => n.id)).toEqual(['b']);
  });

  it.each<[string, Row[], string, string[]]>([
    ['two-node cycle', [row('a', 'b', 1), row('b', 'a', 1)], 'a', ['b']],
    ['self-parent', [row('s', 's', 1)], 's', []],
    ['cycle above the node', [row('n', 'a', 1), row('a', 'b', 1), row('b', 'c', 1), row('c', 'a', 1)], 'n', ['c', 'b', 'a']],
  ])('terminates on a cycle: %s', (_label, rows, id, expected) => {
    const m = new Map(rows.map((r) => [r.id, r]));
    expect(ancestorsOf(id, m).map((n) => n.id)).toEqual(expected);
  });
});

describe('filterTree', () => {
  const forest = buildTree(PLAN);
  it.each<[string, (n: Tree<Row>) => boolean, string]>([
    ['nothing matches', () => false, ''],
    ['everything matches', () => true, 'p1(a1(x1,x2),a2),p2(b1)'],
    ['deep match keeps its ancestors only', (n) => n.id === 'x2', 'p1(a1(x2))'],
    ['root match without matching descendants drops the descendants', (n) => n.id === 'p2', 'p2'],
    ['matches in two branches', (n) => n.id === 'x1' || n.id === 'b1', 'p1(a1(x1)),p2(b1)'],
    ['match by title text', (n) => n.title.includes('電子'), 'p1(a2)'],
  ])('%s', (_label, match, expected) => {
    expect(shape(filterTree(forest, match))).toBe(expected);
  });

  it('does not mutate the original forest', () => {
    filterTree(forest, (n) => n.id === 'x1');
    expect(shape(forest)).toBe('p1(a1(x1,x2),a2),p2(b1)');
  });
});

describe('wouldCreateCycle', () => {
  it.each<[string, string | null, boolean]>([
    ['a1', null, false], // to the top level
    ['a1', 'a1', true], // under itself
    ['p1', 'a1', true], // under its child
    ['p1', 'x2', true], // under its grandchild
    ['a1', 'x1', true],
    ['a1', 'p2', false], // to another branch
    ['x1', 'a2', false], // to an uncle
    ['x1', 'b1', false],
    ['b1', 'p1', false],
    ['p2', 'x1', false],
  ])('move %s under %s → %s', (node, newParent, expected) => {
    expect(wouldCreateCycle(node, newParent, byId)).toBe(expected);
  });
});

describe('reorder', () => {
  const sib = ['a', 'b', 'c'];
  it.each<[string, readonly string[], string, number, string[]]>([
    ['insert at start', sib, 'x', 0, ['x', 'a', 'b', 'c']],
    ['insert in the middle', sib, 'x', 1, ['a', 'x', 'b', 'c']],
    ['insert at end', sib, 'x', 3, ['a', 'b', 'c', 'x']],
    ['position past the end is clamped', sib, 'x', 99, ['a', 'b', 'c', 'x']],
    ['negative position is clamped to 0', sib, 'x', -5, ['x', 'a', 'b', 'c']],
    ['into an empty sibling list', [], 'x', 3, ['x']],
    ['id already among siblings is moved, not duplicated', sib, 'a', 2, ['b', 'c', 'a']],
    ['moving to the front', sib, 'c', 0, ['c', 'a', 'b']],
  ])('%s', (_label, siblings, id, position, expectedIds) => {
    const result = reorder(siblings, id, position);
    expect(result).toEqual(expectedIds.map((s, i) => ({ id: s, sortOrder: [10, 20, 30, 40][i] })));
  });

  it('renumbers 10, 20, 30, …', () => {
    expect(reorder(['a', 'b'], 'c', 1)).toEqual([
      { id: 'a', sortOrder: 10 },
      { id: 'c', sortOrder: 20 },
      { id: 'b', sortOrder: 30 },
    ]);
  });

  it('does not mutate the sibling list', () => {
    const list = ['a', 'b'];
    reorder(list, 'x', 0);
    expect(list).toEqual(['a', 'b']);
  });
});

describe('subtreeIds', () => {
  it.each<[string, string, Row[], string[]]>([
    ['leaf', 'x1', PLAN, ['x1']],
    ['inner node', 'a1', PLAN, ['a1', 'x1', 'x2']],
    ['root', 'p1', PLAN, ['a1', 'a2', 'p1', 'x1', 'x2']],
    ['other root', 'p2', PLAN, ['b1', 'p2']],
    ['unknown id returns only itself', 'nope', PLAN, ['nope']],
    ['cycle terminates', 'a', [row('a', 'b', 1), row('b', 'a', 1)], ['a', 'b']],
  ])('%s', (_label, root, rows, expected) => {
    const ids = subtreeIds(root, rows);
    expect([...ids].sort()).toEqual(expected);
    expect(ids[0]).toBe(root);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('levelNameOf', () => {
  const names = ['基本方針', '推進項目', '実施項目'];
  it.each<[readonly string[], number, string]>([
    [names, 0, '基本方針'],
    [names, 1, '推進項目'],
    [names, 2, '実施項目'],
    [names, 3, '実施項目'], // deeper than named → last name
    [names, 10, '実施項目'],
    [['施策'], 0, '施策'],
    [['施策'], 4, '施策'],
    [[], 0, '項目'], // no names at all → generic fallback
    [[], 3, '項目'],
  ])('%j depth %i → %s', (levelNames, depth, expected) => {
    expect(levelNameOf(levelNames, depth)).toBe(expected);
  });
});
