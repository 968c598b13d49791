import type { KpiCourseDto, KpiDto, KpiSourceDto, KpiValueDto } from '../../../shared/api-types-kpis.js';
import { fiscalYearLabel } from '../../fiscal/domain/index.js';
import { COURSE_LABELS, courseByYear, evaluateCourse, type Course, type CourseFigures } from '../domain/course.js';
import { BOUND_LABELS, STATUS_LABELS, evaluateKpi, formatTenthsPercent, type Bound } from '../domain/evaluation.js';
import { sourceLabel } from '../domain/source.js';
import { formatKpiValue } from '../domain/value.js';
import type { KpiRow, KpiValueRow } from '../db/repo.js';
import type { ShownSource, ShownValue } from '../queries/values.js';

export interface KpiLabels {
  node?: { number: string; title: string } | undefined;
  departmentName?: string | undefined;
  /** the table row the values come from */
  source?: ShownSource | undefined;
}

export function presentSource(s: ShownSource): KpiSourceDto {
  return {
    rowId: s.rowId,
    tableId: s.tableId,
    tableTitle: s.tableTitle,
    rowLabel: s.rowLabel,
    label: sourceLabel({ title: s.tableTitle, unit: s.unit }, { section: s.section, label: s.rowLabel }),
    problem: s.problem,
  };
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

export function presentValue(k: Pick<KpiRow, 'scale'>, v: KpiValueRow | ShownValue): KpiValueDto {
  return {
    fiscalYear: v.fiscalYear,
    fiscalYearLabel: fiscalYearLabel(v.fiscalYear),
    kind: v.kind as KpiValueDto['kind'],
    value: v.value,
    text: formatKpiValue(v.value, k.scale),
    note: v.note,
    recordedBy: v.recordedBy,
    recordedAt: iso(v.recordedAt),
    fromTable: 'fromTable' in v ? v.fromTable : false,
  };
}

/** 「95.6%以下」, or the plan's wording (収支均衡) when it has one. */
export function targetText(k: Pick<KpiRow, 'targetValue' | 'targetLabel' | 'scale' | 'unit' | 'bound'>): string | null {
  if (k.targetLabel) return k.targetLabel;
  if (k.targetValue === null) return null;
  return `${formatKpiValue(k.targetValue, k.scale)}${k.unit}${BOUND_LABELS[k.bound as Bound] ?? ''}`;
}

export function presentCourse(k: Pick<KpiRow, 'scale' | 'unit' | 'bound'>, c: Course): KpiCourseDto {
  return {
    status: c.status,
    statusLabel: COURSE_LABELS[c.status],
    fiscalYear: c.fiscalYear,
    fiscalYearLabel: c.fiscalYear === null ? null : fiscalYearLabel(c.fiscalYear),
    basis: c.basis,
    reference: c.reference,
    referenceText: c.reference === null ? null : `${formatKpiValue(c.reference, k.scale)}${k.unit}${BOUND_LABELS[k.bound as Bound] ?? ''}`,
    gap: c.gap,
    note: c.note,
  };
}

/** `today` (a date in Japan) decides 未達成 (target year ended) or 目標年度前. */
export function presentKpi(k: KpiRow, values: readonly (KpiValueRow | ShownValue)[], labels: KpiLabels, today: string): KpiDto {
  const own = values.filter((v) => v.kpiId === k.id);
  const yearValues = (kind: string) => own.filter((v) => v.kind === kind).map((v) => ({ fiscalYear: v.fiscalYear, value: v.value }));
  const actuals = yearValues('actual');
  const milestones = yearValues('milestone');
  const figures: CourseFigures = { scale: k.scale, unit: k.unit, bound: k.bound as Bound, baselineValue: k.baselineValue, targetValue: k.targetValue, targetFiscalYear: k.targetFiscalYear };
  const e = evaluateKpi(figures, actuals, today);
  return {
    id: k.id,
    planId: k.planId,
    nodeId: k.nodeId,
    nodeLabel: labels.node ? [labels.node.number, labels.node.title].filter(Boolean).join(' ') : null,
    category: k.category,
    number: k.number,
    sortOrder: k.sortOrder,
    name: k.name,
    unit: k.unit,
    scale: k.scale,
    bound: k.bound as Bound,
    boundLabel: BOUND_LABELS[k.bound as Bound] ?? k.bound,
    baselineFiscalYear: k.baselineFiscalYear,
    baselineFiscalYearLabel: k.baselineFiscalYear === null ? null : fiscalYearLabel(k.baselineFiscalYear),
    baselineValue: k.baselineValue,
    baselineText: k.baselineValue === null ? null : formatKpiValue(k.baselineValue, k.scale),
    baselineNote: k.baselineNote,
    targetFiscalYear: k.targetFiscalYear,
    targetFiscalYearLabel: k.targetFiscalYear === null ? null : fiscalYearLabel(k.targetFiscalYear),
    targetValue: k.targetValue,
    targetValueText: k.targetValue === null ? null : formatKpiValue(k.targetValue, k.scale),
    targetText: targetText(k),
    targetLabel: k.targetLabel,
    description: k.description,
    departmentId: k.departmentId,
    departmentName: labels.departmentName ?? null,
    version: k.version,
    updatedAt: iso(k.updatedAt),
    source: labels.source ? presentSource(labels.source) : null,
    values: own.map((v) => presentValue(k, v)),
    evaluation: {
      status: e.status,
      statusLabel: STATUS_LABELS[e.status],
      mode: e.mode,
      latestFiscalYear: e.latest?.fiscalYear ?? null,
      latestText: e.latest ? formatKpiValue(e.latest.value, k.scale) : null,
      gap: e.gap,
      progressTenths: e.progressTenths,
      progressLabel: e.mode === 'maintain' ? '維持' : e.progressTenths === null ? '' : formatTenthsPercent(e.progressTenths),
      note: e.note,
      course: presentCourse(k, evaluateCourse(figures, actuals, milestones)),
      courseByYear: courseByYear(figures, actuals, milestones).map((c) => presentCourse(k, c)),
    },
  };
}

/** What the audit row keeps of a KPI: its fields and values, scaled. */
export function kpiAuditState(k: KpiRow, values: readonly KpiValueRow[]) {
  const { createdAt: _c, updatedAt: _u, municipalityId: _m, ...fields } = k;
  return { ...fields, values: values.filter((v) => v.kpiId === k.id).map((v) => ({ fiscalYear: v.fiscalYear, kind: v.kind, value: v.value, note: v.note })) };
}
