/**
 * Loads what the published table needs (tenant-scoped, set-wise) and builds it with the
 * shared pure row builder: the round's plan with its items (departments, schedule,
 * description, revision marks as of the round's date), every round's answer codes and
 * this round's texts.
 *
 * The items, answers and texts (2,000 items: ≈ 30,000 rows as separate rows) come back as
 * ONE json value built by the database, which the driver hands over as a single string and
 * JSON.parse reads natively: decoding and mapping rows one by one cost more than the rest
 * of the export on PGlite. It reads the same rows as the PDCA views' loader (loadPlanData).
 */
import { and, asc, eq, or, sql } from 'drizzle-orm';
import { readAll } from '../../../db/parallel.js';
import { departments, rounds, statusLegends } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';
import { defaultLegend } from '../../pdca/domain/legend.js';
import type { ReportState } from '../../pdca/domain/workflow.js';
import type { AnswerBasis, ViewAnswer, ViewRound } from '../../pdca/views/domain/model.js';
import { planOr404, roundOr404, toViewRound, type AnswerVisibility, type LegendInfo } from '../../pdca/views/queries/load.js';
import type { ExportLayout } from '../domain/layout.js';
import { buildProgressTable, type ProgressTable, type TableAnswerText, type TableNode } from '../domain/progressTable.js';
import { buildProgressSummary, type ProgressSummary } from '../domain/summary.js';
import { effectiveLayout } from './layout.js';

export interface LoadedProgressTable {
  table: ProgressTable;
  summary: ProgressSummary;
  layout: ExportLayout;
  planId: string;
}

/** [id, parentId, depth, sortOrder, number, title, isAction, status, effectiveFrom, effectiveTo, description, [[deptId, lead]…], {fy: phase}, [mark…]] */
type NodeTuple = [string, string | null, number, number, string, string, boolean, string, string, string | null, string, [string, boolean][] | null, Record<string, string> | null, string[] | null];
/** one round's answers as parallel arrays */
type AnswerColumns = [string, string[], ReportState[], (string | null)[], (string | null)[]];
/** [nodeId, state, narrative, issues, nextPlan] */
type TextTuple = [string, ReportState, string, string, string];

interface TableRows {
  nodes: NodeTuple[] | null;
  answers: AnswerColumns[] | null;
  texts: TextTuple[] | null;
}

/** The items, answers and texts of the round's table in one statement (every table filtered on municipality_id). */
async function tableRows(scope: TenantScope, planId: string, round: { id: string; asOfDate: string; previousRoundId: string | null }): Promise<TableRows> {
  const m = scope.municipalityId;
  const res = await scope.db.execute(sql`
    select json_build_object(
      'nodes', (
        select json_agg(json_build_array(
          n.id, n.parent_id, n.depth, n.sort_order, n.number, n.title, n.is_action, n.status, n.effective_from, n.effective_to, n.description,
          (select json_agg(json_build_array(d.department_id, d.is_lead) order by d.sort_order, d.department_id)
             from node_departments d where d.municipality_id = ${m} and d.node_id = n.id),
          (select json_object_agg(s.fiscal_year, s.phase order by s.fiscal_year)
             from node_schedules s where s.municipality_id = ${m} and s.node_id = n.id),
          (select json_agg(c.mark order by c.effective_date, c.seq)
             from node_changes c
            where c.municipality_id = ${m} and c.node_id = n.id and c.plan_id = ${planId} and c.mark <> '' and c.effective_date <= ${round.asOfDate}::date)))
        from plan_nodes n where n.municipality_id = ${m} and n.plan_id = ${planId}),
      'answers', (
        select json_agg(json_build_array(a.round_id, a.nodes, a.states, a.statuses, a.achievements))
        from (
          select r.round_id, json_agg(r.node_id) as nodes, json_agg(r.state) as states, json_agg(r.status_code) as statuses, json_agg(r.achievement_code) as achievements
          from reports r
          where r.municipality_id = ${m}
            -- the plan's rounds and the previous round, which may be kept in another plan (without one: this round again)
            and r.round_id in (select o.id from rounds o where o.municipality_id = ${m} and (o.plan_id = ${planId} or o.id = ${round.previousRoundId ?? round.id}::uuid))
          group by r.round_id) a),
      'texts', (
        select json_agg(json_build_array(t.node_id, t.state, t.narrative, t.issues, t.next_plan))
        from reports t where t.municipality_id = ${m} and t.round_id = ${round.id})
    )::text as doc`);
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { doc: string }[];
  return JSON.parse(rows[0]!.doc) as TableRows;
}

/**
 * The published table of a round (404 when the round is not this municipality's). `visible`: the
 * reader's reach (answerFilter of pdca/policies/answers.ts) — answers beyond it are left out of the
 * rows as if unanswered; applied to the rows read here, so a job rendering later uses the states then.
 */
export async function loadProgressTable(scope: TenantScope, roundId: string, basis: AnswerBasis, visible: AnswerVisibility): Promise<LoadedProgressTable> {
  const row = await roundOr404(scope, roundId);
  const plan = await planOr404(scope, row.planId);
  const m = scope.municipalityId;
  const [doc, roundRows, legendRows, deptRows, layout] = await readAll(scope.db, [
    () => tableRows(scope, plan.id, row),
    () =>
      scope.db
        .select()
        .from(rounds)
        .where(and(eq(rounds.municipalityId, m), row.previousRoundId ? or(eq(rounds.planId, plan.id), eq(rounds.id, row.previousRoundId)) : eq(rounds.planId, plan.id))),
    () =>
      scope.db
        .select({ axis: statusLegends.axis, name: statusLegends.name, values: statusLegends.values })
        .from(statusLegends)
        .where(and(eq(statusLegends.municipalityId, m), eq(statusLegends.planId, plan.id))),
    () =>
      scope.db
        .select({ id: departments.id, name: departments.name })
        .from(departments)
        .where(eq(departments.municipalityId, m))
        .orderBy(asc(departments.sortOrder), asc(departments.name), asc(departments.id)),
    () => effectiveLayout(scope, plan),
  ] as const);

  const nodes: TableNode[] = (doc.nodes ?? []).map((t) => ({
    id: t[0],
    parentId: t[1],
    depth: t[2],
    sortOrder: t[3],
    number: t[4],
    title: t[5],
    isAction: t[6],
    status: t[7],
    effectiveFrom: t[8],
    effectiveTo: t[9],
    description: t[10],
    departments: (t[11] ?? []).map(([id, lead]) => ({ id, lead })),
    schedule: t[12] ?? {},
    marks: t[13] ?? [],
  }));
  const deptsOf = new Map(nodes.map((n) => [n.id, n.departments]));
  const sees = (nodeId: string, state: ReportState) => visible({ departments: deptsOf.get(nodeId) ?? [], state });
  const answers = new Map<string, Map<string, ViewAnswer>>();
  for (const [roundId, nodeIds, states, statuses, achievements] of doc.answers ?? []) {
    const byNode = new Map<string, ViewAnswer>();
    nodeIds.forEach((nodeId, i) => {
      const state = states[i]!;
      // an answer beyond the reader's reach keeps its row (the item stays in the round) without its codes
      const shown = sees(nodeId, state);
      byNode.set(nodeId, { roundId, nodeId, state, statusCode: shown ? (statuses[i] ?? null) : null, achievementCode: shown ? (achievements[i] ?? null) : null });
    });
    answers.set(roundId, byNode);
  }
  const texts = new Map<string, TableAnswerText>(
    (doc.texts ?? []).filter(([nodeId, state]) => sees(nodeId, state)).map(([nodeId, state, narrative, issues, nextPlan]) => [nodeId, { state, narrative, issues, nextPlan }]),
  );

  const roundList: ViewRound[] = roundRows.map(toViewRound);
  const round = roundList.find((r) => r.id === row.id) ?? toViewRound(row);
  const found: Partial<Record<'status' | 'achievement', LegendInfo>> = {};
  for (const l of legendRows) if (l.axis === 'status' || l.axis === 'achievement') found[l.axis] = { name: l.name, axis: l.axis, values: l.values };
  // a plan that has not saved a legend reads with the default ○△×－, as the views do
  const legends = { status: found.status?.values ?? defaultLegend().values, achievement: found.achievement?.values ?? null };
  const deptNames = new Map(deptRows.map((d) => [d.id, d.name]));

  const table = buildProgressTable({ plan, round, rounds: roundList, nodes, answers, texts, legends, deptNames, basis });
  const previous = round.previousRoundId ? (roundList.find((r) => r.id === round.previousRoundId) ?? null) : null;
  const summary = buildProgressSummary({ levelNames: plan.levelNames, round, previous, nodes, answers, legend: legends.status, basis });
  return { table, summary, layout: layout.layout, planId: plan.id };
}
