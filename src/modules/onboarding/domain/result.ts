/** Assembling the answer of an import and the activation-code CSV (pure). */
import type { ActivationCodeDto, ImportResultDto, ImportRowDto } from '../../../shared/api-types-onboarding.js';
import { formatJst } from '../../identity/domain/lockout.js';
import { guardFormula } from '../../../shared/formulaGuard.js';

export function importResult(rows: ImportRowDto[], meta: { dryRun: boolean; committed: boolean; encoding: string; basis: string }): ImportResultDto {
  const count = (a: ImportRowDto['action']) => rows.filter((r) => r.action === a).length;
  return {
    ...meta,
    summary: { total: rows.length, create: count('create'), update: count('update'), unchanged: count('unchanged'), errors: count('error') },
    rows,
  };
}

/** The field paths of a refused commit: rows.<line>.<column>. */
export const rowErrorFields = (rows: ImportRowDto[]) =>
  rows.flatMap((r) => r.errors.map((e) => ({ path: `rows.${r.line}${e.column ? `.${e.column}` : ''}`, message: e.message })));

// names come from the uploaded CSV: guarded against formulas like every cell the system writes
const cell = (raw: string) => {
  const v = guardFormula(raw);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

export const ACTIVATION_CSV_HEADER = ['団体コード', 'ログインID', '氏名', '有効化コード', '有効期限'] as const;

/** The codes to hand out, for Excel: UTF-8 with BOM, CRLF. '' when there are none. */
export function activationCsv(municipalityCode: string, codes: readonly ActivationCodeDto[]): string {
  if (!codes.length) return '';
  const lines = [ACTIVATION_CSV_HEADER.join(',')];
  for (const c of codes) lines.push([municipalityCode, c.loginId, c.name, c.code, `${formatJst(new Date(c.expiresAt))}（日本時間）`].map(cell).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
