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
