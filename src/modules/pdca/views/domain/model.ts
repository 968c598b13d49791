/**
 * What the computed views work on: a plan's items, its rounds and the answers
 * (reports) in them. Pure: the queries load these shapes in a few set-wise
 * statements, and every figure is computed here, so each published number can
 * be traced back to the ids that make it.
 */
import { fiscalYearRange } from '../../../fiscal/domain/index.js';
import { buildTree, walk } from '../../../plans/domain/tree.js';
import type { LegendValue } from '../../domain/legend.js';
import { isSubmitted, type ReportState, type RoundState } from '../../domain/workflow.js';

export interface ViewNode {
  id: string;
  parentId: string | null;
  depth: number;
  sortOrder: number;
  number: string;
  title: string;
  isAction: boolean;
  /** active / stopped / merged */
  status: string;
  effectiveFrom: string;
  /** exclusive */
  effectiveTo: string | null;
  /** fiscal year (as a string key) → phase code */
  schedule: Record<string, string>;
  departments: { id: string; lead: boolean }[];
}

export interface ViewRound {
  id: string;
  planId: string;
  label: string;
  asOfDate: string;
  targetFiscalYear: number;
  deadline: string;
  state: RoundState;
  previousRoundId: string | null;
  /** ISO instant; tie-breaker when two rounds share an as-of date */
  createdAt: string;
  /** the items it asks about, kept on the draft or recorded when it was opened; absent / null: not recorded */
  scope?: { mode: 'all' | 'scheduled' | 'nodes'; nodeIds?: readonly string[] | undefined } | null | undefined;
}

export interface ViewAnswer {
  roundId: string;
  nodeId: string;
  state: ReportState;
  statusCode: string | null;
  achievementCode: string | null;
}

/** Which legend the figures read: 着手状況 (status) or 達成度 (achievement). */
export type Axis = 'status' | 'achievement';
export const AXES: readonly Axis[] = ['status', 'achievement'];

/**
 * Which answers count:
 * - submitted (default): the department has submitted it (submitted / approved / accepted);
 * - accepted: only answers the secretariat has confirmed (figures for publication);
 * - all: any saved answer, drafts and returned ones included (a working view).
 */
export type AnswerBasis = 'submitted' | 'accepted' | 'all';
export const ANSWER_BASES: readonly AnswerBasis[] = ['submitted', 'accepted', 'all'];

export function codeOf(a: ViewAnswer, axis: Axis): string | null {
  return axis === 'status' ? a.statusCode : a.achievementCode;
}

/** The answer's code on the axis if it counts under the basis, else null (= 未回答). */
export function countedCode(a: ViewAnswer | undefined, axis: Axis, basis: AnswerBasis): string | null {
  if (!a) return null;
  const code = codeOf(a, axis);
  if (code === null || code === '') return null;
  if (basis === 'submitted' && !isSubmitted(a.state)) return null;
  if (basis === 'accepted' && a.state !== 'accepted') return null;
  return code;
}

/**
 * The items a round asks about. An item with a report in the round always is (an answer is never left out
 * of a figure). Beyond those:
 * - a round opened with a recorded scope asked exactly the items it made reports for: nothing else counts
 *   (else a round opened for the year's scheduled items would count, and chase, every other item as 未提出);
 * - a draft with a kept scope shows the items it will ask: those in effect in the target year, narrowed to
 *   the ones scheduled that year, or to the items it names;
 * - a round without a recorded scope (history imported from a table, or opened before scopes were kept):
 *   the action items that are part of the plan at some time during the target fiscal year (effective_from on
 *   or before its last day, effective_to — exclusive — after its first day).
 */
export function isInRoundScope(node: ViewNode, round: Pick<ViewRound, 'targetFiscalYear' | 'state' | 'scope'>, hasReport: boolean): boolean {
  if (hasReport) return true;
  const scope = round.scope ?? null;
  if (scope && round.state !== 'draft') return false;
  if (!node.isAction) return false;
  const { start, end } = fiscalYearRange(round.targetFiscalYear);
  if (node.effectiveFrom > end) return false;
  if (node.effectiveTo !== null && node.effectiveTo <= start) return false;
  if (scope?.mode === 'scheduled') return node.schedule[String(round.targetFiscalYear)] !== undefined && node.status === 'active';
  if (scope?.mode === 'nodes') return (scope.nodeIds ?? []).includes(node.id);
  return true;
}

/** Nodes in tree order (depth first, siblings by sortOrder): the order every list is printed in. */
export function treeOrder(nodes: readonly ViewNode[]): ViewNode[] {
  return [...walk(buildTree(nodes))].map(({ children: _children, ...n }) => n as ViewNode);
}

/** Rounds in time order: as-of date, then creation, then id (stable). */
export function compareRounds(a: ViewRound, b: ViewRound): number {
  if (a.asOfDate !== b.asOfDate) return a.asOfDate < b.asOfDate ? -1 : 1;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Rounds of the same plan before `current`, newest first; draft rounds have no answers and are left out. */
export function earlierRounds(all: readonly ViewRound[], current: ViewRound): ViewRound[] {
  return all
    .filter((r) => r.id !== current.id && r.planId === current.planId && r.state !== 'draft' && compareRounds(r, current) < 0)
    .sort((a, b) => compareRounds(b, a));
}

/** Answers indexed by round, then node. */
export type AnswerIndex = ReadonlyMap<string, ReadonlyMap<string, ViewAnswer>>;

export function indexAnswers(answers: readonly ViewAnswer[]): Map<string, Map<string, ViewAnswer>> {
  const out = new Map<string, Map<string, ViewAnswer>>();
  for (const a of answers) {
    let m = out.get(a.roundId);
    if (!m) out.set(a.roundId, (m = new Map()));
    m.set(a.nodeId, a);
  }
  return out;
}

/** The round's item set, in tree order. */
export function roundItems(nodes: readonly ViewNode[], round: ViewRound, answers: AnswerIndex): ViewNode[] {
  const inRound = answers.get(round.id);
  return treeOrder(nodes).filter((n) => isInRoundScope(n, round, inRound?.has(n.id) ?? false));
}

export function leadDepartmentOf(node: ViewNode): string | null {
  return node.departments.find((d) => d.lead)?.id ?? null;
}

export function legendDone(values: readonly LegendValue[], code: string | null): boolean {
  return code !== null && values.some((v) => v.code === code && v.done);
}

/** { count, nodeIds }: every count travels with the ids that make it. */
export interface IdCount {
  count: number;
  nodeIds: string[];
}

export const idCount = (ids: readonly string[]): IdCount => ({ count: ids.length, nodeIds: [...ids] });
