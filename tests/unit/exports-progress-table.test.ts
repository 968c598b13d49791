/**
 * The shared row builder of the published table and the 集計 figures, on a hand-made plan:
 *
 *   G 施策 (1)   A lead 総務 (+財政)  sched 2024 kento, 2025 keizoku   mark 【R7年度改訂】
 *                B lead 財政          sched 2024 jisshi
 *                C lead 企画          sched 2026 jisshi
 *   H 施策 (2)   D lead 総務          sched 2025 jisshi
 *
 * Rounds: P (FY2024 closed), Q (FY2025 open, previous P), L (FY2025 closed, after Q — later)
 */
import { describe, expect, it } from 'vitest';
import { buildProgressTable, levelAt, phaseText, stateCounts, type TableNode, type TableAnswerText } from '../../src/modules/exports/domain/progressTable.js';
import { buildProgressSummary } from '../../src/modules/exports/domain/summary.js';
import { presetByKey } from '../../src/modules/pdca/domain/legend.js';
import { DEFAULT_PHASES } from '../../src/modules/plans/domain/plan.js';
import { indexAnswers, type ViewAnswer, type ViewRound } from '../../src/modules/pdca/views/domain/model.js';

const legend = presetByKey('maru-sankaku')!.values;
const node = (id: string, parentId: string | null, depth: number, sortOrder: number, extra: Partial<TableNode> = {}): TableNode => ({
  id,
  parentId,
  depth,
  sortOrder,
  number: id,
  title: `title ${id}`,
  isAction: depth === 1,
  status: 'active',
  effectiveFrom: '2024-04-01',
  effectiveTo: null,
  schedule: {},
  departments: [],
  description: `desc ${id}`,
  marks: [],
  ...extra,
});
const nodes: TableNode[] = [
  node('G', null, 0, 10, { number: '(1)', title: '施策1' }),
  node('H', null, 0, 20, { number: '(2)', title: '施策2' }),
  node('A', 'G', 1, 10, { schedule: { '2024': 'kento', '2025': 'keizoku' }, departments: [{ id: 'zaisei', lead: false }, { id: 'somu', lead: true }], marks: ['【R7年度改訂】'] }),
  node('B', 'G', 1, 20, { schedule: { '2024': 'jisshi' }, departments: [{ id: 'zaisei', lead: true }] }),
  node('C', 'G', 1, 30, { schedule: { '2026': 'jisshi' }, departments: [{ id: 'kikaku', lead: true }] }),
  node('D', 'H', 1, 10, { schedule: { '2025': 'jisshi' }, departments: [{ id: 'somu', lead: true }] }),
];
const round = (id: string, targetFiscalYear: number, state: ViewRound['state'], asOfDate: string, previousRoundId: string | null = null): ViewRound => ({
  id,
  planId: 'plan',
  label: id === 'Q' ? '令和7年度実績' : id,
  asOfDate,
  targetFiscalYear,
  deadline: asOfDate,
  state,
  previousRoundId,
  createdAt: `${asOfDate}T00:00:00.000Z`,
});
const P = round('P', 2024, 'closed', '2025-03-31');
const Q = round('Q', 2025, 'open', '2026-03-31', 'P');
const L = round('L', 2025, 'closed', '2026-09-30');
const ans = (roundId: string, nodeId: string, state: ViewAnswer['state'], statusCode: string | null): ViewAnswer => ({ roundId, nodeId, state, statusCode, achievementCode: null });
const answers = indexAnswers([
  ans('P', 'A', 'accepted', 'done'),
  ans('P', 'B', 'accepted', 'partial'),
  ans('Q', 'A', 'accepted', 'done'),
  ans('Q', 'B', 'draft', 'done'),
  ans('Q', 'D', 'submitted', 'partial'),
  ans('L', 'A', 'accepted', 'not_done'),
]);
const texts = new Map<string, TableAnswerText>([
  ['A', { state: 'accepted', narrative: 'Aの取組', issues: 'Aの課題', nextPlan: '' }],
  ['B', { state: 'draft', narrative: 'Bの下書き', issues: '', nextPlan: '' }],
]);
const deptNames = new Map([
  ['somu', '総務課'],
  ['zaisei', '財政課'],
  ['kikaku', '企画課'],
]);
const plan = { title: 'テスト計画', firstFiscalYear: 2024, lastFiscalYear: 2027, levelNames: ['施策', '実施項目'], phases: DEFAULT_PHASES };
const build = (basis: 'accepted' | 'submitted' | 'all') =>
  buildProgressTable({ plan, round: Q, rounds: [P, Q, L], nodes, answers, texts, legends: { status: legend }, deptNames, basis });

describe('buildProgressTable', () => {
  it('builds one row per item of the round, in tree order, with levels, schedule, departments lead first and marks', () => {
    const t = build('all');
    expect(t.rows.map((r) => r.nodeId)).toEqual(['A', 'B', 'C', 'D']);
    expect(t.scheduleYears.map((y) => y.short)).toEqual(['R6', 'R7', 'R8', 'R9']);
    expect(t.statusYears.map((y) => y.short)).toEqual(['R6', 'R7']);
    expect(t.levelDepths).toEqual([0]);
    expect(t.round).toMatchObject({ label: '令和7年度実績', shortLabel: 'R7年度実績', targetFiscalYear: { year: 2025, label: '令和7年度', short: 'R7' } });
    const a = t.rows[0]!;
    expect(levelAt(a, 0)).toMatchObject({ id: 'G', number: '(1)', title: '施策1', levelName: '施策' });
    expect(a.schedule.map((s) => s.text)).toEqual(['検討', '→', '', '']);
    expect(a.departments.map((d) => d.name)).toEqual(['総務課', '財政課']);
    expect(a.marks).toEqual(['【R7年度改訂】']);
    expect(a.description).toBe('desc A');
  });

  it('status per year: earlier years from earlier rounds only, the target year from this round', () => {
    const t = build('all');
    const hist = (id: string) => t.rows.find((r) => r.nodeId === id)!.statusHistory.map((c) => c.status?.symbol ?? '');
    // L (FY2025, closed, after Q) is never used for Q's table
    expect(hist('A')).toEqual(['○', '○']);
    expect(hist('B')).toEqual(['△', '○']);
    expect(hist('D')).toEqual(['', '△']);
    expect(t.rows[0]!.statusHistory[1]).toMatchObject({ roundId: 'Q', provisional: true });
  });

  it('applies the basis to statuses and texts alike', () => {
    const acc = build('accepted');
    const b = acc.rows.find((r) => r.nodeId === 'B')!;
    expect(b.status).toBeNull();
    expect(b.narrative).toBe('');
    expect(acc.rows[0]!.narrative).toBe('Aの取組');
    const sub = build('submitted');
    expect(sub.rows.find((r) => r.nodeId === 'D')!.status?.symbol).toBe('△');
    expect(build('all').rows.find((r) => r.nodeId === 'B')!.narrative).toBe('Bの下書き');
    expect(stateCounts('approved', 'submitted')).toBe(true);
    expect(stateCounts('approved', 'accepted')).toBe(false);
  });

  it('marks ● scheduled this year and overdue (earlier year, latest answer not done)', () => {
    const t = build('accepted');
    const m = (id: string) => {
      const r = t.rows.find((x) => x.nodeId === id)!;
      return [r.scheduled, r.overdue];
    };
    expect(m('A')).toEqual([true, false]); // done in Q
    expect(m('B')).toEqual([false, true]); // P partial; Q draft does not count under accepted
    expect(m('C')).toEqual([false, false]);
    expect(m('D')).toEqual([true, false]);
    expect(t.counts).toEqual({ items: 4, scheduled: 2, overdue: 1 });
    expect(build('all').rows.find((r) => r.nodeId === 'B')!.overdue).toBe(false);
  });

  it('prints unknown phase codes and legend codes as stored', () => {
    expect(phaseText(DEFAULT_PHASES, 'unknown')).toBe('unknown');
    const t = buildProgressTable({ plan, round: Q, rounds: [P, Q], nodes, answers: indexAnswers([ans('Q', 'A', 'accepted', 'gone')]), texts, legends: { status: legend }, deptNames, basis: 'all' });
    expect(t.rows[0]!.status).toEqual({ code: 'gone', symbol: 'gone', label: '凡例にない区分（gone）', inLegend: false });
  });
});

describe('buildProgressSummary', () => {
  it('counts per group and status now, before and 増減', () => {
    const s = buildProgressSummary({ levelNames: plan.levelNames, round: Q, previous: P, nodes, answers, legend, basis: 'all' });
    expect(s.statuses.map((k) => k.symbol)).toEqual(['○', '△', '×', '－', '未回答']);
    expect(s.previous).toEqual({ id: 'P', label: 'P' });
    expect(s.sections).toHaveLength(1);
    const [g, h] = s.sections[0]!.rows;
    expect(g!.title).toBe('施策1');
    // G now: A ○, B ○, C 未回答; before (P, FY2024 scope = all active items): A ○, B △, C 未回答
    expect(g!.cells.map((c) => [c.now.count, c.before!.count, c.delta])).toEqual([
      [2, 1, 1],
      [0, 1, -1],
      [0, 0, 0],
      [0, 0, 0],
      [1, 1, 0],
    ]);
    expect(h!.cells[1]!.now.nodeIds).toEqual(['D']);
    expect(s.sections[0]!.total.total).toMatchObject({ now: { count: 4 }, before: { count: 4 }, delta: 0 });
    const none = buildProgressSummary({ levelNames: plan.levelNames, round: Q, previous: null, nodes, answers, legend, basis: 'all' });
    expect(none.sections[0]!.total.cells[0]).toMatchObject({ before: null, delta: null });
  });
});
