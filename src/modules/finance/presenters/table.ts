import type { FiscalColumnDto, FiscalTableDto } from '../../../shared/api-types-finance.js';
import { fiscalYearLabel, fiscalYearShort } from '../../fiscal/domain/index.js';
import { checkRollups } from '../domain/rollup.js';
import { measureOf, TABLE_KIND_LABELS, type FigureKind, type RowKind, type TableKind } from '../domain/table.js';
import { formatFigure, unitLine } from '../domain/units.js';
import type { LoadedTable } from '../db/repo.js';

/** Every (year, kind) with a figure — 実績 before 計画 in a year that has both — and a plan column for empty years. */
export function columnsOf(first: number, last: number, values: readonly { fiscalYear: number; kind: string }[]): FiscalColumnDto[] {
  const out: FiscalColumnDto[] = [];
  for (let fy = first; fy <= last; fy++) {
    const kinds = (['actual', 'plan'] as const).filter((k) => values.some((v) => v.fiscalYear === fy && v.kind === k));
    for (const kind of kinds.length ? kinds : (['plan'] as const)) out.push({ fiscalYear: fy, kind, short: fiscalYearShort(fy), label: fiscalYearLabel(fy) });
  }
  return out;
}

export function presentTable({ table: t, rows }: LoadedTable): FiscalTableDto {
  const measure = measureOf(t);
  const presentedRows = rows.map((r) => ({
    id: r.id,
    sortOrder: r.sortOrder,
    section: r.section,
    label: r.label,
    rowKind: r.rowKind as RowKind,
    values: r.values.map((v) => ({ fiscalYear: v.fiscalYear, kind: v.kind as FigureKind, value: v.value, text: formatFigure(v.value, measure) })),
  }));
  const { discrepancies } = checkRollups(presentedRows, measure);
  return {
    id: t.id,
    planId: t.planId,
    kind: t.kind as TableKind,
    kindLabel: TABLE_KIND_LABELS[t.kind as TableKind] ?? t.kind,
    title: t.title,
    valueKind: measure.valueKind,
    unit: t.unit,
    unitLine: unitLine(t.unit),
    scale: t.scale,
    firstFiscalYear: t.firstFiscalYear,
    lastFiscalYear: t.lastFiscalYear,
    sortOrder: t.sortOrder,
    source: t.source,
    note: t.note,
    version: t.version,
    columns: columnsOf(t.firstFiscalYear, t.lastFiscalYear, presentedRows.flatMap((r) => r.values)),
    rows: presentedRows,
    discrepancies,
    updatedAt: t.updatedAt.toISOString(),
  };
}

/** The table's full state as written to the audit log. */
export function tableAuditState({ table: t, rows }: LoadedTable) {
  return {
    id: t.id,
    planId: t.planId,
    kind: t.kind,
    title: t.title,
    valueKind: t.valueKind,
    unit: t.unit,
    scale: t.scale,
    firstFiscalYear: t.firstFiscalYear,
    lastFiscalYear: t.lastFiscalYear,
    sortOrder: t.sortOrder,
    source: t.source,
    note: t.note,
    version: t.version,
    rows: rows.map((r) => ({ id: r.id, section: r.section, label: r.label, rowKind: r.rowKind, values: r.values.map((v) => [v.fiscalYear, v.kind, v.value]) })),
  };
}
