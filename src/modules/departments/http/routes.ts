import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../shared/http/types.js';
import { authorize, checkIdParams, inTransaction, scopeOf } from '../../../shared/http/tenant.js';
import { isoDate, parseInput, uuid } from '../../../shared/http/validate.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { todayInTokyo } from '../../fiscal/domain/index.js';
import { createDepartment, updateDepartment } from '../commands/departments.js';
import { presentDepartment } from '../presenters/department.js';
import { listDepartments } from '../queries/departments.js';

const departmentBody = z.object({
  name: z.string().max(100, { message: '組織名は100文字以内にしてください。' }),
  kind: z.string().max(20),
  /** 組織コード: the key an organisation CSV matches on; empty clears it */
  code: z.string().trim().max(20, { message: '組織コードは20文字以内にしてください。' }).nullable().optional(),
  parentId: uuid.nullable().optional(),
  validFrom: isoDate.nullable().optional(),
  validTo: isoDate.nullable().optional(),
  successorId: uuid.nullable().optional(),
  sortOrder: z.number().int().optional(),
});

/** A change names the version the form was started from; omitted fields keep their stored values. */
const departmentPatchBody = departmentBody.partial().extend({
  version: z
    .number({ message: '版数(version)を指定してください。画面を再読み込みしてから、もう一度保存してください。' })
    .int({ message: '版数(version)は正の整数で指定してください。' })
    .positive({ message: '版数(version)は正の整数で指定してください。' }),
});

export function departmentRoutes() {
  const r = new Hono<AppEnv>();
  r.use('/departments/:departmentId', checkIdParams);
  const tag = '組織';
  describeRoute({ method: 'get', path: '/api/m/:code/departments', summary: '組織（部・課・室）の一覧。廃止済みも含む', tag, response: 'DepartmentDto[]' });
  r.get('/departments', async (c) => {
    authorize(c, 'department.read');
    const today = todayInTokyo();
    return c.json({ items: (await listDepartments(scopeOf(c))).map((d) => presentDepartment(d, today)) });
  });
  describeRoute({ method: 'post', path: '/api/m/:code/departments', summary: '組織の登録', tag, body: departmentBody, response: 'DepartmentDto', status: 201 });
  r.post('/departments', async (c) => {
    const body = parseInput(departmentBody, await c.req.json());
    authorize(c, 'department.write');
    const row = await inTransaction(c, (ctx) => createDepartment(ctx, body));
    return c.json(presentDepartment(row, todayInTokyo()), 201);
  });
  describeRoute({ method: 'patch', path: '/api/m/:code/departments/:departmentId', summary: '組織の変更（改称・統合は後継組織と廃止日で記録）。version必須。送らなかった項目は変わらない。古い版なら409と保存されている内容 current', tag, body: departmentPatchBody, response: 'DepartmentDto' });
  r.patch('/departments/:departmentId', async (c) => {
    const body = parseInput(departmentPatchBody, await c.req.json());
    authorize(c, 'department.write');
    const row = await inTransaction(c, (ctx) => updateDepartment(ctx, c.req.param('departmentId'), body));
    return c.json(presentDepartment(row, todayInTokyo()));
  });
  return r;
}

