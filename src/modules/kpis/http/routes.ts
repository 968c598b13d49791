/**
 * 数値目標・KPI of a plan. Each handler: validate → load scoped to the tenant (404) → authorize
 * (another municipality's user 404, a role without kpi.write 403 with a Japanese message) → command
 * in one transaction (422 / 409) → present.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../../shared/http/types.js';
import { checkIdParams, inTransaction, scopeOf } from '../../../shared/http/tenant.js';
import { parseInput } from '../../../shared/http/validate.js';
import { describeRoute } from '../../../shared/http/openapi.js';
import { forbidden, notFound } from '../../../shared/errors.js';
import { createKpi, deleteKpi, reorderKpis, setKpiValue, updateKpi } from '../commands/kpis.js';
import { explainKpiRefusal, kpiAccess, type KpiAction } from '../policies/kpi.js';
import { getKpi, listKpis } from '../queries/kpis.js';
import { kpiChartSpec } from '../domain/chart.js';
import { renderChart } from '../../../shared/charts/index.js';
import type { ChartDto } from '../../../shared/api-types-kpis.js';
import { kpiCreateBody, kpiDeleteQuery, kpiOrderBody, kpiPatchBody, kpiValueBody } from './schemas.js';
import { UUID_RE } from '../../../shared/ids.js';

type C = Context<AppEnv>;
const BASE = '/api/m/:code/plans/:planId';
const TAG = '数値目標・KPI';
const doc = (method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string, summary: string, extra: Omit<Parameters<typeof describeRoute>[0], 'method' | 'path' | 'summary' | 'tag'> = {}) =>
  describeRoute({ method, path: BASE + path, summary, tag: TAG, ...extra });

function guard(c: C, action: KpiAction): void {
  const m = c.get('municipality');
  const decision = kpiAccess(c.get('actor'), action, { municipalityId: m.id });
  if (decision === 'not_found') throw notFound(`団体コード ${m.code} の団体`);
  if (decision === 'forbidden') throw forbidden(explainKpiRefusal(c.get('actor'), action));
}

const planId = (c: C) => c.req.param('planId')!;
/** An id that is not a UUID cannot exist: 404 before it reaches a uuid column. */
const kpiId = (c: C) => {
  const id = c.req.param('kpiId') ?? '';
  if (!UUID_RE.test(id)) throw notFound('数値目標・KPI');
  return id;
};

export function kpiRoutes() {
  const r = new Hono<AppEnv>();
  r.use('/plans/:planId/kpis', checkIdParams);
  r.use('/plans/:planId/kpis/*', checkIdParams);

  doc('get', '/kpis', '計画の数値目標・KPIの一覧（区分・並び順。各指標の年度別の値、最新の実績値による判定〈達成・未達成・未入力〉と進捗率）', { response: 'KpiListDto' });
  r.get('/plans/:planId/kpis', async (c) => {
    guard(c, 'kpi.read');
    return c.json(await listKpis(scopeOf(c), planId(c)));
  });

  doc('post', '/kpis', '数値目標・KPIの登録（事務局。値は入力どおりの文字列で送る: 95.6、23,706、△12.8）', { body: kpiCreateBody, response: 'KpiDto', status: 201 });
  r.post('/plans/:planId/kpis', async (c) => {
    const body = parseInput(kpiCreateBody, await c.req.json());
    guard(c, 'kpi.write');
    const row = await inTransaction(c, (ctx) => createKpi(ctx, planId(c), body));
    return c.json(await getKpi(scopeOf(c), planId(c), row.id), 201);
  });

  // registered before /kpis/:kpiId so that "order" is not taken for an id
  doc('put', '/kpis/order', '数値目標・KPIの並び替え（計画のすべての指標のIDを新しい順に）', { body: kpiOrderBody, response: 'KpiListDto' });
  r.put('/plans/:planId/kpis/order', async (c) => {
    const body = parseInput(kpiOrderBody, await c.req.json());
    guard(c, 'kpi.write');
    await inTransaction(c, (ctx) => reorderKpis(ctx, planId(c), body.ids));
    return c.json(await listKpis(scopeOf(c), planId(c)));
  });

  doc('get', '/kpis/:kpiId', '数値目標・KPIの詳細（すべての年度の値と判定）', { response: 'KpiDto' });
  r.get('/plans/:planId/kpis/:kpiId', async (c) => {
    guard(c, 'kpi.read');
    return c.json(await getKpi(scopeOf(c), planId(c), kpiId(c)));
  });

  doc('get', '/kpis/:kpiId/chart', '数値目標・KPIのグラフ（実績と目標の経路、年度目標。SVG・説明文・データの表。市民向けページ・PDFと同じ描画）', { response: 'ChartDto' });
  r.get('/plans/:planId/kpis/:kpiId/chart', async (c) => {
    guard(c, 'kpi.read');
    const k = await getKpi(scopeOf(c), planId(c), kpiId(c));
    const of = (kind: string) => k.values.filter((v) => v.kind === kind).map((v) => ({ fiscalYear: v.fiscalYear, value: v.value }));
    const years = [k.baselineFiscalYear, k.targetFiscalYear, ...k.values.map((v) => v.fiscalYear)].filter((y): y is number => y !== null);
    const span = years.length ? Array.from({ length: Math.max(...years) - Math.min(...years) + 1 }, (_, i) => Math.min(...years) + i) : [];
    const spec = kpiChartSpec({ ...k, actuals: of('actual'), milestones: of('milestone') }, span);
    if (!spec) return c.json({ chart: null } satisfies ChartDto);
    const chart = await renderChart(spec, { width: 560, height: 300 });
    return c.json({ chart } satisfies ChartDto);
  });

  doc('patch', '/kpis/:kpiId', '数値目標・KPIの変更（version必須。古い版なら409で最新の内容を返す）', { body: kpiPatchBody, response: 'KpiDto' });
  r.patch('/plans/:planId/kpis/:kpiId', async (c) => {
    const body = parseInput(kpiPatchBody, await c.req.json());
    guard(c, 'kpi.write');
    await inTransaction(c, (ctx) => updateKpi(ctx, planId(c), kpiId(c), body));
    return c.json(await getKpi(scopeOf(c), planId(c), kpiId(c)));
  });

  doc('delete', '/kpis/:kpiId', '数値目標・KPIの削除（?version= 必須。年度別の値も削除）', { query: kpiDeleteQuery, status: 204 });
  r.delete('/plans/:planId/kpis/:kpiId', async (c) => {
    const q = parseInput(kpiDeleteQuery, c.req.query());
    guard(c, 'kpi.write');
    await inTransaction(c, (ctx) => deleteKpi(ctx, planId(c), kpiId(c), q.version));
    return c.body(null, 204);
  });

  doc('put', '/kpis/:kpiId/values', '年度の実績値（actual）・年度目標（milestone）の入力。value が空文字か null なら消去（version必須）', { body: kpiValueBody, response: 'KpiDto' });
  r.put('/plans/:planId/kpis/:kpiId/values', async (c) => {
    const body = parseInput(kpiValueBody, await c.req.json());
    guard(c, 'kpi.write');
    await inTransaction(c, (ctx) => setKpiValue(ctx, planId(c), kpiId(c), body));
    return c.json(await getKpi(scopeOf(c), planId(c), kpiId(c)));
  });

  return r;
}
