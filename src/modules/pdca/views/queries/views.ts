/**
 * The computed views of a round: load (tenant-scoped) → pure figures → DTOs.
 */
import type {
  ChangeViewDto,
  CompletionViewDto,
  OverdueViewDto,
  ScheduledViewDto,
  StatusByDepartmentDto,
  StatusByGroupDto,
} from '../../../../shared/api-types-views.js';
import type { TenantScope } from '../../../../shared/context.js';
import { AppError } from '../../../../shared/errors.js';
import { todayInTokyo } from '../../../fiscal/domain/index.js';
import { levelNameOf } from '../../../plans/domain/tree.js';
import { deadlineInfo } from '../../chasing/domain/missing.js';
import { countedCode, roundItems, type AnswerBasis, type Axis, type ViewNode } from '../domain/model.js';
import {
  changeTable,
  completionTable,
  defaultGroupDepth,
  departmentKeys,
  groupAtDepth,
  overdueItems,
  scheduledIn,
  statusTable,
} from '../domain/views.js';
import {
  fiscalYearDto,
  idCountDto,
  presentAnswer,
  presentLegend,
  presentNodes,
  presentRound,
  presentStatusKey,
  presentStatusRow,
  inTreeOrder,
} from '../presenters/views.js';
import { loadRoundData, type AnswerVisibility, type PlanData, type RoundData } from './load.js';

export interface ViewOptions {
  basis: AnswerBasis;
  /** the reader's reach (answerFilter): answers beyond it count as 未回答 */
  visible?: AnswerVisibility | undefined;
}

const legendValues = (d: PlanData, axis: Axis) => d.legends[axis]?.values ?? [];

function base(d: RoundData, basis: AnswerBasis) {
  return { round: presentRound(d.round, d.plan.title), basis };
}

/** Departments in master order (sort order, then name), for stable rows. */
function departmentOrder(d: PlanData): string[] {
  return [...d.deptNames.keys()];
}

export async function scheduledView(scope: TenantScope, roundId: string, o: ViewOptions): Promise<ScheduledViewDto> {
  const d = await loadRoundData(scope, roundId, o.visible);
  const items = roundItems(d.nodes, d.round, d.answers);
  const rows = scheduledIn(items, d.round.targetFiscalYear);
  const legend = legendValues(d, 'status');
  const mine = d.answers.get(d.round.id);
  return {
    ...base(d, o.basis),
    fiscalYear: fiscalYearDto(d.round.targetFiscalYear),
    total: { count: rows.length, nodeIds: rows.map((r) => r.nodeId) },
    rows: rows.map((r) => {
      const a = mine?.get(r.nodeId);
      const code = countedCode(a, 'status', o.basis);
      const phase = d.plan.phases.find((p) => p.code === r.phase) ?? { code: r.phase, label: r.phase };
      return { nodeId: r.nodeId, phase, answer: a && code !== null ? presentAnswer(d.round, a, code, legend) : null };
    }),
    nodes: presentNodes(rows.map((r) => r.nodeId), d),
  };
}

export async function overdueView(scope: TenantScope, roundId: string, o: ViewOptions): Promise<OverdueViewDto> {
  const d = await loadRoundData(scope, roundId, o.visible);
  const items = roundItems(d.nodes, d.round, d.answers);
  const legend = legendValues(d, 'status');
  const rows = overdueItems({ items, round: d.round, rounds: d.rounds, answers: d.answers, legend, planFirstFiscalYear: d.plan.firstFiscalYear, basis: o.basis });
  return {
    ...base(d, o.basis),
    total: { count: rows.length, nodeIds: rows.map((r) => r.nodeId) },
    rows: rows.map((r) => ({
      nodeId: r.nodeId,
      scheduledYears: r.years.map((y) => ({ ...fiscalYearDto(y), phase: d.byId.get(r.nodeId)?.schedule[String(y)] ?? '' })),
      latest: r.latest ? presentAnswer(d.roundById.get(r.latest.roundId), r.latest.answer, r.latest.code, legend) : null,
    })),
    nodes: presentNodes(rows.map((r) => r.nodeId), d),
  };
}

function statusCodeReader(d: RoundData, roundId: string, axis: Axis, basis: AnswerBasis) {
  const mine = d.answers.get(roundId);
  return (nodeId: string) => countedCode(mine?.get(nodeId), axis, basis);
}

export async function statusByGroup(
  scope: TenantScope,
  roundId: string,
  o: ViewOptions & { axis: Axis; depth?: number | undefined; scheduledOnly?: boolean | undefined },
): Promise<StatusByGroupDto> {
  const d = await loadRoundData(scope, roundId, o.visible);
  let items = roundItems(d.nodes, d.round, d.answers);
  const depth = o.depth ?? defaultGroupDepth(d.plan.levelNames, items.map((n) => n.depth));
  const maxDepth = d.nodes.reduce((m, n) => Math.max(m, n.depth), 0);
  if (depth > maxDepth) throw new AppError('bad_depth', 422, `階層 ${depth} はこの計画にありません（0〜${maxDepth} を指定してください）。`, [{ path: 'depth', message: `0〜${maxDepth} の範囲で指定してください。` }]);
  if (o.scheduledOnly) items = items.filter((n) => n.schedule[String(d.round.targetFiscalYear)] !== undefined);
  const legend = legendValues(d, o.axis);
  const groups = d.nodes.filter((n) => n.depth === depth);
  const t = statusTable({
    items,
    codeOf: statusCodeReader(d, d.round.id, o.axis, o.basis),
    legend,
    keysOf: (n: ViewNode) => [groupAtDepth(n, depth, d.byId)],
    rowOrder: inTreeOrder(groups.map((g) => g.id), d),
  });
  const labelOf = (id: string | null) => {
    const g = id ? d.byId.get(id) : undefined;
    return g ? { number: g.number, label: g.title } : { number: '', label: `（${levelNameOf(d.plan.levelNames, depth)}に属さない項目）` };
  };
  return {
    ...base(d, o.basis),
    axis: o.axis,
    legend: presentLegend(d.legends[o.axis]),
    depth,
    levelName: levelNameOf(d.plan.levelNames, depth),
    statuses: t.keys.map((k) => presentStatusKey(k, legend)),
    // groups with no item in the round are left out: a row of zeros links to nothing
    rows: t.rows.filter((r) => r.total.count > 0).map((r) => presentStatusRow(r, labelOf(r.key))),
    total: presentStatusRow(t.total, { number: '', label: '合計' }),
    nodes: presentNodes(items.map((n) => n.id), d),
  };
}

export async function statusByDepartment(
  scope: TenantScope,
  roundId: string,
  o: ViewOptions & { axis: Axis; coOwners: boolean; scheduledOnly?: boolean | undefined },
): Promise<StatusByDepartmentDto> {
  const d = await loadRoundData(scope, roundId, o.visible);
  let items = roundItems(d.nodes, d.round, d.answers);
  if (o.scheduledOnly) items = items.filter((n) => n.schedule[String(d.round.targetFiscalYear)] !== undefined);
  const legend = legendValues(d, o.axis);
  const t = statusTable({
    items,
    codeOf: statusCodeReader(d, d.round.id, o.axis, o.basis),
    legend,
    keysOf: (n) => departmentKeys(n, o.coOwners),
    rowOrder: departmentOrder(d),
  });
  return {
    ...base(d, o.basis),
    axis: o.axis,
    legend: presentLegend(d.legends[o.axis]),
    coOwners: o.coOwners,
    statuses: t.keys.map((k) => presentStatusKey(k, legend)),
    rows: t.rows
      .filter((r) => r.total.count > 0)
      .map((r) => presentStatusRow(r, { number: '', label: r.key ? (d.deptNames.get(r.key) ?? '（不明な組織）') : '（担当課なし）' })),
    total: presentStatusRow(t.total, { number: '', label: '合計' }),
    nodes: presentNodes(items.map((n) => n.id), d),
  };
}

export async function changeView(scope: TenantScope, roundId: string, o: ViewOptions & { axis: Axis }): Promise<ChangeViewDto> {
  const d = await loadRoundData(scope, roundId, o.visible);
  const prev = d.round.previousRoundId ? d.roundById.get(d.round.previousRoundId) : undefined;
  if (!prev) throw new AppError('no_previous_round', 422, 'この照会には前回の照会が設定されていないため、増減を計算できません。');
  const legend = legendValues(d, o.axis);
  const nowItems = roundItems(d.nodes, d.round, d.answers).map((n) => n.id);
  const beforeItems = roundItems(d.nodes, prev, d.answers).map((n) => n.id);
  const nowCode = statusCodeReader(d, d.round.id, o.axis, o.basis);
  const beforeCode = statusCodeReader(d, prev.id, o.axis, o.basis);
  const order = inTreeOrder([...nowItems, ...beforeItems], d);
  const t = changeTable({ nowItems, beforeItems, nowCode, beforeCode, legend, order });
  const ref = (roundId: string, nodeId: string, code: string | null) => {
    const a = d.answers.get(roundId)?.get(nodeId);
    return a && code !== null ? presentAnswer(d.roundById.get(roundId), a, code, legend) : null;
  };
  return {
    ...base(d, o.basis),
    previousRound: presentRound(prev, d.plan.title),
    axis: o.axis,
    legend: presentLegend(d.legends[o.axis]),
    statuses: t.keys.map((k) => presentStatusKey(k, legend)),
    rows: t.rows.map((r) => ({ code: r.code, now: idCountDto(r.now), before: idCountDto(r.before), delta: r.delta })),
    total: { now: idCountDto(t.total.now), before: idCountDto(t.total.before), delta: t.total.delta },
    changed: t.changed.map((c) => ({
      nodeId: c.nodeId,
      before: ref(prev.id, c.nodeId, c.before),
      after: ref(d.round.id, c.nodeId, c.after),
      inBefore: c.inBefore,
      inNow: c.inNow,
    })),
    nodes: presentNodes(order, d),
  };
}

export async function completionView(scope: TenantScope, roundId: string, o: ViewOptions & { coOwners: boolean; now?: Date }): Promise<CompletionViewDto> {
  const d = await loadRoundData(scope, roundId);
  const items = roundItems(d.nodes, d.round, d.answers);
  const mine = d.answers.get(d.round.id);
  const t = completionTable({
    items,
    stateOf: (id) => mine?.get(id)?.state ?? null,
    keysOf: (n) => departmentKeys(n, o.coOwners),
    rowOrder: departmentOrder(d),
  });
  const dept = (key: string | null) => (key ? { id: key, name: d.deptNames.get(key) ?? '（不明な組織）' } : null);
  const row = (r: (typeof t.rows)[number]) => ({
    department: dept(r.key),
    items: idCountDto(r.items),
    submitted: idCountDto(r.submitted),
    accepted: idCountDto(r.accepted),
    notYet: idCountDto(r.notYet),
    percent: r.percent,
  });
  return {
    ...base(d, o.basis),
    deadline: deadlineInfo(todayInTokyo(o.now), d.round.deadline),
    coOwners: o.coOwners,
    rows: t.rows.filter((r) => r.items.count > 0).map(row),
    total: { ...row(t.total), department: null },
    nodes: presentNodes(items.map((n) => n.id), d),
  };
}
