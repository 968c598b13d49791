/** Export layouts and workbook import results → the DTOs of shared/api-types-exports.ts. Pure. */
import type { ExportLayoutBodyDto, ExportLayoutDto, WorkbookImportResultDto } from '../../../shared/api-types-exports.js';
import type { exportLayouts } from '../../../db/schema.js';
import { REPORT_STATE_LABELS, type ReportState } from '../../pdca/domain/workflow.js';
import { COLUMN_KIND_LABELS, COLUMN_KINDS, defaultLayout, PLACEHOLDER_LABELS, PLACEHOLDERS, type ExportLayout, type LayoutPlan } from '../domain/layout.js';
import type { RowNote } from '../domain/departmentWorkbook.js';

export function layoutBody(l: ExportLayout): ExportLayoutBodyDto {
  return {
    title: l.title,
    scheduledLegend: l.scheduledLegend,
    overdueLegend: l.overdueLegend,
    statusLegendLabel: l.statusLegendLabel,
    statusLegend: l.statusLegend,
    columns: l.columns.map((c) => ({
      kind: c.kind,
      ...(c.depth !== undefined ? { depth: c.depth } : {}),
      ...(c.title ? { title: c.title } : {}),
      ...(c.width !== undefined ? { width: c.width } : {}),
    })),
    fills: { ...l.fills },
    summarySheet: l.summarySheet,
  };
}

export function presentLayout(
  plan: LayoutPlan & { id: string },
  layout: ExportLayout,
  row: Pick<typeof exportLayouts.$inferSelect, 'version' | 'updatedAt'> | null,
): ExportLayoutDto {
  return {
    planId: plan.id,
    layout: layoutBody(layout),
    stored: row !== null,
    version: row?.version ?? 0,
    updatedAt: row ? row.updatedAt.toISOString() : null,
    defaults: layoutBody(defaultLayout(plan)),
    columnKinds: COLUMN_KINDS.map((kind) => ({ kind, label: COLUMN_KIND_LABELS[kind] })),
    placeholders: PLACEHOLDERS.map((key) => ({ key, label: PLACEHOLDER_LABELS[key] })),
    levelNames: [...plan.levelNames],
  };
}

export function presentImportResult(r: {
  roundId: string;
  department: { id: string; name: string };
  fileName: string;
  generatedAt: string;
  saved: { reportId: string; rowNumber: number; number: string; title: string; state: string; version: number }[];
  skipped: RowNote[];
  unchanged: number;
}): WorkbookImportResultDto {
  const parts = [`${r.saved.length}件を下書きとして保存しました`];
  if (r.skipped.length) parts.push(`${r.skipped.length}件は提出済みなどのため取り込みませんでした`);
  if (r.unchanged) parts.push(`${r.unchanged}件は変更がありませんでした`);
  return {
    roundId: r.roundId,
    department: r.department,
    fileName: r.fileName,
    generatedAt: r.generatedAt,
    saved: r.saved.map((s) => ({ reportId: s.reportId, row: s.rowNumber, number: s.number, title: s.title, state: s.state, version: s.version })),
    skipped: r.skipped.map((s) => ({
      reportId: s.reportId,
      row: s.rowNumber,
      number: s.number,
      title: s.title,
      state: REPORT_STATE_LABELS[s.state as ReportState] ?? s.state,
      message: s.message,
    })),
    unchangedCount: r.unchanged,
    message: `${r.department.name}の回答用ファイルを取り込みました。${parts.join('。')}。提出は画面から行ってください。`,
  };
}
