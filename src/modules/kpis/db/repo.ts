/**
 * Tenant-scoped reads of KPIs and their values. Every statement filters on municipality_id:
 * an id of another municipality finds nothing.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { departments, kpis, kpiValues, planNodes } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';

export type KpiRow = typeof kpis.$inferSelect;
export type KpiValueRow = typeof kpiValues.$inferSelect;

export async function findKpi(scope: TenantScope, planId: string, kpiId: string): Promise<KpiRow | null> {
  const rows = await scope.db
    .select()
    .from(kpis)
    .where(and(eq(kpis.municipalityId, scope.municipalityId), eq(kpis.planId, planId), eq(kpis.id, kpiId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function kpiRowsOfPlan(scope: TenantScope, planId: string): Promise<KpiRow[]> {
  return scope.db
    .select()
    .from(kpis)
    .where(and(eq(kpis.municipalityId, scope.municipalityId), eq(kpis.planId, planId)))
    .orderBy(asc(kpis.sortOrder), asc(kpis.createdAt), asc(kpis.id));
}

export async function valuesOf(scope: TenantScope, kpiIds: readonly string[]): Promise<KpiValueRow[]> {
  if (!kpiIds.length) return [];
  return scope.db
    .select()
    .from(kpiValues)
    .where(and(eq(kpiValues.municipalityId, scope.municipalityId), inArray(kpiValues.kpiId, [...kpiIds])))
    .orderBy(asc(kpiValues.fiscalYear), asc(kpiValues.kind));
}

/** Labels of the items and departments KPIs point at. */
export async function labelsFor(scope: TenantScope, nodeIds: readonly string[], departmentIds: readonly string[]) {
  const m = scope.municipalityId;
  const nodes = nodeIds.length
    ? await scope.db
        .select({ id: planNodes.id, planId: planNodes.planId, number: planNodes.number, title: planNodes.title })
        .from(planNodes)
        .where(and(eq(planNodes.municipalityId, m), inArray(planNodes.id, [...nodeIds])))
    : [];
  const depts = departmentIds.length
    ? await scope.db
        .select({ id: departments.id, name: departments.name })
        .from(departments)
        .where(and(eq(departments.municipalityId, m), inArray(departments.id, [...departmentIds])))
    : [];
  return { nodes: new Map(nodes.map((n) => [n.id, n])), departments: new Map(depts.map((d) => [d.id, d])) };
}
