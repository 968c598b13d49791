/**
 * The computed views of a round, pure. Every figure is a list of node ids;
 * counts are the lengths of those lists, never tallied separately.
 */
import type { LegendValue } from '../../domain/legend.js';
import { isSubmitted, type ReportState } from '../../domain/workflow.js';
import {
  countedCode,
  earlierRounds,
  idCount,
  leadDepartmentOf,
  legendDone,
  type AnswerBasis,
  type AnswerIndex,
  type Axis,
  type IdCount,
  type ViewAnswer,
  type ViewNode,
  type ViewRound,
} from './model.js';

// ───────────── ● scheduled in the target fiscal year ─────────────

export interface ScheduledRow {
  nodeId: string;
  phase: string;
}

/** Items with a schedule entry for the fiscal year (the ● of the printed table), in the given order. */
export function scheduledIn(items: readonly ViewNode[], fiscalYear: number): ScheduledRow[] {
  return items.flatMap((n) => {
    const phase = n.schedule[String(fiscalYear)];
    return phase === undefined ? [] : [{ nodeId: n.id, phase }];
  });
}

// ───────────── overdue ─────────────

export interface LatestAnswer {
  roundId: string;
  code: string;
  answer: ViewAnswer;
}

/**
 * The item's latest counted answer: in `current` if it has one, otherwise in the
 * latest earlier round (of the same plan) that has one; null if never answered.
 */
export function latestAnswer(
  nodeId: string,
  current: ViewRound,
  allRounds: readonly ViewRound[],
  answers: AnswerIndex,
  axis: Axis,
  basis: AnswerBasis,
): LatestAnswer | null {
  for (const r of [current, ...earlierRounds(allRounds, current)]) {
    const a = answers.get(r.id)?.get(nodeId);
    const code = countedCode(a, axis, basis);
    if (a && code !== null) return { roundId: r.id, code, answer: a };
  }
  return null;
}

export interface OverdueRow {
  nodeId: string;
  /** the schedule years before the target year (within the plan period) */
  years: number[];
  latest: LatestAnswer | null;
}

/**
 * Items scheduled in an earlier fiscal year of the plan whose latest answer is
 * not a legend value marked done (no answer at all counts as not done).
 */
export function overdueItems(input: {
  items: readonly ViewNode[];
  round: ViewRound;
  rounds: readonly ViewRound[];
  answers: AnswerIndex;
  legend: readonly LegendValue[];
  planFirstFiscalYear: number;
  basis: AnswerBasis;
}): OverdueRow[] {
  const { items, round, rounds, answers, legend, planFirstFiscalYear, basis } = input;
  return items.flatMap((n) => {
    const years = Object.keys(n.schedule)
      .map(Number)
      .filter((y) => Number.isInteger(y) && y >= planFirstFiscalYear && y < round.targetFiscalYear)
      .sort((a, b) => a - b);
    if (!years.length) return [];
    const latest = latestAnswer(n.id, round, rounds, answers, 'status', basis);
    if (latest && legendDone(legend, latest.code)) return [];
    return [{ nodeId: n.id, years, latest }];
  });
}

// ───────────── counts by status ─────────────

/** A status column: a legend value, a code found in answers but missing from the legend, or null = 未回答. */
export interface StatusKey {
  code: string | null;
  inLegend: boolean;
}

/** Legend values in legend order, then unknown codes seen in answers (sorted), then 未回答. */
export function statusKeys(legend: readonly LegendValue[], seenCodes: Iterable<string | null>): StatusKey[] {
  const known = new Set(legend.map((v) => v.code));
  const unknown = [...new Set([...seenCodes].filter((c): c is string => c !== null && !known.has(c)))].sort();
  return [...legend.map((v) => ({ code: v.code, inLegend: true })), ...unknown.map((code) => ({ code, inLegend: false })), { code: null, inLegend: false }];
}

export interface StatusCell extends IdCount {
  code: string | null;
}

export interface StatusRow {
  /** group or department id; null = items without one */
  key: string | null;
  total: IdCount;
  cells: StatusCell[];
}

export interface StatusTable {
  keys: StatusKey[];
  rows: StatusRow[];
  total: StatusRow;
}

/**
 * Counts items per row key and status. `keysOf` gives each item's rows (one,
 * or several when co-owners count); `rowOrder` fixes the order of rows (keys
 * not in it follow in order of appearance, null last). The total row counts
 * each item once, whatever the number of rows it appears in.
 */
export function statusTable(input: {
  items: readonly ViewNode[];
  codeOf: (nodeId: string) => string | null;
  legend: readonly LegendValue[];
  keysOf: (n: ViewNode) => (string | null)[];
  rowOrder?: readonly string[];
}): StatusTable {
  const { items, codeOf, legend, keysOf } = input;
  const codes = new Map(items.map((n) => [n.id, codeOf(n.id)]));
  const keys = statusKeys(legend, codes.values());
  const rowIds = new Map<string | null, string[]>();
  for (const k of input.rowOrder ?? []) rowIds.set(k, []);
  for (const n of items) {
    for (const k of [...new Set(keysOf(n))]) {
      const l = rowIds.get(k);
      if (l) l.push(n.id);
      else rowIds.set(k, [n.id]);
    }
  }
  const makeRow = (key: string | null, ids: readonly string[]): StatusRow => ({
    key,
    total: idCount(ids),
    cells: keys.map((s) => ({ code: s.code, ...idCount(ids.filter((id) => codes.get(id) === s.code)) })),
  });
  const ordered = [...rowIds.entries()].sort(([a], [b]) => (a === null ? 1 : 0) - (b === null ? 1 : 0));
  return {
    keys,
    rows: ordered.map(([k, ids]) => makeRow(k, ids)),
    total: makeRow(null, items.map((n) => n.id)),
  };
}

/**
 * The level above the action items: one above the shallowest action item of the
 * round (so every item has a group), or — with no items — the second-to-last
 * level name; never below 0.
 */
export function defaultGroupDepth(levelNames: readonly string[], actionDepths: readonly number[] = []): number {
  if (actionDepths.length) return Math.max(0, Math.min(...actionDepths) - 1);
  return Math.max(0, levelNames.length - 2);
}

/** The ancestor (or the node itself) at `depth`; null if the node sits above that depth. */
export function groupAtDepth(node: ViewNode, depth: number, byId: ReadonlyMap<string, ViewNode>): string | null {
  let cur: ViewNode | undefined = node;
  const seen = new Set<string>();
  while (cur && cur.depth > depth && !seen.has(cur.id)) {
    seen.add(cur.id);
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return cur && cur.depth === depth ? cur.id : null;
}

/** Row keys for departments: the lead department only, or every department (co-owners) of the item. */
export function departmentKeys(node: ViewNode, coOwners: boolean): (string | null)[] {
  if (coOwners) return node.departments.length ? node.departments.map((d) => d.id) : [null];
  return [leadDepartmentOf(node)];
}

// ───────────── change against the previous round ─────────────

export interface ChangeRow {
  code: string | null;
  now: IdCount;
  before: IdCount;
  /** 増減 = now − before */
  delta: number;
}

export interface ChangedItem {
  nodeId: string;
  before: string | null;
  after: string | null;
  /** false when the item was not asked about in that round (added, stopped, out of its period) */
  inBefore: boolean;
  inNow: boolean;
}

export interface ChangeTable {
  keys: StatusKey[];
  rows: ChangeRow[];
  total: ChangeRow;
  changed: ChangedItem[];
}

/**
 * Per status value: count now, count in the previous round, 増減; and every item
 * whose status differs between the two (items entering or leaving the round included),
 * in the order of `order` (tree order).
 */
export function changeTable(input: {
  nowItems: readonly string[];
  beforeItems: readonly string[];
  nowCode: (nodeId: string) => string | null;
  beforeCode: (nodeId: string) => string | null;
  legend: readonly LegendValue[];
  order: readonly string[];
}): ChangeTable {
  const { nowItems, beforeItems, nowCode, beforeCode, legend } = input;
  const nowSet = new Set(nowItems);
  const beforeSet = new Set(beforeItems);
  const keys = statusKeys(legend, [...nowItems.map(nowCode), ...beforeItems.map(beforeCode)]);
  const row = (code: string | null): ChangeRow => {
    const now = nowItems.filter((id) => nowCode(id) === code);
    const before = beforeItems.filter((id) => beforeCode(id) === code);
    return { code, now: idCount(now), before: idCount(before), delta: now.length - before.length };
  };
  const position = new Map(input.order.map((id, i) => [id, i]));
  const union = [...new Set([...nowItems, ...beforeItems])].sort(
    (a, b) => (position.get(a) ?? Number.MAX_SAFE_INTEGER) - (position.get(b) ?? Number.MAX_SAFE_INTEGER) || (a < b ? -1 : 1),
  );
  const changed = union.flatMap((id) => {
    const inNow = nowSet.has(id);
    const inBefore = beforeSet.has(id);
    const after = inNow ? nowCode(id) : null;
    const before = inBefore ? beforeCode(id) : null;
    return after === before && inNow === inBefore ? [] : [{ nodeId: id, before, after, inBefore, inNow }];
  });
  return {
    keys,
    rows: keys.map((k) => row(k.code)),
    total: { code: null, now: idCount(nowItems), before: idCount(beforeItems), delta: nowItems.length - beforeItems.length },
    changed,
  };
}

// ───────────── completion of submissions ─────────────

export interface CompletionRow {
  key: string | null;
  items: IdCount;
  /** submitted / approved / accepted */
  submitted: IdCount;
  accepted: IdCount;
  notYet: IdCount;
  /** submitted ÷ items × 100, rounded down (100 only when all are in); 0 when there are no items */
  percent: number;
}

export function percentDown(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.floor((part * 100) / whole);
}

export function completionTable(input: {
  items: readonly ViewNode[];
  stateOf: (nodeId: string) => ReportState | null;
  keysOf: (n: ViewNode) => (string | null)[];
  rowOrder?: readonly string[];
}): { rows: CompletionRow[]; total: CompletionRow } {
  const rowIds = new Map<string | null, string[]>();
  for (const k of input.rowOrder ?? []) rowIds.set(k, []);
  for (const n of input.items) {
    for (const k of [...new Set(input.keysOf(n))]) {
      const l = rowIds.get(k);
      if (l) l.push(n.id);
      else rowIds.set(k, [n.id]);
    }
  }
  const make = (key: string | null, ids: readonly string[]): CompletionRow => {
    const submitted = ids.filter((id) => {
      const s = input.stateOf(id);
      return s !== null && isSubmitted(s);
    });
    const accepted = ids.filter((id) => input.stateOf(id) === 'accepted');
    const done = new Set(submitted);
    const notYet = ids.filter((id) => !done.has(id));
    return { key, items: idCount(ids), submitted: idCount(submitted), accepted: idCount(accepted), notYet: idCount(notYet), percent: percentDown(submitted.length, ids.length) };
  };
  const ordered = [...rowIds.entries()].sort(([a], [b]) => (a === null ? 1 : 0) - (b === null ? 1 : 0));
  return { rows: ordered.map(([k, ids]) => make(k, ids)), total: make(null, input.items.map((n) => n.id)) };
}
