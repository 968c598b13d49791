import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { migrateStore } from '../../src/db/client.js';
import { auditLog, planNodes } from '../../src/db/schema.js';
import { endNode, moveNode, updateNode } from '../../src/modules/plans/commands/nodes.js';
import { updatePlan } from '../../src/modules/plans/commands/plans.js';
import { getNodeDetail, getRoadmap, getTree, listPlanChanges } from '../../src/modules/plans/queries/plans.js';
import { AppError } from '../../src/shared/errors.js';
import { buildSmallPlan, type SmallPlan } from '../support/fixtures.js';
import { backends, openTestStore, run } from '../support/stores.js';

async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  return e as AppError;
}

describe.each(backends())('plan commands on %s', (kind) => {
  let store: Store;
  let f: SmallPlan;
  const scope = () => ({ db: store.db, municipalityId: f.municipality.id });

  beforeAll(async () => {
    store = await openTestStore(kind);
    f = await buildSmallPlan(store);
  });
  afterAll(() => store.close());

  it('re-running the migrations is a no-op', async () => {
    await migrateStore(store);
    const tree = await getTree(scope(), f.plan.id);
    expect(tree.roots).toHaveLength(1);
  });

  it('builds the tree with level names, lead department first and schedules', async () => {
    const tree = await getTree(scope(), f.plan.id);
    const item = tree.roots[0]!.children[0]!.children[0]!;
    expect(item.levelName).toBe('実施項目');
    expect(item.departments.map((d) => [d.name, d.lead])).toEqual([
      ['総務課', true],
      ['財政課', false],
    ]);
    expect(item.schedule).toEqual({ '2026': 'kento', '2027': 'jisshi', '2028': 'keizoku' });
    expect(item.isAction).toBe(true);
    expect(tree.roots[0]!.isAction).toBe(false);
  });

  it('filters the roadmap by department, 重点 and a full-width search', async () => {
    const all = await getRoadmap(scope(), f.plan.id);
    expect(all.total).toBe(2);
    const bySomu = await getRoadmap(scope(), f.plan.id, { department: f.departments.somu.id });
    expect(bySomu.rows.map((r) => r.number)).toEqual(['1']);
    const prio = await getRoadmap(scope(), f.plan.id, { priority: true });
    expect(prio.rows.map((r) => r.title)).toEqual(['ＲＰＡによる定型業務の自動化']);
    const q = await getRoadmap(scope(), f.plan.id, { q: 'rpa 自動化' });
    expect(q.total).toBe(1);
    expect(q.rows[0]!.path.map((p) => p.title)).toEqual(['歳出削減', '事務事業の見直し']);
  });

  it('a filter by today’s 課 also finds items recorded under the 課 it succeeded', async () => {
    const renamed = await run(store, f.municipality.id, async (ctx) => {
      const { createDepartment, updateDepartment } = await import('../../src/modules/departments/commands/departments.js');
      const next = await createDepartment(ctx, { name: '財政経営課', kind: '課', validFrom: '2027-04-01' });
      await updateDepartment(ctx, f.departments.zaisei.id, { name: '財政課', kind: '課', validTo: '2027-04-01', successorId: next.id });
      return next;
    });
    const rm = await getRoadmap(scope(), f.plan.id, { department: renamed.id });
    expect(rm.rows.map((r) => r.number).sort()).toEqual(['1', '2']);
    const old = await getRoadmap(scope(), f.plan.id, { department: f.departments.zaisei.id });
    expect(old.total).toBe(2);
    const other = await getRoadmap(scope(), f.plan.id, { department: f.departments.somu.id });
    expect(other.rows.map((r) => r.number)).toEqual(['1']);
  });

  it('an edit is refused whole when one field is wrong, and nothing is saved', async () => {
    const before = await getNodeDetail(scope(), f.plan.id, f.nodes.item2.id);
    const e = await expectAppError(
      run(store, f.municipality.id, (ctx) =>
        updateNode(ctx, f.plan.id, f.nodes.item2.id, {
          version: before.node.version,
          title: '新しい名前',
          schedule: { '2026': 'jisshi', '2031': 'jisshi', '2027': 'unknown' },
        }),
      ),
      'validation',
    );
    expect(e.fields?.map((x) => x.path).sort()).toEqual(['schedule.2027', 'schedule.2031']);
    expect(e.fields?.find((x) => x.path === 'schedule.2031')?.message).toContain('令和13年度');
    const after = await getNodeDetail(scope(), f.plan.id, f.nodes.item2.id);
    expect(after.node).toEqual(before.node);
    expect(after.changes).toHaveLength(before.changes.length);
  });

  it('a stale version gets a conflict carrying the stored state; the first save stays', async () => {
    const d = await getNodeDetail(scope(), f.plan.id, f.nodes.item2.id);
    await run(store, f.municipality.id, (ctx) => updateNode(ctx, f.plan.id, f.nodes.item2.id, { version: d.node.version, title: 'Aさんの変更' }));
    const e = await expectAppError(
      run(store, f.municipality.id, (ctx) => updateNode(ctx, f.plan.id, f.nodes.item2.id, { version: d.node.version, title: 'Bさんの変更' })),
      'conflict',
    );
    expect((e.current as { title: string }).title).toBe('Aさんの変更');
    expect((await getNodeDetail(scope(), f.plan.id, f.nodes.item2.id)).node.title).toBe('Aさんの変更');
  });

  it('records a revision with its mark, the audit row, and shows the plan as it stood before', async () => {
    const d = await getNodeDetail(scope(), f.plan.id, f.nodes.item1.id);
    await run(store, f.municipality.id, (ctx) =>
      updateNode(ctx, f.plan.id, f.nodes.item1.id, {
        version: d.node.version,
        description: 'AI-OCRも併せて導入する。',
        change: { kind: 'revised', effectiveDate: '2027-04-01', reason: '国の補助制度に合わせて拡充' },
      }),
    );
    const now = await getNodeDetail(scope(), f.plan.id, f.nodes.item1.id);
    expect(now.node.marks).toEqual(['【R9年度改訂】']);
    expect(now.changes[0]).toMatchObject({ kind: 'revised', kindLabel: '改訂', effectiveDate: '2027-04-01', reason: '国の補助制度に合わせて拡充' });

    const old = await getTree(scope(), f.plan.id, { asOf: '2026-10-01' });
    const oldItem = old.roots[0]!.children[0]!.children.find((n) => n.id === f.nodes.item1.id)!;
    expect(oldItem.description).toBe('定型業務にRPAを導入し、職員の事務負担を軽減する。');
    expect(oldItem.marks).toEqual([]);
    const before = await getTree(scope(), f.plan.id, { asOf: '2026-03-31' });
    expect(before.roots).toEqual([]); // the plan's items count from its first day

    const audit = await store.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.municipalityId, f.municipality.id), eq(auditLog.entityId, f.nodes.item1.id), eq(auditLog.action, 'node.update')));
    expect(audit).toHaveLength(1);
    expect((audit[0]!.before as { description: string }).description).toContain('RPA');
    expect((audit[0]!.after as { description: string }).description).toBe('AI-OCRも併せて導入する。');
  });

  it('refuses a change dated before the item’s latest change (history stays in order)', async () => {
    const d = await getNodeDetail(scope(), f.plan.id, f.nodes.item1.id);
    const e = await expectAppError(
      run(store, f.municipality.id, (ctx) =>
        updateNode(ctx, f.plan.id, f.nodes.item1.id, { version: d.node.version, title: 'x', change: { effectiveDate: '2026-05-01' } }),
      ),
      'validation',
    );
    expect(e.fields?.[0]?.path).toBe('change.effectiveDate');
  });

  it('moves an item, refuses a cycle, and keeps depths consistent', async () => {
    const top = await getNodeDetail(scope(), f.plan.id, f.nodes.top.id);
    await expectAppError(
      run(store, f.municipality.id, (ctx) =>
        moveNode(ctx, f.plan.id, f.nodes.top.id, { version: top.node.version, parentId: f.nodes.item2.id, position: 0 }),
      ),
      'validation',
    );
    const item2 = await getNodeDetail(scope(), f.plan.id, f.nodes.item2.id);
    await run(store, f.municipality.id, (ctx) =>
      moveNode(ctx, f.plan.id, f.nodes.item2.id, { version: item2.node.version, parentId: f.nodes.measure.id, position: 0, effectiveDate: '2027-06-01' }),
    );
    const tree = await getTree(scope(), f.plan.id);
    expect(tree.roots[0]!.children[0]!.children.map((n) => n.id)).toEqual([f.nodes.item2.id, f.nodes.item1.id]);
  });

  it('a new item appended after a move gets its own place at the end', async () => {
    const extra = await run(store, f.municipality.id, async (ctx) => {
      const { createNode } = await import('../../src/modules/plans/commands/nodes.js');
      const g = await createNode(ctx, f.plan.id, { parentId: f.nodes.top.id, number: '(9)', title: '並び順の確認' });
      const a = await createNode(ctx, f.plan.id, { parentId: g.id, title: 'A' });
      const b = await createNode(ctx, f.plan.id, { parentId: g.id, title: 'B' });
      await moveNode(ctx, f.plan.id, a.id, { version: a.version, parentId: f.nodes.measure.id, position: 99, effectiveDate: '2027-06-01' });
      const c = await createNode(ctx, f.plan.id, { parentId: g.id, title: 'C' });
      return { g, b, c };
    });
    const tree = await getTree(scope(), f.plan.id);
    const group = tree.roots[0]!.children.find((n) => n.id === extra.g.id)!;
    expect(group.children.map((n) => n.title)).toEqual(['B', 'C']);
    expect(new Set(group.children.map((n) => n.sortOrder)).size).toBe(2);
  });

  it('stops and merges items with reasons, keeping them in the 変更調書', async () => {
    const e = await expectAppError(
      run(store, f.municipality.id, async (ctx) => {
        const d = await getNodeDetail(ctx, f.plan.id, f.nodes.item2.id);
        return endNode(ctx, f.plan.id, f.nodes.item2.id, 'stopped', { version: d.node.version, effectiveDate: '2027-10-01', reason: ' ' });
      }),
      'validation',
    );
    expect(e.fields?.[0]).toEqual({ path: 'reason', message: expect.stringContaining('中止の理由') });

    const d = await getNodeDetail(scope(), f.plan.id, f.nodes.item2.id);
    await run(store, f.municipality.id, (ctx) =>
      endNode(ctx, f.plan.id, f.nodes.item2.id, 'merged', { version: d.node.version, effectiveDate: '2027-10-01', reason: 'RPAの取組に統合', intoId: f.nodes.item1.id }),
    );
    const detail = await getNodeDetail(scope(), f.plan.id, f.nodes.item2.id);
    expect(detail.node.status).toBe('merged');
    expect(detail.node.mergedIntoId).toBe(f.nodes.item1.id);
    const changes = await listPlanChanges(scope(), f.plan.id);
    expect(changes.map((c) => c.kindLabel)).toContain('統合');
    expect(changes.find((c) => c.kind === 'merged')?.reason).toBe('RPAの取組に統合');
    // on a day before the merge the item was still active
    const before = await getTree(scope(), f.plan.id, { asOf: '2027-09-30' });
    const found = [...before.roots[0]!.children[0]!.children].find((n) => n.id === f.nodes.item2.id);
    expect(found?.status).toBe('active');
  });

  it('refuses to narrow the plan period past schedules already entered', async () => {
    const plan = (await store.db.select().from(planNodes).where(eq(planNodes.municipalityId, f.municipality.id))).length;
    expect(plan).toBeGreaterThan(0);
    const e = await expectAppError(
      run(store, f.municipality.id, (ctx) => updatePlan(ctx, f.plan.id, { version: 1, firstFiscalYear: 2027 })),
      'validation',
    );
    expect(e.fields?.[0]?.message).toContain('期間外');
  });
});
