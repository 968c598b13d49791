/** What citizens see of a progress table and its summary (publish/domain/publicTable.ts). */
import { describe, expect, it } from 'vitest';
import type { ProgressTable } from '../../src/modules/exports/domain/progressTable.js';
import type { ProgressSummary } from '../../src/modules/exports/domain/summary.js';
import { publishedSummary, publishedTable } from '../../src/modules/publish/domain/publicTable.js';

const mark = { code: 'done', symbol: '○', label: '実施済み', inLegend: true };
const row = (id: string, provisional: boolean) =>
  ({ nodeId: id, statusHistory: [{ fiscalYear: 2024, status: mark, roundId: 'r1', provisional: false }, { fiscalYear: 2025, status: mark, roundId: 'r2', provisional }] }) as unknown as ProgressTable['rows'][number];
const table = (rows: ProgressTable['rows']) => ({ rows }) as unknown as ProgressTable;

describe('publishedTable', () => {
  it('empties the statuses taken from rounds still open, and nothing else', () => {
    const t = publishedTable(table([row('a', true), row('b', false)]));
    expect(t.rows[0]!.statusHistory.map((c) => [c.fiscalYear, c.status?.symbol ?? null, c.provisional])).toEqual([
      [2024, '○', false],
      [2025, null, false],
    ]);
    expect(t.rows[1]!.statusHistory.map((c) => c.status?.symbol)).toEqual(['○', '○']);
  });

  it('returns the same table when nothing is provisional', () => {
    const t = table([row('a', false)]);
    expect(publishedTable(t)).toBe(t);
  });
});

describe('publishedSummary', () => {
  const cell = { code: 'done', now: { count: 3, nodeIds: [] }, before: { count: 2, nodeIds: [] }, delta: 1 };
  const summary = {
    statuses: [],
    previous: { id: 'r0', label: '令和5年度実績' },
    sections: [{ depth: 0, levelName: '施策', rows: [{ groupId: 'g', number: '1', title: 'x', cells: [cell], total: cell }], total: { groupId: null, number: '', title: '合計', cells: [cell], total: cell } }],
  } as unknown as ProgressSummary;

  it('keeps the comparison when the previous round is published', () => {
    expect(publishedSummary(summary, true)).toBe(summary);
  });

  it('drops it, counts kept, when the previous round is not', () => {
    const s = publishedSummary(summary, false);
    expect(s.previous).toBeNull();
    const all = [...s.sections[0]!.rows, s.sections[0]!.total].flatMap((r) => [...r.cells, r.total]);
    expect(all.every((c) => c.before === null && c.delta === null && c.now.count === 3)).toBe(true);
  });
});
