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

export function tagRoutes() {
  const r = new Hono<AppEnv>();
  describeRoute({ method: 'get', path: '/api/m/:code/tags', summary: 'タグ（全庁横断的な取組・視点など）の一覧', tag: 'タグ', response: 'TagDto[]' });
  r.get('/tags', async (c) => {
    authorize(c, 'tag.read');
    return c.json({ items: (await listTags(scopeOf(c))).map(presentTag) });
  });
  describeRoute({ method: 'post', path: '/api/m/:code/tags', summary: 'タグの登録', tag: 'タグ', body: tagBody, response: 'TagDto', status: 201 });
  r.post('/tags', async (c) => {
    const body = parseInput(tagBody, await c.req.json());
    authorize(c, 'tag.write');
    return c.json(presentTag(await inTransaction(c, (ctx) => createTag(ctx, body))), 201);
  });
  r.use('/tags/:tagId', checkIdParams);
  describeRoute({ method: 'patch', path: '/api/m/:code/tags/:tagId', summary: 'タグの名称・分類の変更', tag: 'タグ', body: tagBody, response: 'TagDto' });
  r.patch('/tags/:tagId', async (c) => {
    const body = parseInput(tagBody, await c.req.json());
    authorize(c, 'tag.write');
    return c.json(presentTag(await inTransaction(c, (ctx) => updateTag(ctx, c.req.param('tagId'), body))));
  });
  return r;
}
