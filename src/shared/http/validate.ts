/**
 * Validation at the edge: zod schemas, Japanese messages, one error shape.
 * Field paths are joined with dots so the UI can place each message beside its field.
 */
import { z } from 'zod';
import { validationError } from '../errors.js';
import { parseIsoDate } from '../../modules/fiscal/domain/fiscalYear.js';
import { unstorableTextError } from './inputHygiene.js';

z.config(z.locales.ja());

export function parseInput<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  // NUL or a lone surrogate would reach PostgreSQL and fail there as a 500: refused first, by field
  const bad = unstorableTextError(data);
  if (bad) throw bad;
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  throw validationError(
    r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  );
}

/** ISO calendar date (YYYY-MM-DD) with a Japanese message. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日付はYYYY-MM-DDの形式で入力してください。' })
  // 2025-13-01 or 2026-02-30 have the right shape but are no day: refuse here rather than in the database
  .refine((v) => !/^\d{4}-\d{2}-\d{2}$/.test(v) || parseIsoDate(v) !== null, { message: '存在しない日付です。' });
export const uuid = z.uuid({ message: 'IDの形式が正しくありません。' });
export const fiscalYear = z.number({ message: '年度は数値（西暦）で指定してください。' }).int().min(1989).max(2200);
