/**
 * What the open data publishes of KPIs: every KPI of the municipality's plans with its actuals (entered,
 * or taken from a row of the financial / staffing tables),
 * in plan order then the KPIs' own order. Tenant-scoped.
 */
import { and, asc, eq } from 'drizzle-orm';
import { departments, kpis } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';
import type { KpiOpenInput } from '../../publish/domain/opendataKpis.js';
import { valuesWithSources } from './values.js';

export async function kpisForOpenData(scope: TenantScope, plans: readonly { id: string; title: string }[]): Promise<{ items: KpiOpenInput[]; modified: Date | null }> {
  const m = scope.municipalityId;
  const rows = await scope.db
    .select({ kpi: kpis, department: departments.name })
    .from(kpis)
    .leftJoin(departments, and(eq(departments.municipalityId, kpis.municipalityId), eq(departments.id, kpis.departmentId)))
    .where(eq(kpis.municipalityId, m))
    .orderBy(asc(kpis.sortOrder), asc(kpis.createdAt), asc(kpis.id));
  // actuals as the staff see them: entered, or taken from a table row
  const values = (await valuesWithSources(scope, rows.map((r) => r.kpi))).values.filter((v) => v.kind === 'actual').sort((a, b) => a.fiscalYear - b.fiscalYear);
  const planOrder = new Map(plans.map((p, i) => [p.id, i]));
  const items = rows
    .filter((r) => planOrder.has(r.kpi.planId))
    .sort((a, b) => planOrder.get(a.kpi.planId)! - planOrder.get(b.kpi.planId)!)
    .map(({ kpi: k, department }) => ({
      id: k.id,
      planId: k.planId,
      planTitle: plans[planOrder.get(k.planId)!]!.title,
      nodeId: k.nodeId,
      category: k.category,
      number: k.number,
      name: k.name,
      unit: k.unit,
      scale: k.scale,
      bound: k.bound,
      baselineFiscalYear: k.baselineFiscalYear,
      baselineValue: k.baselineValue,
      baselineNote: k.baselineNote,
      targetFiscalYear: k.targetFiscalYear,
      targetValue: k.targetValue,
      targetLabel: k.targetLabel,
      department: department ?? '',
      actuals: values.filter((v) => v.kpiId === k.id).map((v) => ({ fiscalYear: v.fiscalYear, value: v.value, note: v.note })),
    }));
  // a value's recorded_at moves with each entry; the KPI's updated_at with each edit
  const stamps = [...rows.map((r) => r.kpi.updatedAt), ...values.map((v) => v.recordedAt)].map((d) => new Date(d).getTime());
  return { items, modified: stamps.length ? new Date(Math.max(...stamps)) : null };
}
