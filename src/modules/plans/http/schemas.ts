import { z } from 'zod';
import { isoDate, uuid } from '../../../shared/http/validate.js';
import { CHANGE_KINDS, DESCRIPTION_MAX, NUMBER_MAX, TITLE_MAX } from '../domain/node.js';

const text = (label: string, max: number) =>
  z.string({ message: `${label}は文字列で入力してください。` }).max(max, { message: `${label}は${max}文字以内にしてください。` });

const departmentsSchema = z.array(z.object({ id: uuid, lead: z.boolean() }), { message: '担当課の指定が正しくありません。' }).max(50);
const scheduleSchema = z.record(
  z.string().regex(/^\d{4}$/, { message: '年度は西暦4桁で指定してください。' }),
  z.string().max(32).nullable(),
);
const changeSchema = z
  .object({
    kind: z.enum(CHANGE_KINDS, { message: '変更種別が正しくありません。' }).optional(),
    effectiveDate: isoDate.optional(),
    reason: text('変更理由', 2000).optional(),
    mark: text('改訂マーク', 50).optional(),
  })
  .optional();

export const nodeCreateBody = z.object({
  parentId: uuid.nullable(),
  number: text('整理番号', NUMBER_MAX).optional(),
  title: text('項目名', TITLE_MAX * 2),
  description: text('事業概要', DESCRIPTION_MAX * 2).optional(),
  priority: z.boolean().optional(),
  isAction: z.boolean().optional(),
  departments: departmentsSchema.optional(),
  tagIds: z.array(uuid).max(50).optional(),
  schedule: scheduleSchema.optional(),
  position: z.number().int().min(0).optional(),
  change: changeSchema,
});

export const nodePatchBody = z.object({
  version: z.number({ message: '版数(version)を指定してください。' }).int(),
  number: text('整理番号', NUMBER_MAX).optional(),
  title: text('項目名', TITLE_MAX * 2).optional(),
  description: text('事業概要', DESCRIPTION_MAX * 2).optional(),
  priority: z.boolean().optional(),
  isAction: z.boolean().optional(),
  departments: departmentsSchema.optional(),
  tagIds: z.array(uuid).max(50).optional(),
  schedule: scheduleSchema.optional(),
  change: changeSchema,
});

export const nodeMoveBody = z.object({
  version: z.number().int(),
  parentId: uuid.nullable(),
  position: z.number().int().min(0),
  effectiveDate: isoDate.optional(),
  reason: text('理由', 2000).optional(),
});

export const nodeStopBody = z.object({
  version: z.number().int(),
  effectiveDate: isoDate,
  reason: text('理由', 2000),
});

export const nodeMergeBody = nodeStopBody.extend({ intoId: z.uuid({ message: '統合先の項目を選んでください。' }) });

const phaseSchema = z.object({ code: z.string(), label: z.string(), symbol: z.string().max(4).optional() });

export const planCreateBody = z.object({
  kind: text('計画の種類', 100),
  title: text('計画名', 200),
  firstFiscalYear: z.number({ message: '開始年度を西暦で入力してください。' }).int(),
  lastFiscalYear: z.number({ message: '終了年度を西暦で入力してください。' }).int(),
  philosophy: text('経営理念', 10000).optional(),
  parentPlanId: uuid.nullable().optional(),
  levelNames: z.array(text('階層名', 50)).min(1, { message: '階層名を1つ以上入力してください。' }).max(10),
  phases: z.array(phaseSchema).max(30).optional(),
  stages: z.array(z.object({ stage: z.string(), date: isoDate, note: text('備考', 500).optional() })).optional(),
  links: z.array(z.object({ planId: uuid, relation: text('関係', 50) })).optional(),
});

export const planPatchBody = planCreateBody.omit({ stages: true, links: true }).partial().extend({ version: z.number().int() });

export const planStageBody = z.object({ stage: z.string(), date: isoDate, note: text('備考', 500).optional() });

const boolParam = z
  .enum(['true', 'false', '1', '0'], { message: 'true か false を指定してください。' })
  .transform((v) => v === 'true' || v === '1');

export const nodeFilterQuery = z.object({
  asOf: isoDate.optional(),
  department: uuid.optional(),
  tag: uuid.optional(),
  priority: boolParam.optional(),
  depth: z.coerce.number({ message: '階層は数値で指定してください。' }).int().min(0).max(20).optional(),
  q: z.string().max(200).optional(),
  includeEnded: boolParam.optional(),
});
