/**
 * JSON shapes of the import API (/api/m/:code/imports …) and of background jobs
 * (/api/m/:code/jobs/:jobId, shared with exports). The presenters in
 * src/modules/imports/presenters and src/modules/jobs/presenters produce exactly
 * these; the staff UI imports them as types. Errors use ApiErrorBody (api-types.ts).
 *
 * Flow: POST uploads (file or pasted PDF text) → ImportUploadDto with the proposed
 * mapping and a first dry run → the user corrects the mapping → POST dry-run →
 * ImportDryRunDto → POST commit → ImportCommitDto (a job; small imports finish before
 * the answer) → GET jobs/:jobId until done → result is ImportCommitResultDto.
 */

// ───────────── background jobs ─────────────

export type JobStateDto = 'queued' | 'running' | 'done' | 'failed';

export interface JobDto {
  id: string;
  /** 'import.commit', 'export.…' */
  kind: string;
  state: JobStateDto;
  /** 待機中 / 処理中 / 完了 / 失敗 */
  stateLabel: string;
  progress: number;
  total: number;
  /** what it is doing now (Japanese) */
  message: string;
  /** when done: the job's JSON result (imports: ImportCommitResultDto) */
  result: unknown;
  /** when failed: what went wrong; `fields` as in ApiErrorBody */
  error: { code: string; message: string; fields?: { path: string; message: string }[] } | null;
  /** when done and the job made a file (exports): where to download it, until expiresAt */
  file: JobFileDto | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

/** A file made by a job: GET `url` (same permission as the job) downloads it. */
export interface JobFileDto {
  /** the Japanese file name, e.g. 令和6年度実績_実施状況.xlsx */
  name: string;
  contentType: string;
  /** bytes */
  size: number;
  /** /api/m/:code/jobs/:jobId/file */
  url: string;
  /** after this the file is deleted and must be made again */
  expiresAt: string;
}

// ───────────── mapping ─────────────

export type ColumnRoleDto =
  | { kind: 'ignore' }
  | { kind: 'number' }
  /** hierarchy column above the item (0 = top level) */
  | { kind: 'level'; level: number }
  /** the item's title (the last hierarchy column) */
  | { kind: 'title' }
  | { kind: 'description' }
  | { kind: 'departments' }
  | { kind: 'schedule'; fiscalYear: number }
  | { kind: 'status'; fiscalYear: number }
  /** fiscalYear null: the latest status year */
  | { kind: 'narrative'; fiscalYear: number | null }
  | { kind: 'issues'; fiscalYear: number | null }
  | { kind: 'nextPlan'; fiscalYear: number | null }
  | { kind: 'effect'; fiscalYear: number | null }
  | { kind: 'value'; key: string; fiscalYear: number | null };

export interface ColumnMappingDto {
  /** 0-based column */
  index: number;
  /** folded heading `top|sub`, matched when a saved mapping is reused */
  header: string;
  role: ColumnRoleDto;
}

export interface RoundSettingDto {
  fiscalYear: number;
  label: string;
  /** YYYY-MM-DD */
  asOfDate: string;
}

export interface ImportOptionsDto {
  createMissingDepartments: boolean;
  existingRounds: 'skip' | 'error';
  realign: boolean;
  changeKind: 'edited' | 'revised';
  /** YYYY-MM-DD or null (today) */
  effectiveDate: string | null;
}

export interface ImportMappingDto {
  /** sheet name (xlsx), null for CSV / text */
  sheet: string | null;
  /** 1-based header rows */
  headerRows: number[];
  columns: ColumnMappingDto[];
  /** folded status word → legend code (null = no answer) */
  statusMap: Record<string, string | null>;
  /** folded schedule word → phase code (null = blank) */
  phaseMap: Record<string, string | null>;
  /** folded department name → department id (null = leave out) */
  departmentMap: Record<string, string | null>;
  rounds: RoundSettingDto[];
  options: ImportOptionsDto;
  /** cell values set on the dry-run screen, for this file only (not kept in saved mappings) */
  corrections: CellCorrectionDto[];
}

/** 「この行のこの欄は…」: replaces the cell as read (after PDF text is realigned and cleaned). */
export interface CellCorrectionDto {
  /** 1-based row (line), as in issues and items */
  row: number;
  /** 0-based column of the header */
  column: number;
  /** '' = blank (a hierarchy column then follows the row above) */
  value: string;
}

/** A cell changed before reading: PDF text clean-up, or a correction. */
export interface ImportCellChangeDto {
  row: number;
  column: number;
  /** the column's heading */
  field: string;
  /** whole cell texts */
  before: string;
  after: string;
  source: 'cleanup' | 'correction';
}

// ───────────── upload and dry run ─────────────

export type ImportSeverityDto = 'error' | 'warning' | 'info';

export interface ImportIssueDto {
  severity: ImportSeverityDto;
  code: string;
  /** 1-based row, or null */
  row: number | null;
  /** 0-based column, or null */
  column: number | null;
  /** Excel letter (spreadsheets, CSV) */
  letter: string | null;
  /** the column's heading */
  field: string | null;
  /** full message, starting with where: 「3行目・D列（担当課）: …」 */
  message: string;
}

export interface ImportSheetDto {
  name: string;
  rowCount: number;
  columnCount: number;
  empty: boolean;
}

export interface ImportHeaderColumnDto {
  index: number;
  /** A, B, … (null for pasted text) */
  letter: string | null;
  top: string;
  sub: string;
  label: string;
  key: string;
  /** what the column means now, e.g. 「スケジュール（令和2年度）」 */
  roleLabel: string;
}

export interface ImportHeaderDto {
  /** 1-based */
  rows: number[];
  columns: ImportHeaderColumnDto[];
  /** legend lines printed with the table: mark → label */
  legend: { mark: string; label: string }[];
  /** title lines above the header */
  preamble: string[];
}

export interface ImportWordDto {
  word: string;
  key: string;
  count: number;
  code: string | null;
  /** the legend value's or phase's label */
  label: string | null;
  /** mapped: chosen in the mapping; proposed: guessed; blank: means no value; unknown: needs a choice */
  state: 'mapped' | 'proposed' | 'blank' | 'unknown';
}

export interface ImportDepartmentNameDto {
  name: string;
  key: string;
  count: number;
  state: 'matched' | 'mapped' | 'ignored' | 'create' | 'unknown';
  departmentId: string | null;
  departmentName: string | null;
  /** matched an abolished department */
  historical: boolean;
  /** closest names when unknown */
  candidates: { id: string; name: string }[];
  rows: number[];
}

export interface ImportItemPreviewDto {
  row: number;
  number: string;
  title: string;
  /** titles of the groups above it */
  path: string[];
  action: 'create' | 'update' | 'unchanged';
  /** for updates: 項目名, 事業概要, 担当課, スケジュール, 所属（…） */
  changes: string[];
  departments: { name: string; lead: boolean; create: boolean }[];
  /** fiscal year → phase label */
  schedule: Record<string, string>;
  /** fiscal year → legend symbol */
  statuses: Record<string, string>;
  /** revision marks recorded in the 変更調書 */
  marks: string[];
}

export interface ImportDryRunDto {
  /** no errors: the commit may run */
  ok: boolean;
  counts: {
    itemsCreate: number;
    itemsUpdate: number;
    itemsUnchanged: number;
    groupsCreate: number;
    groupsReuse: number;
    departmentsCreate: number;
    roundsCreate: number;
    roundsSkip: number;
    answers: number;
    errors: number;
    warnings: number;
    infos: number;
  };
  issues: ImportIssueDto[];
  groups: { title: string; number: string; depth: number; levelName: string; action: 'create' | 'reuse'; row: number }[];
  items: ImportItemPreviewDto[];
  departmentsToCreate: { name: string; kind: string }[];
  rounds: { fiscalYear: number; fiscalYearLabel: string; label: string; asOfDate: string; action: 'create' | 'skip'; answers: number }[];
  statusWords: ImportWordDto[];
  phaseWords: ImportWordDto[];
  departmentNames: ImportDepartmentNameDto[];
  /** cells changed before reading (PDF text clean-up, the user's corrections), by row and column */
  cellChanges: ImportCellChangeDto[];
}

export interface ImportUploadDto {
  sessionId: string;
  /** the upload is kept in server memory until then (sliding, 1 hour after last use) */
  expiresAt: string;
  fileName: string;
  source: 'xlsx' | 'csv' | 'text';
  /** text sources: UTF-8 / UTF-8（BOM付き）/ Shift_JIS / UTF-16 */
  encoding: string | null;
  planId: string;
  sheets: ImportSheetDto[];
  /** the sheet shown (xlsx) */
  sheet: string | null;
  /** null when no header was found (see issues) */
  header: ImportHeaderDto | null;
  /** the proposed mapping (a saved one applied when named) */
  mapping: ImportMappingDto | null;
  savedMappingName: string | null;
  /** the first data rows as they will be read (pasted text realigned) */
  preview: { rows: { row: number; cells: string[] }[]; total: number };
  /** the dry run of the proposed mapping */
  dryRun: ImportDryRunDto | null;
  /** problems before any mapping: no header, empty sheet … */
  issues: ImportIssueDto[];
  /** the plan's vocabularies, for the mapping screen */
  plan: {
    id: string;
    title: string;
    firstFiscalYear: number;
    lastFiscalYear: number;
    levelNames: string[];
    phases: { code: string; label: string; symbol?: string }[];
    legend: { code: string; symbol: string; label: string }[];
  };
}

export interface ImportCommitDto {
  /** done when the import was small enough to finish before the answer; else poll GET jobs/:id */
  job: JobDto;
}

export interface ImportCommitResultDto {
  planId: string;
  itemsCreated: number;
  itemsUpdated: number;
  itemsUnchanged: number;
  groupsCreated: number;
  departmentsCreated: string[];
  rounds: { id: string; label: string; fiscalYear: number; reportCount: number }[];
  roundsSkipped: string[];
}

// ───────────── saved mappings ─────────────

export interface SavedMappingBodyDto {
  version: 1;
  headerRowCount: number;
  columns: { header: string; index: number; role: ColumnRoleDto }[];
  statusMap: Record<string, string | null>;
  phaseMap: Record<string, string | null>;
  departmentMap: Record<string, string | null>;
  options: ImportOptionsDto;
  /** e.g. { latest: '{年度}末見込み', others: '{年度}実績' } */
  roundLabels: { latest: string; others: string };
}

export interface ImportSavedMappingDto {
  id: string;
  name: string;
  planId: string | null;
  createdAt: string;
  updatedAt: string;
  mapping: SavedMappingBodyDto;
}

export interface ImportSavedMappingListDto {
  items: ImportSavedMappingDto[];
}
