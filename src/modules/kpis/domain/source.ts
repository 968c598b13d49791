/**
 * A KPI whose figures are already in the plan's financial or staffing tables (経常収支比率,
 * 財政調整基金残高, 職員数): it takes them from one row instead of having them typed twice — the row's
 * 実績 (actual) figures become the KPI's actuals, its 計画・見込み (plan) figures the KPI's 年度目標.
 * Pure: which rows fit which KPI, and the conversion of a stored figure into the KPI's scaled
 * integer, in integer arithmetic (BigInt), never through a float.
 */
import { isYenUnit, yenFactor, type ValueKind as FigureValueKind } from '../../finance/domain/units.js';
import type { ValueKind } from './evaluation.js';

/** How the table stores its figures (finance/domain/units.ts Measure). */
export interface SourceMeasure {
  valueKind: FigureValueKind;
  unit: string;
  scale: number;
}

export interface KpiMeasure {
  unit: string;
  scale: number;
}

/** A row as lists name it: the section (歳入・歳出) first, so rows of the same label stay apart. */
export function sourceRowName(row: { section: string; label: string }): string {
  return [row.section, row.label].filter(Boolean).join('・');
}

/** 「基金残高」の「財政調整基金」（百万円）: how the UI, the API and messages name a KPI's source row. */
export function sourceLabel(table: { title: string; unit: string }, row: { section: string; label: string }): string {
  return `「${table.title}」の「${sourceRowName(row)}」${table.unit ? `（${table.unit}）` : ''}`;
}

/** Why the row's figures cannot be the KPI's (Japanese, for the user), or null when they can. */
export function sourceProblem(table: SourceMeasure, kpi: KpiMeasure): string | null {
  if (table.valueKind === 'yen') {
    if (!isYenUnit(kpi.unit)) return `金額の表の値は、単位が円・千円・百万円・億円の指標にだけ取り込めます（この指標の単位は「${kpi.unit || 'なし'}」）。`;
    return null;
  }
  if (table.unit.trim() !== kpi.unit.trim()) return `表の単位（${table.unit || 'なし'}）と指標の単位（${kpi.unit || 'なし'}）が違うため、表の値を取り込めません。`;
  if (kpi.scale < table.scale) return `指標の小数の桁数（${kpi.scale}桁）が表（${table.scale}桁）より少ないため、表の値をそのまま取り込めません。指標の小数の桁数を${table.scale}桁以上にしてください。`;
  return null;
}

/** round(n / d), halves away from zero. */
function divRound(n: bigint, d: bigint): bigint {
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  return neg ? -q : q;
}

/**
 * A stored figure as the KPI's scaled integer. Numbers keep their digits (99.6 % at scale 1 → 996);
 * yen become the KPI's unit at its scale, rounded half away from zero when the unit is coarser
 * (654,000,000 円 → 6.5 億円 at scale 1). `exact` says whether nothing was rounded away.
 * Callers check sourceProblem first.
 */
export function fromSourceFigure(value: number, table: SourceMeasure, kpi: KpiMeasure): { value: number; exact: boolean } {
  if (table.valueKind === 'yen') {
    const n = BigInt(Math.trunc(value)) * 10n ** BigInt(kpi.scale);
    const d = BigInt(yenFactor(kpi.unit));
    return { value: Number(divRound(n, d)), exact: n % d === 0n };
  }
  return { value: value * 10 ** (kpi.scale - table.scale), exact: true };
}

export interface SourceFigure {
  fiscalYear: number;
  /** plan (計画・見込み) / actual (実績) */
  kind: string;
  value: number;
}

export interface SourcedValue {
  fiscalYear: number;
  kind: ValueKind;
  value: number;
  exact: boolean;
}

/** The row's figures as the KPI's values: 実績 → actual, 計画・見込み → milestone (年度目標); by year. */
export function sourcedValues(figures: readonly SourceFigure[], table: SourceMeasure, kpi: KpiMeasure): SourcedValue[] {
  return figures
    .filter((f) => f.kind === 'actual' || f.kind === 'plan')
    .map((f) => ({ fiscalYear: f.fiscalYear, kind: f.kind === 'actual' ? ('actual' as const) : ('milestone' as const), ...fromSourceFigure(f.value, table, kpi) }))
    .sort((a, b) => a.fiscalYear - b.fiscalYear || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}
