/** The rules of publication (publish/domain/publication.ts): when it may happen, what the table says, what changed, KPIs composed per year. */
import { describe, expect, it } from 'vitest';
import type { ProgressTable } from '../../src/modules/exports/domain/progressTable.js';
import type { ProgressSummary } from '../../src/modules/exports/domain/summary.js';
import type { KpiOpenInput } from '../../src/modules/publish/domain/opendataKpis.js';
import {
  composeKpis,
  kpiChanges,
  publishedRound,
  publishProblems,
  roundChanges,
  withdrawProblems,
  type KpiSnapshot,
  type PublishFacts,
  type RoundSnapshot,
} from '../../src/modules/publish/domain/publication.js';

const done = { code: 'done', symbol: '○', label: '実施済み', inLegend: true };
const partial = { code: 'partial', symbol: '△', label: '一部実施', inLegend: true };
const row = (id: string, opts: { status?: typeof done | null; narrative?: string; history?: { fy: number; roundId: string; provisional?: boolean }[] } = {}) =>
  ({
    nodeId: id,
    number: id.toUpperCase(),
    title: `項目${id}`,
    status: opts.status === undefined ? done : opts.status,
    narrative: opts.narrative ?? '',
    issues: '',
    nextPlan: '',
    scheduled: true,
    overdue: false,
    statusHistory: (opts.history ?? []).map((h) => ({ fiscalYear: h.fy, status: done, roundId: h.roundId, provisional: h.provisional ?? false })),
  }) as unknown as ProgressTable['rows'][number];
const table = (rows: ProgressTable['rows']) => ({ round: { id: 'r2' }, rows, counts: { items: rows.length, scheduled: 0, overdue: 0 } }) as unknown as ProgressTable;
const cell = (ids: string[], before: number | null) => ({ code: 'done', now: { count: ids.length, nodeIds: ids }, before: before === null ? null : { count: before, nodeIds: [] }, delta: before === null ? null : ids.length - before });
const summary = (previous: boolean): ProgressSummary =>
  ({
    statuses: [],
    previous: previous ? { id: 'r1', label: '令和6年度実績' } : null,
    sections: [{ depth: 0, levelName: '重点項目', rows: [{ groupId: 'g', number: '1', title: 'x', cells: [cell(['a', 'b', 'c'], previous ? 1 : null)], total: cell(['a', 'b', 'c'], previous ? 1 : null) }], total: { groupId: null, number: '', title: '合計', cells: [cell(['a', 'b', 'c'], previous ? 1 : null)], total: cell(['a', 'b', 'c'], previous ? 1 : null) } }],
  }) as unknown as ProgressSummary;

const facts = (over: Partial<PublishFacts> = {}): PublishFacts => ({
  kind: 'round',
  subjectState: 'closed',
  latest: null,
  expectedSeq: 0,
  correction: '',
  reason: '',
  unacceptedCount: 0,
  decision: null,
  ...over,
});

describe('publishProblems', () => {
  it('allows a first publication of a closed round with every answer accepted', () => {
    expect(publishProblems(facts())).toEqual([]);
  });
  it('refuses a round that is not closed, naming why', () => {
    expect(publishProblems(facts({ subjectState: 'open' }))[0]).toMatchObject({ code: 'round_not_closed', message: expect.stringContaining('締め切ってから') });
    expect(publishProblems(facts({ subjectState: 'draft' }))[0]!.message).toContain('開始されていません');
    // KPI values and tables have no such state
    expect(publishProblems(facts({ kind: 'kpi_values', subjectState: 'ready' }))).toEqual([]);
  });
  it('asks for a decision about answers not accepted, saying how many', () => {
    const p = publishProblems(facts({ unacceptedCount: 4 }));
    expect(p).toEqual([{ code: 'decision_required', field: 'unaccepted', message: expect.stringContaining('4件') }]);
    expect(publishProblems(facts({ unacceptedCount: 4, decision: 'exclude' }))).toEqual([]);
  });
  it('a publication over a current one is a correction and needs its 正誤', () => {
    const latest = { seq: 2, state: 'published' as const };
    expect(publishProblems(facts({ latest, expectedSeq: 2 }))[0]).toMatchObject({ code: 'correction_required', field: 'correction', message: expect.stringContaining('第2版') });
    expect(publishProblems(facts({ latest, expectedSeq: 2, correction: '誤字を訂正' }))).toEqual([]);
    // after a withdrawal there is nothing to correct
    expect(publishProblems(facts({ latest: { seq: 2, state: 'withdrawn' }, expectedSeq: 2 }))).toEqual([]);
  });
  it('refuses a stale preview before anything else', () => {
    const p = publishProblems(facts({ latest: { seq: 3, state: 'published' }, expectedSeq: 2, subjectState: 'open' }));
    expect(p.map((x) => x.code)).toEqual(['stale']);
  });
  it('limits the texts', () => {
    expect(publishProblems(facts({ reason: 'あ'.repeat(1001) })).map((x) => x.field)).toEqual(['reason']);
  });
});

describe('withdrawProblems', () => {
  it('needs the current version and a reason', () => {
    expect(withdrawProblems({ state: 'published', seq: 1 }, 1, '誤りがあった')).toEqual([]);
    expect(withdrawProblems({ state: 'published', seq: 1 }, 1, '  ')[0]!.field).toBe('reason');
    expect(withdrawProblems({ state: 'superseded', seq: 1 }, 1, '理由')[0]!.code).toBe('stale');
    expect(withdrawProblems({ state: 'published', seq: 2 }, 1, '理由')[0]!.code).toBe('stale');
  });
});

describe('publishedRound', () => {
  const input = () => ({
    table: table([row('a', { history: [{ fy: 2024, roundId: 'r1' }, { fy: 2023, roundId: 'r0' }] }), row('b', { status: null }), row('c', { status: null })]),
    summary: summary(true),
  });
  it('exclude: the rows of answers not accepted leave the table and the counts', () => {
    const out = publishedRound(input(), { unacceptedNodeIds: ['b', 'c'], decision: 'exclude', publishedRoundIds: new Set(['r1']) });
    expect(out.table.rows.map((r) => r.nodeId)).toEqual(['a']);
    expect(out.table.counts.items).toBe(1);
    const c = out.summary.sections[0]!.rows[0]!.cells[0]!;
    expect(c.now).toEqual({ count: 1, nodeIds: ['a'] });
    expect(c.delta).toBe(0);
  });
  it('no_answer: every row stays (shown as 回答なし by the accepted basis)', () => {
    const out = publishedRound(input(), { unacceptedNodeIds: ['b', 'c'], decision: 'no_answer', publishedRoundIds: new Set(['r1']) });
    expect(out.table.rows.map((r) => r.nodeId)).toEqual(['a', 'b', 'c']);
    expect(out.summary.sections[0]!.total.total.now.count).toBe(3);
  });
  it('statuses of earlier rounds show only when those rounds are published; so does the comparison', () => {
    const out = publishedRound(input(), { unacceptedNodeIds: [], decision: null, publishedRoundIds: new Set(['r1']) });
    expect(out.table.rows[0]!.statusHistory.map((h) => [h.fiscalYear, h.status?.symbol ?? null])).toEqual([
      [2024, '○'],
      [2023, null],
    ]);
    expect(out.summary.previous).toEqual({ id: 'r1', label: '令和6年度実績' });
    const without = publishedRound(input(), { unacceptedNodeIds: [], decision: null, publishedRoundIds: new Set() });
    expect(without.summary.previous).toBeNull();
    expect(without.summary.sections[0]!.total.cells[0]!.before).toBeNull();
  });
});

const snap = (rows: ProgressTable['rows']) => ({ kind: 'round', v: 1, table: table(rows), summary: summary(false) }) as unknown as RoundSnapshot;

describe('roundChanges', () => {
  it('lists status and text changes, additions and removals, item by item', () => {
    const before = snap([row('a', { status: partial, narrative: '検討中' }), row('b'), row('c')]);
    const after = snap([row('a', { status: done, narrative: '実施した' }), row('b'), row('d')]);
    expect(roundChanges(before, after)).toEqual([
      { where: 'A 項目a の状況', before: '△ 一部実施', after: '○ 実施済み' },
      { where: 'A 項目a の取組内容', before: '検討中', after: '実施した' },
      { where: 'D 項目d', before: '（載っていない）', after: '追加（○ 実施済み）' },
      { where: 'C 項目c', before: '○ 実施済み', after: '（表から除く）' },
    ]);
    expect(roundChanges(null, after)).toEqual([]);
  });
});

const kpi = (id: string, actuals: { fiscalYear: number; value: number }[], over: Partial<KpiOpenInput> = {}): KpiOpenInput => ({
  id,
  planId: 'p',
  planTitle: '計画',
  nodeId: null,
  category: '数値目標',
  number: id,
  name: `指標${id}`,
  unit: '%',
  scale: 1,
  bound: 'at_least',
  baselineFiscalYear: 2024,
  baselineValue: 500,
  baselineNote: '',
  targetFiscalYear: 2029,
  targetValue: 700,
  targetLabel: '',
  department: '',
  actuals: actuals.map((a) => ({ ...a, note: '' })),
  ...over,
});
const kpiSnap = (fy: number, kpis: KpiOpenInput[]): KpiSnapshot => ({ kind: 'kpi_values', v: 1, plan: { id: 'p', title: '計画' }, fiscalYear: fy, kpis });

describe('KPIs', () => {
  it('compose: definitions from the latest publication, each year’s actual from its own', () => {
    const y2025 = kpiSnap(2025, [kpi('1', [{ fiscalYear: 2025, value: 550 }]), kpi('2', [])]);
    const y2026 = kpiSnap(2026, [kpi('1', [{ fiscalYear: 2026, value: 610 }], { targetValue: 750 })]);
    const c = composeKpis([
      { fiscalYear: 2025, publishedAt: '2026-06-01T00:00:00.000Z', snapshot: y2025 },
      { fiscalYear: 2026, publishedAt: '2027-06-01T00:00:00.000Z', snapshot: y2026 },
    ]);
    expect(c.kpis.map((k) => [k.id, k.targetValue, k.actuals.map((a) => [a.fiscalYear, a.value])])).toEqual([
      [
        '1',
        750,
        [
          [2025, 550],
          [2026, 610],
        ],
      ],
    ]);
    expect(c.years).toEqual([2025, 2026]);
    expect(composeKpis([])).toMatchObject({ kpis: [], years: [] });
  });
  it('changes name the indicator and the figure with its unit', () => {
    const before = kpiSnap(2025, [kpi('1', [{ fiscalYear: 2025, value: 550 }])]);
    const after = kpiSnap(2025, [kpi('1', [{ fiscalYear: 2025, value: 560 }])]);
    expect(kpiChanges(before, after)).toEqual([{ where: '1 指標1 の実績値', before: '55.0%', after: '56.0%' }]);
  });
});
