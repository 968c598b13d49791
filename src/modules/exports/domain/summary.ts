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
import { countedCode, type AnswerBasis, type AnswerIndex, type ViewNode, type ViewRound } from '../../pdca/views/domain/model.js';
import { groupAtDepth, statusKeys, type StatusKey } from '../../pdca/views/domain/views.js';
import { inTreeOrder, itemsInRound } from './progressTable.js';

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

export function buildProgressSummary(input: SummaryInput): ProgressSummary {
  const { round, previous, answers, basis, legend } = input;
  const byId = new Map(input.nodes.map((n) => [n.id, n]));
  // one tree order for both rounds' items and the group rows
  const ordered = inTreeOrder(input.nodes);
  const nowItems = itemsInRound(ordered, round, answers);
  const beforeItems = previous ? itemsInRound(ordered, previous, answers) : [];
  const nowAnswers = answers.get(round.id);
  const beforeAnswers = previous ? answers.get(previous.id) : undefined;
  const nowCodes = new Map(nowItems.map((n) => [n.id, countedCode(nowAnswers?.get(n.id), 'status', basis)]));
  const beforeCodes = new Map(beforeItems.map((n) => [n.id, previous ? countedCode(beforeAnswers?.get(n.id), 'status', basis) : null]));
  const nowCode = (id: string) => nowCodes.get(id) ?? null;
  const beforeCode = (id: string) => beforeCodes.get(id) ?? null;
  const keys = statusKeys(legend, [...nowItems.map((n) => nowCode(n.id)), ...beforeItems.map((n) => beforeCode(n.id))]);
  const statuses = keys.map((k) => {
    if (k.code === null) return { ...k, symbol: '未回答', label: '未回答' };
    const v = legend.find((x) => x.code === k.code);
    return { ...k, symbol: v?.symbol ?? k.code, label: v?.label ?? `凡例にない区分（${k.code}）` };
  });

  /** the ids of a list by status code, in list order (one pass instead of one filter per status) */
  const byCode = (list: readonly ViewNode[], codeOf: (id: string) => string | null) => {
    const out = new Map<string | null, string[]>();
    for (const x of list) {
      const c = codeOf(x.id);
      const l = out.get(c);
      if (l) l.push(x.id);
      else out.set(c, [x.id]);
    }
    return out;
  };
  const count = (list: readonly string[] | undefined): SummaryCount => ({ count: list?.length ?? 0, nodeIds: list ? [...list] : [] });
  const makeRow = (groupId: string | null, number: string, title: string, now: readonly ViewNode[], before: readonly ViewNode[]): SummaryRow => {
    const nowBy = byCode(now, nowCode);
    const beforeBy = previous ? byCode(before, beforeCode) : null;
    const cell = (code: string | null, n: SummaryCount, b: SummaryCount | null): SummaryCell => ({ code, now: n, before: b, delta: b ? n.count - b.count : null });
    return {
      groupId,
      number,
      title,
      cells: keys.map((k) => cell(k.code, count(nowBy.get(k.code)), beforeBy ? count(beforeBy.get(k.code)) : null)),
      total: cell(null, count(now.map((x) => x.id)), beforeBy ? count(before.map((x) => x.id)) : null),
    };
  };

  const actionItems = nowItems.length ? nowItems : beforeItems;
  let minDepth = Infinity;
  for (const n of actionItems) if (n.depth < minDepth) minDepth = n.depth;
  const maxGroupDepth = actionItems.length ? minDepth - 1 : -1;
  const sections: SummarySection[] = [];
  for (let depth = 0; depth <= maxGroupDepth; depth++) {
    // one pass per round: items bucketed by their group at this depth (null = none); both rounds mostly
    // hold the same items, so each item's group is looked up once
    const groups = new Map<ViewNode, string | null>();
    const groupOf = (n: ViewNode) => {
      let g = groups.get(n);
      if (g === undefined) groups.set(n, (g = groupAtDepth(n, depth, byId)));
      return g;
    };
    const bucket = (list: readonly ViewNode[]) => {
      const out = new Map<string | null, ViewNode[]>();
      for (const n of list) {
        const g = groupOf(n);
        const l = out.get(g);
        if (l) l.push(n);
        else out.set(g, [n]);
      }
      return out;
    };
    const nowBy = bucket(nowItems);
    const beforeBy = bucket(beforeItems);
    const rows: SummaryRow[] = [];
    for (const g of ordered) {
      if (g.depth !== depth) continue;
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
