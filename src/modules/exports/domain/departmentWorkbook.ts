/**
 * Department workbooks (担当課の回答用Excel) and their upload, as pure rules:
 * which columns a round asks for, the rows of one department, the metadata that
 * ties a file to (municipality, round, department), and how an uploaded row turns
 * into a draft save — every problem collected with its row and 整理番号.
 *
 * The xlsx adapter (exports/xlsx) writes and reads the cells; the command saves
 * through pdca's saveReport. Nothing here does I/O.
 */
import type { FieldError } from '../../../shared/errors.js';
import { SPREADSHEET_LIMITS } from '../../../shared/spreadsheetLimits.js';
import { normalizeMark, symbolsText, valueForMark, type LegendValue } from '../../pdca/domain/legend.js';
import {
  applyDraft,
  EFFECT_KIND_LABELS,
  EFFECT_KINDS,
  REPORT_FIELD_LABELS,
  TEXT_MAX,
  type ReportContent,
  type ReportDraftInput,
  type ReportRulesContext,
} from '../../pdca/domain/report.js';
import { isEditable, REPORT_STATE_LABELS, type ReportState } from '../../pdca/domain/workflow.js';

export const WORKBOOK_FORMAT = 'gyokaku/department-workbook';
export const WORKBOOK_FORMAT_VERSION = 1;
export const ANSWER_SHEET = '回答';
export const INSTRUCTIONS_SHEET = '記入要領';
/** very hidden: only VBA can show it */
export const META_SHEET = 'gyokaku_meta';
/** rows above the header on the answer sheet: title, note, blank */
export const HEADER_ROW = 4;
export const FIRST_DATA_ROW = 5;
/** refuse absurd files before reading them cell by cell */
export const MAX_WORKBOOK_ROWS = 5000;
/** upload size limit (the API's body limit is the same) */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
/** the unzipped parts of an upload may not exceed this (zip bombs); the same limit as the imports' */
export const MAX_UNZIPPED_BYTES = SPREADSHEET_LIMITS.maxUnzippedBytes;

/** What an answer column holds; each maps to a report field the round asks for. */
export type AnswerKey = 'status' | 'achievement' | 'narrative' | 'issues' | 'nextPlan' | 'effectRevenueYen' | 'effectExpenseYen' | 'effectKind' | 'hoursSaved';
export type ColumnType = 'mark' | 'text' | 'yen' | 'choice' | 'hours';

export interface WorkbookColumn {
  key: string;
  header: string;
  width: number;
  editable: boolean;
  hidden?: boolean;
  type: ColumnType | 'key' | 'info';
  /** drop-down values (printed words) for marks and choices */
  list?: string[];
}

/** The fixed columns, left of the answers. The first three are the keys (locked; the id hidden). */
export const KEY_COLUMNS = ['reportId', 'number', 'title'] as const;

export interface WorkbookLegends {
  status: readonly LegendValue[];
  achievement: readonly LegendValue[] | null;
}

/** Columns of a round's workbook: keys, reference columns, then one column per asked field (numbers are not asked here). */
export function workbookColumns(fields: readonly string[], legends: WorkbookLegends, labels: { fyShort: string; previousLabel: string | null }): WorkbookColumn[] {
  const cols: WorkbookColumn[] = [
    { key: 'reportId', header: '報告ID（変更しないでください）', width: 10, editable: false, hidden: true, type: 'key' },
    { key: 'number', header: '整理番号', width: 8, editable: false, type: 'key' },
    { key: 'title', header: '実施項目', width: 28, editable: false, type: 'key' },
    { key: 'path', header: '施策など', width: 20, editable: false, type: 'info' },
    { key: 'role', header: '担当区分', width: 12, editable: false, type: 'info' },
    { key: 'phase', header: `${labels.fyShort}の予定`, width: 8, editable: false, type: 'info' },
    { key: 'state', header: '報告の状態', width: 12, editable: false, type: 'info' },
  ];
  if (labels.previousLabel !== null) {
    cols.push({ key: 'previousStatus', header: `前回の${REPORT_FIELD_LABELS.status}（${labels.previousLabel}）`, width: 10, editable: false, type: 'info' });
    cols.push({ key: 'previousNarrative', header: `前回の${REPORT_FIELD_LABELS.narrative}（${labels.previousLabel}）`, width: 36, editable: false, type: 'info' });
  }
  const asked = new Set(fields);
  if (asked.has('status')) cols.push({ key: 'status', header: REPORT_FIELD_LABELS.status, width: 10, editable: true, type: 'mark', list: legends.status.map((v) => v.symbol) });
  if (asked.has('achievement') && legends.achievement)
    cols.push({ key: 'achievement', header: REPORT_FIELD_LABELS.achievement, width: 10, editable: true, type: 'mark', list: legends.achievement.map((v) => v.symbol) });
  for (const k of ['narrative', 'issues', 'nextPlan'] as const)
    if (asked.has(k)) cols.push({ key: k, header: `${REPORT_FIELD_LABELS[k]}（${TEXT_MAX}字以内）`, width: k === 'narrative' ? 50 : 36, editable: true, type: 'text' });
  if (asked.has('effect')) {
    cols.push({ key: 'effectRevenueYen', header: '効果額（歳入増・円）', width: 14, editable: true, type: 'yen' });
    cols.push({ key: 'effectExpenseYen', header: '効果額（歳出減・円）', width: 14, editable: true, type: 'yen' });
    cols.push({ key: 'effectKind', header: '効果の種類', width: 16, editable: true, type: 'choice', list: EFFECT_KINDS.map((k) => EFFECT_KIND_LABELS[k]) });
  }
  if (asked.has('hoursSaved')) cols.push({ key: 'hoursSaved', header: '削減時間（時間／年）', width: 12, editable: true, type: 'hours' });
  return cols;
}

/** A cell as the reader hands it over (rich text joined, formulas as their result, dates as ISO). */
export type CellInput = string | number | boolean | null;

export interface DepartmentSheetRow {
  reportId: string;
  version: number;
  number: string;
  title: string;
  editable: boolean;
  /** every column's value by key */
  values: Record<string, CellInput>;
}

export interface DepartmentItemInput {
  reportId: string;
  version: number;
  state: ReportState;
  number: string;
  title: string;
  /** ancestors' titles, top first */
  path: readonly string[];
  /** this department's part in the item */
  lead: boolean;
  leadName: string | null;
  /** phase text in the target year ('' if none) */
  phaseText: string;
  content: ReportContent;
  previous: { statusSymbol: string; narrative: string } | null;
}

/** The rows of a department's sheet, in the order given (tree order). */
export function departmentRows(items: readonly DepartmentItemInput[], columns: readonly WorkbookColumn[], legends: WorkbookLegends): DepartmentSheetRow[] {
  const symbolOf = (values: readonly LegendValue[] | null, code: string | null) => (code === null ? '' : (values?.find((v) => v.code === code)?.symbol ?? code));
  return items.map((it) => {
    const editable = isEditable(it.state);
    const c = it.content;
    const all: Record<string, CellInput> = {
      reportId: it.reportId,
      number: it.number,
      title: it.title,
      path: it.path.join(' ＞ '),
      role: it.lead ? '主担当' : `共管（主担当: ${it.leadName ?? '未設定'}）`,
      phase: it.phaseText,
      state: editable ? REPORT_STATE_LABELS[it.state] : `${REPORT_STATE_LABELS[it.state]}（変更不可）`,
      previousStatus: it.previous?.statusSymbol ?? '',
      previousNarrative: it.previous?.narrative ?? '',
      status: symbolOf(legends.status, c.statusCode),
      achievement: symbolOf(legends.achievement, c.achievementCode),
      narrative: c.narrative,
      issues: c.issues,
      nextPlan: c.nextPlan,
      effectRevenueYen: c.effectRevenueYen,
      effectExpenseYen: c.effectExpenseYen,
      effectKind: c.effectKind ? EFFECT_KIND_LABELS[c.effectKind] : '',
      hoursSaved: c.hoursSavedTenths === null ? null : c.hoursSavedTenths / 10,
    };
    return {
      reportId: it.reportId,
      version: it.version,
      number: it.number,
      title: it.title,
      editable,
      values: Object.fromEntries(columns.map((col) => [col.key, all[col.key] ?? null])),
    };
  });
}

// ───────────── metadata ─────────────

export interface KeyRow {
  reportId: string;
  version: number;
  number: string;
  title: string;
}

export interface WorkbookMeta {
  format: string;
  formatVersion: number;
  municipalityCode: string;
  roundId: string;
  roundLabel: string;
  planId: string;
  departmentId: string;
  departmentName: string;
  /** ISO instant */
  generatedAt: string;
  generatedBy: string;
  /** the round's asked fields when the file was made */
  fields: string[];
  /** column keys, left to right (column A = index 0) */
  columns: string[];
  firstDataRow: number;
  /** one per data row, top to bottom */
  keys: KeyRow[];
}

/**
 * The text the checksum is taken over: every metadata value and every key row, in a fixed
 * order. A changed key cell (or a changed metadata value) no longer matches it.
 */
export function canonicalMeta(meta: WorkbookMeta): string {
  const esc = (s: string | number) => String(s).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  const head = [
    meta.format,
    meta.formatVersion,
    meta.municipalityCode,
    meta.roundId,
    meta.roundLabel,
    meta.planId,
    meta.departmentId,
    meta.departmentName,
    meta.generatedAt,
    meta.generatedBy,
    meta.fields.join(','),
    meta.columns.join(','),
    meta.firstDataRow,
  ].map(esc);
  const keys = meta.keys.map((k) => [k.reportId, k.version, k.number, k.title].map(esc).join('\t'));
  return [...head, ...keys].join('\n');
}

// ───────────── upload ─────────────

export interface UploadedRow {
  /** the sheet row number (for messages) */
  rowNumber: number;
  cells: Record<string, CellInput>;
}

export interface ExpectedWorkbook {
  municipalityCode: string;
  roundId: string;
  roundLabel: string;
  /** the department the uploader said the file is for (a form field), if any */
  departmentId: string | null;
  departmentName: string | null;
}

export interface UploadProblem {
  code: 'not_our_workbook' | 'other_municipality' | 'other_round' | 'other_department' | 'checksum' | 'keys_edited' | 'too_many_rows';
  message: string;
  fields?: FieldError[];
}

const cellText = (v: CellInput): string => (v === null ? '' : typeof v === 'string' ? v : String(v));
/** Key cells compare as text, trimmed (Excel may turn "1" into the number 1 if someone retypes it). */
const keyText = (v: CellInput): string => cellText(v).normalize('NFC').trim();

/**
 * Whether the file belongs here: our format, this municipality, this round, the department
 * asked for, the checksum, and the key cells unchanged. The first problem found is returned;
 * key-cell edits are listed row by row.
 */
export function workbookProblem(
  meta: WorkbookMeta,
  checksumOk: boolean,
  rows: readonly UploadedRow[],
  expected: ExpectedWorkbook,
  names: { otherRoundLabel?: string | null | undefined; otherDepartmentName?: string | null | undefined } = {},
): UploadProblem | null {
  if (meta.format !== WORKBOOK_FORMAT || meta.formatVersion !== WORKBOOK_FORMAT_VERSION)
    return { code: 'not_our_workbook', message: 'このシステムで作成した回答用のExcelファイルではありません。照会の画面から回答用ファイルをダウンロードして入力してください。' };
  if (meta.municipalityCode !== expected.municipalityCode)
    return {
      code: 'other_municipality',
      message: `このファイルは別の団体（団体コード ${meta.municipalityCode}）の回答用ファイルです。この団体（団体コード ${expected.municipalityCode}）には取り込めません。`,
    };
  if (meta.roundId !== expected.roundId)
    return {
      code: 'other_round',
      message: `このファイルは別の照会「${names.otherRoundLabel ?? meta.roundLabel}」の回答用ファイルです。照会「${expected.roundLabel}」の回答用ファイルをダウンロードし直して入力してください。`,
    };
  if (expected.departmentId !== null && meta.departmentId !== expected.departmentId)
    return {
      code: 'other_department',
      message: `このファイルは${names.otherDepartmentName ?? meta.departmentName}の回答用ファイルです。${expected.departmentName ?? '指定した課'}の回答として取り込むことはできません。`,
    };
  if (meta.keys.length > MAX_WORKBOOK_ROWS) return { code: 'too_many_rows', message: `行が多すぎます（${MAX_WORKBOOK_ROWS}行まで）。` };
  if (!checksumOk)
    return {
      code: 'checksum',
      message: 'ファイルの管理情報が変更されているため取り込めません（チェックサムが一致しません）。回答用ファイルをダウンロードし直して入力してください。',
    };
  const fields: FieldError[] = [];
  meta.keys.forEach((k, i) => {
    const row = rows[i];
    const where = `${meta.firstDataRow + i}行目`;
    if (!row) {
      fields.push({ path: `rows.${meta.firstDataRow + i}`, message: `${where}（整理番号${k.number}「${k.title}」）の行がありません。行を削除しないでください。` });
      return;
    }
    const changed: string[] = [];
    if (keyText(row.cells.reportId ?? null) !== k.reportId) changed.push('報告ID');
    if (keyText(row.cells.number ?? null) !== k.number.normalize('NFC').trim()) changed.push('整理番号');
    if (keyText(row.cells.title ?? null) !== k.title.normalize('NFC').trim()) changed.push('実施項目');
    if (changed.length)
      fields.push({
        path: `rows.${row.rowNumber}`,
        message: `${row.rowNumber}行目: ${changed.join('・')}の列が変更されています（元は整理番号${k.number}「${k.title}」）。キー列は変更できません。`,
      });
  });
  if (rows.length > meta.keys.length)
    fields.push({ path: `rows.${rows[meta.keys.length]!.rowNumber}`, message: `${rows[meta.keys.length]!.rowNumber}行目以降に行が追加されています。行を追加しないでください。` });
  if (fields.length)
    return {
      code: 'keys_edited',
      message: 'キー列（報告ID・整理番号・実施項目）が変更されているため、ファイルを取り込めません。回答用ファイルをダウンロードし直して、白いセルだけに入力してください。',
      fields,
    };
  return null;
}

/** How a row is named in messages: 5行目（整理番号3「ふるさと納税の推進」） */
export const rowLabel = (rowNumber: number, k: Pick<KeyRow, 'number' | 'title'>): string =>
  `${rowNumber}行目（${k.number ? `整理番号${k.number}` : '整理番号なし'}「${k.title}」）`;

function markCode(v: CellInput, values: readonly LegendValue[] | null, label: string, errors: FieldError[], path: string, where: string): string | null | undefined {
  const s = cellText(v).trim();
  if (!s) return null;
  if (!values) {
    errors.push({ path, message: `${where}: この計画には${label}の凡例が設定されていません。` });
    return undefined;
  }
  const hit = valueForMark(values, s);
  if (!hit) {
    errors.push({ path, message: `${where}: ${label}「${normalizeMark(s)}」は凡例にありません。${symbolsText(values)}のいずれかを選んでください。` });
    return undefined;
  }
  return hit.code;
}

function hoursTenths(v: CellInput, errors: FieldError[], path: string, where: string): number | null | undefined {
  const refuse = () => {
    errors.push({ path, message: `${where}: 削減時間は0以上の数値（時間、小数第1位まで。例: 12.5）で入力してください。` });
    return undefined;
  };
  if (v === null || (typeof v === 'string' && !v.trim())) return null;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const s = v.normalize('NFKC').replace(/\s+/g, '').replace(/時間$/, '').replace(/,/g, '');
    if (!/^\d+(?:\.\d)?$/.test(s)) return refuse();
    n = Number(s);
  } else return refuse();
  const tenths = Math.round(n * 10);
  if (!Number.isFinite(n) || n < 0 || Math.abs(n * 10 - tenths) > 1e-6) return refuse();
  return tenths;
}

/** A yen cell: integers pass as numbers; text goes through parseYen (in applyDraft) as typed. */
function yenValue(v: CellInput): number | string | null {
  if (v === null) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return String(v);
  return v.trim() === '' ? null : v;
}

function textValue(v: CellInput): string {
  return cellText(v).replace(/\r\n?/g, '\n');
}

/**
 * The draft save a row asks for: one key per asked column. Problems the rules find
 * (marks not in the legend, text too long, yen not an integer …) come back with the row.
 */
export function draftFromRow(row: UploadedRow, key: Pick<KeyRow, 'number' | 'title'>, columns: readonly string[], legends: WorkbookLegends): { draft: ReportDraftInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const where = rowLabel(row.rowNumber, key);
  const path = (k: string) => `rows.${row.rowNumber}.${k}`;
  const has = (k: string) => columns.includes(k);
  const cell = (k: string): CellInput => row.cells[k] ?? null;
  const draft: ReportDraftInput = {};
  if (has('status')) {
    const c = markCode(cell('status'), legends.status, REPORT_FIELD_LABELS.status, errors, path('status'), where);
    if (c !== undefined) draft.statusCode = c;
  }
  if (has('achievement')) {
    const c = markCode(cell('achievement'), legends.achievement, REPORT_FIELD_LABELS.achievement, errors, path('achievement'), where);
    if (c !== undefined) draft.achievementCode = c;
  }
  for (const k of ['narrative', 'issues', 'nextPlan'] as const) if (has(k)) draft[k] = textValue(cell(k));
  if (has('effectRevenueYen')) draft.effectRevenueYen = yenValue(cell('effectRevenueYen'));
  if (has('effectExpenseYen')) draft.effectExpenseYen = yenValue(cell('effectExpenseYen'));
  if (has('effectKind')) {
    const s = cellText(cell('effectKind')).normalize('NFKC').trim();
    if (!s) draft.effectKind = null;
    else {
      const hit = EFFECT_KINDS.find((k) => k === s || EFFECT_KIND_LABELS[k].normalize('NFKC') === s);
      if (hit) draft.effectKind = hit;
      else errors.push({ path: path('effectKind'), message: `${where}: 効果の種類は${EFFECT_KINDS.map((k) => `「${EFFECT_KIND_LABELS[k]}」`).join('か')}を選んでください。` });
    }
  }
  if (has('hoursSaved')) {
    const h = hoursTenths(cell('hoursSaved'), errors, path('hoursSaved'), where);
    if (h !== undefined) draft.hoursSavedTenths = h;
  }
  return { draft, errors };
}

/** The stored report a row is checked against. */
export interface CurrentReport {
  reportId: string;
  nodeId: string;
  state: ReportState;
  version: number;
  content: ReportContent;
}

export interface PlannedSave {
  reportId: string;
  rowNumber: number;
  number: string;
  title: string;
  version: number;
  draft: ReportDraftInput;
}

export interface RowNote {
  reportId: string;
  rowNumber: number;
  number: string;
  title: string;
  state: ReportState;
  message: string;
}

export interface UploadPlan {
  saves: PlannedSave[];
  /** changed in the file but the report is no longer with the department (submitted, approved, accepted): not written */
  skipped: RowNote[];
  unchanged: number;
  /** saved by someone else since the file was made, and the file differs: the whole upload is refused */
  stale: RowNote[];
  errors: FieldError[];
}

const CONTENT_KEYS: (keyof ReportContent)[] = [
  'statusCode',
  'achievementCode',
  'narrative',
  'issues',
  'nextPlan',
  'effectRevenueYen',
  'effectExpenseYen',
  'effectKind',
  'hoursSavedTenths',
  'numbers',
];

export function sameContent(a: ReportContent, b: ReportContent): boolean {
  return CONTENT_KEYS.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/**
 * Decides, row by row, what an upload does. `rows` and `meta.keys` are in the same order
 * (workbookProblem has checked them); `current` holds the round's reports by id and
 * `departmentNodeIds` the items the department is responsible for.
 */
export function planUpload(input: {
  meta: WorkbookMeta;
  rows: readonly UploadedRow[];
  current: ReadonlyMap<string, CurrentReport>;
  departmentNodeIds: ReadonlySet<string>;
  rules: ReportRulesContext;
  legends: WorkbookLegends;
  /**
   * Versions this same file (same checksum) already saved in earlier uploads, by report id:
   * uploading the file again after correcting it is not a conflict with itself.
   */
  savedByThisFile?: ReadonlyMap<string, number> | undefined;
}): UploadPlan {
  const plan: UploadPlan = { saves: [], skipped: [], unchanged: 0, stale: [], errors: [] };
  const { meta } = input;
  const answerColumns = meta.columns.filter((c) => !['reportId', 'number', 'title', 'path', 'role', 'phase', 'state', 'previousStatus', 'previousNarrative'].includes(c));
  meta.keys.forEach((k, i) => {
    const row = input.rows[i];
    if (!row) return;
    const where = rowLabel(row.rowNumber, k);
    const report = input.current.get(k.reportId);
    if (!report) {
      plan.errors.push({ path: `rows.${row.rowNumber}`, message: `${where}: この照会の報告ではありません。` });
      return;
    }
    if (!input.departmentNodeIds.has(report.nodeId)) {
      plan.errors.push({ path: `rows.${row.rowNumber}`, message: `${where}: この課が担当する項目ではなくなっています。` });
      return;
    }
    const { draft, errors } = draftFromRow(row, k, answerColumns, input.legends);
    if (errors.length) {
      plan.errors.push(...errors);
      return;
    }
    const applied = applyDraft(report.content, draft, input.rules);
    if (applied.errors.length) {
      plan.errors.push(...applied.errors.map((e) => ({ path: `rows.${row.rowNumber}.${e.path}`, message: `${where}: ${e.message}` })));
      return;
    }
    if (sameContent(applied.content, report.content)) {
      plan.unchanged++;
      return;
    }
    const note = (message: string): RowNote => ({ reportId: k.reportId, rowNumber: row.rowNumber, number: k.number, title: k.title, state: report.state, message: `${where}: ${message}` });
    if (!isEditable(report.state)) {
      plan.skipped.push(note(`報告は「${REPORT_STATE_LABELS[report.state]}」のため、ファイルの内容は取り込みませんでした（変更するには差戻しを受けてください）。`));
      return;
    }
    if (report.version !== k.version && report.version !== input.savedByThisFile?.get(k.reportId)) {
      plan.stale.push(note('ファイルを作成した後に、画面などから別の内容が保存されています。'));
      return;
    }
    plan.saves.push({ reportId: k.reportId, rowNumber: row.rowNumber, number: k.number, title: k.title, version: report.version, draft });
  });
  return plan;
}
