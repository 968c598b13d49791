/**
 * One municipality can never read or change another's rows: every query helper
 * and command is called with municipality A's scope and B's ids, and must find
 * nothing or refuse, leaving B's data exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import * as schema from '../../src/db/schema.js';
import { nodeDepartments } from '../../src/db/schema.js';
import { createApp } from '../../src/app.js';
import { listAudit } from '../../src/modules/audit/queries/listAudit.js';
import { createDepartment, updateDepartment } from '../../src/modules/departments/commands/departments.js';
import { findDepartments, listDepartments } from '../../src/modules/departments/queries/departments.js';
import { createNode, endNode, moveNode, updateNode } from '../../src/modules/plans/commands/nodes.js';
import { addPlanStage, createPlan, updatePlan } from '../../src/modules/plans/commands/plans.js';
import * as repo from '../../src/modules/plans/db/repo.js';
import { getNodeDetail, getPlan, getRoadmap, getTree, listPlanChanges, listPlans } from '../../src/modules/plans/queries/plans.js';
import { findTags, listTags } from '../../src/modules/tags/queries/tags.js';
import { AppError } from '../../src/shared/errors.js';
import { buildSmallPlan, type SmallPlan } from '../support/fixtures.js';
import { backends, openTestStore, run } from '../support/stores.js';

describe('schema', () => {
  // Not tenant data: the registry of tenants itself, and the sign-in throttle, whose per-address counters
  // deliberately span municipalities (one address spraying passwords across several 団体コード).
  const GLOBAL_TABLES = new Set(['municipalities', 'login_throttle']);
  it('every table but the global ones carries municipality_id as the first key column', () => {
    const tables = Object.values(schema).filter((t) => t && typeof t === 'object' && Symbol.for('drizzle:Name') in (t as object));
    expect(tables.length).toBeGreaterThan(10);
    for (const t of tables as Parameters<typeof getTableName>[0][]) {
      if (GLOBAL_TABLES.has(getTableName(t))) continue;
      const cols = getTableColumns(t as never) as Record<string, { name: string; notNull: boolean }>;
      expect(cols.municipalityId?.name, getTableName(t)).toBe('municipality_id');
      expect(cols.municipalityId?.notNull, getTableName(t)).toBe(true);
    }
  });
});

describe.each(backends())('tenant isolation on %s', (kind) => {
  let store: Store;
  let a: SmallPlan;
  let b: SmallPlan;
  const scopeA = () => ({ db: store.db, municipalityId: a.municipality.id });
  const snapshotB = async () => {
    const s = { db: store.db, municipalityId: b.municipality.id };
    return JSON.stringify([await getTree(s, b.plan.id), await listDepartments(s), await listTags(s), await getPlan(s, b.plan.id)]);
  };
  let bBefore: string;

  beforeAll(async () => {
    store = await openTestStore(kind);
    a = await buildSmallPlan(store, 'A市');
    b = await buildSmallPlan(store, 'B市');
    bBefore = await snapshotB();
  });
  afterAll(() => store.close());

  it('query helpers scoped to A find nothing of B', async () => {
    const s = scopeA();
    expect(await repo.findPlan(s, b.plan.id)).toBeNull();
    expect(await repo.findNode(s, b.plan.id, b.nodes.item1.id)).toBeNull();
    expect(await repo.findNode(s, a.plan.id, b.nodes.item1.id)).toBeNull();
    expect(await repo.planNodeRows(s, b.plan.id)).toEqual([]);
    const rel = await repo.planNodeRelations(s, b.plan.id);
    expect([rel.departments.size, rel.schedules.size, rel.tags.size, rel.marks.size]).toEqual([0, 0, 0, 0]);
    const relIds = await repo.planNodeRelations(s, a.plan.id, [b.nodes.item1.id]);
    expect(relIds.departments.size + relIds.schedules.size + relIds.tags.size).toBe(0);
    expect(await repo.nodeChangeRows(s, b.plan.id)).toEqual([]);
    expect(await repo.snapshotsAsOf(s, b.plan.id, '2099-01-01')).toEqual([]);
    expect(await repo.planStagesOf(s, b.plan.id)).toEqual([]);
    expect(await repo.planLinksOf(s, b.plan.id)).toEqual([]);
    expect(await repo.nodeCounts(s, b.plan.id)).toEqual({ nodeCount: 0, actionCount: 0 });
    expect((await repo.listPlanRows(s)).map((r) => r.plan.id)).toEqual([a.plan.id]);
    expect(await findDepartments(s, [b.departments.somu.id])).toEqual([]);
    expect(await findTags(s, [b.tags.dx.id])).toEqual([]);
    expect((await listDepartments(s)).every((d) => d.municipalityId === a.municipality.id)).toBe(true);
    expect((await listTags(s)).every((t) => t.municipalityId === a.municipality.id)).toBe(true);
    expect((await listAudit(s)).every((x) => x.municipalityId === a.municipality.id)).toBe(true);
    expect(await listAudit(s, { entityId: b.nodes.item1.id })).toEqual([]);
    expect((await listPlans(s)).map((p) => p.id)).toEqual([a.plan.id]);
  });

  it('queries that present data answer 404 for B’s ids', async () => {
    const s = scopeA();
    const reads = [
      () => getPlan(s, b.plan.id),
      () => getTree(s, b.plan.id),
      () => getRoadmap(s, b.plan.id),
      () => listPlanChanges(s, b.plan.id),
      () => getNodeDetail(s, b.plan.id, b.nodes.item1.id),
      () => getNodeDetail(s, a.plan.id, b.nodes.item1.id),
    ];
    for (const read of reads) {
      await expect(read()).rejects.toMatchObject({ code: 'not_found' });
    }
  });

  it('commands in A’s context cannot touch or link to B’s rows', async () => {
    const inA = <T>(fn: Parameters<typeof run<T>>[2]) => run(store, a.municipality.id, fn);
    const attempts: (() => Promise<unknown>)[] = [
      () => inA((ctx) => updatePlan(ctx, b.plan.id, { version: 1, title: '乗っ取り' })),
      () => inA((ctx) => addPlanStage(ctx, b.plan.id, { stage: '改訂', date: '2027-04-01' })),
      () => inA((ctx) => createNode(ctx, b.plan.id, { parentId: null, title: '侵入' })),
      () => inA((ctx) => createNode(ctx, a.plan.id, { parentId: b.nodes.top.id, title: '侵入' })),
      () => inA((ctx) => createNode(ctx, a.plan.id, { parentId: null, title: 'x', departments: [{ id: b.departments.somu.id, lead: true }] })),
      () => inA((ctx) => createNode(ctx, a.plan.id, { parentId: null, title: 'x', tagIds: [b.tags.dx.id] })),
      () => inA((ctx) => updateNode(ctx, b.plan.id, b.nodes.item1.id, { version: 1, title: '乗っ取り' })),
      () => inA((ctx) => updateNode(ctx, a.plan.id, b.nodes.item1.id, { version: 1, title: '乗っ取り' })),
      () => inA((ctx) => updateNode(ctx, a.plan.id, a.nodes.item1.id, { version: 1, departments: [{ id: b.departments.zaisei.id, lead: true }] })),
      () => inA((ctx) => moveNode(ctx, b.plan.id, b.nodes.item1.id, { version: 1, parentId: null, position: 0 })),
      () => inA((ctx) => moveNode(ctx, a.plan.id, a.nodes.item1.id, { version: 1, parentId: b.nodes.top.id, position: 0 })),
      () => inA((ctx) => endNode(ctx, b.plan.id, b.nodes.item1.id, 'stopped', { version: 1, effectiveDate: '2027-04-01', reason: 'x' })),
      () => inA((ctx) => endNode(ctx, a.plan.id, a.nodes.item2.id, 'merged', { version: 1, effectiveDate: '2027-04-01', reason: 'x', intoId: b.nodes.item1.id })),
      () => inA((ctx) => updateDepartment(ctx, b.departments.somu.id, { name: '乗っ取り課', kind: '課' })),
      () => inA((ctx) => createDepartment(ctx, { name: '子課', kind: '課', parentId: b.departments.somu.id })),
      () => inA((ctx) => createPlan(ctx, { kind: 'x', title: 'x', firstFiscalYear: 2026, lastFiscalYear: 2027, levelNames: ['施策'], parentPlanId: b.plan.id })),
      () => inA((ctx) => createPlan(ctx, { kind: 'x', title: 'x', firstFiscalYear: 2026, lastFiscalYear: 2027, levelNames: ['施策'], links: [{ planId: b.plan.id, relation: '関連' }] })),
    ];
    for (const [i, attempt] of attempts.entries()) {
      const e = await attempt().then(
        () => null,
        (err: unknown) => err,
      );
      expect(e, `attempt ${i} must be refused`).toBeInstanceOf(AppError);
      expect(['not_found', 'validation'], `attempt ${i}`).toContain((e as AppError).code);
    }
    expect(await snapshotB()).toBe(bBefore);
  });

  it('the database itself refuses a link across municipalities (composite foreign keys)', async () => {
    await expect(
      store.db.insert(nodeDepartments).values({ municipalityId: a.municipality.id, nodeId: a.nodes.item1.id, departmentId: b.departments.somu.id, isLead: false }),
    ).rejects.toThrow();
    await expect(
      store.db.insert(nodeDepartments).values({ municipalityId: b.municipality.id, nodeId: a.nodes.item1.id, departmentId: b.departments.somu.id, isLead: false }),
    ).rejects.toThrow();
  });

  it('the HTTP API answers 404 for another municipality’s plan and node ids', async () => {
    const app = createApp({ store });
    const base = `/api/m/${a.municipality.code}/plans`;
    for (const path of [
      `${base}/${b.plan.id}`,
      `${base}/${b.plan.id}/tree`,
      `${base}/${b.plan.id}/roadmap`,
      `${base}/${b.plan.id}/changes`,
      `${base}/${b.plan.id}/nodes/${b.nodes.item1.id}`,
      `${base}/${a.plan.id}/nodes/${b.nodes.item1.id}`,
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
    }
    const res = await app.request(`${base}/${a.plan.id}/nodes/${b.nodes.item1.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: 1, title: '乗っ取り' }),
    });
    expect(res.status).toBe(404);
    expect(await snapshotB()).toBe(bBefore);
  });
});
