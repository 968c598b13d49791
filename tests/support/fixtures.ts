import type { Store } from '../../src/db/client.js';
import { createDepartment } from '../../src/modules/departments/commands/departments.js';
import { createNode } from '../../src/modules/plans/commands/nodes.js';
import { createPlan } from '../../src/modules/plans/commands/plans.js';
import { createTag } from '../../src/modules/tags/commands/tags.js';
import { createTestMunicipality, run } from './stores.js';

/**
 * A small plan like 荒尾市's: 重点項目 → 施策 → 実施項目, two departments,
 * one tag, schedules FY2026–2029.
 */
export async function buildSmallPlan(store: Store, name = 'テスト市') {
  const m = await createTestMunicipality(store.db, name);
  return run(store, m.id, async (ctx) => {
    const somu = await createDepartment(ctx, { name: '総務課', kind: '課' });
    const zaisei = await createDepartment(ctx, { name: '財政課', kind: '課' });
    const dx = await createTag(ctx, { name: 'DX', category: '全庁横断的な取組' });
    const plan = await createPlan(ctx, {
      kind: '行政改革大綱',
      title: `${name} 行政改革大綱`,
      firstFiscalYear: 2026,
      lastFiscalYear: 2029,
      levelNames: ['重点項目', '施策', '実施項目'],
      stages: [{ stage: '決定', date: '2026-03-20' }],
    });
    const top = await createNode(ctx, plan.id, { parentId: null, number: '1', title: '歳出削減' });
    const measure = await createNode(ctx, plan.id, { parentId: top.id, number: '(1)', title: '事務事業の見直し' });
    const item1 = await createNode(ctx, plan.id, {
      parentId: measure.id,
      number: '1',
      title: 'ＲＰＡによる定型業務の自動化',
      description: '定型業務にRPAを導入し、職員の事務負担を軽減する。',
      priority: true,
      departments: [
        { id: zaisei.id, lead: false },
        { id: somu.id, lead: true },
      ],
      tagIds: [dx.id],
      schedule: { '2026': 'kento', '2027': 'jisshi', '2028': 'keizoku' },
    });
    const item2 = await createNode(ctx, plan.id, {
      parentId: measure.id,
      number: '2',
      title: '補助金の見直し',
      departments: [{ id: zaisei.id, lead: true }],
      schedule: { '2026': 'jisshi' },
    });
    return { municipality: m, plan, departments: { somu, zaisei }, tags: { dx }, nodes: { top, measure, item1, item2 } };
  });
}

export type SmallPlan = Awaited<ReturnType<typeof buildSmallPlan>>;
