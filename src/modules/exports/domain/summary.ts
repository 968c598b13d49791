/**
 * The 集計 sheet of the published table: for each level above the action items
 * (重点項目, 施策 …), the number of items per status in this round, in the previous
 * round and the 増減, per group and in total. Pure; every count carries its node ids.
 *
 * Items are grouped by today's tree (the previous round's items under the group they
 * belong to now); the previous round's items are those in its own scope.
 */
import { levelNameOf } from '../../plans/domain/tree.js';
import type { LegendValue } from '../../pdca/domain/legend.js';
import { countedCode, roundItems, treeOrder, type AnswerBasis, type AnswerIndex, type ViewNode, type ViewRound } from '../../pdca/views/domain/model.js';
import { groupAtDepth, statusKeys, type StatusKey } from '../../pdca/views/domain/views.js';

export interface SummaryInput {
  levelNames: readonly string[];
  round: ViewRound;
  /** the round compared with (round.previousRoundId), if any */
  previous: ViewRound | null;
  nodes: readonly ViewNode[];
  answers: AnswerIndex;
  legend: readonly LegendValue[];
  basis: AnswerBasis;
}

export interface SummaryCount {
  count: number;
  nodeIds: string[];
}

export interface SummaryCell {
  /** null = 未回答 */
  code: string | null;
  now: SummaryCount;
  /** null when there is no previous round */
  before: SummaryCount | null;
  delta: number | null;
}

export interface SummaryRow {
  /** the group node; null for the total row and for items without a group at that depth */
  groupId: string | null;
  number: string;
  title: string;
  cells: SummaryCell[];
  total: SummaryCell;
}

export interface SummarySection {
  depth: number;
  levelName: string;
  rows: SummaryRow[];
  total: SummaryRow;
}

export interface ProgressSummary {
  statuses: (StatusKey & { symbol: string; label: string })[];
  previous: { id: string; label: string } | null;
  sections: SummarySection[];
}

const ids = (list: readonly string[]): SummaryCount => ({ count: list.length, nodeIds: [...list] });

export function buildProgressSummary(input: SummaryInput): ProgressSummary {
  const { round, previous, answers, basis, legend } = input;
  const byId = new Map(input.nodes.map((n) => [n.id, n]));
  const nowItems = roundItems(input.nodes, round, answers);
  const beforeItems = previous ? roundItems(input.nodes, previous, answers) : [];
  const nowCodes = new Map(nowItems.map((n) => [n.id, countedCode(answers.get(round.id)?.get(n.id), 'status', basis)]));
  const beforeCodes = new Map(beforeItems.map((n) => [n.id, previous ? countedCode(answers.get(previous.id)?.get(n.id), 'status', basis) : null]));
  const nowCode = (id: string) => nowCodes.get(id) ?? null;
  const beforeCode = (id: string) => beforeCodes.get(id) ?? null;
  const keys = statusKeys(legend, [...nowItems.map((n) => nowCode(n.id)), ...beforeItems.map((n) => beforeCode(n.id))]);
  const statuses = keys.map((k) => {
    if (k.code === null) return { ...k, symbol: '未回答', label: '未回答' };
    const v = legend.find((x) => x.code === k.code);
    return { ...k, symbol: v?.symbol ?? k.code, label: v?.label ?? `凡例にない区分（${k.code}）` };
  });

  const makeRow = (groupId: string | null, number: string, title: string, now: readonly ViewNode[], before: readonly ViewNode[]): SummaryRow => {
    const cell = (code: string | null | undefined): SummaryCell => {
      const n = now.filter((x) => code === undefined || nowCode(x.id) === code).map((x) => x.id);
      const b = previous ? before.filter((x) => code === undefined || beforeCode(x.id) === code).map((x) => x.id) : null;
      return { code: code ?? null, now: ids(n), before: b ? ids(b) : null, delta: b ? n.length - b.length : null };
    };
    return { groupId, number, title, cells: keys.map((k) => cell(k.code)), total: cell(undefined) };
  };

  const actionDepths = nowItems.length ? nowItems.map((n) => n.depth) : beforeItems.map((n) => n.depth);
  const maxGroupDepth = actionDepths.length ? Math.min(...actionDepths) - 1 : -1;
  const ordered = treeOrder(input.nodes);
  const sections: SummarySection[] = [];
  for (let depth = 0; depth <= maxGroupDepth; depth++) {
    // one pass per round: items bucketed by their group at this depth (null = none)
    const bucket = (list: readonly ViewNode[]) => {
      const out = new Map<string | null, ViewNode[]>();
      for (const n of list) {
        const g = groupAtDepth(n, depth, byId);
        const l = out.get(g);
        if (l) l.push(n);
        else out.set(g, [n]);
      }
      return out;
    };
    const nowBy = bucket(nowItems);
    const beforeBy = bucket(beforeItems);
    const rows: SummaryRow[] = [];
    for (const g of ordered.filter((n) => n.depth === depth)) {
      const now = nowBy.get(g.id) ?? [];
      const before = beforeBy.get(g.id) ?? [];
      if (now.length || before.length) rows.push(makeRow(g.id, g.number, g.title, now, before));
    }
    const orphansNow = nowBy.get(null) ?? [];
    const orphansBefore = beforeBy.get(null) ?? [];
    if (orphansNow.length || orphansBefore.length)
      rows.push(makeRow(null, '', `（${levelNameOf(input.levelNames, depth)}に属さない項目）`, orphansNow, orphansBefore));
    sections.push({ depth, levelName: levelNameOf(input.levelNames, depth), rows, total: makeRow(null, '', '合計', nowItems, beforeItems) });
  }
  if (!sections.length) sections.push({ depth: 0, levelName: '全体', rows: [], total: makeRow(null, '', '合計', nowItems, beforeItems) });
  return { statuses, previous: previous ? { id: previous.id, label: previous.label } : null, sections };
}
