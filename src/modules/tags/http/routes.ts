import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../shared/http/types.js';
import { authorize, checkIdParams, inTransaction, scopeOf } from '../../../shared/http/tenant.js';
import { parseInput } from '../../../shared/http/validate.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { createTag, updateTag } from '../commands/tags.js';
import { presentTag } from '../presenters/tag.js';
import { listTags } from '../queries/tags.js';

const tagBody = z.object({ name: z.string().max(50), category: z.string().max(50), sortOrder: z.number().int().optional() });

/** A change names the version the form was started from. */
const tagPatchBody = tagBody.extend({
  version: z
    .number({ message: '版数(version)を指定してください。画面を再読み込みしてから、もう一度保存してください。' })
    .int({ message: '版数(version)は正の整数で指定してください。' })
    .positive({ message: '版数(version)は正の整数で指定してください。' }),
});

export function tagRoutes() {
  const r = new Hono<AppEnv>();
  describeRoute({ method: 'get', path: '/api/m/:code/tags', summary: 'タグ（全庁横断的な取組・視点など）の一覧', tag: 'タグ', response: 'TagDto[]' });
  r.get('/tags', async (c) => {
    authorize(c, 'tag.read');
    return c.json({ items: (await listTags(scopeOf(c))).map(presentTag) });
  });
  describeRoute({ method: 'post', path: '/api/m/:code/tags', summary: 'タグの登録（同じ分類に同名のタグがあれば409、code duplicate）', tag: 'タグ', body: tagBody, response: 'TagDto', status: 201 });
  r.post('/tags', async (c) => {
    const body = parseInput(tagBody, await c.req.json());
    authorize(c, 'tag.write');
    return c.json(presentTag(await inTransaction(c, (ctx) => createTag(ctx, body))), 201);
  });
  r.use('/tags/:tagId', checkIdParams);
  describeRoute({ method: 'patch', path: '/api/m/:code/tags/:tagId', summary: 'タグの名称・分類の変更。version必須。古い版なら409（code conflict）と保存されている内容 current。同じ分類に同名のタグがあれば409（code duplicate）', tag: 'タグ', body: tagPatchBody, response: 'TagDto' });
  r.patch('/tags/:tagId', async (c) => {
    const body = parseInput(tagPatchBody, await c.req.json());
    authorize(c, 'tag.write');
    return c.json(presentTag(await inTransaction(c, (ctx) => updateTag(ctx, c.req.param('tagId'), body))));
  });
  return r;
}
