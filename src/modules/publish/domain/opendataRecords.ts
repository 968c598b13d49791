/**
 * The records of each open-data resource, built from loaded rows. Pure: the queries load, these
 * functions decide what a row says (see opendata.ts for the columns).
 */
import type { NodeDto, TagDto } from '../../../shared/api-types.js';
import type { LegendValue } from '../../pdca/domain/legend.js';
import { compareRounds, type ViewRound } from '../../pdca/views/domain/model.js';
import { ancestorsOf, buildTree, walk } from '../../plans/domain/tree.js';
import { fyWareki, hoursFromTenths, effectKindLabel, legendText, nodeStatusLabel, record, RESOURCES, wareki, type OpenRecord } from './opendata.js';

export interface Publisher {
  code: string;
  name: string;
}

export interface PlanInput {
  id: string;
  kind: string;
  title: string;
  firstFiscalYear: number;
  lastFiscalYear: number;
  stage: string;
  parentPlanId: string | null;
  levelNames: string[];
  philosophy: string;
  phases: { code: string; label: string; symbol?: string }[];
  nodeCount: number;
  actionCount: number;
}

export function planRecords(m: Publisher, plans: readonly PlanInput[]): OpenRecord[] {
  return plans.map((p) =>
    record(RESOURCES.plans, m, {
      plan_id: p.id,
      plan_kind: p.kind,
      title: p.title,
      first_fiscal_year: p.firstFiscalYear,
      first_fiscal_year_wareki: fyWareki(p.firstFiscalYear),
      last_fiscal_year: p.lastFiscalYear,
      last_fiscal_year_wareki: fyWareki(p.lastFiscalYear),
      stage: p.stage,
      parent_plan_id: p.parentPlanId,
      level_names: p.levelNames,
      philosophy: p.philosophy,
      node_count: p.nodeCount,
      action_count: p.actionCount,
    }),
  );
}

/** Nodes in tree order (the order of the 体系図), each once. */
export function inTreeOrder(nodes: readonly NodeDto[]): NodeDto[] {
  return [...walk(buildTree(nodes))].map(({ children: _c, ...n }) => n as NodeDto);
}

const label = (n: { number: string; title: string }) => [n.number, n.title].filter(Boolean).join(' ');

export function pathText(nodeId: string, byId: ReadonlyMap<string, NodeDto>): string {
  return ancestorsOf(nodeId, byId).map(label).join(' > ');
}

export function structureRecords(m: Publisher, plan: PlanInput, nodes: readonly NodeDto[], tags: readonly TagDto[]): OpenRecord[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const tagById = new Map(tags.map((t) => [t.id, t]));
  return inTreeOrder(nodes).map((n, i) =>
    record(RESOURCES.structure, m, {
      node_id: n.id,
      plan_id: plan.id,
      plan_title: plan.title,
      parent_id: n.parentId,
      position: i + 1,
      depth: n.depth,
      level_name: n.levelName,
      number: n.number,
      title: n.title,
      path: pathText(n.id, byId),
      description: n.description,
      priority: n.priority,
      is_action: n.isAction,
      status: n.status,
      status_label: nodeStatusLabel(n.status),
      merged_into_id: n.mergedIntoId,
      effective_from: n.effectiveFrom,
      effective_from_wareki: wareki(n.effectiveFrom),
      effective_to: n.effectiveTo,
      effective_to_wareki: wareki(n.effectiveTo),
      lead_department: n.departments.find((d) => d.lead)?.name ?? '',
      departments: n.departments.map((d) => d.name),
      tags: n.tagIds.flatMap((id) => (tagById.has(id) ? [`${tagById.get(id)!.category}:${tagById.get(id)!.name}`] : [])),
      marks: n.marks,
    }),
  );
}

export function scheduleRecords(m: Publisher, plan: PlanInput, nodes: readonly NodeDto[]): OpenRecord[] {
  return inTreeOrder(nodes).flatMap((n) =>
    Object.keys(n.schedule)
      .map(Number)
      .sort((a, b) => a - b)
      .map((fy) => {
        const code = n.schedule[String(fy)]!;
        const phase = plan.phases.find((p) => p.code === code);
        return record(RESOURCES.schedules, m, {
          node_id: n.id,
          plan_id: plan.id,
          number: n.number,
          title: n.title,
          fiscal_year: fy,
          fiscal_year_wareki: fyWareki(fy),
          phase_code: code,
          phase_label: phase?.label ?? code,
          phase_symbol: phase?.symbol ?? '',
        });
      }),
  );
}

/** A published answer: an accepted report of a closed round. */
export interface PublishedAnswer {
  reportId: string;
  roundId: string;
  nodeId: string;
  statusCode: string | null;
  achievementCode: string | null;
  narrative: string;
  issues: string;
  nextPlan: string;
  effectRevenueYen: number | null;
  effectExpenseYen: number | null;
  effectKind: string | null;
  hoursSavedTenths: number | null;
}

export interface ClosedRoundInput {
  round: ViewRound;
  /** ISO date in Japan; null when the round was recorded closed without a date (imported history) */
  closedOn: string | null;
}

export interface PlanProgressInput {
  plan: PlanInput;
  nodes: readonly NodeDto[];
  legends: { status?: { values: readonly LegendValue[] }; achievement?: { values: readonly LegendValue[] } };
  rounds: readonly ClosedRoundInput[];
  answers: readonly PublishedAnswer[];
}

const closedInOrder = (rounds: readonly ClosedRoundInput[]) => [...rounds].sort((a, b) => compareRounds(a.round, b.round));

export function roundRecords(m: Publisher, input: PlanProgressInput): OpenRecord[] {
  return closedInOrder(input.rounds).map(({ round, closedOn }) =>
    record(RESOURCES.rounds, m, {
      round_id: round.id,
      plan_id: input.plan.id,
      plan_title: input.plan.title,
      label: round.label,
      target_fiscal_year: round.targetFiscalYear,
      target_fiscal_year_wareki: fyWareki(round.targetFiscalYear),
      as_of_date: round.asOfDate,
      as_of_date_wareki: wareki(round.asOfDate),
      closed_on: closedOn,
      closed_on_wareki: wareki(closedOn),
      previous_round_id: round.previousRoundId,
      status_legend: legendText(input.legends.status?.values ?? []),
      item_count: input.answers.filter((a) => a.roundId === round.id).length,
    }),
  );
}

export function progressRecords(m: Publisher, input: PlanProgressInput): OpenRecord[] {
  const byId = new Map(input.nodes.map((n) => [n.id, n]));
  const position = new Map(inTreeOrder(input.nodes).map((n, i) => [n.id, i]));
  const find = (values: readonly LegendValue[] | undefined, code: string | null) => (code === null ? undefined : values?.find((v) => v.code === code));
  return closedInOrder(input.rounds).flatMap(({ round }) =>
    input.answers
      .filter((a) => a.roundId === round.id && byId.has(a.nodeId))
      .sort((a, b) => (position.get(a.nodeId) ?? 0) - (position.get(b.nodeId) ?? 0))
      .map((a) => {
        const n = byId.get(a.nodeId)!;
        const status = find(input.legends.status?.values, a.statusCode);
        const achievement = find(input.legends.achievement?.values, a.achievementCode);
        const phaseCode = n.schedule[String(round.targetFiscalYear)];
        return record(RESOURCES.progress, m, {
          report_id: a.reportId,
          round_id: round.id,
          round_label: round.label,
          target_fiscal_year: round.targetFiscalYear,
          target_fiscal_year_wareki: fyWareki(round.targetFiscalYear),
          as_of_date: round.asOfDate,
          plan_id: input.plan.id,
          node_id: n.id,
          number: n.number,
          title: n.title,
          path: pathText(n.id, byId),
          lead_department: n.departments.find((d) => d.lead)?.name ?? '',
          scheduled: phaseCode !== undefined,
          phase_label: phaseCode === undefined ? '' : (input.plan.phases.find((p) => p.code === phaseCode)?.label ?? phaseCode),
          status_code: a.statusCode,
          status_symbol: a.statusCode === null ? null : (status?.symbol ?? a.statusCode),
          status_label: a.statusCode === null ? null : (status?.label ?? ''),
          achievement_code: a.achievementCode,
          achievement_symbol: a.achievementCode === null ? null : (achievement?.symbol ?? a.achievementCode),
          achievement_label: a.achievementCode === null ? null : (achievement?.label ?? ''),
          narrative: a.narrative,
          issues: a.issues,
          next_plan: a.nextPlan,
          effect_revenue_yen: a.effectRevenueYen,
          effect_expense_yen: a.effectExpenseYen,
          effect_kind: a.effectKind === null ? null : effectKindLabel(a.effectKind),
          hours_saved: hoursFromTenths(a.hoursSavedTenths),
        });
      }),
  );
}
