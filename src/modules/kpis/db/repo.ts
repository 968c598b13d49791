/**
 * Tenant-scoped reads of KPIs and their values. Every statement filters on municipality_id:
 * an id of another municipality finds nothing.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { departments, fiscalTableRows, fiscalTables, fiscalTableValues, kpis, kpiValues, planNodes } from '../../../db/schema.js';
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

/** A table row KPIs may take their values from, with how its table stores figures. */
export interface SourceRow {
  rowId: string;
  rowLabel: string;
  section: string;
  tableId: string;
  tableTitle: string;
  planId: string;
  valueKind: string;
  unit: string;
  scale: number;
  updatedAt: Date;
}

export async function sourceRows(scope: TenantScope, rowIds: readonly string[]): Promise<SourceRow[]> {
  if (!rowIds.length) return [];
  const m = scope.municipalityId;
  return scope.db
    .select({
      rowId: fiscalTableRows.id,
      rowLabel: fiscalTableRows.label,
      section: fiscalTableRows.section,
      tableId: fiscalTables.id,
      tableTitle: fiscalTables.title,
      planId: fiscalTables.planId,
      valueKind: fiscalTables.valueKind,
      unit: fiscalTables.unit,
      scale: fiscalTables.scale,
      updatedAt: fiscalTables.updatedAt,
    })
    .from(fiscalTableRows)
    .innerJoin(fiscalTables, and(eq(fiscalTables.municipalityId, fiscalTableRows.municipalityId), eq(fiscalTables.id, fiscalTableRows.tableId)))
    .where(and(eq(fiscalTableRows.municipalityId, m), inArray(fiscalTableRows.id, [...rowIds])));
}

export async function sourceFigures(scope: TenantScope, rowIds: readonly string[]) {
  if (!rowIds.length) return [];
  return scope.db
    .select({ rowId: fiscalTableValues.rowId, fiscalYear: fiscalTableValues.fiscalYear, kind: fiscalTableValues.kind, value: fiscalTableValues.value })
    .from(fiscalTableValues)
    .where(and(eq(fiscalTableValues.municipalityId, scope.municipalityId), inArray(fiscalTableValues.rowId, [...rowIds])))
    .orderBy(asc(fiscalTableValues.fiscalYear));
}

/** The KPIs that take their values from any of these rows (the table commands refuse to remove those rows). */
export async function kpisSourcedFrom(scope: TenantScope, rowIds: readonly string[]): Promise<{ id: string; name: string; sourceRowId: string; unit: string; scale: number }[]> {
  if (!rowIds.length) return [];
  const rows = await scope.db
    .select({ id: kpis.id, name: kpis.name, sourceRowId: kpis.sourceRowId, unit: kpis.unit, scale: kpis.scale })
    .from(kpis)
    .where(and(eq(kpis.municipalityId, scope.municipalityId), inArray(kpis.sourceRowId, [...rowIds])))
    .orderBy(asc(kpis.sortOrder), asc(kpis.id));
  return rows.map((r) => ({ ...r, sourceRowId: r.sourceRowId! }));
}

