import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import type { ApiErrorBody, NodeDetailDto, PlanTreeDto, RoadmapDto } from '../../src/shared/api-types.js';
import { buildSmallPlan, type SmallPlan } from '../support/fixtures.js';
import { backends, openTestStore } from '../support/stores.js';

describe.each(backends())('HTTP API on %s', (kind) => {
  let store: Store;
  let f: SmallPlan;
  let app: ReturnType<typeof createApp>;
  let base: string;
  const json = async <T>(path: string, init?: { method?: string; body?: unknown }) => {
    const res = await app.request(path, {
      method: init?.method ?? 'GET',
      headers: { 'content-type': 'application/json' },
      body: init?.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    } as RequestInit);
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildSmallPlan(store, 'API市');
    app = createApp({ store });
    base = `/api/m/${f.municipality.code}/plans/${f.plan.id}`;
  });
  afterAll(() => store.close());

  it('serves the plan, its tree with 和暦 columns and the roadmap', async () => {
    const plan = await json<{ periodLabel: string; fiscalYears: { short: string }[] }>(base);
    expect(plan.status).toBe(200);
    expect(plan.body.periodLabel).toBe('令和8年度〜令和11年度');
    expect(plan.body.fiscalYears.map((y) => y.short)).toEqual(['R8', 'R9', 'R10', 'R11']);
    const tree = await json<PlanTreeDto>(`${base}/tree`);
    expect(tree.body.roots[0]!.children[0]!.children.map((n) => n.number)).toEqual(['1', '2']);
    expect(tree.body.tags.map((t) => t.name)).toEqual(['DX']);
    const rm = await json<RoadmapDto>(`${base}/roadmap?priority=true`);
    expect(rm.body.rows.map((r) => r.number)).toEqual(['1']);
  });

  it('filters the tree and keeps the path to each hit', async () => {
    const tree = await json<PlanTreeDto>(`${base}/tree?department=${f.departments.zaisei.id}&q=${encodeURIComponent('補助金')}`);
    expect(tree.body.roots).toHaveLength(1);
    expect(tree.body.roots[0]!.children[0]!.children.map((n) => n.title)).toEqual(['補助金の見直し']);
  });

  it('edits an item and answers with the saved state; the change is in the history', async () => {
    const d = await json<NodeDetailDto>(`${base}/nodes/${f.nodes.item2.id}`);
    const res = await json<NodeDetailDto>(`${base}/nodes/${f.nodes.item2.id}`, {
      method: 'PATCH',
      body: { version: d.body.node.version, title: '補助金・負担金の見直し', schedule: { '2026': 'kento', '2027': 'jisshi' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.node.title).toBe('補助金・負担金の見直し');
    expect(res.body.node.schedule).toEqual({ '2026': 'kento', '2027': 'jisshi' });
    expect(res.body.changes[0]!.kindLabel).toBe('修正');
    const again = await json<NodeDetailDto>(`${base}/nodes/${f.nodes.item2.id}`);
    expect(again.body.node.version).toBe(d.body.node.version + 1);
  });

  it('answers 422 with a Japanese message per field and saves nothing', async () => {
    const d = await json<NodeDetailDto>(`${base}/nodes/${f.nodes.item1.id}`);
    const res = await json<ApiErrorBody>(`${base}/nodes/${f.nodes.item1.id}`, {
      method: 'PATCH',
      body: { version: d.body.node.version, title: '', description: '変更', departments: [] },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation');
    expect(res.body.error.fields).toEqual([{ path: 'title', message: '項目名を入力してください。' }]);
    const after = await json<NodeDetailDto>(`${base}/nodes/${f.nodes.item1.id}`);
    expect(after.body.node).toEqual(d.body.node);
  });

  it('answers 422 for a malformed body (zod) with the field path', async () => {
    const res = await json<ApiErrorBody>(`${base}/nodes`, { method: 'POST', body: { parentId: 'not-a-uuid', title: 5 } });
    expect(res.status).toBe(422);
    const paths = res.body.error.fields!.map((x) => x.path).sort();
    expect(paths).toEqual(['parentId', 'title']);
    expect(res.body.error.fields!.find((x) => x.path === 'title')!.message).toMatch(/項目名|文字列/);
  });

  it('answers 409 with the stored version on a stale save', async () => {
    const d = await json<NodeDetailDto>(`${base}/nodes/${f.nodes.top.id}`);
    const ok = await json(`${base}/nodes/${f.nodes.top.id}`, { method: 'PATCH', body: { version: d.body.node.version, title: '歳出の削減' } });
    expect(ok.status).toBe(200);
    const stale = await json<ApiErrorBody>(`${base}/nodes/${f.nodes.top.id}`, { method: 'PATCH', body: { version: d.body.node.version, title: '別の案' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain('他の人が先に更新しました');
    expect((stale.body.error.current as { title: string }).title).toBe('歳出の削減');
  });

  it('creates a child item under a 施策 at a position, and adds a mid-plan item with its mark', async () => {
    const res = await json<NodeDetailDto>(`${base}/nodes`, {
      method: 'POST',
      body: {
        parentId: f.nodes.measure.id,
        number: '3',
        title: '窓口のオンライン化',
        departments: [{ id: f.departments.somu.id, lead: true }],
        schedule: { '2027': 'jisshi' },
        change: { kind: 'added', effectiveDate: '2027-04-01', reason: '国の方針を受けて追加' },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.node.levelName).toBe('実施項目');
    expect(res.body.node.marks).toEqual(['【R9年度追加項目】']);
    expect(res.body.path.map((p) => p.title)).toEqual(['歳出の削減', '事務事業の見直し']);
    const asOf = await json<PlanTreeDto>(`${base}/tree?asOf=2026-12-31`);
    const titles = asOf.body.roots[0]!.children[0]!.children.map((n) => n.title);
    expect(titles).not.toContain('窓口のオンライン化');
  });

  it('stops an item and lists it in the 変更調書', async () => {
    const d = await json<NodeDetailDto>(`${base}/nodes/${f.nodes.item1.id}`);
    const res = await json<NodeDetailDto>(`${base}/nodes/${f.nodes.item1.id}/stop`, {
      method: 'POST',
      body: { version: d.body.node.version, effectiveDate: '2028-04-01', reason: '国のシステム標準化に統一するため' },
    });
    expect(res.status).toBe(200);
    expect(res.body.node.status).toBe('stopped');
    const changes = await json<{ items: { kindLabel: string; reason: string }[] }>(`${base}/changes`);
    expect(changes.body.items[0]).toMatchObject({ kindLabel: '中止', reason: '国のシステム標準化に統一するため' });
  });

  it('answers 404 in Japanese for unknown municipality, plan and malformed ids; 400 for broken JSON', async () => {
    const m = await json<ApiErrorBody>('/api/m/999999/plans');
    expect(m.status).toBe(404);
    expect(m.body.error.message).toContain('999999');
    expect((await json(`/api/m/${f.municipality.code}/plans/abc/tree`)).status).toBe(404);
    const bad = await json<ApiErrorBody>(`${base}/nodes`, { method: 'POST', body: '{"title":' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('JSON');
    const q = await json<ApiErrorBody>(`${base}/tree?asOf=2026/04/01`);
    expect(q.status).toBe(422);
    expect(q.body.error.fields![0]!.path).toBe('asOf');
    const noDay = await json<ApiErrorBody>(`${base}/tree?asOf=2026-02-30`);
    expect(noDay.status).toBe(422);
    expect(noDay.body.error.fields![0]).toEqual({ path: 'asOf', message: '存在しない日付です。' });
  });

  it('serves an OpenAPI document listing the routes', async () => {
    const res = await json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>('/api/openapi.json');
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/m/{code}/plans/{planId}/tree', '/api/m/{code}/plans/{planId}/nodes/{nodeId}', '/api/municipalities']),
    );
    expect(res.body.paths['/api/m/{code}/plans/{planId}/nodes/{nodeId}']!.patch).toBeDefined();
  });

  it('forbids nothing-loading-from-outside: the CSP allows only self', async () => {
    const res = await app.request('/api/health');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
