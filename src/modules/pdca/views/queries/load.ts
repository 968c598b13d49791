/**
 * Tenant-scoped reads for the computed views: a round, its plan, legend, items
 * and the answers of the plan's rounds, in a handful of set-wise statements.
 * Every statement filters on municipality_id.
 */
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { readAll } from '../../../../db/parallel.js';
import { departments, nodeDepartments, nodeSchedules, planNodes, plans, reports, rounds, statusLegends } from '../../../../db/schema.js';
import type { TenantScope } from '../../../../shared/context.js';
import { notFound } from '../../../../shared/errors.js';
import { defaultLegend, type LegendValue } from '../../domain/legend.js';
import type { ReportState, RoundState } from '../../domain/workflow.js';
import type { AnswerRecord } from '../../policies/answers.js';
import { indexAnswers, treeOrder, type AnswerIndex, type Axis, type ViewNode, type ViewRound } from '../domain/model.js';

export type RoundRow = typeof rounds.$inferSelect;
/** Which answers the reader may see (answerFilter of policies/answers.ts); absent: all of them. */
export type AnswerVisibility = (answer: AnswerRecord) => boolean;
export type PlanRow = typeof plans.$inferSelect;

export interface LegendInfo {
  name: string;
  axis: Axis;
  values: LegendValue[];
}

export interface PlanData {
  plan: PlanRow;
  legends: Partial<Record<Axis, LegendInfo>>;
  nodes: ViewNode[];
  byId: Map<string, ViewNode>;
  /** index of each node in tree order */
  position: Map<string, number>;
  rounds: ViewRound[];
  roundById: Map<string, ViewRound>;
  answers: AnswerIndex;
  deptNames: Map<string, string>;
}

export interface RoundData extends PlanData {
  round: ViewRound;
}

export function toViewRound(r: RoundRow): ViewRound {
  return {
    id: r.id,
    planId: r.planId,
    label: r.label,
    asOfDate: r.asOfDate,
    targetFiscalYear: r.targetFiscalYear,
    deadline: r.deadline,
    state: r.state as RoundState,
    previousRoundId: r.previousRoundId,
    createdAt: r.createdAt.toISOString(),
    scope: r.scope ?? null,
  };
}

export async function findRound(scope: TenantScope, roundId: string): Promise<RoundRow | null> {
  const rows = await scope.db
    .select()
    .from(rounds)
    .where(and(eq(rounds.municipalityId, scope.municipalityId), eq(rounds.id, roundId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function roundOr404(scope: TenantScope, roundId: string): Promise<RoundRow> {
  const r = await findRound(scope, roundId);
  if (!r) throw notFound('照会');
  return r;
}

export async function planOr404(scope: TenantScope, planId: string): Promise<PlanRow> {
  const rows = await scope.db
    .select()
    .from(plans)
    .where(and(eq(plans.municipalityId, scope.municipalityId), eq(plans.id, planId)))
    .limit(1);
  if (!rows[0]) throw notFound('計画');
  return rows[0];
}

/**
 * Everything the views need about a plan: its items (with departments and
 * schedules), legends, rounds (plus `extraRoundIds`, e.g. a previous round kept
 * in another plan) and the answers in those rounds.
 */
export async function loadPlanData(scope: TenantScope, plan: PlanRow, extraRoundIds: string[] = [], visible?: AnswerVisibility): Promise<PlanData> {
  const m = scope.municipalityId;
  const inPlan = (t: { municipalityId: AnyPgColumn; nodeId: AnyPgColumn }) =>
    and(eq(planNodes.municipalityId, t.municipalityId), eq(planNodes.id, t.nodeId), eq(planNodes.planId, plan.id));
  const [nodeRows, deptRows, schedRows, legendRows, roundRows, deptNameRows] = await readAll(scope.db, [
    () =>
      scope.db
        .select({
          id: planNodes.id,
          parentId: planNodes.parentId,
          depth: planNodes.depth,
          sortOrder: planNodes.sortOrder,
          number: planNodes.number,
          title: planNodes.title,
          isAction: planNodes.isAction,
          status: planNodes.status,
          effectiveFrom: planNodes.effectiveFrom,
          effectiveTo: planNodes.effectiveTo,
        })
        .from(planNodes)
        .where(and(eq(planNodes.municipalityId, m), eq(planNodes.planId, plan.id))),
    () =>
      scope.db
        .select({ nodeId: nodeDepartments.nodeId, id: nodeDepartments.departmentId, lead: nodeDepartments.isLead })
        .from(nodeDepartments)
        .innerJoin(planNodes, inPlan(nodeDepartments))
        .where(eq(nodeDepartments.municipalityId, m))
        .orderBy(asc(nodeDepartments.sortOrder), asc(nodeDepartments.departmentId)),
    () =>
      scope.db
        .select({ nodeId: nodeSchedules.nodeId, fiscalYear: nodeSchedules.fiscalYear, phase: nodeSchedules.phase })
        .from(nodeSchedules)
        .innerJoin(planNodes, inPlan(nodeSchedules))
        .where(eq(nodeSchedules.municipalityId, m))
        .orderBy(asc(nodeSchedules.fiscalYear)),
    () =>
      scope.db
        .select()
        .from(statusLegends)
        .where(and(eq(statusLegends.municipalityId, m), eq(statusLegends.planId, plan.id))),
    () =>
      scope.db
        .select()
        .from(rounds)
        .where(and(eq(rounds.municipalityId, m), extraRoundIds.length ? or(eq(rounds.planId, plan.id), inArray(rounds.id, extraRoundIds)) : eq(rounds.planId, plan.id))),
    () =>
      scope.db
        .select({ id: departments.id, name: departments.name })
        .from(departments)
        .where(eq(departments.municipalityId, m))
        .orderBy(asc(departments.sortOrder), asc(departments.name), asc(departments.id)),
  ] as const);

  const depts = new Map<string, { id: string; lead: boolean }[]>();
  for (const d of deptRows) (depts.get(d.nodeId) ?? depts.set(d.nodeId, []).get(d.nodeId)!).push({ id: d.id, lead: d.lead });
  const scheds = new Map<string, Record<string, string>>();
  for (const s of schedRows) (scheds.get(s.nodeId) ?? scheds.set(s.nodeId, {}).get(s.nodeId)!)[String(s.fiscalYear)] = s.phase;
  const nodes: ViewNode[] = nodeRows.map((n) => ({ ...n, schedule: scheds.get(n.id) ?? {}, departments: depts.get(n.id) ?? [] }));

  const roundList = roundRows.map(toViewRound);
  const answerRows = roundList.length
    ? await scope.db
        .select({ roundId: reports.roundId, nodeId: reports.nodeId, state: reports.state, statusCode: reports.statusCode, achievementCode: reports.achievementCode })
        .from(reports)
        .where(and(eq(reports.municipalityId, m), inArray(reports.roundId, roundList.map((r) => r.id))))
    : [];

  const legends: Partial<Record<Axis, LegendInfo>> = {};
  for (const l of legendRows) if (l.axis === 'status' || l.axis === 'achievement') legends[l.axis] = { name: l.name, axis: l.axis, values: l.values };
  // a plan that has not saved a legend reads with the default ○△×－, as GET /plans/:planId/legends answers
  legends.status ??= { ...defaultLegend(), axis: 'status' };

  return {
    plan,
    legends,
    nodes,
    byId: new Map(nodes.map((n) => [n.id, n])),
    position: new Map(treeOrder(nodes).map((n, i) => [n.id, i])),
    rounds: roundList,
    roundById: new Map(roundList.map((r) => [r.id, r])),
    // answers the reader may not see keep their row (the item stays in the round) but lose their codes: they read as 未回答
    answers: indexAnswers(
      answerRows.map((a) =>
        !visible || visible({ departments: depts.get(a.nodeId) ?? [], state: a.state })
          ? { ...a, state: a.state as ReportState }
          : { ...a, state: a.state as ReportState, statusCode: null, achievementCode: null },
      ),
    ),
    deptNames: new Map(deptNameRows.map((d) => [d.id, d.name])),
  };
}

/** A round and its plan's data; 404 when the round is not this municipality's. */
export async function loadRoundData(scope: TenantScope, roundId: string, visible?: AnswerVisibility): Promise<RoundData> {
  const row = await roundOr404(scope, roundId);
  const plan = await planOr404(scope, row.planId);
  const data = await loadPlanData(scope, plan, row.previousRoundId ? [row.previousRoundId] : [], visible);
  return { ...data, round: data.roundById.get(row.id) ?? toViewRound(row) };
}
