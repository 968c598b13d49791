/**
 * The values a KPI shows: those entered for it, or — when it takes them from a row of the plan's
 * financial / staffing tables — that row's figures converted to the KPI's unit and scale
 * (domain/source.ts). Values entered by hand stay stored while a KPI is linked; they are shown
 * again if the link is removed. Used by the staff API and the open data alike.
 */
import type { TenantScope } from '../../../shared/context.js';
import { formatFigure } from '../../finance/domain/units.js';
import { sourceProblem, sourcedValues, type SourceMeasure } from '../domain/source.js';
import { sourceFigures, sourceRows, valuesOf, type KpiRow, type KpiValueRow, type SourceRow } from '../db/repo.js';

export interface ShownValue extends KpiValueRow {
  fromTable: boolean;
}

export interface ShownSource extends SourceRow {
  problem: string | null;
}

export async function valuesWithSources(scope: TenantScope, rows: readonly KpiRow[]): Promise<{ values: ShownValue[]; sources: Map<string, ShownSource> }> {
  const linked = rows.filter((r) => r.sourceRowId !== null);
  const rowIds = [...new Set(linked.map((r) => r.sourceRowId!))];
  // one after the other: inside a transaction the executor is a single connection
  const stored = await valuesOf(
    scope,
    rows.filter((r) => r.sourceRowId === null).map((r) => r.id),
  );
  const meta = new Map((await sourceRows(scope, rowIds)).map((r) => [r.rowId, r]));
  const figures = await sourceFigures(scope, rowIds);
  const values: ShownValue[] = stored.map((v) => ({ ...v, fromTable: false }));
  const sources = new Map<string, ShownSource>();
  for (const k of linked) {
    const src = meta.get(k.sourceRowId!);
    if (!src) continue;
    const measure: SourceMeasure = { valueKind: src.valueKind as SourceMeasure['valueKind'], unit: src.unit, scale: src.scale };
    const problem = sourceProblem(measure, k);
    sources.set(k.id, { ...src, problem });
    if (problem) continue;
    const own = figures.filter((f) => f.rowId === src.rowId);
    for (const v of sourcedValues(own, measure, k)) {
      const printed = own.find((f) => f.fiscalYear === v.fiscalYear && (f.kind === 'actual') === (v.kind === 'actual'))!;
      values.push({
        municipalityId: k.municipalityId,
        kpiId: k.id,
        fiscalYear: v.fiscalYear,
        kind: v.kind,
        value: v.value,
        // a rounded figure says what the table holds
        note: v.exact ? '' : `表の値 ${formatFigure(printed.value, measure)}${src.unit} を指標の桁数に丸めた値`,
        recordedBy: `表「${src.tableTitle}」`,
        recordedAt: src.updatedAt,
        fromTable: true,
      });
    }
  }
  return { values, sources };
}
