import { splitActor } from '../../access/domain/actorLabel.js';
import type { NodeChangeDto, NodeDto, PlanDto, PlanSummaryDto } from '../../../shared/api-types.js';
import { CHANGE_KIND_LABELS, type ChangeKind, type NodeSnapshot } from '../domain/node.js';
import { fiscalYearColumns, periodLabel } from '../domain/plan.js';
import { levelNameOf } from '../domain/tree.js';
import type { PlanRow } from '../db/repo.js';

export function presentPlanSummary(p: PlanRow, counts: { nodeCount: number; actionCount: number }): PlanSummaryDto {
  return {
    id: p.id,
    kind: p.kind,
    title: p.title,
    firstFiscalYear: p.firstFiscalYear,
    lastFiscalYear: p.lastFiscalYear,
    periodLabel: periodLabel(p.firstFiscalYear, p.lastFiscalYear),
    stage: p.stage,
    parentPlanId: p.parentPlanId,
    nodeCount: counts.nodeCount,
    actionCount: counts.actionCount,
  };
}

export function presentPlan(
  p: PlanRow,
  extra: {
    counts: { nodeCount: number; actionCount: number };
    stages: { id: string; stage: string; date: string; note: string }[];
    links: { planId: string; title: string; relation: string }[];
  },
): PlanDto {
  return {
    ...presentPlanSummary(p, extra.counts),
    philosophy: p.philosophy,
    levelNames: p.levelNames,
    phases: p.phases,
    stages: extra.stages.map((s) => ({ id: s.id, stage: s.stage, date: s.date, note: s.note })),
    links: extra.links,
    fiscalYears: fiscalYearColumns(p.firstFiscalYear, p.lastFiscalYear),
    version: p.version,
  };
}

export interface NodeMeta {
  id: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  version: number;
}

/** The one serializer for a node: current state and as-of states both go through it. */
export function presentNode(meta: NodeMeta, s: NodeSnapshot, levelNames: readonly string[], deptNames: ReadonlyMap<string, string>): NodeDto {
  return {
    id: meta.id,
    parentId: s.parentId,
    depth: s.depth,
    sortOrder: s.sortOrder,
    levelName: levelNameOf(levelNames, s.depth),
    number: s.number,
    title: s.title,
    description: s.description,
    priority: s.priority,
    isAction: s.isAction,
    status: s.status,
    mergedIntoId: s.mergedIntoId,
    effectiveFrom: meta.effectiveFrom,
    effectiveTo: meta.effectiveTo,
    departments: s.departments.map((d) => ({ id: d.id, name: deptNames.get(d.id) ?? '（不明な組織）', lead: d.lead })),
    tagIds: s.tagIds,
    schedule: s.schedule,
    marks: s.marks,
    version: meta.version,
  };
}

export function presentChange(
  c: { id: string; nodeId: string; kind: string; effectiveDate: string; mark: string; reason: string; recordedAt: Date; recordedBy: string; snapshot: unknown },
  node: { title: string; number: string } | undefined,
): NodeChangeDto {
  const snap = c.snapshot as NodeSnapshot;
  return {
    id: c.id,
    nodeId: c.nodeId,
    nodeTitle: node?.title ?? snap.title,
    nodeNumber: node?.number ?? snap.number,
    kind: c.kind,
    kindLabel: CHANGE_KIND_LABELS[c.kind as ChangeKind] ?? c.kind,
    effectiveDate: c.effectiveDate,
    mark: c.mark,
    reason: c.reason,
    recordedAt: c.recordedAt.toISOString(),
    recordedBy: splitActor(c.recordedBy).name,
    snapshot: c.snapshot as Record<string, unknown>,
  };
}
