import { z } from 'zod';
import { isoDate, uuid } from '../../../shared/http/validate.js';

const year = z.number({ message: '年度は数値（西暦）で指定してください。' }).int().min(1868).max(2200);
const yearOrNull = year.nullable();

export const columnRole = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ignore') }),
  z.object({ kind: z.literal('number') }),
  z.object({ kind: z.literal('level'), level: z.number().int().min(0).max(9) }),
  z.object({ kind: z.literal('title') }),
  z.object({ kind: z.literal('description') }),
  z.object({ kind: z.literal('departments') }),
  z.object({ kind: z.literal('schedule'), fiscalYear: year }),
  z.object({ kind: z.literal('status'), fiscalYear: year }),
  z.object({ kind: z.literal('narrative'), fiscalYear: yearOrNull }),
  z.object({ kind: z.literal('issues'), fiscalYear: yearOrNull }),
  z.object({ kind: z.literal('nextPlan'), fiscalYear: yearOrNull }),
  z.object({ kind: z.literal('effect'), fiscalYear: yearOrNull }),
  z.object({ kind: z.literal('value'), key: z.string().trim().min(1, '数値の名前を入力してください。').max(50), fiscalYear: yearOrNull }),
]);

const codeMap = z.record(z.string().max(200), z.string().max(100).nullable());

export const importOptions = z.object({
  createMissingDepartments: z.boolean().default(false),
  existingRounds: z.enum(['skip', 'error']).default('skip'),
  realign: z.boolean().default(true),
  changeKind: z.enum(['edited', 'revised']).default('edited'),
  effectiveDate: isoDate.nullable().default(null),
});

export const MAX_CORRECTIONS = 1000;

export const cellCorrection = z.object({
  row: z.number({ message: '修正する行を行番号（1から）で指定してください。' }).int('行番号は整数で指定してください。').min(1, '行番号は1以上です。').max(1_000_000, '行番号が大きすぎます。'),
  column: z.number({ message: '修正する列を列の番号（0から）で指定してください。' }).int('列の番号は整数で指定してください。').min(0, '列の番号は0以上です。').max(500, '列の番号は500までです。'),
  value: z.string({ message: '修正後の値を文字で指定してください（空欄にするときは空の文字）。' }).max(10000, '修正後の値は10000文字以内にしてください。'),
});

export const importMapping = z.object({
  sheet: z.string().max(200).nullable().default(null),
  headerRows: z.array(z.number().int().min(1)).min(1, '見出しの行を指定してください。').max(2, '見出しの行は2行までです。'),
  columns: z.array(z.object({ index: z.number().int().min(0).max(500), header: z.string().max(500).default(''), role: columnRole })).max(500),
  statusMap: codeMap.default({}),
  phaseMap: codeMap.default({}),
  departmentMap: z.record(z.string().max(200), uuid.nullable()).default({}),
  rounds: z
    .array(z.object({ fiscalYear: year, label: z.string().max(100), asOfDate: isoDate }))
    .max(30)
    .default([]),
  options: importOptions.default({ createMissingDepartments: false, existingRounds: 'skip', realign: true, changeKind: 'edited', effectiveDate: null }),
  /** cell values set on the dry-run screen; for this file only (a saved mapping drops them) */
  corrections: z.array(cellCorrection).max(MAX_CORRECTIONS, `修正は${MAX_CORRECTIONS}件までです。`).default([]),
});

export const dryRunBody = z.object({ mapping: importMapping });

export const commitBody = z.object({
  mapping: importMapping,
  /** auto (default): small imports finish before the answer, large ones run in the background */
  run: z.enum(['auto', 'inline', 'background']).default('auto'),
});

export const uploadFields = z.object({
  planId: uuid,
  sheet: z.string().max(200).optional(),
  /** name of a saved mapping to apply */
  mapping: z.string().max(100).optional(),
});

export const uploadJsonBody = uploadFields.extend({ text: z.string({ message: '貼り付けた文字を送ってください。' }) });

export const uploadQuery = z.object({ sheet: z.string().max(200).optional(), mapping: z.string().max(100).optional() });

export const saveMappingBody = z.object({
  name: z.string().max(100),
  planId: uuid.nullable().default(null),
  mapping: importMapping,
  overwrite: z.boolean().default(false),
});
