/** Turns view figures into the DTOs of shared/api-types-views.ts. */
import type {
  AnswerRefDto,
  FiscalYearDto,
  IdCountDto,
  LegendDto,
  StatusKeyDto,
  StatusRowDto,
  ViewItemDto,
  ViewRoundDto,
} from '../../../../shared/api-types-views.js';
import { fiscalYearLabel, fiscalYearShort } from '../../../fiscal/domain/index.js';
import { ancestorsOf, levelNameOf } from '../../../plans/domain/tree.js';
import type { LegendValue } from '../../domain/legend.js';
import { ROUND_STATE_LABELS } from '../../domain/workflow.js';
import { type IdCount, type ViewAnswer, type ViewNode, type ViewRound } from '../domain/model.js';
import type { StatusKey, StatusRow } from '../domain/views.js';
import type { LegendInfo, PlanData } from '../queries/load.js';

export function fiscalYearDto(year: number): FiscalYearDto {
  return { year, label: fiscalYearLabel(year), short: fiscalYearShort(year) };
}

export function presentRound(r: ViewRound, planTitle: string): ViewRoundDto {
  return {
    id: r.id,
    planId: r.planId,
    planTitle,
    label: r.label,
    asOfDate: r.asOfDate,
    deadline: r.deadline,
    targetFiscalYear: fiscalYearDto(r.targetFiscalYear),
    state: r.state,
    stateLabel: ROUND_STATE_LABELS[r.state] ?? r.state,
    previousRoundId: r.previousRoundId,
  };
}

export function presentLegend(l: LegendInfo | undefined): LegendDto | null {
  return l ? { name: l.name, axis: l.axis, values: l.values } : null;
}

export function presentItem(n: ViewNode, data: PlanData): ViewItemDto {
  const levelNames = data.plan.levelNames;
  const lead = n.departments.find((d) => d.lead);
  const name = (id: string) => data.deptNames.get(id) ?? '（不明な組織）';
  return {
    id: n.id,
    number: n.number,
    title: n.title,
    depth: n.depth,
    levelName: levelNameOf(levelNames, n.depth),
    path: ancestorsOf(n.id, data.byId).map((a) => ({ id: a.id, number: a.number, title: a.title, levelName: levelNameOf(levelNames, a.depth) })),
    status: n.status,
    departments: n.departments.map((d) => ({ id: d.id, name: name(d.id), lead: d.lead })),
    leadDepartment: lead ? { id: lead.id, name: name(lead.id) } : null,
  };
}

/** The ids in tree order, each once (unknown ids dropped). */
export function inTreeOrder(ids: Iterable<string>, data: PlanData): string[] {
  return [...new Set(ids)].filter((id) => data.position.has(id)).sort((a, b) => data.position.get(a)! - data.position.get(b)!);
}

/** The items behind the given ids, in tree order, each once. */
export function presentNodes(ids: Iterable<string>, data: PlanData): ViewItemDto[] {
  return inTreeOrder(ids, data).map((id) => presentItem(data.byId.get(id)!, data));
}

export function presentStatusKey(k: StatusKey, legend: readonly LegendValue[]): StatusKeyDto {
  if (k.code === null) return { code: null, symbol: '未回答', label: '未回答', done: false, inLegend: false };
  const v = legend.find((x) => x.code === k.code);
  return v
    ? { code: v.code, symbol: v.symbol, label: v.label, done: v.done, inLegend: true }
    : { code: k.code, symbol: k.code, label: `凡例にない区分（${k.code}）`, done: false, inLegend: false };
}

export function presentAnswer(round: ViewRound | undefined, a: ViewAnswer, code: string, legend: readonly LegendValue[]): AnswerRefDto {
  const v = legend.find((x) => x.code === code);
  return {
    roundId: a.roundId,
    roundLabel: round?.label ?? '',
    reportState: a.state,
    code,
    symbol: v?.symbol ?? code,
    label: v?.label ?? `凡例にない区分（${code}）`,
    done: v?.done ?? false,
  };
}

export const idCountDto = (c: IdCount): IdCountDto => ({ count: c.count, nodeIds: c.nodeIds });

export function presentStatusRow(row: StatusRow, label: { number: string; label: string }): StatusRowDto {
  return { id: row.key, number: label.number, label: label.label, total: idCountDto(row.total), cells: row.cells.map((c) => ({ code: c.code, count: c.count, nodeIds: c.nodeIds })) };
}
