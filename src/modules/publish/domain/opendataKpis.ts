/**
 * Records of the open-data resource `kpis` (数値目標・KPI). Pure. One row per KPI × fiscal year with
 * an actual; a KPI without actuals yet is still published, as one row with the year left empty.
 * Values are decimal text in the KPI's unit (99.6, -12.8), never the scaled integers stored.
 */
import { meetsTarget, type Bound, BOUND_LABELS } from '../../kpis/domain/evaluation.js';
import { decimalString } from '../../kpis/domain/value.js';
import { fyWareki, record, RESOURCES, type OpenRecord } from './opendata.js';
import type { Publisher } from './opendataRecords.js';

export interface KpiOpenInput {
  id: string;
  planId: string;
  planTitle: string;
  nodeId: string | null;
  category: string;
  number: string;
  name: string;
  unit: string;
  scale: number;
  bound: string;
  baselineFiscalYear: number | null;
  baselineValue: number | null;
  baselineNote: string;
  targetFiscalYear: number | null;
  targetValue: number | null;
  targetLabel: string;
  department: string;
  /** actuals only (milestones are working figures, not published) */
  actuals: readonly { fiscalYear: number; value: number; note: string }[];
}

export function kpiRecords(m: Publisher, kpis: readonly KpiOpenInput[]): OpenRecord[] {
  return kpis.flatMap((k) => {
    const dec = (v: number | null) => (v === null ? null : decimalString(v, k.scale));
    const fy = (v: number | null) => (v === null ? null : fyWareki(v));
    const common = {
      kpi_id: k.id,
      plan_id: k.planId,
      plan_title: k.planTitle,
      node_id: k.nodeId,
      category: k.category,
      number: k.number,
      name: k.name,
      unit: k.unit,
      bound: k.bound,
      bound_label: BOUND_LABELS[k.bound as Bound] ?? k.bound,
      baseline_fiscal_year: k.baselineFiscalYear,
      baseline_fiscal_year_wareki: fy(k.baselineFiscalYear),
      baseline_value: dec(k.baselineValue),
      baseline_note: k.baselineNote,
      target_fiscal_year: k.targetFiscalYear,
      target_fiscal_year_wareki: fy(k.targetFiscalYear),
      target_value: dec(k.targetValue),
      target_label: k.targetLabel,
      department: k.department,
    };
    const actuals = [...k.actuals].sort((a, b) => a.fiscalYear - b.fiscalYear);
    if (!actuals.length) return [record(RESOURCES.kpis, m, { ...common, fiscal_year: null, fiscal_year_wareki: null, actual_value: null, actual_note: null, achieved: null })];
    return actuals.map((a) =>
      record(RESOURCES.kpis, m, {
        ...common,
        fiscal_year: a.fiscalYear,
        fiscal_year_wareki: fyWareki(a.fiscalYear),
        actual_value: dec(a.value),
        actual_note: a.note,
        achieved: k.targetValue === null ? null : meetsTarget(a.value, k.targetValue, k.bound as Bound),
      }),
    );
  });
}
