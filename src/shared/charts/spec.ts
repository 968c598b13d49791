/**
 * Chart specifications and their ECharts options, text alternatives and data tables — pure.
 *
 * Nothing here loads ECharts (types only, erased at compile time), so the rules are unit-tested
 * without rendering and the staff UI may import them. Values are plain numbers already in display
 * units (the caller converts integer yen to 百万円 etc.); `unit` names them on the axis, in the alt
 * text and in the table. A missing value is `null` and is drawn as a gap, never as zero.
 */
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption } from 'echarts/components';
import { fiscalYearLabel, fiscalYearShort, isFiscalYear } from '../../modules/fiscal/domain/index.js';

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption>;

// ───────────── look: defined once ─────────────

/**
 * Series colours, in order of use. Each has at least 4.5:1 contrast against white (WCAG non-text
 * contrast needs 3:1), and hue order keeps neighbours apart for colour-blind readers
 * (blue, orange, teal, purple, brown, magenta, slate).
 */
export const CHART_PALETTE: readonly string[] = Object.freeze([
  '#0055AD',
  '#D0480B',
  '#00806A',
  '#7B3FA6',
  '#9A5B00',
  '#C0245E',
  '#4A5563',
]);

/** Axis text and lines (7:1 on white), grid lines (decoration only), background. */
export const CHART_COLORS = Object.freeze({
  text: '#333333',
  axis: '#595959',
  grid: '#D9D9D9',
  background: '#FFFFFF',
});

/** Fonts installed on the reader's device only: nothing is fetched from anywhere. */
export const CHART_FONT_FAMILY = 'Noto Sans JP, Hiragino Sans, Yu Gothic UI, Meiryo, sans-serif';
export const CHART_FONT_SIZE = 14;

/** Default size: 480 px wide keeps 14 px text at about 10 px on a 390 px phone (scaled by the viewBox). */
export const DEFAULT_CHART_WIDTH = 480;
export const DEFAULT_CHART_HEIGHT = 300;

// ───────────── specifications ─────────────

export interface YearValue {
  fiscalYear: number;
  value: number;
}

/** A KPI's actuals by fiscal year against its target path. */
export interface KpiPathSpec {
  kind: 'kpiPath';
  /** the KPI's name: 「ふるさと納税の受入件数」 */
  title: string;
  unit: string;
  /** one entry per year with an actual; `value: null` (or a year left out) is a gap */
  actuals: { fiscalYear: number; value: number | null }[];
  baseline?: YearValue | null;
  target?: YearValue | null;
  /** 年度目標 of single years, drawn as points */
  milestones?: YearValue[];
  /** years the axis must span besides those of the values (e.g. the plan period) */
  fiscalYears?: number[];
  /** digits after the decimal point in the table, the alt text and the axis; default: as given (at most 2) */
  decimals?: number;
}

export interface ChartSeries {
  name: string;
  /** one value per category; null = no value (a gap) */
  values: (number | null)[];
  /** '#RRGGBB'; default: the palette in order */
  color?: string;
}

/** Bars side by side per fiscal year (計画 / 実績, 歳入 / 歳出), optionally with lines (基金残高). */
export interface GroupedBarsSpec {
  kind: 'groupedBars';
  title: string;
  unit: string;
  fiscalYears: number[];
  bars: ChartSeries[];
  lines?: ChartSeries[];
  /** the lines' unit when it differs from `unit`: they get their own axis on the right */
  lineUnit?: string;
  decimals?: number;
}

/** Stacked bars per group (status distribution per 基本方針), colours given by the caller. */
export interface StackedBarsSpec {
  kind: 'stackedBars';
  title: string;
  unit: string;
  /** heading of the groups' column in the table: 「基本方針」; default 「区分」 */
  groupHeader?: string;
  groups: string[];
  /** one per stacked part (a status), values per group, not negative */
  series: (Omit<ChartSeries, 'values'> & { values: number[] })[];
  /** bars run left to right, groups listed top to bottom (long group names read better) */
  horizontal?: boolean;
  decimals?: number;
}

export type ChartSpec = KpiPathSpec | GroupedBarsSpec | StackedBarsSpec;

export interface ChartTable {
  caption: string;
  columns: string[];
  rows: { label: string; cells: string[] }[];
}

/** What a page, the staff UI or a PDF gets for one chart. */
export interface RenderedChart {
  svg: string;
  alt: string;
  table: ChartTable;
}

/** The pure half of a chart: everything but the SVG. */
export interface BuiltChart {
  option: ChartOption;
  alt: string;
  table: ChartTable;
}

// ───────────── numbers ─────────────

const MISSING = '—';
const MAX_YEARS = 60;
const MAX_DECIMALS = 6;

const formatters = new Map<number, Intl.NumberFormat>();

/**
 * 1,234.5 with exactly `decimals` digits; negatives with △ as in the plans' tables
 * (a value that rounds to zero has no sign).
 */
export function formatChartNumber(value: number, decimals: number): string {
  let f = formatters.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('ja-JP', { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: true });
    formatters.set(decimals, f);
  }
  const text = f.format(Math.abs(value));
  const zero = f.format(0);
  return value < 0 && text !== zero ? `△${text}` : text;
}

/** Axis ticks: as many digits as the tick needs, up to `decimals`. */
function axisFormatter(decimals: number): (value: number) => string {
  return (value: number) => {
    const rounded = Number(value.toFixed(decimals));
    return formatChartNumber(rounded, decimalsOf(rounded, decimals));
  };
}

function decimalsOf(value: number, cap: number): number {
  const s = String(value);
  if (s.includes('e')) return cap;
  return Math.min(s.split('.')[1]?.length ?? 0, cap);
}

/** Digits shown: as given by the caller, else the most any value carries (at most 2). */
function chooseDecimals(spec: { decimals?: number }, values: readonly number[]): number {
  if (spec.decimals !== undefined) {
    if (!Number.isInteger(spec.decimals) || spec.decimals < 0 || spec.decimals > MAX_DECIMALS) {
      throw new RangeError(`グラフの小数点以下の桁数は0〜${MAX_DECIMALS}の整数で指定してください（${String(spec.decimals)}）`);
    }
    return spec.decimals;
  }
  return values.reduce((d, v) => Math.max(d, decimalsOf(v, 2)), 0);
}

function withUnit(text: string, unit: string): string {
  return `${text}${unit}`;
}

function sameAtPrecision(a: number, b: number, decimals: number): number {
  const k = 10 ** decimals;
  return Math.sign(Math.round(a * k) - Math.round(b * k));
}

// ───────────── validation (programming errors: a chart never silently shows something else) ─────────────

function checkTitle(title: string): void {
  if (typeof title !== 'string' || title.trim() === '') throw new RangeError('グラフの題名が空です');
}

function checkValue(title: string, where: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`グラフ「${title}」の${where}が数値ではありません（${String(value)}）`);
  }
}

function checkYear(title: string, where: string, fy: number): void {
  if (!isFiscalYear(fy) || fy < 1868) throw new RangeError(`グラフ「${title}」の${where}の年度が不正です（${String(fy)}）`);
}

const COLOR_RE = /^#[0-9a-fA-F]{6}$/;

/** Colours end up in SVG attributes as written, so only '#RRGGBB' is accepted. */
function checkColor(title: string, name: string, color: string | undefined): void {
  if (color !== undefined && !COLOR_RE.test(color)) {
    throw new RangeError(`グラフ「${title}」の「${name}」の色は #RRGGBB で指定してください（${color}）`);
  }
}

function checkSeries(title: string, series: ChartSeries, count: number, what: string): void {
  if (typeof series.name !== 'string' || series.name.trim() === '') throw new RangeError(`グラフ「${title}」に名前のない系列があります`);
  checkColor(title, series.name, series.color);
  if (series.values.length !== count) {
    throw new RangeError(`グラフ「${title}」の「${series.name}」の値の数（${series.values.length}）が${what}の数（${count}）と合いません`);
  }
  series.values.forEach((v, i) => {
    if (v !== null) checkValue(title, `「${series.name}」の${i + 1}番目の値`, v);
  });
}

function yearRange(title: string, years: number[]): number[] {
  if (years.length === 0) return [];
  const first = Math.min(...years);
  const last = Math.max(...years);
  if (last - first + 1 > MAX_YEARS) throw new RangeError(`グラフ「${title}」の年度の範囲が広すぎます（${fiscalYearLabel(first)}〜${fiscalYearLabel(last)}）`);
  const out: number[] = [];
  for (let fy = first; fy <= last; fy++) out.push(fy);
  return out;
}

// ───────────── shared option parts ─────────────

function baseOption(): ChartOption {
  return {
    animation: false,
    backgroundColor: CHART_COLORS.background,
    color: [...CHART_PALETTE],
    textStyle: { fontFamily: CHART_FONT_FAMILY, fontSize: CHART_FONT_SIZE, color: CHART_COLORS.text },
    legend: {
      bottom: 0,
      left: 'center',
      itemGap: 16,
      selectedMode: false,
      textStyle: { fontFamily: CHART_FONT_FAMILY, fontSize: CHART_FONT_SIZE, color: CHART_COLORS.text },
    },
    grid: { left: 12, right: 20, top: 44, bottom: 44, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
  };
}

function axisStyle() {
  return {
    axisLine: { lineStyle: { color: CHART_COLORS.axis } },
    axisTick: { lineStyle: { color: CHART_COLORS.axis } },
    axisLabel: { color: CHART_COLORS.text, fontFamily: CHART_FONT_FAMILY, fontSize: CHART_FONT_SIZE },
  };
}

function valueAxis(unit: string, decimals: number, extra: Record<string, unknown> = {}) {
  const style = axisStyle();
  return {
    type: 'value' as const,
    name: unit,
    nameTextStyle: { color: CHART_COLORS.text, fontFamily: CHART_FONT_FAMILY, fontSize: CHART_FONT_SIZE },
    axisLine: { show: false },
    axisLabel: { ...style.axisLabel, formatter: axisFormatter(decimals) },
    splitLine: { lineStyle: { color: CHART_COLORS.grid } },
    // counts (no decimals shown) never get ticks such as 0.5
    ...(decimals === 0 ? { minInterval: 1 } : {}),
    ...extra,
  };
}

function categoryAxis(labels: string[], extra: Record<string, unknown> = {}) {
  return { type: 'category' as const, data: labels, ...axisStyle(), ...extra };
}

function paletteColor(index: number): string {
  return CHART_PALETTE[index % CHART_PALETTE.length] ?? '#0055AD';
}

function cell(value: number | null | undefined, decimals: number): string {
  return value === null || value === undefined ? MISSING : formatChartNumber(value, decimals);
}

function caption(title: string, unit: string): string {
  return unit ? `${title}（単位: ${unit}）` : title;
}

// ───────────── kpiPath ─────────────

/** Straight line from the baseline to the target; null outside it or without both ends. */
export function targetPathAt(spec: Pick<KpiPathSpec, 'baseline' | 'target'>, fy: number): number | null {
  const b = spec.baseline;
  const t = spec.target;
  if (!b || !t || t.fiscalYear <= b.fiscalYear || fy < b.fiscalYear || fy > t.fiscalYear) return null;
  if (fy === b.fiscalYear) return b.value;
  if (fy === t.fiscalYear) return t.value;
  return b.value + ((t.value - b.value) * (fy - b.fiscalYear)) / (t.fiscalYear - b.fiscalYear);
}

function buildKpiPath(spec: KpiPathSpec): BuiltChart {
  const { title, unit } = spec;
  checkTitle(title);
  const baseline = spec.baseline ?? null;
  const target = spec.target ?? null;
  const milestones = spec.milestones ?? [];
  const actual = new Map<number, number>();
  for (const a of spec.actuals) {
    checkYear(title, '実績', a.fiscalYear);
    if (actual.has(a.fiscalYear)) throw new RangeError(`グラフ「${title}」の${fiscalYearLabel(a.fiscalYear)}の実績が重複しています`);
    if (a.value !== null) {
      checkValue(title, `${fiscalYearLabel(a.fiscalYear)}の実績`, a.value);
      actual.set(a.fiscalYear, a.value);
    }
  }
  const milestone = new Map<number, number>();
  for (const m of milestones) {
    checkYear(title, '年度目標', m.fiscalYear);
    checkValue(title, `${fiscalYearLabel(m.fiscalYear)}の年度目標`, m.value);
    if (milestone.has(m.fiscalYear)) throw new RangeError(`グラフ「${title}」の${fiscalYearLabel(m.fiscalYear)}の年度目標が重複しています`);
    milestone.set(m.fiscalYear, m.value);
  }
  if (baseline) {
    checkYear(title, '基準値', baseline.fiscalYear);
    checkValue(title, '基準値', baseline.value);
  }
  if (target) {
    checkYear(title, '目標値', target.fiscalYear);
    checkValue(title, '目標値', target.value);
  }
  for (const fy of spec.fiscalYears ?? []) checkYear(title, '表示', fy);

  const years = yearRange(title, [
    ...spec.actuals.map((a) => a.fiscalYear),
    ...milestone.keys(),
    ...(baseline ? [baseline.fiscalYear] : []),
    ...(target ? [target.fiscalYear] : []),
    ...(spec.fiscalYears ?? []),
  ]);
  if (years.length === 0) throw new RangeError(`グラフ「${title}」に表示する年度がありません`);

  const decimals = chooseDecimals(spec, [
    ...actual.values(),
    ...milestone.values(),
    ...(baseline ? [baseline.value] : []),
    ...(target ? [target.value] : []),
  ]);
  const hasPath = !!(baseline && target && target.fiscalYear > baseline.fiscalYear);
  const pathName = hasPath ? '目標の経路' : target ? '目標値' : '基準値';
  // only the two ends: connectNulls draws the straight line between them (categories are evenly spaced)
  const pathData = years.map((fy) =>
    baseline && fy === baseline.fiscalYear ? baseline.value : target && fy === target.fiscalYear ? target.value : null,
  );
  const [actualColor, milestoneColor, pathColor] = [paletteColor(0), paletteColor(1), paletteColor(6)];

  const series: LineSeriesOption[] = [];
  const legend: string[] = ['実績'];
  if (baseline || target) {
    legend.push(pathName);
    series.push({
      type: 'line',
      name: pathName,
      data: pathData,
      connectNulls: true,
      symbol: 'rect',
      symbolSize: 8,
      showAllSymbol: true,
      color: pathColor,
      lineStyle: { type: 'dashed', width: 2, color: pathColor },
      itemStyle: { color: pathColor },
      z: 1,
    });
  }
  if (milestone.size > 0) {
    legend.push('年度目標');
    series.push({
      type: 'line',
      name: '年度目標',
      data: years.map((fy) => milestone.get(fy) ?? null),
      connectNulls: false,
      symbol: 'diamond',
      symbolSize: 12,
      showAllSymbol: true,
      color: milestoneColor,
      // points only: the line itself is not drawn
      lineStyle: { width: 0, opacity: 0 },
      itemStyle: { color: milestoneColor },
      z: 2,
    });
  }
  series.push({
    type: 'line',
    name: '実績',
    data: years.map((fy) => actual.get(fy) ?? null),
    // a year without an actual is a gap, never a zero
    connectNulls: false,
    symbol: 'circle',
    symbolSize: 8,
    showAllSymbol: true,
    color: actualColor,
    lineStyle: { width: 3, color: actualColor },
    itemStyle: { color: actualColor },
    z: 3,
  });

  const base = baseOption();
  const option: ChartOption = {
    ...base,
    legend: { ...(base.legend as LegendComponentOption), data: legend },
    xAxis: categoryAxis(years.map((fy) => fiscalYearShort(fy))),
    // a KPI moves within a band (95 %…97 %): the axis follows the data instead of starting at zero
    yAxis: valueAxis(unit, decimals, { scale: true }),
    series,
  };

  const columns = ['年度', '実績'];
  if (milestone.size > 0) columns.push('年度目標');
  if (baseline || target) columns.push(hasPath ? '目標の経路' : '基準値・目標値');
  const rows = years.map((fy) => {
    const cells = [cell(actual.get(fy), decimals)];
    if (milestone.size > 0) cells.push(cell(milestone.get(fy), decimals));
    if (baseline || target) {
      const isBase = baseline?.fiscalYear === fy;
      const isTarget = target?.fiscalYear === fy;
      const v = hasPath ? targetPathAt(spec, fy) : isBase ? baseline!.value : isTarget ? target!.value : null;
      const mark = isBase ? '（基準値）' : isTarget ? '（目標値）' : '';
      cells.push(v === null ? MISSING : `${formatChartNumber(v, decimals)}${mark}`);
    }
    return { label: fiscalYearLabel(fy), cells };
  });

  return { option, alt: kpiPathAlt(spec, years, actual, milestone, decimals), table: { caption: caption(title, unit), columns, rows } };
}

function kpiPathAlt(spec: KpiPathSpec, years: number[], actual: Map<number, number>, milestone: Map<number, number>, decimals: number): string {
  const { unit, title } = spec;
  const v = (n: number) => withUnit(formatChartNumber(n, decimals), unit);
  const parts: string[] = [`${title}の実績の推移。`];
  const ends: string[] = [];
  if (spec.baseline) ends.push(`基準値 ${fiscalYearLabel(spec.baseline.fiscalYear)} ${v(spec.baseline.value)}`);
  if (spec.target) ends.push(`目標 ${fiscalYearLabel(spec.target.fiscalYear)} ${v(spec.target.value)}`);
  if (ends.length > 0) parts.push(`${ends.join('、')}。`);

  const withActual = years.filter((fy) => actual.has(fy));
  const latest = withActual[withActual.length - 1];
  if (latest === undefined) {
    parts.push('実績はまだありません。');
    return parts.join('');
  }
  const value = actual.get(latest)!;
  parts.push(`最新の実績 ${fiscalYearLabel(latest)} ${v(value)}${comparison(spec, latest, value, decimals)}。`);
  const m = milestone.get(latest);
  if (m !== undefined) parts.push(`同年度の年度目標は${v(m)}。`);
  const gaps = years.filter((fy) => fy >= (withActual[0] ?? latest) && fy < latest && !actual.has(fy));
  if (gaps.length > 0) parts.push(`実績のない年度: ${gaps.map((fy) => fiscalYearLabel(fy)).join('、')}。`);
  return parts.join('');
}

/** （目標の経路を下回る） — neutral words: whether lower is better is the KPI's business, not the chart's. */
function comparison(spec: KpiPathSpec, fy: number, value: number, decimals: number): string {
  const target = spec.target;
  if (target && fy >= target.fiscalYear) {
    const s = sameAtPrecision(value, target.value, decimals);
    return s > 0 ? '（目標を上回る）' : s < 0 ? '（目標を下回る）' : '（目標と同じ）';
  }
  const path = targetPathAt(spec, fy);
  if (path === null) return '';
  const s = sameAtPrecision(value, path, decimals);
  return s > 0 ? '（目標の経路を上回る）' : s < 0 ? '（目標の経路を下回る）' : '（目標の経路どおり）';
}

// ───────────── groupedBars ─────────────

function buildGroupedBars(spec: GroupedBarsSpec): BuiltChart {
  const { title, unit } = spec;
  checkTitle(title);
  const years = spec.fiscalYears;
  if (years.length === 0) throw new RangeError(`グラフ「${title}」に表示する年度がありません`);
  years.forEach((fy) => checkYear(title, '表示', fy));
  if (new Set(years).size !== years.length) throw new RangeError(`グラフ「${title}」の年度が重複しています`);
  const lines = spec.lines ?? [];
  if (spec.bars.length === 0) throw new RangeError(`グラフ「${title}」に棒の系列がありません`);
  for (const s of [...spec.bars, ...lines]) checkSeries(title, s, years.length, '年度');
  const all = [...spec.bars, ...lines];
  const decimals = chooseDecimals(spec, all.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const rightAxis = lines.length > 0 && spec.lineUnit !== undefined && spec.lineUnit !== unit;

  const series: (BarSeriesOption | LineSeriesOption)[] = [
    ...spec.bars.map((s, i): BarSeriesOption => {
      const color = s.color ?? paletteColor(i);
      return { type: 'bar', name: s.name, data: [...s.values], color, itemStyle: { color }, barMaxWidth: 28, barGap: '10%' };
    }),
    ...lines.map((s, i): LineSeriesOption => {
      const color = s.color ?? paletteColor(spec.bars.length + i);
      return {
        type: 'line',
        name: s.name,
        data: [...s.values],
        yAxisIndex: rightAxis ? 1 : 0,
        connectNulls: false,
        symbol: 'circle',
        symbolSize: 8,
        showAllSymbol: true,
        color,
        lineStyle: { width: 3, color },
        itemStyle: { color },
        z: 3,
      };
    }),
  ];
  const base = baseOption();
  const option: ChartOption = {
    ...base,
    legend: { ...(base.legend as LegendComponentOption), data: all.map((s) => s.name) },
    xAxis: categoryAxis(years.map((fy) => fiscalYearShort(fy))),
    yAxis: rightAxis
      ? [valueAxis(unit, decimals), valueAxis(spec.lineUnit ?? '', decimals, { splitLine: { show: false }, position: 'right' })]
      : valueAxis(unit, decimals),
    series,
  };

  const lineLabel = (name: string) => (rightAxis ? `${name}（${spec.lineUnit}）` : name);
  const table: ChartTable = {
    caption: caption(title, unit),
    columns: ['年度', ...spec.bars.map((s) => s.name), ...lines.map((s) => lineLabel(s.name))],
    rows: years.map((fy, i) => ({ label: fiscalYearLabel(fy), cells: all.map((s) => cell(s.values[i], decimals)) })),
  };

  const unitOf = (s: ChartSeries) => (rightAxis && lines.includes(s) ? (spec.lineUnit ?? '') : unit);
  const v = (s: ChartSeries, n: number) => withUnit(formatChartNumber(n, decimals), unitOf(s));
  const parts = [`${title}（${fiscalYearLabel(years[0]!)}〜${fiscalYearLabel(years[years.length - 1]!)}、${all.map((s) => s.name).join('・')}）。`];
  const latestIndex = lastIndexWhere(years, (_, i) => all.some((s) => s.values[i] !== null));
  if (latestIndex < 0) {
    parts.push('値はまだありません。');
  } else {
    const values = all.map((s) => {
      const n = s.values[latestIndex];
      return n === null || n === undefined ? `${s.name} 値なし` : `${s.name} ${v(s, n)}`;
    });
    parts.push(`${fiscalYearLabel(years[latestIndex]!)}は${values.join('、')}。`);
    for (const s of all) {
      const first = s.values.findIndex((n) => n !== null);
      const last = lastIndexWhere(s.values, (n) => n !== null);
      if (first < 0 || last <= first) continue;
      const a = s.values[first]!;
      const b = s.values[last]!;
      const d = sameAtPrecision(b, a, decimals);
      const trend = d > 0 ? '増加' : d < 0 ? '減少' : '横ばい';
      parts.push(`${s.name}は${fiscalYearLabel(years[first]!)}の${v(s, a)}から${fiscalYearLabel(years[last]!)}の${v(s, b)}へ${trend}。`);
    }
  }
  return { option, alt: parts.join(''), table };
}

function lastIndexWhere<T>(list: readonly T[], test: (item: T, index: number) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i]!, i)) return i;
  return -1;
}

// ───────────── stackedBars ─────────────

function buildStackedBars(spec: StackedBarsSpec): BuiltChart {
  const { title, unit } = spec;
  checkTitle(title);
  if (spec.groups.length === 0) throw new RangeError(`グラフ「${title}」に区分がありません`);
  if (spec.series.length === 0) throw new RangeError(`グラフ「${title}」に系列がありません`);
  for (const s of spec.series) {
    checkSeries(title, s, spec.groups.length, '区分');
    s.values.forEach((n, i) => {
      if (n < 0) throw new RangeError(`グラフ「${title}」の「${spec.groups[i]}」の「${s.name}」が負の値です（${n}）`);
    });
  }
  const decimals = chooseDecimals(spec, spec.series.flatMap((s) => s.values));
  const horizontal = spec.horizontal === true;
  const series: BarSeriesOption[] = spec.series.map((s, i) => {
    const color = s.color ?? paletteColor(i);
    return {
      type: 'bar',
      name: s.name,
      stack: 'total',
      data: [...s.values],
      color,
      // white seams keep neighbouring parts apart whatever their colours
      itemStyle: { color, borderColor: CHART_COLORS.background, borderWidth: 1 },
      barMaxWidth: 36,
    };
  });
  const base = baseOption();
  const groupAxis = categoryAxis(spec.groups, horizontal ? { inverse: true, axisLabel: { ...axisStyle().axisLabel, width: 140, overflow: 'break', lineHeight: 18 } } : {});
  const option: ChartOption = {
    ...base,
    legend: { ...(base.legend as LegendComponentOption), data: spec.series.map((s) => s.name) },
    xAxis: horizontal ? valueAxis(unit, decimals) : groupAxis,
    yAxis: horizontal ? groupAxis : valueAxis(unit, decimals),
    series,
  };

  const header = spec.groupHeader?.trim() || '区分';
  const totals = spec.groups.map((_, i) => spec.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const seriesTotals = spec.series.map((s) => s.values.reduce((a, b) => a + b, 0));
  const grand = totals.reduce((a, b) => a + b, 0);
  const table: ChartTable = {
    caption: caption(title, unit),
    columns: [header, ...spec.series.map((s) => s.name), '計'],
    rows: [
      ...spec.groups.map((g, i) => ({
        label: g,
        cells: [...spec.series.map((s) => cell(s.values[i], decimals)), formatChartNumber(totals[i]!, decimals)],
      })),
      { label: '合計', cells: [...seriesTotals.map((n) => formatChartNumber(n, decimals)), formatChartNumber(grand, decimals)] },
    ],
  };

  const v = (n: number) => withUnit(formatChartNumber(n, decimals), unit);
  const parts = [`${title}。${header}ごとの内訳（${spec.groups.length}区分、合計${v(grand)}）。`];
  parts.push(`全体では${spec.series.map((s, i) => `${s.name} ${v(seriesTotals[i]!)}`).join('、')}。`);
  if (grand > 0) {
    const top = totals.reduce((best, n, i) => (n > totals[best]! ? i : best), 0);
    parts.push(`合計が最も多いのは「${spec.groups[top]}」の${v(totals[top]!)}。`);
  }
  return { option, alt: parts.join(''), table };
}

// ───────────── entry ─────────────

/** Spec → ECharts option, alt text and data table. Throws RangeError (Japanese) on a malformed spec. */
export function buildChart(spec: ChartSpec): BuiltChart {
  switch (spec.kind) {
    case 'kpiPath':
      return buildKpiPath(spec);
    case 'groupedBars':
      return buildGroupedBars(spec);
    case 'stackedBars':
      return buildStackedBars(spec);
    default: {
      const kind: never = spec;
      throw new RangeError(`グラフの種類が不正です: ${String((kind as { kind?: unknown }).kind)}`);
    }
  }
}
