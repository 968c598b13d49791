/**
 * The annual report (年次報告書) of a plan and fiscal year, assembled from what is published now. Pure:
 * the query loads the current publications (rounds, KPI values, fiscal tables) and the published
 * meetings; this decides what the report says. The page and the PDF print the same model.
 *
 * - 進捗状況: the published round whose target fiscal year is the report's year (the latest by as-of
 *   date when several are), counts by status per top-level group, and the change against the
 *   previous published round of the plan (by as-of date), taken from that round's own snapshot so
 *   the figures agree with what citizens see of it.
 * - 数値目標・KPI: the values published for the year, each evaluated against its target.
 * - 財政見通し: each published table's key rows (totals and balance, or the items when a table has
 *   no total) over the plan period, from the table's 年度版 of the year (else the latest earlier one).
 * - 効果額: sums over the round's published answers (its snapshot's open-data progress records).
 * - 審議会等の意見と対応: published meetings held in the year (Asia/Tokyo), opinions on this plan.
 */
import { CHART_PALETTE, type GroupedBarsSpec, type StackedBarsSpec } from '../../../shared/charts/spec.js';
import { exponentOf } from '../../finance/domain/units.js';
import { fiscalYearLabel, fiscalYearOf, fiscalYearRange, isFiscalYear } from '../../fiscal/domain/index.js';
import { BOUND_LABELS, evaluateKpi, formatTenthsPercent, STATUS_LABELS as KPI_STATUS_LABELS, type Bound, type KpiStatus } from '../../kpis/domain/evaluation.js';
import { formatKpiValue } from '../../kpis/domain/value.js';
import type { OpenRecord } from './opendata.js';
import type { FiscalSnapshot, KpiSnapshot, RoundSnapshot } from './publication.js';

/** The rule behind the 効果額 figures, printed beside them. */
export const EFFECT_RULE = '事務局が確認して公表した回答の効果額の合計';

/** At most this many key rows of one table are printed (the chart draws at most the palette's colours). */
const MAX_KEY_ROWS = 8;
const MAX_CHART_BARS = 6;

/** The report's charts are drawn at this size on the page and in the PDF (a legend of five statuses fits one line). */
export const REPORT_CHART_SIZE = { width: 560, height: 320 } as const;

// ───────────── input ─────────────

export interface ReportRoundInput {
  publishedOn: string;
  snapshot: RoundSnapshot;
}

export interface ReportKpiInput {
  fiscalYear: number;
  publishedOn: string;
  snapshot: KpiSnapshot;
}

export interface ReportFiscalInput {
  tableId: string;
  /** the 年度版 */
  fiscalYear: number;
  publishedOn: string;
  snapshot: FiscalSnapshot;
}

export interface ReportMeetingInput {
  id: string;
  body: string;
  title: string;
  heldOn: string;
  publishedOn: string;
  opinions: { id: string; body: string; response: string; node: { id: string; planId: string; number: string; title: string } | null; departmentName: string | null }[];
}

export interface AnnualReportInput {
  plan: { id: string; title: string; firstFiscalYear: number; lastFiscalYear: number };
  fiscalYear: number;
  /** every round of the plan published now */
  rounds: readonly ReportRoundInput[];
  /** every fiscal year of the plan's KPI values published now */
  kpiYears: readonly ReportKpiInput[];
  /** every 年度版 of the plan's tables published now */
  fiscalTables: readonly ReportFiscalInput[];
  /** every published meeting of the municipality */
  meetings: readonly ReportMeetingInput[];
}

// ───────────── output ─────────────

export interface CountCell {
  count: number;
  /** against the previous published round; null without one */
  delta: number | null;
}

export interface StatusColumn {
  /** null = 回答なし */
  code: string | null;
  symbol: string;
  label: string;
}

export interface CountRow {
  label: string;
  cells: CountCell[];
  total: CountCell;
}

export interface RoundRef {
  id: string;
  label: string;
  asOfDate: string;
}

export interface ProgressPart {
  round: RoundRef & { closedOn: string | null; publishedOn: string; itemCount: number };
  /** other published rounds targeting the same year (earlier as-of dates), newest first */
  others: RoundRef[];
  previous: RoundRef | null;
  /** the top level's name (重点項目 …); '' when the plan has no groups above its items */
  levelName: string;
  statuses: StatusColumn[];
  rows: CountRow[];
  total: CountRow;
  legend: { symbol: string; label: string; definition: string }[];
}

export interface KpiRow {
  id: string;
  category: string;
  number: string;
  name: string;
  baseline: string;
  target: string;
  actual: string;
  actualNote: string;
  status: KpiStatus;
  statusLabel: string;
  /** 「目標まであと4.0%」… */
  note: string;
  /** 進捗率 「66.7%」 or '' */
  progress: string;
}

export interface KpiPart {
  publishedOn: string;
  rows: KpiRow[];
  counts: Record<KpiStatus, number>;
}

/** 「達成 1件、目標年度前 2件、未達成 0件、実績なし 0件」: the report's summary of its KPI evaluations. */
export function kpiCountsText(counts: Record<KpiStatus, number>): string {
  return `達成 ${counts.achieved}件、${KPI_STATUS_LABELS.before_target} ${counts.before_target}件、未達成 ${counts.not_achieved}件、実績なし ${counts.no_data}件`;
}

export interface FinanceRow {
  label: string;
  rowKind: string;
  /** one per column; '—' where the table has no figure */
  cells: string[];
}

export interface FinancePart {
  tableId: string;
  title: string;
  unitLine: string;
  /** the 年度版 printed */
  edition: number;
  editionLabel: string;
  publishedOn: string;
  columns: { fiscalYear: number; kind: 'plan' | 'actual'; label: string }[];
  rows: FinanceRow[];
  /** null when no key row has a figure in the period */
  chart: GroupedBarsSpec | null;
  note: string;
}

export interface EffectItem {
  number: string;
  title: string;
  revenueYen: number | null;
  expenseYen: number | null;
  hoursTenths: number | null;
  kind: string;
}

export interface EffectPart {
  rule: string;
  roundLabel: string;
  revenueYen: number;
  expenseYen: number;
  totalYen: number;
  hoursTenths: number;
  /** answers with at least one figure */
  items: EffectItem[];
}

export interface OpinionMeeting {
  id: string;
  body: string;
  title: string;
  heldOn: string;
  publishedOn: string;
  opinions: { id: string; body: string; response: string; concerns: string; departmentName: string }[];
}

export interface AnnualReport {
  plan: { id: string; title: string; firstFiscalYear: number; lastFiscalYear: number; periodLabel: string };
  fiscalYear: number;
  yearLabel: string;
  title: string;
  progress: ProgressPart | null;
  statusChart: StackedBarsSpec | null;
  kpis: KpiPart | null;
  finance: FinancePart[];
  effects: EffectPart | null;
  meetings: OpinionMeeting[];
  /** the latest publication date among the parts (the report's 公表日) */
  publishedOn: string;
}

// ───────────── which years ─────────────

export const targetYearOf = (s: RoundSnapshot): number => s.table.round.targetFiscalYear.year;

/** Years with a report: a published round targets them, or KPI values are published for them. Newest first. */
export function reportYears(roundTargetYears: readonly number[], kpiYears: readonly number[]): number[] {
  return [...new Set([...roundTargetYears, ...kpiYears])].filter((y) => isFiscalYear(y) && y > 0).sort((a, b) => b - a);
}

// ───────────── progress ─────────────

const NONE = '\u0000none';
const codeKey = (code: string | null) => code ?? NONE;

interface Counts {
  levelName: string;
  statuses: StatusColumn[];
  rows: { key: string; label: string; counts: Map<string, number> }[];
  total: Map<string, number>;
}

const rowLabel = (r: { number: string; title: string }) => [r.number, r.title].filter(Boolean).join(' ') || '（分類なし）';

/** A round's own counts by status (the summary's top section; from the rows when the plan has no groups). */
export function countsOf(s: RoundSnapshot): Counts {
  const section = s.summary.sections[0];
  if (section) {
    const map = (cells: readonly { code: string | null; now: { count: number } }[]) => new Map(cells.map((c) => [codeKey(c.code), c.now.count]));
    return {
      levelName: section.levelName,
      statuses: s.summary.statuses.map((x) => ({ code: x.code, symbol: x.symbol, label: x.label })),
      rows: section.rows.map((r) => ({ key: r.groupId ?? `n:${r.number}|${r.title}`, label: rowLabel(r), counts: map(r.cells) })),
      total: map(section.total.cells),
    };
  }
  const total = new Map<string, number>();
  const statuses: StatusColumn[] = s.table.legends.status.map((v) => ({ code: v.code, symbol: v.symbol, label: v.label }));
  for (const r of s.table.rows) {
    const k = codeKey(r.status?.code ?? null);
    total.set(k, (total.get(k) ?? 0) + 1);
    if (r.status && !statuses.some((x) => x.code === r.status!.code)) statuses.push({ code: r.status.code, symbol: r.status.symbol, label: r.status.label });
  }
  if (total.has(NONE)) statuses.push({ code: null, symbol: '未回答', label: '未回答' });
  return { levelName: '', statuses, rows: [], total };
}

const byAsOf = (a: ReportRoundInput, b: ReportRoundInput) =>
  a.snapshot.table.round.asOfDate < b.snapshot.table.round.asOfDate ? -1 : a.snapshot.table.round.asOfDate > b.snapshot.table.round.asOfDate ? 1 : a.publishedOn < b.publishedOn ? -1 : a.publishedOn > b.publishedOn ? 1 : 0;

const ref = (r: ReportRoundInput): RoundRef => ({ id: r.snapshot.table.round.id, label: r.snapshot.table.round.label, asOfDate: r.snapshot.table.round.asOfDate });

/** Counts of `now` with the change against `before` (another round's own counts), statuses of both. */
export function compareCounts(now: Counts, before: Counts | null): Pick<ProgressPart, 'levelName' | 'statuses' | 'rows' | 'total'> {
  const statuses = [...now.statuses];
  for (const s of before?.statuses ?? []) if (!statuses.some((x) => x.code === s.code)) statuses.push(s);
  // 未回答 last, as the summaries print it
  statuses.sort((a, b) => (a.code === null ? 1 : 0) - (b.code === null ? 1 : 0));
  const sum = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const row = (label: string, counts: ReadonlyMap<string, number>, prev: ReadonlyMap<string, number> | null): CountRow => {
    const cells = statuses.map((s) => {
      const count = counts.get(codeKey(s.code)) ?? 0;
      return { count, delta: before ? count - (prev?.get(codeKey(s.code)) ?? 0) : null };
    });
    const count = sum(counts);
    return { label, cells, total: { count, delta: before ? count - (prev ? sum(prev) : 0) : null } };
  };
  const prevRows = new Map((before?.rows ?? []).map((r) => [r.key, r]));
  const rows = now.rows.map((r) => row(r.label, r.counts, prevRows.get(r.key)?.counts ?? null));
  // groups the previous round had and this one has not: shown with nothing now, so the rows add up to the total
  const nowKeys = new Set(now.rows.map((r) => r.key));
  for (const r of before?.rows ?? []) if (!nowKeys.has(r.key)) rows.push(row(r.label, new Map(), r.counts));
  return { levelName: now.levelName, statuses, rows, total: row('計', now.total, before?.total ?? null) };
}

export function progressPart(input: AnnualReportInput): ProgressPart | null {
  const fy = input.fiscalYear;
  const sorted = [...input.rounds].sort(byAsOf);
  const ofYear = sorted.filter((r) => targetYearOf(r.snapshot) === fy);
  const chosen = ofYear[ofYear.length - 1];
  if (!chosen) return null;
  const asOf = chosen.snapshot.table.round.asOfDate;
  const previous = [...sorted].reverse().find((r) => r !== chosen && r.snapshot.table.round.asOfDate < asOf) ?? null;
  const rec = chosen.snapshot.records.rounds[0];
  const t = chosen.snapshot.table;
  return {
    round: {
      ...ref(chosen),
      closedOn: chosen.snapshot.closedOn,
      publishedOn: chosen.publishedOn,
      itemCount: typeof rec?.item_count === 'number' ? rec.item_count : t.rows.length,
    },
    others: ofYear
      .filter((r) => r !== chosen)
      .reverse()
      .map(ref),
    previous: previous ? ref(previous) : null,
    ...compareCounts(countsOf(chosen.snapshot), previous ? countsOf(previous.snapshot) : null),
    legend: t.legends.status.map((v) => ({ symbol: v.symbol, label: v.label, definition: v.definition })),
  };
}

/** Status counts per top-level group as stacked bars (未回答 in grey); null when nothing is counted. */
export function statusChart(p: ProgressPart): StackedBarsSpec | null {
  if (p.total.total.count === 0) return null;
  const groups = p.rows.length ? p.rows : [p.total];
  const grey = CHART_PALETTE[CHART_PALETTE.length - 1]!;
  let colour = 0;
  return {
    kind: 'stackedBars',
    title: `${p.round.label}の状況`,
    unit: '件',
    groupHeader: p.levelName || '区分',
    groups: groups.map((r) => r.label),
    series: p.statuses.map((s, i) => ({
      // the label alone: the legend's colour says which part, and short names keep it on one line
      name: s.label,
      values: groups.map((r) => r.cells[i]!.count),
      color: s.code === null ? grey : CHART_PALETTE[colour++ % (CHART_PALETTE.length - 1)]!,
    })),
    horizontal: true,
  };
}

// ───────────── KPIs ─────────────

export function kpiPart(input: AnnualReportInput): KpiPart | null {
  const fy = input.fiscalYear;
  const pub = input.kpiYears.find((y) => y.fiscalYear === fy);
  if (!pub) return null;
  const counts: Record<KpiStatus, number> = { achieved: 0, before_target: 0, not_achieved: 0, no_data: 0 };
  // the report looks back on a year that has ended: judged as on the next year's first day, so a target
  // of a later year is 目標年度前 (not 未達成) and the report reads the same whenever it is rendered
  const judgedOn = fiscalYearRange(fy + 1).start;
  const rows = pub.snapshot.kpis.map((k): KpiRow => {
    const v = (n: number) => `${formatKpiValue(n, k.scale)}${k.unit}`;
    const year = (y: number | null) => (y === null ? '' : `（${fiscalYearLabel(y)}）`);
    const actual = k.actuals.find((a) => a.fiscalYear === fy) ?? null;
    const e = evaluateKpi(
      { scale: k.scale, unit: k.unit, bound: k.bound as Bound, baselineValue: k.baselineValue, targetValue: k.targetValue, targetFiscalYear: k.targetFiscalYear },
      actual ? [{ fiscalYear: fy, value: actual.value }] : [],
      judgedOn,
    );
    counts[e.status]++;
    const bound = BOUND_LABELS[k.bound as Bound] ?? '';
    return {
      id: k.id,
      category: k.category,
      number: k.number,
      name: k.name,
      baseline: k.baselineValue === null ? '—' : `${v(k.baselineValue)}${year(k.baselineFiscalYear)}`,
      target: k.targetLabel || (k.targetValue === null ? '—' : `${v(k.targetValue)}${bound}${year(k.targetFiscalYear)}`),
      actual: actual ? v(actual.value) : '—',
      actualNote: actual?.note ?? '',
      status: e.status,
      // 未入力 is the staff's word: citizens read that there is no value
      statusLabel: e.status === 'no_data' ? '実績なし' : KPI_STATUS_LABELS[e.status],
      note: e.status === 'no_data' && !e.note ? `${fiscalYearLabel(fy)}の実績値はありません` : e.note,
      progress: e.progressTenths === null ? '' : formatTenthsPercent(e.progressTenths),
    };
  });
  return { publishedOn: pub.publishedOn, rows, counts };
}

// ───────────── fiscal outlook ─────────────

/** The 年度版 for the year: that year's, else the latest earlier one, else the earliest later one. */
function editionFor(list: readonly ReportFiscalInput[], fy: number): ReportFiscalInput | null {
  const upTo = list.filter((x) => x.fiscalYear <= fy).sort((a, b) => b.fiscalYear - a.fiscalYear);
  if (upTo[0]) return upTo[0];
  return [...list].sort((a, b) => a.fiscalYear - b.fiscalYear)[0] ?? null;
}

export function financeParts(input: AnnualReportInput): FinancePart[] {
  const { plan, fiscalYear: fy } = input;
  const byTable = new Map<string, ReportFiscalInput[]>();
  for (const t of input.fiscalTables) (byTable.get(t.tableId) ?? byTable.set(t.tableId, []).get(t.tableId)!).push(t);
  const out: { sortOrder: number; part: FinancePart }[] = [];
  for (const list of byTable.values()) {
    const ed = editionFor(list, fy);
    if (!ed) continue;
    const table = ed.snapshot.table;
    const inPeriod = (y: number) => y >= plan.firstFiscalYear && y <= plan.lastFiscalYear;
    const columns = table.columns.filter((c) => inPeriod(c.fiscalYear)).map((c) => ({ fiscalYear: c.fiscalYear, kind: c.kind, label: `${c.label}${c.kind === 'actual' ? '実績' : '計画'}` }));
    const totals = table.rows.filter((r) => r.rowKind === 'total' || r.rowKind === 'balance');
    const key = (totals.length ? totals : table.rows.filter((r) => r.rowKind === 'item')).slice(0, MAX_KEY_ROWS);
    if (!key.length || !columns.length) continue;
    const rows: FinanceRow[] = key.map((r) => ({
      label: [r.section && !r.label.startsWith(r.section) ? r.section : '', r.label].filter(Boolean).join(' '),
      rowKind: r.rowKind,
      cells: columns.map((c) => r.values.find((v) => v.fiscalYear === c.fiscalYear && v.kind === c.kind)?.text || '—'),
    }));
    // the chart: per year the actual where there is one, else the plan, in the printed unit
    const years: number[] = [];
    for (let y = plan.firstFiscalYear; y <= plan.lastFiscalYear; y++) years.push(y);
    const factor = 10 ** exponentOf({ valueKind: table.valueKind, unit: table.unit, scale: table.scale });
    const series = (r: (typeof key)[number], i: number) => ({
      name: rows[i]!.label,
      values: years.map((y) => {
        const v = r.values.find((x) => x.fiscalYear === y && x.kind === 'actual') ?? r.values.find((x) => x.fiscalYear === y && x.kind === 'plan');
        return v ? v.value / factor : null;
      }),
    });
    const all = key.map(series);
    const bars = all.filter((_, i) => key[i]!.rowKind !== 'balance').slice(0, MAX_CHART_BARS);
    const lines = all.filter((_, i) => key[i]!.rowKind === 'balance').slice(0, 1);
    const hasValue = [...bars, ...lines].some((s) => s.values.some((v) => v !== null));
    const chart: GroupedBarsSpec | null =
      hasValue && (bars.length || lines.length)
        ? {
            kind: 'groupedBars',
            title: table.title,
            unit: table.unit,
            fiscalYears: years,
            // a table of balances only is drawn as bars
            bars: bars.length ? bars : lines,
            ...(bars.length && lines.length ? { lines } : {}),
            decimals: table.valueKind === 'number' ? table.scale : undefined,
          }
        : null;
    out.push({
      sortOrder: table.sortOrder,
      part: {
        tableId: ed.tableId,
        title: table.title,
        unitLine: table.unitLine,
        edition: ed.fiscalYear,
        editionLabel: `${fiscalYearLabel(ed.fiscalYear)}版`,
        publishedOn: ed.publishedOn,
        columns,
        rows,
        chart,
        note: table.note,
      },
    });
  }
  return out.sort((a, b) => a.sortOrder - b.sortOrder || a.part.title.localeCompare(b.part.title, 'ja')).map((x) => x.part);
}

// ───────────── effects ─────────────

const num = (r: OpenRecord, k: string): number | null => (typeof r[k] === 'number' && Number.isFinite(r[k]) ? (r[k] as number) : null);
const str = (r: OpenRecord, k: string): string => (typeof r[k] === 'string' ? (r[k] as string) : '');

/** 効果額 of the year: sums over the published answers of the report's round that carry a figure; null when none does. */
export function effectPart(input: AnnualReportInput, progress: ProgressPart | null): EffectPart | null {
  if (!progress) return null;
  const round = input.rounds.find((r) => r.snapshot.table.round.id === progress.round.id);
  if (!round) return null;
  const items: EffectItem[] = [];
  for (const r of round.snapshot.records.progress) {
    if (num(r, 'target_fiscal_year') !== input.fiscalYear) continue;
    const revenueYen = num(r, 'effect_revenue_yen');
    const expenseYen = num(r, 'effect_expense_yen');
    const hours = num(r, 'hours_saved');
    // hours are published with one decimal: summed in tenths, so no float error adds up
    const hoursTenths = hours === null ? null : Math.round(hours * 10);
    if (revenueYen === null && expenseYen === null && hoursTenths === null) continue;
    items.push({ number: str(r, 'number'), title: str(r, 'title'), revenueYen, expenseYen, hoursTenths, kind: str(r, 'effect_kind') });
  }
  if (!items.length) return null;
  const sum = (f: (i: EffectItem) => number | null) => items.reduce((s, i) => s + (f(i) ?? 0), 0);
  const revenueYen = sum((i) => i.revenueYen);
  const expenseYen = sum((i) => i.expenseYen);
  return { rule: EFFECT_RULE, roundLabel: progress.round.label, revenueYen, expenseYen, totalYen: revenueYen + expenseYen, hoursTenths: sum((i) => i.hoursTenths), items };
}

/** 12,345,678円 */
export const yenText = (n: number): string => `${n < 0 ? '△' : ''}${Math.abs(n).toLocaleString('ja-JP')}円`;
/** 12.5時間 */
export const hoursText = (tenths: number): string => `${formatKpiValue(tenths, 1)}時間`;

// ───────────── opinions ─────────────

export function opinionMeetings(input: AnnualReportInput): OpinionMeeting[] {
  return input.meetings
    .filter((m) => {
      try {
        return fiscalYearOf(m.heldOn) === input.fiscalYear;
      } catch {
        return false;
      }
    })
    .map((m) => ({
      id: m.id,
      body: m.body,
      title: m.title,
      heldOn: m.heldOn,
      publishedOn: m.publishedOn,
      // opinions on another plan's items belong to that plan's report
      opinions: m.opinions
        .filter((o) => !o.node || o.node.planId === input.plan.id)
        .map((o) => ({
          id: o.id,
          body: o.body,
          response: o.response,
          concerns: o.node ? [o.node.number, o.node.title].filter(Boolean).join(' ') : '',
          departmentName: o.departmentName ?? '',
        })),
    }))
    .filter((m) => m.opinions.length > 0)
    .sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : a.title.localeCompare(b.title, 'ja')));
}

// ───────────── the report ─────────────

/** The report of the year, or null when nothing is published for it (no round targets it, no KPI values). */
export function assembleAnnualReport(input: AnnualReportInput): AnnualReport | null {
  const fy = input.fiscalYear;
  const years = reportYears(
    input.rounds.map((r) => targetYearOf(r.snapshot)),
    input.kpiYears.map((k) => k.fiscalYear),
  );
  if (!years.includes(fy)) return null;
  const progress = progressPart(input);
  const kpis = kpiPart(input);
  const finance = financeParts(input);
  const meetings = opinionMeetings(input);
  const dates = [progress?.round.publishedOn, kpis?.publishedOn, ...finance.map((f) => f.publishedOn), ...meetings.map((m) => m.publishedOn)].filter((d): d is string => !!d);
  const yearLabel = fiscalYearLabel(fy);
  const p = input.plan;
  return {
    plan: { ...p, periodLabel: `${fiscalYearLabel(p.firstFiscalYear)}〜${fiscalYearLabel(p.lastFiscalYear)}` },
    fiscalYear: fy,
    yearLabel,
    title: `${p.title} ${yearLabel} 年次報告書`,
    progress,
    statusChart: progress ? statusChart(progress) : null,
    kpis,
    finance,
    effects: effectPart(input, progress),
    meetings,
    publishedOn: dates.sort().pop() ?? '',
  };
}
