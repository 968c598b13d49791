/**
 * Request shapes of the export API. zod checks types and sizes at the edge; the layout rules
 * with their Japanese messages (levels of this plan, placeholders, colours) live in domain/layout.ts.
 */
import { z } from 'zod';
import { uuid } from '../../../shared/http/validate.js';
import { ANSWER_BASES } from '../../pdca/views/domain/model.js';
import { COLUMN_KINDS } from '../domain/layout.js';

const str = (label: string, max: number) =>
  z.string({ message: `${label}は文字列で入力してください。` }).max(max, { message: `${label}は${max}文字以内にしてください。` });

export const progressQuery = z.object({
  basis: z
    .enum(ANSWER_BASES, { message: '集計の対象（basis）は accepted・submitted・all のいずれかを指定してください。' })
    .default('accepted'),
});

const column = z.object({
  kind: z.enum(COLUMN_KINDS, { message: `列の種類は ${COLUMN_KINDS.join(', ')} のいずれかです。` }),
  depth: z.number({ message: '階層（depth）は数値で指定してください。' }).int({ message: '階層（depth）は整数で指定してください。' }).optional(),
  title: str('列の見出し', 200).optional(),
  width: z.number({ message: '列の幅は数値で指定してください。' }).optional(),
});

export const layoutPutBody = z.object({
  version: z.number({ message: '版数(version)を指定してください。' }).int({ message: '版数(version)は整数で指定してください。' }).min(0),
  layout: z.object({
    title: str('表題', 400),
    scheduledLegend: str('●（当年度実施）の説明', 600),
    overdueLegend: str('●（過年度未実施）の説明', 600),
    statusLegendLabel: str('凡例の見出し', 200).default('取組状況'),
    statusLegend: str('凡例の行', 600).default(''),
    columns: z.array(column, { message: '列の指定が正しくありません。' }).max(80, { message: '列が多すぎます。' }),
    fills: z.object({ scheduled: str('塗りつぶしの色', 20), overdue: str('塗りつぶしの色', 20) }),
    summarySheet: z.boolean({ message: '集計シートの有無は true か false で指定してください。' }).default(true),
  }),
});

export const uploadForm = z.object({
  departmentId: uuid.optional(),
});
