/**
 * The records of the fiscal_tables open-data resource (see opendata.ts for the columns): one per
 * table row × fiscal year × kind (plan / actual), figures as printed. Pure.
 */
import { FIGURE_KIND_LABELS, measureOf, type FigureKind } from '../../finance/domain/table.js';
import { decimalString, formatFigure } from '../../finance/domain/units.js';
import { fyWareki, record, RESOURCES, type OpenRecord } from './opendata.js';
import type { Publisher } from './opendataRecords.js';

export interface FiscalTableInput {
  id: string;
  planId: string;
  planTitle: string;
  kind: string;
  title: string;
  valueKind: string;
  unit: string;
  scale: number;
  source: string;
  rows: readonly {
    id: string;
    section: string;
    label: string;
    rowKind: string;
    values: readonly { fiscalYear: number; kind: string; value: number }[];
  }[];
}

export function fiscalTableRecords(m: Publisher, tables: readonly FiscalTableInput[]): OpenRecord[] {
  return tables.flatMap((t) => {
    const measure = measureOf(t);
    return t.rows.flatMap((r, i) =>
      [...r.values]
        .sort((a, b) => a.fiscalYear - b.fiscalYear || (a.kind === b.kind ? 0 : a.kind === 'actual' ? -1 : 1))
        .map((v) =>
          record(RESOURCES.fiscal_tables, m, {
            table_id: t.id,
            plan_id: t.planId,
            plan_title: t.planTitle,
            table_kind: t.kind,
            table_title: t.title,
            source: t.source,
            row_id: r.id,
            row_position: i + 1,
            section: r.section,
            row_label: r.label,
            row_kind: r.rowKind,
            fiscal_year: v.fiscalYear,
            fiscal_year_wareki: fyWareki(v.fiscalYear),
            figure_kind: v.kind,
            figure_kind_label: FIGURE_KIND_LABELS[v.kind as FigureKind] ?? v.kind,
            value_yen: measure.valueKind === 'yen' ? v.value : null,
            value_decimal: measure.valueKind === 'yen' ? null : decimalString(v.value, t.scale),
            unit: t.unit,
            printed_value: formatFigure(v.value, measure),
          }),
        ),
    );
  });
}
