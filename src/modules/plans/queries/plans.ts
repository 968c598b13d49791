import { readAll } from '../../../db/parallel.js';
import type { NodeDetailDto, NodeDto, PlanDto, PlanTreeDto, RoadmapDto } from '../../../shared/api-types.js';
import type { TenantScope } from '../../../shared/context.js';
import { notFound } from '../../../shared/errors.js';
import { withPredecessors } from '../../departments/domain/validity.js';
import { listDepartments } from '../../departments/queries/departments.js';
import { listTags } from '../../tags/queries/tags.js';
import { presentTag } from '../../tags/presenters/tag.js';
import { fiscalYearColumns } from '../domain/plan.js';
import { hasFilter, nodeMatches, type NodeFilter } from '../domain/filter.js';
import { ancestorsOf, buildTree, filterTree, levelNameOf, walk } from '../domain/tree.js';
import type { NodeSnapshot } from '../domain/node.js';
import {
  findNode,
  findPlan,
  listPlanRows,
  nodeChangeRows,
  nodeCounts,
  planLinksOf,
  planNodeRelations,
  planNodeRows,
  planStagesOf,
  snapshotOf,
  snapshotsAsOf,
  type PlanRow,
} from '../db/repo.js';
import { presentChange, presentNode, presentPlan, presentPlanSummary } from '../presenters/plan.js';

export async function listPlans(scope: TenantScope) {
  return (await listPlanRows(scope)).map((r) => presentPlanSummary(r.plan, r));
}

async function loadPlanOr404(scope: TenantScope, planId: string): Promise<PlanRow> {
  const plan = await findPlan(scope, planId);
  if (!plan) throw notFound('計画');
  return plan;
}

export async function getPlan(
  scope: TenantScope,
  planId: string,
  loaded?: PlanRow,
  /** callers that already hold the nodes pass their counts and save a scan */
  knownCounts?: { nodeCount: number; actionCount: number },
): Promise<PlanDto> {
  const plan = loaded ?? (await loadPlanOr404(scope, planId));
  const [stages, links, counts] = await readAll(scope.db, [
    () => planStagesOf(scope, planId),
    () => planLinksOf(scope, planId),
    () => (knownCounts ? Promise.resolve(knownCounts) : nodeCounts(scope, planId)),
  ] as const);
  return presentPlan(plan, { stages, links, counts });
}

const countsOf = (nodes: readonly NodeDto[]) => ({ nodeCount: nodes.length, actionCount: nodes.filter((n) => n.isAction).length });

async function deptNameMap(scope: TenantScope) {
  return new Map((await listDepartments(scope)).map((d) => [d.id, d.name]));
}

/** Expands a department filter to the 課 it succeeded, so renamed departments keep their items. */
async function expandFilter<F extends NodeFilter>(scope: TenantScope, f: F): Promise<F & { departments?: ReadonlySet<string> }> {
  if (!f.department) return f;
  return { ...f, departments: withPredecessors(f.department, await listDepartments(scope)) };
}

/** All nodes of a plan as DTOs: the current state, or the state on `asOf` rebuilt from history. */
export async function planNodes(scope: TenantScope, plan: PlanRow, asOf: string | null): Promise<NodeDto[]> {
  if (asOf === null) {
    const [rows, names, rel] = await readAll(scope.db, [() => planNodeRows(scope, plan.id), () => deptNameMap(scope), () => planNodeRelations(scope, plan.id)] as const);
    return rows.map((r) => presentNode(r, snapshotOf(r, rel), plan.levelNames, names));
  }
  const [rows, names] = await readAll(scope.db, [() => planNodeRows(scope, plan.id), () => deptNameMap(scope)] as const);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const snaps = await snapshotsAsOf(scope, plan.id, asOf);
  return snaps.flatMap(({ nodeId, snapshot }) => {
    const r = byId.get(nodeId);
    if (!r) return [];
    // effectiveTo is only known on that date if the end had taken effect by then
    const ended = snapshot.status !== 'active';
    return [presentNode({ id: r.id, effectiveFrom: r.effectiveFrom, effectiveTo: ended ? r.effectiveTo : null, version: r.version }, snapshot, plan.levelNames, names)];
  });
}

export type { NodeFilter };

export async function getTree(scope: TenantScope, planId: string, opts: { asOf?: string | null } & NodeFilter = {}): Promise<PlanTreeDto> {
  const plan = await loadPlanOr404(scope, planId);
  const asOf = opts.asOf ?? null;
  const [nodes, tagRows] = await readAll(scope.db, [() => planNodes(scope, plan, asOf), () => listTags(scope)] as const);
  const dto = await getPlan(scope, planId, plan, countsOf(nodes));
  let forest = buildTree(nodes);
  if (hasFilter(opts)) {
    const f = await expandFilter(scope, opts);
    forest = filterTree(forest, (n) => nodeMatches(n, f));
  }
  // Tree<NodeDto> is already the TreeNodeDto shape: no second copy of every node
  return { plan: dto, asOf, roots: forest, tags: tagRows.map(presentTag) };
}

export async function getRoadmap(scope: TenantScope, planId: string, opts: { asOf?: string | null } & NodeFilter = {}): Promise<RoadmapDto> {
  const plan = await loadPlanOr404(scope, planId);
  const nodes = await planNodes(scope, plan, opts.asOf ?? null);
  const dto = await getPlan(scope, planId, plan, countsOf(nodes));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const filter = await expandFilter(scope, opts);
  const rows = [];
  for (const n of walk(buildTree(nodes))) {
    if (!n.isAction) continue;
    // ended items stay by default (struck through in the UI), as the printed 変更調書 keeps them
    if (opts.includeEnded === false && n.status !== 'active') continue;
    if (!nodeMatches(n, filter)) continue;
    rows.push({
      id: n.id,
      path: ancestorsOf(n.id, byId).map((a) => ({ id: a.id, number: a.number, title: a.title, levelName: a.levelName })),
      number: n.number,
      title: n.title,
      priority: n.priority,
      status: n.status,
      departments: n.departments,
      tagIds: n.tagIds,
      schedule: n.schedule,
    });
  }
  return { plan: dto, fiscalYears: fiscalYearColumns(plan.firstFiscalYear, plan.lastFiscalYear), rows, total: rows.length };
}

export async function getNodeDetail(scope: TenantScope, planId: string, nodeId: string): Promise<NodeDetailDto> {
  const plan = await loadPlanOr404(scope, planId);
  const node = await findNode(scope, planId, nodeId);
  if (!node) throw notFound('項目');
  const [rows, rel, names, changes] = await readAll(scope.db, [() => planNodeRows(scope, planId), () => planNodeRelations(scope, planId, [nodeId]), () => deptNameMap(scope), () => nodeChangeRows(scope, planId, { nodeId })] as const);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    node: presentNode(node, snapshotOf(node, rel), plan.levelNames, names),
    path: ancestorsOf(nodeId, byId).map((a) => ({ id: a.id, number: a.number, title: a.title, levelName: levelNameOf(plan.levelNames, a.depth) })),
    changes: changes.reverse().map((c) => presentChange(c, node)),
  };
}

/** 変更調書: every change except the initial registration, newest first. */
export async function listPlanChanges(scope: TenantScope, planId: string, opts: { includeCreated?: boolean } = {}) {
  await loadPlanOr404(scope, planId);
  const [changes, rows] = await readAll(scope.db, [() => nodeChangeRows(scope, planId), () => planNodeRows(scope, planId)] as const);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return changes
    .filter((c) => opts.includeCreated || c.kind !== 'created')
    .reverse()
    .map((c) => presentChange(c, byId.get(c.nodeId)));
}

export type { NodeSnapshot };
