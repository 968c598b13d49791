/**
 * What citizens see of a round's progress table and its summary, whatever the page or file: the
 * table as built for publication (accepted answers), minus anything from a round that is not
 * published itself — a status taken from a round still open, and the comparison with a previous
 * round that is not closed. Pure.
 */
import type { ProgressTable } from '../../exports/domain/progressTable.js';
import type { ProgressSummary, SummaryCell, SummaryRow } from '../../exports/domain/summary.js';

/** The table without statuses of rounds still open (provisional cells become empty). */
export function publishedTable(table: ProgressTable): ProgressTable {
  if (!table.rows.some((r) => r.statusHistory.some((c) => c.provisional))) return table;
  return {
    ...table,
    rows: table.rows.map((r) =>
      r.statusHistory.some((c) => c.provisional)
        ? { ...r, statusHistory: r.statusHistory.map((c) => (c.provisional ? { ...c, status: null, roundId: null, provisional: false } : c)) }
        : r,
    ),
  };
}

const noBefore = (c: SummaryCell): SummaryCell => ({ ...c, before: null, delta: null });
const rowWithoutBefore = (r: SummaryRow): SummaryRow => ({ ...r, cells: r.cells.map(noBefore), total: noBefore(r.total) });

/** The summary as published: without the previous round when that round is not published (closed) itself. */
export function publishedSummary(summary: ProgressSummary, previousPublished: boolean): ProgressSummary {
  if (previousPublished || !summary.previous) return summary;
  return {
    ...summary,
    previous: null,
    sections: summary.sections.map((s) => ({ ...s, rows: s.rows.map(rowWithoutBefore), total: rowWithoutBefore(s.total) })),
  };
}
