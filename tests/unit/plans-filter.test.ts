import { describe, expect, it } from 'vitest';
import { withPredecessors } from '../../src/modules/departments/domain/validity.js';
import { hasFilter, nodeMatches, type FilterableNode } from '../../src/modules/plans/domain/filter.js';

const node = (over: Partial<FilterableNode> = {}): FilterableNode => ({
  number: 'R2-3',
  title: 'ＲＰＡによる定型業務の自動化',
  description: '定型業務にRPAを導入する。',
  priority: false,
  depth: 2,
  tagIds: ['dx'],
  departments: [{ id: 'gyokaku-shitsu', name: '行政改革推進室' }],
  ...over,
});

describe('nodeMatches (the filter rule shared by the server and the staff UI)', () => {
  it.each<[string, Parameters<typeof nodeMatches>[1], boolean]>([
    ['no filter', {}, true],
    ['department: exact', { department: 'gyokaku-shitsu' }, true],
    ['department: another 課', { department: 'zaisei' }, false],
    ['tag present', { tag: 'dx' }, true],
    ['tag absent', { tag: 'kanmin' }, false],
    ['重点 only, not 重点', { priority: true }, false],
    ['level matches', { depth: 2 }, true],
    ['level differs', { depth: 1 }, false],
    ['full-width search term against half-width text', { q: 'ｒｐａ 自動化' }, true],
    ['search by 整理番号', { q: 'r2-3' }, true],
    ['search by department name', { q: '行政改革' }, true],
    ['one search term missing', { q: 'RPA 補助金' }, false],
  ])('%s', (_label, f, expected) => {
    expect(nodeMatches(node(), f)).toBe(expected);
  });

  it('a filter by today’s 課 matches items still recorded under the 課 it succeeded', () => {
    const departments = [
      { id: 'gyokaku-shitsu', successorId: 'dx' },
      { id: 'dx', successorId: null },
      { id: 'zaisei', successorId: null },
    ];
    expect(nodeMatches(node(), { department: 'dx' })).toBe(false);
    expect(nodeMatches(node(), { department: 'dx', departments: withPredecessors('dx', departments) })).toBe(true);
    expect(nodeMatches(node(), { department: 'zaisei', departments: withPredecessors('zaisei', departments) })).toBe(false);
  });

  it('hasFilter is false only when nothing narrows', () => {
    expect(hasFilter({})).toBe(false);
    expect(hasFilter({ includeEnded: true })).toBe(false);
    expect(hasFilter({ depth: 0 })).toBe(true);
    expect(hasFilter({ q: '窓口' })).toBe(true);
  });
});
