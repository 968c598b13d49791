import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import { loadDemoIfEmpty } from '../../src/modules/demo/commands/loadDemo.js';
import { resetDemoMunicipalities } from '../../src/modules/demo/commands/resetDemo.js';
import { listMunicipalities } from '../../src/modules/municipalities/queries/municipalities.js';
import type { PlanSummaryDto, PlanTreeDto, RoadmapDto, TreeNodeDto, NodeChangeDto } from '../../src/shared/api-types.js';
import { backends, openTestStore } from '../support/stores.js';

const seed001 = fs.readFileSync(path.resolve(import.meta.dirname, '../../../shared/seeds/001_3d1dbd03b4d324e7.txt'), 'utf8');

const countByDepth = (roots: TreeNodeDto[]) => {
  const out: number[] = [];
  const visit = (n: TreeNodeDto) => {
    out[n.depth] = (out[n.depth] ?? 0) + 1;
    n.children.forEach(visit);
  };
  roots.forEach(visit);
  return out;
};

describe.each(backends())('demo data on %s', (kind) => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  const get = async <T>(p: string) => (await (await app.request(p)).json()) as T;
  const plansOf = async (code: string) => (await get<{ items: PlanSummaryDto[] }>(`/api/m/${code}/plans`)).items;

  beforeAll(async () => {
    store = await openTestStore(kind);
    // a shared PostgreSQL may hold an earlier demo: reset touches only the demo municipalities
    if (!(await loadDemoIfEmpty(store))) await resetDemoMunicipalities(store);
    app = createApp({ store });
  }, 240_000);
  afterAll(() => store.close());

  it('loads the four municipalities with valid codes', async () => {
    const names = (await listMunicipalities(store.db)).map((m) => `${m.code} ${m.name}`);
    expect(names).toEqual(expect.arrayContaining(['432041 荒尾市', '432121 上天草市', '112062 行田市', '052124 大仙市']));
  });

  it('荒尾市 第五次 実施計画: the 35 items of seed 001 with R1–R5 schedules, 担当課 and R2 revisions', async () => {
    const plan = (await plansOf('432041')).find((p) => p.kind === '実行計画')!;
    expect(plan.periodLabel).toBe('令和元年度〜令和5年度');
    const rm = await get<RoadmapDto>(`/api/m/432041/plans/${plan.id}/roadmap`);
    expect(rm.total).toBe(35);
    expect(rm.rows.map((r) => r.number)).toEqual(Array.from({ length: 35 }, (_, i) => String(i + 1)));
    for (const r of rm.rows) {
      // every title is the document's own wording (PDF line breaks aside)
      expect(seed001.replace(/\s/g, ''), r.title).toContain(r.title.replace(/\s/g, ''));
      expect(r.departments.length, r.number).toBeGreaterThan(0);
    }
    const item1 = rm.rows[0]!;
    expect(item1.title).toBe('協働に関する職員研修や出前講座などの充実');
    expect(item1.schedule).toEqual({ '2019': 'jisshi', '2020': 'keizoku', '2021': 'keizoku', '2022': 'keizoku', '2023': 'keizoku' });
    expect(rm.rows[1]!.departments.map((d) => d.name)).toEqual(['くらしいきいき課', '総合政策課']);
    const changes = await get<{ items: NodeChangeDto[] }>(`/api/m/432041/plans/${plan.id}/changes`);
    expect(changes.items.map((c) => `${c.nodeNumber}${c.mark}`).sort()).toEqual(['15【R2年度改訂】', '35【R2年度追加項目】', '5【R2年度改訂】', '8【R2年度改訂】']);
    // as of FY2019 the item added in R2 was not yet part of the plan
    const r1 = await get<RoadmapDto>(`/api/m/432041/plans/${plan.id}/roadmap?asOf=2019-10-01`);
    expect(r1.total).toBe(34);
  });

  it('荒尾市 第六次大綱: 3 重点項目, 10 施策, 25 実施項目, 経営理念 and the DX plan inside it', async () => {
    const plans = await plansOf('432041');
    const taiko = plans.find((p) => p.kind === '行政改革大綱')!;
    const tree = await get<PlanTreeDto>(`/api/m/432041/plans/${taiko.id}/tree`);
    expect(countByDepth(tree.roots)).toEqual([3, 10, 25]);
    expect(tree.plan.philosophy.length).toBeGreaterThan(10);
    expect(tree.tags.filter((t) => t.category === '全庁横断的な取組').map((t) => t.name)).toEqual(['官民連携の推進', 'デジタルトランスフォーメーション(DX)の推進']);
    const dx = plans.find((p) => p.kind === 'DX推進計画')!;
    expect(dx.parentPlanId).toBe(taiko.id);
  });

  it('上天草市: DX plan with 重点 items and the 2026–2029 roadmap', async () => {
    const [plan] = await plansOf('432121');
    expect(plan!.firstFiscalYear).toBe(2026);
    expect(plan!.lastFiscalYear).toBe(2029);
    const rm = await get<RoadmapDto>(`/api/m/432121/plans/${plan!.id}/roadmap?priority=true`);
    expect(rm.total).toBe(8);
    expect(rm.rows.filter((r) => Object.keys(r.schedule).length === 4).length).toBeGreaterThan(0);
  });

  it('行田市: 4 柱 and 8 改革; 大仙市: 4 重点取組 and the 視点 tags', async () => {
    const [gyoda] = await plansOf('112062');
    const g = await get<PlanTreeDto>(`/api/m/112062/plans/${gyoda!.id}/tree`);
    expect(countByDepth(g.roots).slice(0, 2)).toEqual([4, 8]);
    expect(g.plan.levelNames).toEqual(['柱', '改革', '取組項目']);
    const [daisen] = await plansOf('052124');
    const d = await get<PlanTreeDto>(`/api/m/052124/plans/${daisen!.id}/tree`);
    expect(d.roots).toHaveLength(4);
    expect(d.tags.filter((t) => t.category === '視点').map((t) => t.name).sort()).toEqual(['デジタル変革', '行政改革']);
  });

  it('loading again into a store that has data changes nothing', async () => {
    const before = (await listMunicipalities(store.db)).length;
    expect(await loadDemoIfEmpty(store)).toBe(false);
    expect((await listMunicipalities(store.db)).length).toBe(before);
  });
});
