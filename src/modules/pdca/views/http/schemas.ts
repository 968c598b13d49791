import { z } from 'zod';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../../../shared/http/types.js';
import { ANSWER_BASES, AXES } from '../domain/model.js';
import { assertIdParams } from '../../../../shared/http/tenant.js';

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


/** An id that is not a UUID cannot exist: 404 with the thing's Japanese name before it reaches a uuid column. */
export const checkPdcaIds: MiddlewareHandler<AppEnv> = async (c, next) => {
  assertIdParams(c.req.param() as Record<string, string>);
  await next();
};
