/**
 * KPIs of a plan with their values and evaluation (latest actual against the target, and against its
 * year's 年度目標: 進捗状況). Tenant-scoped.
 */
import type { KpiDto, KpiListDto } from '../../../shared/api-types-kpis.js';
import type { TenantScope } from '../../../shared/context.js';
import { notFound } from '../../../shared/errors.js';
import { todayInTokyo } from '../../fiscal/domain/index.js';
import { findPlan } from '../../plans/db/repo.js';
import { findKpi, kpiRowsOfPlan, labelsFor, type KpiRow } from '../db/repo.js';
import { presentKpi } from '../presenters/kpi.js';
import { valuesWithSources } from './values.js';

async function present(scope: TenantScope, rows: KpiRow[], today: string): Promise<KpiDto[]> {
  // one after the other: inside a transaction the executor is a single connection
  const { values, sources } = await valuesWithSources(scope, rows);
  const labels = await labelsFor(
    scope,
    rows.flatMap((r) => (r.nodeId ? [r.nodeId] : [])),
    rows.flatMap((r) => (r.departmentId ? [r.departmentId] : [])),
  );
  return rows.map((r) =>
    presentKpi(r, values, {
      node: r.nodeId ? labels.nodes.get(r.nodeId) : undefined,
      departmentName: r.departmentId ? labels.departments.get(r.departmentId)?.name : undefined,
      source: sources.get(r.id),
    }, today),
  );
}

/** `today` (in Japan) decides whether a target year has ended: 未達成 or 目標年度前. */
export async function listKpis(scope: TenantScope, planId: string, today = todayInTokyo()): Promise<KpiListDto> {
  const plan = await findPlan(scope, planId);
  if (!plan) throw notFound('計画');
  const rows = await kpiRowsOfPlan(scope, planId);
  const items = await present(scope, rows, today);
  // the plan period, widened to any year an actual was entered for (e.g. one before the plan started)
  const years = items.flatMap((k) => k.values.filter((v) => v.kind === 'actual').map((v) => v.fiscalYear));
  const first = Math.min(plan.firstFiscalYear, ...years);
  const last = Math.max(plan.lastFiscalYear, ...years);
  const fiscalYears: number[] = [];
  for (let fy = first; fy <= last; fy++) fiscalYears.push(fy);
  return { planId, fiscalYears, items };
}

export async function getKpi(scope: TenantScope, planId: string, kpiId: string, loaded?: KpiRow, today = todayInTokyo()): Promise<KpiDto> {
  const row = loaded ?? (await findKpi(scope, planId, kpiId));
  if (!row) throw notFound('数値目標・KPI');
  return (await present(scope, [row], today))[0]!;
}
