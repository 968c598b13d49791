/** A file that cannot be read as a table: 422 with a message that says what to do. */
import { AppError } from '../../../shared/errors.js';

export const unreadable = (message: string, code = 'import_file') => new AppError(code, 422, message);

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} バイト`;
}

export const tooLarge = (size: number | null) =>
  new AppError(
    'too_large',
    413,
    `ファイルが大きすぎます（${size ? formatBytes(size) : `${formatBytes(MAX_UPLOAD_BYTES)}を超えています`}）。取り込めるのは${formatBytes(MAX_UPLOAD_BYTES)}までです。不要なシートや画像を削除するか、表を分けて取り込んでください。`,
  );
