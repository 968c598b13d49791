/**
 * The annual report's assembly from published snapshots (domain/annualReport.ts): which years have a
 * report, which round it reports and what it is compared with, the KPIs' evaluation, the fiscal
 * tables' edition and key rows, the 効果額 sums and the year's opinions.
 */
import { describe, expect, it } from 'vitest';
import type { ProgressRow, ProgressTable } from '../../src/modules/exports/domain/progressTable.js';
import type { ProgressSummary, SummaryRow } from '../../src/modules/exports/domain/summary.js';
import type { FiscalTableDto } from '../../src/shared/api-types-finance.js';
import {
  assembleAnnualReport,
  EFFECT_RULE,
  hoursText,
  kpiCountsText,
  reportYears,
  statusChart,
  yenText,
  type AnnualReportInput,
  type ReportFiscalInput,
  type ReportMeetingInput,
  type ReportRoundInput,
} from '../../src/modules/publish/domain/annualReport.js';
import type { OpenRecord } from '../../src/modules/publish/domain/opendata.js';
import type { KpiOpenInput } from '../../src/modules/publish/domain/opendataKpis.js';
import type { FiscalSnapshot, KpiSnapshot, RoundSnapshot } from '../../src/modules/publish/domain/publication.js';
import { CHART_PALETTE } from '../../src/shared/charts/index.js';

const PLAN = { id: 'plan', title: '第6次行政改革大綱', firstFiscalYear: 2024, lastFiscalYear: 2027 };
const LEGEND = [
  { code: 'done', symbol: '○', label: '実施済み', definition: '計画どおり実施した', done: true },
  { code: 'partial', symbol: '△', label: '一部実施', definition: '一部を実施した', done: false },
  { code: 'late', symbol: '×', label: '未実施', definition: '', done: false },
];
const STATUSES = (codes: (string | null)[]) =>
  codes.map((code) => {
    const v = LEGEND.find((l) => l.code === code);
    return { code, inLegend: !!v, symbol: v?.symbol ?? '未回答', label: v?.label ?? '未回答' };
  });

/** A summary row: counts per status code, in the order of `codes`. */
function row(groupId: string | null, number: string, title: string, codes: (string | null)[], counts: number[]): SummaryRow {
  const cell = (code: string | null, n: number) => ({ code, now: { count: n, nodeIds: [] }, before: null, delta: null });
  return { groupId, number, title, cells: codes.map((c, i) => cell(c, counts[i]!)), total: cell(null, counts.reduce((a, b) => a + b, 0)) };
}

function roundSnapshot(o: {
  id: string;
  label: string;
  asOf: string;
  year: number;
  codes: (string | null)[];
  rows?: SummaryRow[];
  records?: OpenRecord[];
  tableRows?: Partial<ProgressRow>[];
}): RoundSnapshot {
  const rows = o.rows ?? [];
  const total = rows.length ? row(null, '', '計', o.codes, o.codes.map((_, i) => rows.reduce((s, r) => s + r.cells[i]!.now.count, 0))) : null;
  const summary: ProgressSummary = {
    statuses: STATUSES(o.codes),
    previous: null,
    sections: total ? [{ depth: 0, levelName: '重点項目', rows, total }] : [],
  };
  const table = {
    plan: { title: PLAN.title, levelNames: ['重点項目', '実施項目'] },
    round: { id: o.id, label: o.label, shortLabel: o.label, state: 'closed', asOfDate: o.asOf, targetFiscalYear: { year: o.year, label: `FY${o.year}`, short: '' } },
    basis: 'accepted',
    scheduleYears: [],
    statusYears: [],
    levelDepths: [0],
    legends: { status: LEGEND, achievement: null },
    rows: (o.tableRows ?? []) as ProgressRow[],
    counts: { items: 0, scheduled: 0, overdue: 0 },
  } as unknown as ProgressTable;
  return {
    kind: 'round',
    v: 1,
    table,
    summary,
    layout: {} as RoundSnapshot['layout'],
    closedOn: null,
    records: { rounds: [{ round_id: o.id, item_count: rows.length ? total!.total.now.count : 0 }], progress: o.records ?? [] },
  };
}

const CODES = ['done', 'partial', null];
const R1: ReportRoundInput = {
  publishedOn: '2025-05-01',
  snapshot: roundSnapshot({ id: 'r1', label: '令和6年度実績', asOf: '2025-03-31', year: 2024, codes: CODES, rows: [row('g1', '1', '行財政運営', CODES, [2, 1, 1]), row('g2', '2', '市民サービス', CODES, [1, 0, 0])] }),
};
// a mid-year round of FY2024, earlier than R1
const RH: ReportRoundInput = {
  publishedOn: '2024-11-01',
  snapshot: roundSnapshot({ id: 'rh', label: '令和6年度上半期', asOf: '2024-09-30', year: 2024, codes: CODES, rows: [row('g1', '1', '行財政運営', CODES, [1, 1, 2])] }),
};
// the year before, with a status R1 does not have and a group R1 does not have
const R0: ReportRoundInput = {
  publishedOn: '2024-05-01',
  snapshot: roundSnapshot({
    id: 'r0',
    label: '令和5年度実績',
    asOf: '2024-03-31',
    year: 2023,
    codes: ['done', 'late', null],
    rows: [row('g1', '1', '行財政運営', ['done', 'late', null], [1, 2, 0]), row('g3', '3', '廃止した分類', ['done', 'late', null], [0, 1, 0])],
  }),
};

function kpi(o: Partial<KpiOpenInput> & Pick<KpiOpenInput, 'id' | 'name'>): KpiOpenInput {
  return {
    planId: PLAN.id,
    planTitle: PLAN.title,
    nodeId: null,
    category: '',
    number: '',
    unit: '',
    scale: 0,
    bound: 'at_least',
    baselineFiscalYear: null,
    baselineValue: null,
    baselineNote: '',
    targetFiscalYear: null,
    targetValue: null,
    targetLabel: '',
    department: '',
    actuals: [],
    ...o,
  };
}

const kpiYear = (fiscalYear: number, kpis: KpiOpenInput[], publishedOn = '2025-06-01') => ({
  fiscalYear,
  publishedOn,
  snapshot: { kind: 'kpi_values', v: 1, plan: { id: PLAN.id, title: PLAN.title }, fiscalYear, kpis } satisfies KpiSnapshot,
});

function fiscalTable(o: { id: string; title: string; rows: FiscalTableDto['rows']; columns: FiscalTableDto['columns']; valueKind?: 'yen' | 'number'; unit?: string; scale?: number; sortOrder?: number }): FiscalTableDto {
  return {
    id: o.id,
    planId: PLAN.id,
    kind: 'budget',
    kindLabel: '歳入歳出',
    title: o.title,
    valueKind: o.valueKind ?? 'yen',
    unit: o.unit ?? '百万円',
    unitLine: `（単位：${o.unit ?? '百万円'}）`,
    scale: o.scale ?? 0,
    firstFiscalYear: 2022,
    lastFiscalYear: 2028,
    sortOrder: o.sortOrder ?? 0,
    source: '',
    note: '',
    version: 1,
    columns: o.columns,
    rows: o.rows,
    discrepancies: [],
    updatedAt: '2025-01-01T00:00:00Z',
  };
}
const col = (fiscalYear: number, kind: 'plan' | 'actual') => ({ fiscalYear, kind, short: `R${fiscalYear - 2018}`, label: `令和${fiscalYear - 2018}年度` });
const val = (fiscalYear: number, kind: 'plan' | 'actual', millions: number) => ({ fiscalYear, kind, value: millions * 1_000_000, text: millions < 0 ? `△${-millions}` : String(millions) });
const edition = (tableId: string, fiscalYear: number, table: FiscalTableDto, publishedOn = '2025-04-01'): ReportFiscalInput => ({
  tableId,
  fiscalYear,
  publishedOn,
  snapshot: { kind: 'fiscal_table', v: 1, plan: { id: PLAN.id, title: PLAN.title }, fiscalYear, table, records: [] } satisfies FiscalSnapshot,
});

const input = (o: Partial<AnnualReportInput>): AnnualReportInput => ({ plan: PLAN, fiscalYear: 2024, rounds: [], kpiYears: [], fiscalTables: [], meetings: [], ...o });

describe('which years have a report', () => {
  it('is every year a published round targets or KPI values are published for, newest first, once each', () => {
    expect(reportYears([2024, 2023, 2024], [2026, 2024])).toEqual([2026, 2024, 2023]);
    expect(reportYears([], [])).toEqual([]);
  });

  it('has no report for a year with only a table or a meeting', () => {
    const t = fiscalTable({ id: 't', title: '歳入歳出', columns: [col(2024, 'plan')], rows: [{ id: 'a', sortOrder: 1, section: '', label: '歳入合計', rowKind: 'total', values: [val(2024, 'plan', 1)] }] });
    const meeting: ReportMeetingInput = { id: 'm', body: '審議会', title: '第1回', heldOn: '2024-06-01', publishedOn: '2024-07-01', opinions: [{ id: 'o', body: '意見', response: '対応', node: null, departmentName: null }] };
    expect(assembleAnnualReport(input({ fiscalTables: [edition('t', 2024, t)], meetings: [meeting] }))).toBeNull();
    expect(assembleAnnualReport(input({ rounds: [R1], fiscalYear: 2025 }))).toBeNull();
  });
});

describe('progress', () => {
  it('reports the latest round of the year by as-of date and lists the others', () => {
    const r = assembleAnnualReport(input({ rounds: [R1, RH] }))!;
    expect(r.title).toBe('第6次行政改革大綱 令和6年度 年次報告書');
    expect(r.progress!.round).toMatchObject({ id: 'r1', label: '令和6年度実績', asOfDate: '2025-03-31', publishedOn: '2025-05-01', itemCount: 5 });
    expect(r.progress!.others.map((o) => o.id)).toEqual(['rh']);
    // the earlier round of the same year is the one before: R1 is compared with it
    expect(r.progress!.previous?.id).toBe('rh');
  });

  it('compares with the previous published round’s own counts, whatever its target year', () => {
    const p = assembleAnnualReport(input({ rounds: [R1, R0] }))!.progress!;
    expect(p.previous).toEqual({ id: 'r0', label: '令和5年度実績', asOfDate: '2024-03-31' });
    expect(p.levelName).toBe('重点項目');
    // R1's statuses, then the one only R0 had, 未回答 last
    expect(p.statuses.map((s) => s.code)).toEqual(['done', 'partial', 'late', null]);
    const show = (r: (typeof p.rows)[number]) => [r.label, ...r.cells.map((c) => `${c.count}:${c.delta}`), `${r.total.count}:${r.total.delta}`];
    expect(p.rows.map(show)).toEqual([
      ['1 行財政運営', '2:1', '1:1', '0:-2', '1:1', '4:1'],
      ['2 市民サービス', '1:1', '0:0', '0:0', '0:0', '1:1'],
      // a group only the previous round had: nothing now, so the rows add up to the total
      ['3 廃止した分類', '0:0', '0:0', '0:-1', '0:0', '0:-1'],
    ]);
    expect(show(p.total)).toEqual(['計', '3:2', '1:1', '0:-3', '1:1', '5:1']);
    expect(p.legend.map((l) => l.symbol)).toEqual(['○', '△', '×']);
  });

  it('has no change without a previous published round, and counts the rows when the plan has no groups', () => {
    const flat = roundSnapshot({
      id: 'f',
      label: '令和6年度実績',
      asOf: '2025-03-31',
      year: 2024,
      codes: [],
      tableRows: [{ status: { code: 'done', symbol: '○', label: '実施済み', inLegend: true } }, { status: { code: 'done', symbol: '○', label: '実施済み', inLegend: true } }, { status: null }],
    });
    const p = assembleAnnualReport(input({ rounds: [{ publishedOn: '2025-05-01', snapshot: flat }] }))!.progress!;
    expect(p.previous).toBeNull();
    expect(p.levelName).toBe('');
    expect(p.rows).toEqual([]);
    expect(p.statuses.map((s) => s.code)).toEqual(['done', 'partial', 'late', null]);
    expect(p.total.cells.map((c) => c.count)).toEqual([2, 0, 0, 1]);
    expect(p.total.cells.every((c) => c.delta === null) && p.total.total.delta === null).toBe(true);
  });

  it('draws the counts per group as stacked bars, 未回答 in grey; nothing when nothing is counted', () => {
    const r = assembleAnnualReport(input({ rounds: [R1] }))!;
    const chart = r.statusChart!;
    expect(chart).toMatchObject({ kind: 'stackedBars', unit: '件', groupHeader: '重点項目', groups: ['1 行財政運営', '2 市民サービス'], horizontal: true });
    expect(chart.series.map((s) => [s.name, s.values])).toEqual([
      ['実施済み', [2, 1]],
      ['一部実施', [1, 0]],
      ['未回答', [1, 0]],
    ]);
    expect(chart.series[2]!.color).toBe(CHART_PALETTE[CHART_PALETTE.length - 1]);
    expect(new Set(chart.series.map((s) => s.color)).size).toBe(3);
    expect(statusChart({ ...r.progress!, total: { ...r.progress!.total, total: { count: 0, delta: null } } })).toBeNull();
  });
});

describe('KPIs', () => {
  it('evaluates the year’s published values against their targets', () => {
    const year = kpiYear(2024, [
      kpi({ id: 'a', number: '1', name: '受入件数', unit: '件', bound: 'at_least', baselineFiscalYear: 2023, baselineValue: 1000, targetFiscalYear: 2027, targetValue: 2000, actuals: [{ fiscalYear: 2024, value: 1500, note: '速報値' }] }),
      kpi({ id: 'b', name: '経常収支比率', unit: '%', scale: 1, bound: 'at_most', baselineValue: 950, targetValue: 900, actuals: [{ fiscalYear: 2024, value: 890, note: '' }] }),
      kpi({ id: 'c', name: '実質収支', unit: '億円', scale: 1, targetLabel: '収支均衡', baselineValue: -128, actuals: [] }),
    ]);
    const k = assembleAnnualReport(input({ kpiYears: [year, kpiYear(2025, [], '2026-06-01')] }))!.kpis!;
    expect(k.publishedOn).toBe('2025-06-01');
    // 1,500 < 2,000 in 令和6年度 with the target in 令和9年度: mid-plan, 目標年度前 — not 未達成
    expect(k.counts).toEqual({ achieved: 1, before_target: 1, not_achieved: 0, no_data: 1 });
    expect(k.rows[0]).toMatchObject({ baseline: '1,000件（令和5年度）', target: '2,000件以上（令和9年度）', actual: '1,500件', actualNote: '速報値', status: 'before_target', statusLabel: '目標年度前', note: '目標まであと500件', progress: '50.0%' });
    expect(k.rows[1]).toMatchObject({ baseline: '95.0%', target: '90.0%以下', actual: '89.0%', status: 'achieved', statusLabel: '達成', progress: '120.0%' });
    expect(k.rows[2]).toMatchObject({ baseline: '△12.8億円', target: '収支均衡', actual: '—', status: 'no_data', statusLabel: '実績なし' });
  });

  it('says 未達成 only in the report of the target year or later: the report judges the year it looks back on', () => {
    const short = kpi({ id: 'a', name: '受入件数', unit: '件', bound: 'at_least', baselineValue: 1000, targetFiscalYear: 2025, targetValue: 2000, actuals: [{ fiscalYear: 2024, value: 1500, note: '' }, { fiscalYear: 2025, value: 1800, note: '' }] });
    const report = (fy: number) => assembleAnnualReport(input({ fiscalYear: fy, kpiYears: [kpiYear(fy, [short])] }))!.kpis!;
    expect(report(2024).rows[0]).toMatchObject({ status: 'before_target', statusLabel: '目標年度前' });
    expect(report(2025).rows[0]).toMatchObject({ status: 'not_achieved', statusLabel: '未達成', note: '目標まであと200件' });
    expect(kpiCountsText(report(2025).counts)).toBe('達成 0件、目標年度前 0件、未達成 1件、実績なし 0件');
    // a target met before its year is 達成 at once
    const met = kpi({ id: 'b', name: '受入件数', bound: 'at_least', targetFiscalYear: 2030, targetValue: 10, actuals: [{ fiscalYear: 2024, value: 12, note: '' }] });
    expect(assembleAnnualReport(input({ fiscalYear: 2024, kpiYears: [kpiYear(2024, [met])] }))!.kpis!.rows[0]).toMatchObject({ status: 'achieved', statusLabel: '達成' });
  });

  it('reads the year’s own publication only: another year’s actual is not this year’s', () => {
    const later = kpiYear(2025, [kpi({ id: 'a', name: '受入件数', targetValue: 10, actuals: [{ fiscalYear: 2025, value: 20, note: '' }] })]);
    const r = assembleAnnualReport(input({ fiscalYear: 2024, rounds: [R1], kpiYears: [later] }))!;
    expect(r.kpis).toBeNull();
  });
});

describe('fiscal outlook', () => {
  const budget = (title: string, revenue: number) =>
    fiscalTable({
      id: 'b',
      title,
      columns: [col(2022, 'actual'), col(2024, 'actual'), col(2024, 'plan'), col(2025, 'plan'), col(2028, 'plan')],
      rows: [
        { id: 'tax', sortOrder: 1, section: '歳入', label: '市税', rowKind: 'item', values: [val(2024, 'plan', 80)] },
        { id: 'rev', sortOrder: 2, section: '歳入', label: '歳入合計', rowKind: 'total', values: [val(2022, 'actual', 1), val(2024, 'actual', revenue), val(2024, 'plan', 200), val(2025, 'plan', 210), val(2028, 'plan', 9)] },
        { id: 'exp', sortOrder: 3, section: '歳出', label: '合計', rowKind: 'total', values: [val(2024, 'plan', 190), val(2025, 'plan', 215)] },
        { id: 'bal', sortOrder: 4, section: '', label: '差引', rowKind: 'balance', values: [val(2024, 'plan', 10), val(2025, 'plan', -5)] },
      ],
    });

  it('prints the key rows over the plan period from the year’s 年度版, and charts the actual where there is one', () => {
    const f = assembleAnnualReport(input({ rounds: [R1], fiscalTables: [edition('b', 2023, budget('2023年度版', 1)), edition('b', 2024, budget('2024年度版', 205), '2025-04-02'), edition('b', 2025, budget('2025年度版', 2))] }))!.finance;
    expect(f).toHaveLength(1);
    const t = f[0]!;
    expect(t).toMatchObject({ title: '2024年度版', edition: 2024, editionLabel: '令和6年度版', publishedOn: '2025-04-02', unitLine: '（単位：百万円）' });
    // 2022 and 2028 are outside the plan period
    expect(t.columns.map((c) => c.label)).toEqual(['令和6年度実績', '令和6年度計画', '令和7年度計画']);
    expect(t.rows).toEqual([
      { label: '歳入合計', rowKind: 'total', cells: ['205', '200', '210'] },
      { label: '歳出 合計', rowKind: 'total', cells: ['—', '190', '215'] },
      { label: '差引', rowKind: 'balance', cells: ['—', '10', '△5'] },
    ]);
    expect(t.chart).toMatchObject({ kind: 'groupedBars', title: '2024年度版', unit: '百万円', fiscalYears: [2024, 2025, 2026, 2027] });
    expect(t.chart!.bars.map((b) => [b.name, b.values])).toEqual([
      ['歳入合計', [205, 210, null, null]],
      ['歳出 合計', [190, 215, null, null]],
    ]);
    expect(t.chart!.lines!.map((l) => [l.name, l.values])).toEqual([['差引', [10, -5, null, null]]]);
  });

  it('takes the latest earlier 年度版, else the earliest later one; items stand in for a table without totals', () => {
    const later = (fy: number) => edition('b', fy, budget(`${fy}年度版`, 1));
    expect(assembleAnnualReport(input({ rounds: [R1], fiscalTables: [later(2022), later(2023), later(2026)] }))!.finance[0]!.edition).toBe(2023);
    expect(assembleAnnualReport(input({ rounds: [R1], fiscalTables: [later(2026), later(2025)] }))!.finance[0]!.edition).toBe(2025);
    const staff = fiscalTable({
      id: 's',
      title: '職員数',
      valueKind: 'number',
      unit: '人',
      columns: [col(2024, 'plan')],
      rows: [
        { id: 'x', sortOrder: 1, section: '', label: '一般行政', rowKind: 'item', values: [{ fiscalYear: 2024, kind: 'plan', value: 300, text: '300' }] },
        { id: 'y', sortOrder: 2, section: '', label: 'うち会計年度', rowKind: 'breakdown', values: [] },
      ],
    });
    const f = assembleAnnualReport(input({ rounds: [R1], fiscalTables: [edition('s', 2024, staff)] }))!.finance[0]!;
    expect(f.rows.map((r) => r.label)).toEqual(['一般行政']);
    expect(f.chart!.bars[0]!.values).toEqual([300, null, null, null]);
    expect(f.chart!.decimals).toBe(0);
  });
});

describe('効果額', () => {
  const rec = (o: OpenRecord): OpenRecord => ({ target_fiscal_year: 2024, number: '', title: '', effect_revenue_yen: null, effect_expense_yen: null, hours_saved: null, effect_kind: '', ...o });
  const withEffects = (records: OpenRecord[]): ReportRoundInput => ({ ...R1, snapshot: { ...R1.snapshot, records: { ...R1.snapshot.records, progress: records } } });

  it('sums the published answers’ figures of the year, with the rule', () => {
    const e = assembleAnnualReport(
      input({
        rounds: [
          withEffects([
            rec({ number: '1', title: 'RPA', effect_expense_yen: 1_000_000, hours_saved: 0.1, effect_kind: '継続的（毎年度）' }),
            rec({ number: '2', title: '補助金', effect_revenue_yen: 2_500_000, hours_saved: 0.2 }),
            rec({ number: '3', title: '記入なし' }),
            rec({ number: '4', title: '別の年度', target_fiscal_year: 2023, effect_revenue_yen: 7 }),
          ]),
        ],
      }),
    )!.effects!;
    expect(e.rule).toBe(EFFECT_RULE);
    expect(e.rule).toBe('事務局が確認して公表した回答の効果額の合計');
    expect(e).toMatchObject({ roundLabel: '令和6年度実績', revenueYen: 2_500_000, expenseYen: 1_000_000, totalYen: 3_500_000, hoursTenths: 3 });
    expect(e.items.map((i) => i.number)).toEqual(['1', '2']);
    expect(yenText(e.totalYen)).toBe('3,500,000円');
    expect(hoursText(e.hoursTenths)).toBe('0.3時間');
  });

  it('has no 効果額 section when no answer records a figure, or without a round', () => {
    expect(assembleAnnualReport(input({ rounds: [withEffects([rec({ title: 'なし' })])] }))!.effects).toBeNull();
    expect(assembleAnnualReport(input({ kpiYears: [kpiYear(2024, [])] }))!.effects).toBeNull();
  });
});

describe('opinions', () => {
  const meeting = (id: string, heldOn: string, opinions: ReportMeetingInput['opinions'], publishedOn = '2025-05-01'): ReportMeetingInput => ({ id, body: '審議会', title: `会議${id}`, heldOn, publishedOn, opinions });
  const op = (id: string, planId: string | null) => ({ id, body: `意見${id}`, response: `対応${id}`, node: planId ? { id: `n${id}`, planId, number: '1', title: '項目' } : null, departmentName: planId ? '総務課' : null });

  it('lists the published meetings held in the fiscal year (Japan), oldest first, with this plan’s opinions', () => {
    const r = assembleAnnualReport(
      input({
        rounds: [R1],
        meetings: [
          meeting('c', '2025-03-31', [op('3', null)]),
          meeting('a', '2024-04-01', [op('1', PLAN.id), op('2', 'other-plan')]),
          meeting('d', '2025-04-01', [op('4', null)]),
          meeting('e', '2024-03-31', [op('5', null)]),
          meeting('f', '2024-10-01', [op('6', 'other-plan')]),
        ],
      }),
    )!;
    expect(r.meetings.map((m) => m.id)).toEqual(['a', 'c']);
    expect(r.meetings[0]!.opinions).toEqual([{ id: '1', body: '意見1', response: '対応1', concerns: '1 項目', departmentName: '総務課' }]);
    expect(r.meetings[1]!.opinions[0]).toMatchObject({ concerns: '', departmentName: '' });
    // the report's date is the latest publication among its parts
    expect(r.publishedOn).toBe('2025-05-01');
  });
});
