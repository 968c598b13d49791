/**
 * JSON shapes of the export / workbook API (公表用の実施状況表のレイアウト、担当課の回答用Excelの取込み).
 * The files themselves (.xlsx, .zip) are binary responses; errors use ApiErrorBody from ./api-types.ts.
 */
import type { JobDto } from './api-types-imports.js';

export type ExportColumnKindDto =
  | 'number'
  | 'level'
  | 'title'
  | 'description'
  | 'schedule'
  | 'narrative'
  | 'issues'
  | 'nextPlan'
  | 'status'
  | 'achievement'
  | 'statusHistory'
  | 'departments';

export interface ExportLayoutColumnDto {
  kind: ExportColumnKindDto;
  /** kind 'level' only: the depth of the ancestor (0 = top level) */
  depth?: number;
  /** header text; absent = the default for the kind. Placeholders: {plan} {round} {roundShort} {fy} {fyShort} {asOf} */
  title?: string;
  /** characters; for schedule / statusHistory the width of each year's sub-column */
  width?: number;
}

export interface ExportLayoutBodyDto {
  /** e.g. "3.実施計画の実施状況（{round}）" */
  title: string;
  /** text after the first ● (scheduled in the target year), e.g. "{fyShort}実施する事業" */
  scheduledLegend: string;
  /** text after the second ● (overdue) */
  overdueLegend: string;
  /** word before the status legend, e.g. 取組状況 */
  statusLegendLabel: string;
  /** the whole status legend line; "" = generated from the legend with each value's definition */
  statusLegend: string;
  columns: ExportLayoutColumnDto[];
  /** RGB hex without '#', e.g. FFF2CC */
  fills: { scheduled: string; overdue: string };
  /** add the 集計 sheet */
  summarySheet: boolean;
}

export interface ExportLayoutDto {
  planId: string;
  /** the layout in force (stored, or the default when nothing is stored) */
  layout: ExportLayoutBodyDto;
  stored: boolean;
  /** 0 when nothing is stored; send it back with PUT */
  version: number;
  updatedAt: string | null;
  /** the default layout for this plan (seed 001's) */
  defaults: ExportLayoutBodyDto;
  /** each column kind with its Japanese name and default header */
  columnKinds: { kind: ExportColumnKindDto; label: string }[];
  placeholders: { key: string; label: string }[];
  levelNames: string[];
}

export interface WorkbookRowDto {
  reportId: string;
  /** row on the 回答 sheet */
  row: number;
  number: string;
  title: string;
}

export interface WorkbookRowNoteDto extends WorkbookRowDto {
  state: string;
  message: string;
}

export interface WorkbookImportResultDto {
  roundId: string;
  department: { id: string; name: string };
  fileName: string;
  /** when the file was made (ISO instant) */
  generatedAt: string;
  /** saved as drafts (作成中; 差戻し stays 差戻し) */
  saved: (WorkbookRowDto & { state: string; version: number })[];
  /** changed in the file but already submitted / approved / accepted: not written */
  skipped: WorkbookRowNoteDto[];
  unchangedCount: number;
  /** summary in Japanese */
  message: string;
}

// ───────────── export jobs ─────────────

/**
 * Answer (202) of POST on an export's URL (…/progress.xlsx, …/workbooks.zip, …/progress.pdf, …/sheet.pdf,
 * …/diagram.pdf; the same query as GET): the started job. Poll GET /jobs/:jobId; when done, job.file.url
 * downloads the file.
 */
export interface ExportJobStartDto {
  job: JobDto;
}
