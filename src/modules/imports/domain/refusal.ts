/** Errors of a dry run as the 422 the dry run and the commit answer with (nothing written). */
import { validationError, type FieldError } from '../../../shared/errors.js';
import type { Issue } from './issues.js';

export function refusal(issues: readonly Issue[]) {
  const errors = issues.filter((i) => i.severity === 'error');
  const fields: FieldError[] = errors.map((i) => ({
    path: i.row !== null ? `rows.${i.row}${i.column !== null ? `.${i.column}` : ''}` : i.column !== null ? `columns.${i.column}` : 'mapping',
    message: i.message,
  }));
  return validationError(fields, `取り込めません。${errors.length}件のエラーを直してから、もう一度確認してください（何も保存していません）。`);
}
