/**
 * The printed columns of the published table in a plan's layout, and the text of each cell.
 * Pure; the xlsx writer and the PDF (publish) print the same columns from the same rows.
 */
import type { AnswerBasis } from '../../pdca/views/domain/model.js';
import {
  DEFAULT_WIDTHS,
  defaultColumnTitle,
  fillPlaceholders,
  placeholderValues,
  YEAR_GROUP_KINDS,
  type ColumnKind,
  type ExportLayout,
} from './layout.js';
import { levelAt, type ProgressRow, type ProgressTable } from './progressTable.js';

export const BASIS_LABELS: Record<AnswerBasis, string> = {
  accepted: '事務局確認済みの回答',
  submitted: '提出済み以降の回答',
  all: '作成中を含むすべての回答',
};

/** One printed column (a year group is expanded into one column per fiscal year). */
export interface PhysicalColumn {
  kind: ColumnKind;
  depth?: number | undefined;
  /** header text (placeholders filled in) */
  title: string;
  /** sub-header of a year column (R1 …) */
  year?: { fiscalYear: number; short: string } | undefined;
  /** first/last column of its year group */
  groupStart?: boolean;
  groupSize?: number;
  width: number;
  /** centred marks rather than wrapped text */
  centred: boolean;
}

const CENTRED: readonly ColumnKind[] = ['number', 'schedule', 'status', 'achievement', 'statusHistory'];

export function physicalColumns(table: ProgressTable, layout: ExportLayout): PhysicalColumn[] {
  const values = placeholderValues({ plan: table.plan.title, round: table.round.label, targetFiscalYear: table.round.targetFiscalYear.year, asOfDate: table.round.asOfDate });
  const out: PhysicalColumn[] = [];
  for (const c of layout.columns) {
    const title = fillPlaceholders(c.title?.trim() || defaultColumnTitle(c, { levelNames: table.plan.levelNames }), values);
    const width = c.width ?? DEFAULT_WIDTHS[c.kind];
    if (YEAR_GROUP_KINDS.includes(c.kind)) {
      const years = c.kind === 'schedule' ? table.scheduleYears : table.statusYears;
      years.forEach((y, i) =>
        out.push({ kind: c.kind, title, year: { fiscalYear: y.year, short: y.short }, groupStart: i === 0, groupSize: years.length, width, centred: true }),
      );
    } else out.push({ kind: c.kind, depth: c.depth, title, width, centred: CENTRED.includes(c.kind) });
  }
  return out;
}

/** The printed text of one cell. */
export function cellText(row: ProgressRow, col: PhysicalColumn): string {
  switch (col.kind) {
    case 'number':
      return row.number;
    case 'level': {
      const l = levelAt(row, col.depth ?? 0);
      return l ? [l.number, l.title].filter(Boolean).join(' ') : '';
    }
    case 'title':
      return row.title + row.marks.join('');
    case 'description':
      return row.description;
    case 'schedule':
      return row.schedule.find((s) => s.fiscalYear === col.year?.fiscalYear)?.text ?? '';
    case 'narrative':
      return row.narrative;
    case 'issues':
      return row.issues;
    case 'nextPlan':
      return row.nextPlan;
    case 'status':
      return row.status?.symbol ?? '';
    case 'achievement':
      return row.achievement?.symbol ?? '';
    case 'statusHistory':
      return row.statusHistory.find((s) => s.fiscalYear === col.year?.fiscalYear)?.status?.symbol ?? '';
    case 'departments':
      return row.departments.map((d) => d.name).join('\n');
  }
}

