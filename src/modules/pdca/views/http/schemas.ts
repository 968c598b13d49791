import { z } from 'zod';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../../../shared/http/types.js';
import { notFound } from '../../../../shared/errors.js';
import { ANSWER_BASES, AXES } from '../domain/model.js';
import { UUID_RE } from '../../../../shared/ids.js';

const boolParam = z
  .enum(['true', 'false', '1', '0'], { message: 'true か false を指定してください。' })
  .transform((v) => v === 'true' || v === '1');

const basis = z.enum(ANSWER_BASES, { message: '集計の対象（basis）は submitted・accepted・all のいずれかを指定してください。' }).default('submitted');
const axis = z.enum(AXES, { message: '凡例の軸（axis）は status か achievement を指定してください。' }).default('status');

export const basisQuery = z.object({ basis });

export const groupQuery = z.object({
  basis,
  axis,
  depth: z.coerce.number({ message: '階層（depth）は数値で指定してください。' }).int({ message: '階層（depth）は整数で指定してください。' }).min(0, { message: '階層（depth）は0以上で指定してください。' }).max(20, { message: '階層（depth）は20以下で指定してください。' }).optional(),
  scheduledOnly: boolParam.optional(),
});

export const departmentQuery = z.object({ basis, axis, coOwners: boolParam.default(false), scheduledOnly: boolParam.optional() });

export const changeQuery = z.object({ basis, axis });

export const completionQuery = z.object({ basis, coOwners: boolParam.default(false) });

const LABELS: Record<string, string> = { roundId: '照会', planId: '計画', nodeId: '項目', notificationId: '通知', userId: '職員' };

/** An id that is not a UUID cannot exist: 404 with the thing's Japanese name before it reaches a uuid column. */
export const checkPdcaIds: MiddlewareHandler<AppEnv> = async (c, next) => {
  for (const [name, value] of Object.entries(c.req.param() as Record<string, string>)) {
    if (name.endsWith('Id') && !UUID_RE.test(value)) throw notFound(LABELS[name] ?? '対象');
  }
  await next();
};
