/**
 * Which sheet and which header: the sheet named in the mapping (or the first one
 * with content), and the header rows given in the mapping (or detected). Pure.
 */
import { columnCount, nonEmptyCount, type ParsedUpload, type Sheet } from './grid.js';
import { detectHeader, type HeaderInfo } from './header.js';
import { Issues, type Issue } from './issues.js';

export type Prepared = { ok: true; sheet: Sheet; header: HeaderInfo } | { ok: false; sheet: Sheet | null; issues: Issue[] };

export const sheetIsEmpty = (s: Sheet): boolean => !s.rows.some((r) => nonEmptyCount(r) > 0);

export function prepareTable(upload: ParsedUpload, choice: { sheet?: string | null; headerRows?: readonly number[] } = {}): Prepared {
  const issues = new Issues(upload.kind);
  let sheet: Sheet | undefined;
  if (choice.sheet) {
    sheet = upload.sheets.find((s) => s.name === choice.sheet);
    if (!sheet) {
      issues.error('sheet_missing', {}, `シート「${choice.sheet}」がありません（このファイルのシート: ${upload.sheets.map((s) => `「${s.name}」`).join('')}）。`);
      return { ok: false, sheet: null, issues: issues.result() };
    }
  } else sheet = upload.sheets.find((s) => !sheetIsEmpty(s)) ?? upload.sheets[0]!;

  if (sheetIsEmpty(sheet)) {
    const others = upload.sheets.filter((s) => s !== sheet && !sheetIsEmpty(s)).map((s) => `「${s.name}」`);
    issues.error(
      'sheet_empty',
      {},
      upload.kind === 'xlsx'
        ? `シート「${sheet.name}」は空です（値の入ったセルがありません）。${others.length ? `値のあるシート: ${others.join('')}` : 'ほかのシートにも値がありません。'}`
        : 'ファイルに表がありません（空です）。',
    );
    return { ok: false, sheet, issues: issues.result() };
  }
  const rows = choice.headerRows?.length ? choice.headerRows.map((r) => r - 1) : undefined;
  if (rows && rows.some((r) => r < 0 || r >= sheet.rows.length)) {
    issues.error('header_rows', {}, `見出しの行（${choice.headerRows!.join('・')}行目）が表の範囲にありません。`);
    return { ok: false, sheet, issues: issues.result() };
  }
  const header = detectHeader(sheet, { rows, scan: upload.kind === 'text' ? sheet.rows.length : 60 });
  if (!header || columnCount(sheet) === 0) {
    issues.error(
      'header_missing',
      {},
      upload.kind === 'text'
        ? '表の見出し（整理番号・施策・担当課など）が見つかりません。PDFの表を見出しの行も含めて選択し、コピーして貼り付けてください（欄はタブで区切られている必要があります）。'
        : '表の見出しの行（整理番号・施策・具体的な取組・担当課など）が見つかりません。見出しの行を指定してください。',
    );
    return { ok: false, sheet, issues: issues.result() };
  }
  return { ok: true, sheet, header };
}
