import { z } from 'zod';
import type { KpiBody, KpiValueBody } from '../../../shared/api-types-kpis.js';
import { CATEGORY_MAX, DESCRIPTION_MAX, LABEL_MAX, NAME_MAX, NOTE_MAX, NUMBER_MAX, UNIT_MAX } from '../domain/kpi.js';

// Lengths, ranges and the parsing of values are checked by domain/kpi.ts, which names the field in Japanese;
// these schemas only fix the JSON shape (with a generous cap so huge bodies stop here).
const text = (label: string, max: number) =>
  z.string({ message: `${label}は文字列で入力してください。` }).max(max * 4, { message: `${label}は${max}文字以内にしてください。` });
const year = (label: string) => z.number({ message: `${label}は西暦の年度（数値）で指定してください。` }).int({ message: `${label}は整数で指定してください。` });
/** what the user typed (95.6 / 95.6% / △12.8), or a number */
const value = (label: string) =>
  z.union([z.string().max(40, { message: `${label}が長すぎます。` }), z.number()], { message: `${label}は数値か文字列で指定してください。` });
const version = z.number({ message: '版数(version)を指定してください。' }).int();
const nullableUuid = (label: string) => z.uuid({ message: `${label}のIDの形式が正しくありません。` }).nullable();

export const kpiFields = {
  nodeId: nullableUuid('計画の項目').optional(),
  category: text('区分', CATEGORY_MAX).optional(),
  number: text('番号', NUMBER_MAX).optional(),
  name: text('指標名', NAME_MAX),
  unit: text('単位', UNIT_MAX).optional(),
  scale: z.number({ message: '小数の桁数は数値で指定してください。' }).int({ message: '小数の桁数は整数で指定してください。' }).optional(),
  bound: z.string({ message: '目標の向き（at_most か at_least）を指定してください。' }),
  baselineFiscalYear: year('基準値の年度').nullable().optional(),
  baselineValue: value('基準値').nullable().optional(),
  baselineNote: text('基準値の注記', NOTE_MAX).optional(),
  targetFiscalYear: year('目標値の年度').nullable().optional(),
  targetValue: value('目標値').nullable().optional(),
  targetLabel: text('目標値の表記', LABEL_MAX).optional(),
  description: text('説明', DESCRIPTION_MAX).optional(),
  departmentId: nullableUuid('担当課').optional(),
  sourceRowId: nullableUuid('取り込み元の表の行').optional(),
};

export const kpiCreateBody = z.object(kpiFields);
export const kpiPatchBody = z.object(kpiFields).partial().extend({ version });
export const kpiDeleteQuery = z.object({ version: z.coerce.number({ message: '版数(version)を数値で指定してください。' }).int() });
export const kpiValueBody = z.object({
  version,
  fiscalYear: year('年度'),
  kind: z.enum(['actual', 'milestone'], { message: '値の種類は actual（実績値）か milestone（年度目標）を指定してください。' }).default('actual'),
  value: value('値').nullable(),
  note: text('注記', NOTE_MAX).optional(),
});
export const kpiOrderBody = z.object({
  ids: z.array(z.uuid({ message: '数値目標・KPIのIDの形式が正しくありません。' }), { message: '並び順は数値目標・KPIのIDの配列で指定してください。' }).max(500),
});

// The bodies the staff UI declares (src/shared) must be accepted as they are: a compile-time check, so the
// two shapes cannot drift apart (the schemas accept more: fields left out, numbers for values).
type Accepts<Schema extends z.ZodType, Body> = [Body] extends [z.input<Schema>] ? true : false;
true satisfies Accepts<typeof kpiCreateBody, KpiBody>;
true satisfies Accepts<typeof kpiPatchBody, Partial<KpiBody> & { version: number }>;
true satisfies Accepts<typeof kpiValueBody, KpiValueBody>;

