/**
 * Tenant-scoped reads of the financial / staffing tables. Every statement filters on
 * municipality_id, so another municipality's ids find nothing.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { fiscalTableRows, fiscalTables, fiscalTableValues } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';

export type TableRow = typeof fiscalTables.$inferSelect;
export type RowRow = typeof fiscalTableRows.$inferSelect;
export type ValueRow = typeof fiscalTableValues.$inferSelect;

export async function findTable(scope: TenantScope, planId: string, tableId: string): Promise<TableRow | null> {
  const rows = await scope.db
    .select()
    .from(fiscalTables)
    .where(and(eq(fiscalTables.municipalityId, scope.municipalityId), eq(fiscalTables.planId, planId), eq(fiscalTables.id, tableId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function tablesOfPlan(scope: TenantScope, planId: string): Promise<TableRow[]> {
  return scope.db
    .select()
    .from(fiscalTables)
    .where(and(eq(fiscalTables.municipalityId, scope.municipalityId), eq(fiscalTables.planId, planId)))
    .orderBy(asc(fiscalTables.sortOrder), asc(fiscalTables.createdAt), asc(fiscalTables.id));
}

/** Every table of the municipality (open data), in plan and print order. */
export async function allTables(scope: TenantScope): Promise<TableRow[]> {
  return scope.db
    .select()
    .from(fiscalTables)
    .where(eq(fiscalTables.municipalityId, scope.municipalityId))
    .orderBy(asc(fiscalTables.planId), asc(fiscalTables.sortOrder), asc(fiscalTables.createdAt), asc(fiscalTables.id));
}

export async function rowsOfTables(scope: TenantScope, tableIds: readonly string[]): Promise<RowRow[]> {
  if (!tableIds.length) return [];
  return scope.db
    .select()
    .from(fiscalTableRows)
    .where(and(eq(fiscalTableRows.municipalityId, scope.municipalityId), inArray(fiscalTableRows.tableId, [...tableIds])))
    .orderBy(asc(fiscalTableRows.tableId), asc(fiscalTableRows.sortOrder));
}

export async function valuesOfTables(scope: TenantScope, tableIds: readonly string[]): Promise<ValueRow[]> {
  if (!tableIds.length) return [];
  return scope.db
    .select({
      municipalityId: fiscalTableValues.municipalityId,
      rowId: fiscalTableValues.rowId,
      fiscalYear: fiscalTableValues.fiscalYear,
      kind: fiscalTableValues.kind,
      value: fiscalTableValues.value,
    })
    .from(fiscalTableValues)
    .innerJoin(fiscalTableRows, and(eq(fiscalTableRows.municipalityId, fiscalTableValues.municipalityId), eq(fiscalTableRows.id, fiscalTableValues.rowId)))
    .where(and(eq(fiscalTableValues.municipalityId, scope.municipalityId), inArray(fiscalTableRows.tableId, [...tableIds])))
    .orderBy(asc(fiscalTableValues.rowId), asc(fiscalTableValues.fiscalYear), asc(fiscalTableValues.kind));
}

/** A table with its rows and their values, as loaded. */
export interface LoadedTable {
  table: TableRow;
  rows: (RowRow & { values: ValueRow[] })[];
}

export async function loadTables(scope: TenantScope, tables: readonly TableRow[]): Promise<LoadedTable[]> {
  const ids = tables.map((t) => t.id);
  const [rows, values] = [await rowsOfTables(scope, ids), await valuesOfTables(scope, ids)];
  const valuesBy = new Map<string, ValueRow[]>();
  for (const v of values) (valuesBy.get(v.rowId) ?? valuesBy.set(v.rowId, []).get(v.rowId)!).push(v);
  return tables.map((table) => ({
    table,
    rows: rows.filter((r) => r.tableId === table.id).map((r) => ({ ...r, values: valuesBy.get(r.id) ?? [] })),
  }));
}
