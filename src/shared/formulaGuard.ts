/**
 * Spreadsheet formula injection: text written into a CSV or a workbook that starts with = + - @,
 * TAB, CR or LF may be run as a formula (DDE, HYPERLINK …) when the file is opened or re-saved.
 * Every CSV and xlsx writer guards its cells here, the one place that decides, by prefixing such text
 * with an apostrophe (the OWASP recommendation). Numbers stay numbers: a number value is never
 * touched, and text that is just a negative number (-12, -1,234.5, -3%) is not a formula; "-1+cmd" is.
 * Pure.
 */

const FORMULA_START = /^[=+@\t\r\n]/;
const NEGATIVE_NUMBER = /^-(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$/;

/** Whether a spreadsheet could take this text for a formula. */
export function isFormulaLike(s: string): boolean {
  if (FORMULA_START.test(s)) return true;
  // "-" alone is a dash (未入力); a minus followed by anything but a plain number may be a formula
  return s.length > 1 && s.startsWith('-') && !NEGATIVE_NUMBER.test(s);
}

/** The text as a cell that cannot run: formula-like text gets a leading apostrophe. Idempotent. */
export function guardFormula(s: string): string {
  return isFormulaLike(s) ? `'${s}` : s;
}

/** Any cell value: strings guarded, numbers, booleans, dates and empties as they are. */
export function guardCell<T>(v: T): T | string {
  return typeof v === 'string' ? guardFormula(v) : v;
}

/**
 * Reading back a workbook the system wrote (a department's answer file): the apostrophe this guard
 * added is removed again, so the text round-trips. (Excel keeps an apostrophe a user types as a
 * style, not in the value, so such a prefix in a value is ours.)
 */
export function unguardFormula(s: string): string {
  return s.startsWith("'") && isFormulaLike(s.slice(1)) ? s.slice(1) : s;
}

// the little of exceljs this needs, so the guard has no dependency on it
interface GuardableCell {
  value: unknown;
}
interface GuardableRow {
  eachCell(opts: { includeEmpty: boolean }, fn: (cell: GuardableCell) => void): void;
}
interface GuardableSheet {
  eachRow(opts: { includeEmpty: boolean }, fn: (row: GuardableRow) => void): void;
}
interface GuardableWorkbook {
  eachSheet(fn: (sheet: GuardableSheet) => void): void;
}

/**
 * Every text cell of a workbook, just before it is written: plain strings guarded, and rich text
 * by its first run (what the cell starts with). Formulas the writer itself sets ({ formula }) stay.
 */
export function guardWorkbook(wb: GuardableWorkbook): void {
  wb.eachSheet((sheet) =>
    sheet.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value;
        if (typeof v === 'string') {
          const g = guardFormula(v);
          if (g !== v) cell.value = g;
        } else if (v && typeof v === 'object' && Array.isArray((v as { richText?: unknown }).richText)) {
          const runs = (v as { richText: { text: string }[] }).richText;
          const first = runs.find((r) => r.text !== '');
          if (first && isFormulaLike(runs.map((r) => r.text).join(''))) {
            cell.value = { ...(v as object), richText: runs.map((r) => (r === first ? { ...r, text: `'${r.text}` } : r)) };
          }
        }
      }),
    ),
  );
}
