/**
 * The column mapping: what each column of the table means (整理番号, 階層, 項目名,
 * 担当課, a year of the schedule or of the 取組状況 …), how printed words map to the
 * plan's vocabularies (status legend, schedule phases, departments), the rounds the
 * status years become, and the options of the commit. Pure types and helpers.
 */
import { fiscalYearLabel } from '../../fiscal/domain/index.js';

export type ColumnRole =
  | { kind: 'ignore' }
  | { kind: 'number' }
  /** a hierarchy column above the item: 0 = top level (基本方針・施策 …) */
  | { kind: 'level'; level: number }
  /** the item's own title (具体的な取組・実施項目) — the last hierarchy column */
  | { kind: 'title' }
  | { kind: 'description' }
  | { kind: 'departments' }
  | { kind: 'schedule'; fiscalYear: number }
  | { kind: 'status'; fiscalYear: number }
  /** 取組状況（記述）; null = the latest status year */
  | { kind: 'narrative'; fiscalYear: number | null }
  | { kind: 'issues'; fiscalYear: number | null }
  | { kind: 'nextPlan'; fiscalYear: number | null }
  /** 効果額 (integer yen, 歳出削減として) */
  | { kind: 'effect'; fiscalYear: number | null }
  /** 目標値・実績値 …: stored in the report's numbers under `key` */
  | { kind: 'value'; key: string; fiscalYear: number | null };

export type RoleKind = ColumnRole['kind'];

export const ROLE_LABELS: Record<RoleKind, string> = {
  ignore: '取り込まない',
  number: '整理番号',
  level: '階層',
  title: '項目名',
  description: '事業概要',
  departments: '担当課',
  schedule: 'スケジュール',
  status: '取組状況（記号）',
  narrative: '取組状況（記述）',
  issues: '課題',
  nextPlan: '今後の取組',
  effect: '効果額',
  value: '数値',
};

/** Roles whose cells belong to a round (a year's answer). */
export const ANSWER_KINDS: readonly RoleKind[] = ['status', 'narrative', 'issues', 'nextPlan', 'effect', 'value'];

export interface ColumnMapping {
  /** 0-based column index in the sheet */
  index: number;
  /** the heading as read (both header rows joined); used to match columns when a saved mapping is reused */
  header: string;
  role: ColumnRole;
}

export interface RoundSetting {
  fiscalYear: number;
  /** 令和元年度実績, 令和4年度末見込み … */
  label: string;
  /** YYYY-MM-DD */
  asOfDate: string;
}

export interface ImportOptions {
  /** create departments named in the file that do not exist (listed in the dry run); default: refuse */
  createMissingDepartments: boolean;
  /** a round with the same label and as-of date already exists: skip that year (default) or refuse */
  existingRounds: 'skip' | 'error';
  /** pasted PDF text: put cells back under their headings by what they contain (default on for text) */
  realign: boolean;
  /** how changed items are recorded in the 変更調書: 修正 (default) or 改訂 */
  changeKind: 'edited' | 'revised';
  /** effective date of changes and added items; null = today */
  effectiveDate: string | null;
}

/**
 * A cell value set on the dry-run screen (corrections.ts): for this file only — the requests
 * carry it, a saved mapping does not keep it.
 */
export interface CellCorrection {
  /** 1-based row (line) number, as the dry run names it */
  row: number;
  /** 0-based column of the header */
  column: number;
  value: string;
}

export interface ImportMapping {
  /** sheet name (xlsx); null for CSV and text */
  sheet: string | null;
  /** 1-based row numbers of the header (one or two rows) */
  headerRows: number[];
  columns: ColumnMapping[];
  /** printed status mark or word (folded with normalizeMark) → legend code; null = no answer */
  statusMap: Record<string, string | null>;
  /** schedule word (folded) → phase code; null = blank */
  phaseMap: Record<string, string | null>;
  /** department name as written (folded) → department id; null = leave out */
  departmentMap: Record<string, string | null>;
  rounds: RoundSetting[];
  options: ImportOptions;
  /** the user's cell corrections (absent = none) */
  corrections?: CellCorrection[];
}

export const DEFAULT_OPTIONS: ImportOptions = {
  createMissingDepartments: false,
  existingRounds: 'skip',
  realign: true,
  changeKind: 'edited',
  effectiveDate: null,
};

export function roleLabel(role: ColumnRole, levelNames?: readonly string[]): string {
  const fy = 'fiscalYear' in role && role.fiscalYear !== null ? `（${fiscalYearLabel(role.fiscalYear)}）` : '';
  if (role.kind === 'level') return levelNames?.[role.level] ? `階層: ${levelNames[role.level]}` : `階層${role.level + 1}`;
  if (role.kind === 'value') return `数値「${role.key}」${fy}`;
  return `${ROLE_LABELS[role.kind]}${fy}`;
}

/** Fiscal years that have status columns, ascending. */
export function statusYears(m: Pick<ImportMapping, 'columns'>): number[] {
  const ys = new Set<number>();
  for (const c of m.columns) if (c.role.kind === 'status') ys.add(c.role.fiscalYear);
  return [...ys].sort((a, b) => a - b);
}

/** The year an answer column belongs to: its own, else the latest status year. */
export function answerYear(role: ColumnRole, years: readonly number[]): number | null {
  if (!(ANSWER_KINDS as readonly string[]).includes(role.kind)) return null;
  const fy = (role as { fiscalYear: number | null }).fiscalYear;
  return fy ?? years[years.length - 1] ?? null;
}

/** Year end (3/31 of the next calendar year): the as-of date of a year's recorded results. */
export const yearEnd = (fy: number): string => `${fy + 1}-03-31`;

/** Default round labels: 令和元年度実績 …, and 令和4年度末見込み for the latest year when the table says 見込み. */
export function defaultRounds(years: readonly number[], forecastYear: number | null): RoundSetting[] {
  return years.map((fy) => ({
    fiscalYear: fy,
    label: fy === forecastYear ? `${fiscalYearLabel(fy)}末見込み` : `${fiscalYearLabel(fy)}実績`,
    asOfDate: yearEnd(fy),
  }));
}

/** '{年度}' stands for the year's label in a saved round-label template. */
export const YEAR_PLACEHOLDER = '{年度}';

export function labelTemplate(label: string, fy: number): string {
  const l = fiscalYearLabel(fy);
  return label.includes(l) ? label.replace(l, YEAR_PLACEHOLDER) : label;
}

export function fromTemplate(template: string, fy: number): string {
  return template.includes(YEAR_PLACEHOLDER) ? template.replace(YEAR_PLACEHOLDER, fiscalYearLabel(fy)) : template;
}

// ───────────── saved mappings (import_mappings.mapping) ─────────────

/** What is stored under a name for next year: roles by heading, the word mappings, round-label templates. */
export interface SavedMapping {
  version: 1;
  headerRowCount: number;
  columns: { header: string; index: number; role: ColumnRole }[];
  statusMap: Record<string, string | null>;
  phaseMap: Record<string, string | null>;
  departmentMap: Record<string, string | null>;
  options: ImportOptions;
  /** e.g. { latest: '{年度}末見込み', others: '{年度}実績' } */
  roundLabels: { latest: string; others: string };
}

export function toSaved(m: ImportMapping): SavedMapping {
  const sorted = [...m.rounds].sort((a, b) => a.fiscalYear - b.fiscalYear);
  const latest = sorted[sorted.length - 1];
  const other = sorted[sorted.length - 2];
  return {
    version: 1,
    headerRowCount: m.headerRows.length,
    columns: m.columns.map((c) => ({ header: c.header, index: c.index, role: c.role })),
    statusMap: { ...m.statusMap },
    phaseMap: { ...m.phaseMap },
    departmentMap: { ...m.departmentMap },
    options: { ...m.options, effectiveDate: null },
    roundLabels: {
      latest: latest ? labelTemplate(latest.label, latest.fiscalYear) : `${YEAR_PLACEHOLDER}実績`,
      others: other ? labelTemplate(other.label, other.fiscalYear) : `${YEAR_PLACEHOLDER}実績`,
    },
  };
}
