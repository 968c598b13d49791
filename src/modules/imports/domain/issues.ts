/**
 * Problems found while reading an upload, each with where it is: the row as the
 * user sees it (1-based, as Excel and text editors number lines) and the column
 * (Excel letters for spreadsheets and CSV, the heading for pasted PDF text). Pure.
 */
import { columnLetter, type SourceKind } from './grid.js';

/** error: blocks the commit; warning: imported, but look at it; info: what was skipped or assumed. */
export type Severity = 'error' | 'warning' | 'info';

export interface Issue {
  severity: Severity;
  /** stable key for the UI and tests, e.g. 'department_unknown' */
  code: string;
  /** 1-based row (line) number, or null for the whole file / a whole column */
  row: number | null;
  /** 0-based column index, or null */
  column: number | null;
  /** Excel-style letter of the column (spreadsheets and CSV), else null */
  letter: string | null;
  /** the column's heading as read, e.g. 担当課 or スケジュール R2 */
  field: string | null;
  /** the full message, starting with where: 「3行目・D列（担当課）: …」 */
  message: string;
}

export interface Location {
  row?: number | null | undefined;
  column?: number | null | undefined;
  field?: string | null | undefined;
}

/** 「3行目・D列（担当課）」, 「12行目・担当課欄」 (pasted text), 「D列（担当課）」, 「3行目」 or ''. */
export function describeLocation(loc: Location, kind: SourceKind): string {
  const row = loc.row ? `${loc.row}行目` : '';
  let col = '';
  if (loc.column !== null && loc.column !== undefined) {
    if (kind === 'text') col = loc.field ? `${loc.field}欄` : `${loc.column + 1}番目の欄`;
    else col = `${columnLetter(loc.column)}列${loc.field ? `（${loc.field}）` : ''}`;
  } else if (loc.field) col = `${loc.field}欄`;
  return [row, col].filter(Boolean).join('・');
}

export const MAX_ISSUES = 1000;

/** Collects issues in order; past MAX_ISSUES only counts them. */
export class Issues {
  readonly list: Issue[] = [];
  private dropped = { error: 0, warning: 0, info: 0 };
  constructor(private readonly kind: SourceKind) {}

  add(severity: Severity, code: string, loc: Location, text: string): void {
    if (this.list.length >= MAX_ISSUES) {
      this.dropped[severity]++;
      return;
    }
    const where = describeLocation(loc, this.kind);
    this.list.push({
      severity,
      code,
      row: loc.row ?? null,
      column: loc.column ?? null,
      letter: loc.column !== null && loc.column !== undefined && this.kind !== 'text' ? columnLetter(loc.column) : null,
      field: loc.field ?? null,
      message: where ? `${where}: ${text}` : text,
    });
  }
  error(code: string, loc: Location, text: string): void {
    this.add('error', code, loc, text);
  }
  warning(code: string, loc: Location, text: string): void {
    this.add('warning', code, loc, text);
  }
  info(code: string, loc: Location, text: string): void {
    this.add('info', code, loc, text);
  }
  count(severity: Severity): number {
    return this.list.filter((i) => i.severity === severity).length + this.dropped[severity];
  }
  get hasErrors(): boolean {
    return this.count('error') > 0;
  }
  /** the list, plus one line saying how many more there were */
  result(): Issue[] {
    const more = this.dropped.error + this.dropped.warning + this.dropped.info;
    if (!more) return this.list;
    return [
      ...this.list,
      {
        severity: this.dropped.error ? 'error' : this.dropped.warning ? 'warning' : 'info',
        code: 'too_many_issues',
        row: null,
        column: null,
        letter: null,
        field: null,
        message: `ほかに${more}件のメッセージがあります（エラー${this.dropped.error}件、注意${this.dropped.warning}件）。上の内容を直してから、もう一度確認してください。`,
      },
    ];
  }
}
