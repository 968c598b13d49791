/**
 * Plan routes. Each handler: validate → load scoped to the tenant → authorize → command → present.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../../shared/http/types.js';
import { canonicalQuery, fingerprintEtag, ifNoneMatch } from '../../../shared/http/etag.js';
import { authorize, checkIdParams, inTransaction, scopeOf } from '../../../shared/http/tenant.js';
import { parseInput } from '../../../shared/http/validate.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { addPlanStage, createPlan, updatePlan } from '../commands/plans.js';
import { createNode, endNode, moveNode, updateNode } from '../commands/nodes.js';
import { getNodeDetail, getPlan, getRoadmap, getTree, listPlanChanges, listPlans } from '../queries/plans.js';
import { planTreeVersion } from '../queries/treeVersion.js';
import {
  nodeCreateBody,
  nodeFilterQuery,
  nodeMergeBody,
  nodeMoveBody,
  nodePatchBody,
  nodeStopBody,
  planCreateBody,
  planPatchBody,
  planStageBody,
} from './schemas.js';

const BASE = '/api/m/:code';
const doc = (method: 'get' | 'post' | 'patch', path: string, summary: string, extra: Omit<Parameters<typeof describeRoute>[0], 'method' | 'path' | 'summary' | 'tag'> = {}) =>
  describeRoute({ method, path: BASE + path, summary, tag: '計画', ...extra });

// the browser keeps the answer but asks each time (If-None-Match); shared caches must not keep it
const REVALIDATE = 'private, no-cache';

/**
 * The tree and the roadmap answer with an ETag of the plan's row versions and the query, computed
 * before the answer is built (an edit in between then only costs one more full answer, never a
 * stale one), and 304 when the client already has it. Null when the plan does not exist.
 */
async function viewEtag(c: Context<AppEnv>, planId: string, view: string, query: Record<string, unknown>): Promise<string | null> {
  const version = await planTreeVersion(scopeOf(c), planId);
  return version === null ? null : fingerprintEtag([view, version, canonicalQuery(query)]);
}

export function planRoutes() {
  const r = new Hono<AppEnv>();
  r.use('/plans/:planId', checkIdParams);
  r.use('/plans/:planId/*', checkIdParams);
  r.use('/plans/:planId/nodes/:nodeId', checkIdParams);
  r.use('/plans/:planId/nodes/:nodeId/*', checkIdParams);

  doc('get', '/plans', '計画の一覧', { response: 'PlanSummaryDto[]' });
  r.get('/plans', async (c) => {
    authorize(c, 'plan.read');
    return c.json({ items: await listPlans(scopeOf(c)) });
  });

  doc('post', '/plans', '計画の登録', { body: planCreateBody, response: 'PlanDto', status: 201 });
  r.post('/plans', async (c) => {
    const body = parseInput(planCreateBody, await c.req.json());
    authorize(c, 'plan.create');
    const plan = await inTransaction(c, (ctx) => createPlan(ctx, body));
    return c.json(await getPlan(scopeOf(c), plan.id), 201);
  });

  doc('get', '/plans/:planId', '計画の詳細', { response: 'PlanDto' });
  r.get('/plans/:planId', async (c) => {
    authorize(c, 'plan.read');
    return c.json(await getPlan(scopeOf(c), c.req.param('planId')));
  });

  doc('patch', '/plans/:planId', '計画の更新（version必須）', { body: planPatchBody, response: 'PlanDto' });
  r.patch('/plans/:planId', async (c) => {
    const body = parseInput(planPatchBody, await c.req.json());
    authorize(c, 'plan.update');
    await inTransaction(c, (ctx) => updatePlan(ctx, c.req.param('planId'), body));
    return c.json(await getPlan(scopeOf(c), c.req.param('planId')));
  });

  doc('post', '/plans/:planId/stages', '計画の段階（素案・草案・決定・改訂）の記録', { body: planStageBody, response: 'PlanDto', status: 201 });
  r.post('/plans/:planId/stages', async (c) => {
    const body = parseInput(planStageBody, await c.req.json());
    authorize(c, 'plan.update');
    await inTransaction(c, (ctx) => addPlanStage(ctx, c.req.param('planId'), body));
    return c.json(await getPlan(scopeOf(c), c.req.param('planId')), 201);
  });

  doc('get', '/plans/:planId/tree', '計画の体系（ツリー）。asOf を指定するとその日時点の体系。ETag を返し、If-None-Match が一致すれば 304', { query: nodeFilterQuery, response: 'PlanTreeDto' });
  r.get('/plans/:planId/tree', async (c) => {
    const q = parseInput(nodeFilterQuery, c.req.query());
    authorize(c, 'plan.read');
    const etag = await viewEtag(c, c.req.param('planId'), 'tree', q);
    const headers = etag ? { etag, 'cache-control': REVALIDATE } : undefined;
    if (etag && ifNoneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    return c.json(await getTree(scopeOf(c), c.req.param('planId'), q), 200, headers);
  });

  doc('get', '/plans/:planId/roadmap', 'ロードマップ（実施項目×年度）。ETag を返し、If-None-Match が一致すれば 304', { query: nodeFilterQuery, response: 'RoadmapDto' });
  r.get('/plans/:planId/roadmap', async (c) => {
    const q = parseInput(nodeFilterQuery, c.req.query());
    authorize(c, 'plan.read');
    const etag = await viewEtag(c, c.req.param('planId'), 'roadmap', q);
    const headers = etag ? { etag, 'cache-control': REVALIDATE } : undefined;
    if (etag && ifNoneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    return c.json(await getRoadmap(scopeOf(c), c.req.param('planId'), q), 200, headers);
  });

  doc('get', '/plans/:planId/changes', '変更調書（追加・改訂・統合・中止の記録）', { response: 'NodeChangeDto[]' });
  r.get('/plans/:planId/changes', async (c) => {
    authorize(c, 'plan.read');
    return c.json({ items: await listPlanChanges(scopeOf(c), c.req.param('planId')) });
  });

  doc('get', '/plans/:planId/nodes/:nodeId', '項目の詳細と変更履歴', { response: 'NodeDetailDto' });
  r.get('/plans/:planId/nodes/:nodeId', async (c) => {
    authorize(c, 'plan.read');
    return c.json(await getNodeDetail(scopeOf(c), c.req.param('planId'), c.req.param('nodeId')));
  });

  doc('post', '/plans/:planId/nodes', '項目の追加', { body: nodeCreateBody, response: 'NodeDetailDto', status: 201 });
  r.post('/plans/:planId/nodes', async (c) => {
    const body = parseInput(nodeCreateBody, await c.req.json());
    authorize(c, 'node.create');
    const planId = c.req.param('planId');
    const node = await inTransaction(c, (ctx) => createNode(ctx, planId, body));
    return c.json(await getNodeDetail(scopeOf(c), planId, node.id), 201);
  });

  doc('patch', '/plans/:planId/nodes/:nodeId', '項目の編集（version必須。古い版なら409）', { body: nodePatchBody, response: 'NodeDetailDto' });
  r.patch('/plans/:planId/nodes/:nodeId', async (c) => {
    const body = parseInput(nodePatchBody, await c.req.json());
    authorize(c, 'node.update');
    const { planId, nodeId } = c.req.param();
    await inTransaction(c, (ctx) => updateNode(ctx, planId, nodeId, body));
    return c.json(await getNodeDetail(scopeOf(c), planId, nodeId));
  });

  doc('post', '/plans/:planId/nodes/:nodeId/move', '項目の移動（上位項目・順序の変更）', { body: nodeMoveBody, response: 'NodeDetailDto' });
  r.post('/plans/:planId/nodes/:nodeId/move', async (c) => {
    const body = parseInput(nodeMoveBody, await c.req.json());
    authorize(c, 'node.restructure');
    const { planId, nodeId } = c.req.param();
    await inTransaction(c, (ctx) => moveNode(ctx, planId, nodeId, body));
    return c.json(await getNodeDetail(scopeOf(c), planId, nodeId));
  });

  doc('post', '/plans/:planId/nodes/:nodeId/stop', '項目の中止（理由と適用日を変更調書に記録）', { body: nodeStopBody, response: 'NodeDetailDto' });
  r.post('/plans/:planId/nodes/:nodeId/stop', async (c) => {
    const body = parseInput(nodeStopBody, await c.req.json());
    authorize(c, 'node.restructure');
    const { planId, nodeId } = c.req.param();
    await inTransaction(c, (ctx) => endNode(ctx, planId, nodeId, 'stopped', body));
    return c.json(await getNodeDetail(scopeOf(c), planId, nodeId));
  });

  doc('post', '/plans/:planId/nodes/:nodeId/merge', '項目の統合（統合先・理由・適用日）', { body: nodeMergeBody, response: 'NodeDetailDto' });
  r.post('/plans/:planId/nodes/:nodeId/merge', async (c) => {
    const body = parseInput(nodeMergeBody, await c.req.json());
    authorize(c, 'node.restructure');
    const { planId, nodeId } = c.req.param();
    await inTransaction(c, (ctx) => endNode(ctx, planId, nodeId, 'merged', body));
    return c.json(await getNodeDetail(scopeOf(c), planId, nodeId));
  });

  return r;
}
