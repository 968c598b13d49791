/**
 * Evaluation of a numeric target: is the latest actual on the achieved side of the target, how far
 * is it from it, and how much of the way from the baseline has been covered (進捗率). Pure.
 * 未達成 is a verdict on the plan's target, so it is given only once the target fiscal year has
 * ended; before that a KPI short of its target is 目標年度前 (its 進捗率 and 進捗状況 say how it is
 * going), while one already meeting it is 達成.
 * Values are scaled integers of the same KPI, so comparisons are exact; the progress rate is a
 * rational rounded with integer arithmetic (BigInt), never through a float.
 */
import { fiscalYearOf } from '../../fiscal/domain/index.js';
import { formatKpiValue } from './value.js';

export const BOUNDS = ['at_most', 'at_least'] as const;
export type Bound = (typeof BOUNDS)[number];
export const BOUND_LABELS: Readonly<Record<Bound, string>> = { at_most: '以下', at_least: '以上' };

export const VALUE_KINDS = ['actual', 'milestone'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];
export const VALUE_KIND_LABELS: Readonly<Record<ValueKind, string>> = { actual: '実績値', milestone: '年度目標' };

export type KpiStatus = 'achieved' | 'before_target' | 'not_achieved' | 'no_data';
export const STATUS_LABELS: Readonly<Record<KpiStatus, string>> = { achieved: '達成', before_target: '目標年度前', not_achieved: '未達成', no_data: '未入力' };

/** progress: baseline on the wrong side, 進捗率 applies; maintain: baseline already meets the target (「維持」); none: no baseline. */
export type KpiMode = 'progress' | 'maintain' | 'none';

export interface KpiFigures {
  scale: number;
  unit: string;
  bound: Bound;
  baselineValue: number | null;
  targetValue: number | null;
  /** 目標値の年度: until it has ended a KPI short of its target is 目標年度前, not 未達成 */
  targetFiscalYear?: number | null | undefined;
}

export interface YearValue {
  fiscalYear: number;
  value: number;
}

export interface Evaluation {
  status: KpiStatus;
  mode: KpiMode;
  /** the latest actual (highest fiscal year), if any */
  latest: YearValue | null;
  /** scaled, in the KPI's unit: > 0 still short of the target by this much, <= 0 achieved with this margin */
  gap: number | null;
  /** 進捗率 in tenths of a percent (667 = 66.7 %), only in progress mode with an actual */
  progressTenths: number | null;
  /** short Japanese text: 「目標まであと4.0%」「目標を1.2ポイント上回る」「維持」… */
  note: string;
}

/** Does `value` meet the target on the side the bound says? */
export function meetsTarget(value: number, target: number, bound: Bound): boolean {
  return bound === 'at_most' ? value <= target : value >= target;
}

/** Signed distance still to go: positive = short of the target. */
export function gapToTarget(value: number, target: number, bound: Bound): number {
  return bound === 'at_most' ? value - target : target - value;
}

/** round(1000 · num / den), half away from zero, exactly. */
export function roundedPermille(num: number, den: number): number {
  const n = BigInt(num) * 1000n;
  const d = BigInt(den);
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  return Number(neg ? -q : q);
}

export function progressMode(k: KpiFigures): KpiMode {
  if (k.baselineValue === null || k.targetValue === null) return 'none';
  return meetsTarget(k.baselineValue, k.targetValue, k.bound) ? 'maintain' : 'progress';
}

/** 66.7% from 667 tenths. */
export const formatTenthsPercent = (t: number): string => `${formatKpiValue(t, 1)}%`;

export function latestOf(values: readonly YearValue[]): YearValue | null {
  let best: YearValue | null = null;
  for (const v of values) if (!best || v.fiscalYear > best.fiscalYear) best = v;
  return best;
}

/**
 * Has the target fiscal year ended on `today` (a date in Japan, 'YYYY-MM-DD')? FY2027 ends on
 * 2028-03-31. A KPI without a target year has nothing to wait for.
 */
export function targetYearEnded(targetFiscalYear: number | null | undefined, today: string): boolean {
  return targetFiscalYear === null || targetFiscalYear === undefined || fiscalYearOf(today) > targetFiscalYear;
}

/**
 * The evaluation on `today` (a date in Japan): 未達成 only once the target year has ended, 目標年度前
 * before. Without `today` the bare comparison of the latest actual with the target (達成 / 未達成),
 * for a caller that only asks whether a figure meets the target.
 */
export function evaluateKpi(k: KpiFigures, actuals: readonly YearValue[], today?: string): Evaluation {
  const mode = progressMode(k);
  const latest = latestOf(actuals);
  if (k.targetValue === null || latest === null) {
    return { status: 'no_data', mode, latest, gap: null, progressTenths: null, note: k.targetValue === null ? '目標値が未設定' : '' };
  }
  const achieved = meetsTarget(latest.value, k.targetValue, k.bound);
  const gap = gapToTarget(latest.value, k.targetValue, k.bound);
  const progressTenths = mode === 'progress' ? roundedPermille(latest.value - k.baselineValue!, k.targetValue - k.baselineValue!) : null;
  const amount = (v: number) => `${formatKpiValue(v, k.scale)}${k.unit}`;
  let note: string;
  if (mode === 'maintain') note = achieved ? '維持（目標の範囲内）' : `維持できていない（目標まであと${amount(gap)}）`;
  else if (!achieved) note = `目標まであと${amount(gap)}`;
  else if (gap === 0) note = '目標値に到達';
  else note = `目標を${amount(-gap)}${k.bound === 'at_most' ? '下回る' : '上回る'}`;
  const status: KpiStatus = achieved ? 'achieved' : today !== undefined && !targetYearEnded(k.targetFiscalYear, today) ? 'before_target' : 'not_achieved';
  return { status, mode, latest, gap, progressTenths, note };
}
