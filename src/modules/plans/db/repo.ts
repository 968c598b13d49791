/**
 * Tenant-scoped reads for plans and nodes. Every function takes a TenantScope
 * and every statement filters on municipality_id: callers cannot reach another
 * municipality's rows even with a valid id of theirs.
 */
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { readAll } from '../../../db/parallel.js';
import { nodeChanges, nodeDepartments, nodeSchedules, nodeTags, planLinks, planNodes, plans, planStages } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';
import type { NodeSnapshot } from '../domain/node.js';

export type PlanRow = typeof plans.$inferSelect;
export type NodeRow = typeof planNodes.$inferSelect;

export async function findPlan(scope: TenantScope, planId: string): Promise<PlanRow | null> {
  const rows = await scope.db
    .select()
    .from(plans)
    .where(and(eq(plans.municipalityId, scope.municipalityId), eq(plans.id, planId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function listPlanRows(scope: TenantScope) {
  const rows = await scope.db
    .select()
    .from(plans)
    .where(eq(plans.municipalityId, scope.municipalityId))
    .orderBy(asc(plans.sortOrder), asc(plans.firstFiscalYear), asc(plans.title));
  const counts = await scope.db
    .select({
      planId: planNodes.planId,
      nodes: count(),
      actions: sql<number>`count(*) filter (where ${planNodes.isAction})`.mapWith(Number),
    })
    .from(planNodes)
    .where(eq(planNodes.municipalityId, scope.municipalityId))
    .groupBy(planNodes.planId);
  const byPlan = new Map(counts.map((c) => [c.planId, c]));
  return rows.map((p) => ({ plan: p, nodeCount: byPlan.get(p.id)?.nodes ?? 0, actionCount: byPlan.get(p.id)?.actions ?? 0 }));
}

export async function planStagesOf(scope: TenantScope, planId: string) {
  return scope.db
    .select()
    .from(planStages)
    .where(and(eq(planStages.municipalityId, scope.municipalityId), eq(planStages.planId, planId)))
    .orderBy(asc(planStages.date));
}

export async function planLinksOf(scope: TenantScope, planId: string) {
  return scope.db
    .select({ planId: planLinks.relatedPlanId, relation: planLinks.relation, title: plans.title })
    .from(planLinks)
    .innerJoin(plans, and(eq(plans.municipalityId, planLinks.municipalityId), eq(plans.id, planLinks.relatedPlanId)))
    .where(and(eq(planLinks.municipalityId, scope.municipalityId), eq(planLinks.planId, planId)));
}

export async function nodeCounts(scope: TenantScope, planId: string) {
  const [row] = await scope.db
    .select({ nodes: count(), actions: sql<number>`count(*) filter (where ${planNodes.isAction})`.mapWith(Number) })
    .from(planNodes)
    .where(and(eq(planNodes.municipalityId, scope.municipalityId), eq(planNodes.planId, planId)));
  return { nodeCount: row?.nodes ?? 0, actionCount: row?.actions ?? 0 };
}

export async function findNode(scope: TenantScope, planId: string, nodeId: string): Promise<NodeRow | null> {
  const rows = await scope.db
    .select()
    .from(planNodes)
    .where(and(eq(planNodes.municipalityId, scope.municipalityId), eq(planNodes.planId, planId), eq(planNodes.id, nodeId)))
    .limit(1);
  return rows[0] ?? null;
}

/** The columns trees and snapshots need: no tenant keys or timestamps to decode for every node. */
const treeColumns = {
  id: planNodes.id,
  parentId: planNodes.parentId,
  depth: planNodes.depth,
  sortOrder: planNodes.sortOrder,
  number: planNodes.number,
  title: planNodes.title,
  description: planNodes.description,
  priority: planNodes.priority,
  isAction: planNodes.isAction,
  status: planNodes.status,
  mergedIntoId: planNodes.mergedIntoId,
  effectiveFrom: planNodes.effectiveFrom,
  effectiveTo: planNodes.effectiveTo,
  version: planNodes.version,
};
export type TreeNodeRow = Pick<NodeRow, keyof typeof treeColumns>;

export async function planNodeRows(scope: TenantScope, planId: string): Promise<TreeNodeRow[]> {
  return scope.db
    .select(treeColumns)
    .from(planNodes)
    .where(and(eq(planNodes.municipalityId, scope.municipalityId), eq(planNodes.planId, planId)));
}

/** Departments, tags, schedules and marks of a plan's nodes, in four set-wise queries. */
export async function planNodeRelations(scope: TenantScope, planId: string, nodeIds?: string[]) {
  const m = scope.municipalityId;
  const nodeFilter = (col: AnyPgColumn) => (nodeIds ? inArray(col, nodeIds) : undefined);
  // joins through plan_nodes restrict to this plan without passing a node list
  const inPlan = (t: { municipalityId: AnyPgColumn; nodeId: AnyPgColumn }) =>
    and(eq(planNodes.municipalityId, t.municipalityId), eq(planNodes.id, t.nodeId), eq(planNodes.planId, planId));
  const [depts, scheds, tagRows, marks] = await readAll(scope.db, [() => scope.db
      .select({ nodeId: nodeDepartments.nodeId, id: nodeDepartments.departmentId, lead: nodeDepartments.isLead, sortOrder: nodeDepartments.sortOrder })
      .from(nodeDepartments)
      .innerJoin(planNodes, inPlan(nodeDepartments))
      .where(and(eq(nodeDepartments.municipalityId, m), nodeFilter(nodeDepartments.nodeId)))
      .orderBy(asc(nodeDepartments.sortOrder)), () => scope.db
      // one row per node (fiscal year → phase) instead of one per cell: fewer rows to decode
      .select({
        nodeId: nodeSchedules.nodeId,
        schedule: sql<Record<string, string>>`json_object_agg(${nodeSchedules.fiscalYear}::text, ${nodeSchedules.phase} order by ${nodeSchedules.fiscalYear})`,
      })
      .from(nodeSchedules)
      .innerJoin(planNodes, inPlan(nodeSchedules))
      .where(and(eq(nodeSchedules.municipalityId, m), nodeFilter(nodeSchedules.nodeId)))
      .groupBy(nodeSchedules.nodeId), () => scope.db
      .select({ nodeId: nodeTags.nodeId, tagId: nodeTags.tagId })
      .from(nodeTags)
      .innerJoin(planNodes, inPlan(nodeTags))
      .where(and(eq(nodeTags.municipalityId, m), nodeFilter(nodeTags.nodeId))), () => scope.db
      .select({ nodeId: nodeChanges.nodeId, mark: nodeChanges.mark })
      .from(nodeChanges)
      .where(and(eq(nodeChanges.municipalityId, m), eq(nodeChanges.planId, planId), sql`${nodeChanges.mark} <> ''`, nodeFilter(nodeChanges.nodeId)))
      .orderBy(asc(nodeChanges.effectiveDate), asc(nodeChanges.seq))] as const);
  const group = <T extends { nodeId: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const r of rows) {
      const l = map.get(r.nodeId);
      if (l) l.push(r);
      else map.set(r.nodeId, [r]);
    }
    return map;
  };
  return {
    departments: group(depts),
    schedules: new Map(scheds.map((r) => [r.nodeId, typeof r.schedule === 'string' ? (JSON.parse(r.schedule) as Record<string, string>) : r.schedule])),
    tags: group(tagRows),
    marks: group(marks),
  };
}

export type Relations = Awaited<ReturnType<typeof planNodeRelations>>;

/** Snapshot of a node's current state from the current-state tables. */
export function snapshotOf(node: TreeNodeRow, rel: Relations): NodeSnapshot {
  const schedule = rel.schedules.get(node.id) ?? {};
  return {
    parentId: node.parentId,
    depth: node.depth,
    sortOrder: node.sortOrder,
    number: node.number,
    title: node.title,
    description: node.description,
    priority: node.priority,
    isAction: node.isAction,
    status: node.status as NodeSnapshot['status'],
    mergedIntoId: node.mergedIntoId,
    departments: (rel.departments.get(node.id) ?? []).map((d) => ({ id: d.id, lead: d.lead })),
    tagIds: (rel.tags.get(node.id) ?? []).map((t) => t.tagId),
    schedule,
    marks: [...new Set((rel.marks.get(node.id) ?? []).map((x) => x.mark))],
  };
}

export async function loadSnapshot(scope: TenantScope, node: NodeRow): Promise<NodeSnapshot> {
  return snapshotOf(node, await planNodeRelations(scope, node.planId, [node.id]));
}

export async function nodeChangeRows(scope: TenantScope, planId: string, opts: { nodeId?: string } = {}) {
  return scope.db
    .select()
    .from(nodeChanges)
    .where(
      and(
        eq(nodeChanges.municipalityId, scope.municipalityId),
        eq(nodeChanges.planId, planId),
        opts.nodeId ? eq(nodeChanges.nodeId, opts.nodeId) : undefined,
      ),
    )
    .orderBy(asc(nodeChanges.effectiveDate), asc(nodeChanges.seq));
}

/** Latest change per node effective on or before a date, computed in the database. */
export async function snapshotsAsOf(scope: TenantScope, planId: string, asOf: string) {
  const rows = await scope.db
    .selectDistinctOn([nodeChanges.nodeId], { nodeId: nodeChanges.nodeId, snapshot: nodeChanges.snapshot, version: nodeChanges.seq })
    .from(nodeChanges)
    .where(and(eq(nodeChanges.municipalityId, scope.municipalityId), eq(nodeChanges.planId, planId), sql`${nodeChanges.effectiveDate} <= ${asOf}`))
    .orderBy(nodeChanges.nodeId, sql`${nodeChanges.effectiveDate} desc`, sql`${nodeChanges.seq} desc`);
  return rows.map((r) => ({ nodeId: r.nodeId, snapshot: r.snapshot as unknown as NodeSnapshot }));
}
