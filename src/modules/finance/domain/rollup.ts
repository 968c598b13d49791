/**
 * The roll-up check of a table: for each section, year and kind the sum of its 'item' rows
 * ('breakdown' rows — うち… — are not added), compared with the printed 'total' rows; and 歳入計 −
 * 歳出計 compared with a 'balance' row. Discrepancies are reported, never corrected: the printed
 * figure is what the plan says. Pure.
 */
import { cellName, formatFigure, type Measure } from './units.js';
import { EXPENDITURE, FIGURE_KIND_LABELS, REVENUE, type FigureKind, type RowKind } from './table.js';

export interface RollupRow {
  id: string;
  label: string;
  section: string;
  rowKind: RowKind;
  values: readonly { fiscalYear: number; kind: FigureKind; value: number }[];
}

export interface Discrepancy {
  rowId: string;
  label: string;
  fiscalYear: number;
  kind: FigureKind;
  printed: number;
  computed: number;
  message: string;
}

export interface SectionSum {
  section: string;
  fiscalYear: number;
  kind: FigureKind;
  /** sum of the section's 'item' rows */
  sum: number;
}

const key = (section: string, fy: number, kind: string) => `${section}\u0000${fy}\u0000${kind}`;

export function checkRollups(rows: readonly RollupRow[], measure: Measure): { sums: SectionSum[]; discrepancies: Discrepancy[] } {
  const sums = new Map<string, SectionSum>();
  for (const r of rows) {
    if (r.rowKind !== 'item') continue;
    for (const v of r.values) {
      const k = key(r.section, v.fiscalYear, v.kind);
      const s = sums.get(k) ?? { section: r.section, fiscalYear: v.fiscalYear, kind: v.kind, sum: 0 };
      s.sum += v.value;
      sums.set(k, s);
    }
  }
  const fmt = (n: number) => formatFigure(n, measure);
  const discrepancies: Discrepancy[] = [];
  const report = (r: RollupRow, fy: number, kind: FigureKind, printed: number, computed: number, what: string) => {
    if (printed === computed) return;
    discrepancies.push({
      rowId: r.id,
      label: r.label,
      fiscalYear: fy,
      kind,
      printed,
      computed,
      message: `${cellName(r.label, fy)}${kind === 'actual' ? `（${FIGURE_KIND_LABELS.actual}）` : ''}: 記載の ${fmt(printed)} が${what}の ${fmt(computed)} と一致しません（差 ${fmt(printed - computed)}）。`,
    });
  };

  // printed totals per section, for the balance
  const totals = new Map<string, number>();
  for (const r of rows) {
    if (r.rowKind !== 'total') continue;
    for (const v of r.values) {
      const k = key(r.section, v.fiscalYear, v.kind);
      if (!totals.has(k)) totals.set(k, v.value);
      const s = sums.get(k);
      if (s) report(r, v.fiscalYear, v.kind, v.value, s.sum, `${r.section ? `${r.section}の` : ''}項目の合計`);
    }
  }
  const sectionTotal = (section: string, fy: number, kind: string) => totals.get(key(section, fy, kind)) ?? sums.get(key(section, fy, kind))?.sum;
  for (const r of rows) {
    if (r.rowKind !== 'balance') continue;
    for (const v of r.values) {
      const rev = sectionTotal(REVENUE, v.fiscalYear, v.kind);
      const exp = sectionTotal(EXPENDITURE, v.fiscalYear, v.kind);
      if (rev === undefined || exp === undefined) continue;
      report(r, v.fiscalYear, v.kind, v.value, rev - exp, '歳入計－歳出計');
    }
  }
  const order = [...sums.values()].sort((a, b) => a.section.localeCompare(b.section) || a.fiscalYear - b.fiscalYear || a.kind.localeCompare(b.kind));
  return { sums: order, discrepancies };
}
