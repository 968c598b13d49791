/**
 * A KPI as a chart spec for the one chart renderer (shared/charts): actuals against the path from the
 * baseline to the target, in the KPI's unit (stored integers scaled by 10^scale). Pure; the citizens'
 * KPI page, the staff KPI tab and the PDFs draw from this.
 */
import type { KpiPathSpec } from '../../../shared/charts/index.js';

export interface KpiChartInput {
  name: string;
  number: string;
  unit: string;
  scale: number;
  baselineFiscalYear: number | null;
  baselineValue: number | null;
  targetFiscalYear: number | null;
  targetValue: number | null;
  actuals: readonly { fiscalYear: number; value: number }[];
  /** 年度目標 (working figures: the staff's chart only) */
  milestones?: readonly { fiscalYear: number; value: number }[];
}

/** null when there is nothing to draw (no baseline, target or actual). */
export function kpiChartSpec(k: KpiChartInput, years: readonly number[]): KpiPathSpec | null {
  const n = (v: number) => v / 10 ** k.scale;
  const baseline = k.baselineFiscalYear !== null && k.baselineValue !== null ? { fiscalYear: k.baselineFiscalYear, value: n(k.baselineValue) } : null;
  const target = k.targetFiscalYear !== null && k.targetValue !== null ? { fiscalYear: k.targetFiscalYear, value: n(k.targetValue) } : null;
  if (!baseline && !target && !k.actuals.length) return null;
  return {
    kind: 'kpiPath',
    title: k.name || k.number || '数値目標',
    unit: k.unit,
    actuals: k.actuals.map((a) => ({ fiscalYear: a.fiscalYear, value: n(a.value) })),
    baseline,
    target,
    ...(k.milestones?.length ? { milestones: k.milestones.map((m) => ({ fiscalYear: m.fiscalYear, value: n(m.value) })) } : {}),
    fiscalYears: [...years],
    decimals: k.scale,
  };
}
