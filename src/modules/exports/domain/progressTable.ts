/**
 * The rows of the published progress table (実施状況表), built ONCE here and printed by
 * every writer (xlsx here; PDF and open data reuse it). Pure: the caller loads a
 * round's plan data (see exports/queries/progressTable.ts) and passes it in.
 *
 * A row is an action item in the round's scope (pdca views' `roundItems`), in tree order, with:
 * - its ancestors (levels: 重点項目, 施策 …), number, title, revision marks and description;
 * - the schedule per fiscal year of the plan period (phase code and printed text, → for 継続);
 * - this round's narrative / issues / next plan and status, when the answer counts under `basis`;
 * - the status per fiscal year from the plan's first year up to the round's target year
 *   (earlier years: the latest closed round of that year, else the latest open one — never
 *   a round after this one; the target year: this round's answer);
 * - 担当課 lead first;
 * - the ● markers: scheduled in the target year, and overdue (scheduled in an earlier year,
 *   latest counted answer not a "done" legend value).
 */
import { fiscalYearLabel, fiscalYearShort } from '../../fiscal/domain/index.js';
import { levelNameOf } from '../../plans/domain/tree.js';
import type { Phase } from '../../plans/domain/plan.js';
import type { LegendValue } from '../../pdca/domain/legend.js';
import { isSubmitted, type ReportState } from '../../pdca/domain/workflow.js';
import {
  compareRounds,
  countedCode,
  earlierRounds,
  isInRoundScope,
  type AnswerBasis,
  type AnswerIndex,
  type ViewAnswer,
  type ViewNode,
  type ViewRound,
} from '../../pdca/views/domain/model.js';
import { shortRoundLabel } from './layout.js';

/** A plan node as the table needs it: the views' node plus its description and revision marks. */
export interface TableNode extends ViewNode {
  description: string;
  /** printed marks in date order, e.g. ['【R2年度改訂】'] */
  marks: readonly string[];
}

/** This round's written answer of an item (any state; the builder applies the basis). */
export interface TableAnswerText {
  state: ReportState;
  narrative: string;
  issues: string;
  nextPlan: string;
}

export interface ProgressTableInput {
  plan: { title: string; firstFiscalYear: number; lastFiscalYear: number; levelNames: readonly string[]; phases: readonly Phase[] };
  /** the round the table is published for */
  round: ViewRound;
  /** every round of the plan (and the previous round if kept elsewhere) */
  rounds: readonly ViewRound[];
  nodes: readonly TableNode[];
  /** status / achievement codes of every round's answers */
  answers: AnswerIndex;
  /** this round's texts per node id */
  texts: ReadonlyMap<string, TableAnswerText>;
  legends: { status: readonly LegendValue[]; achievement?: readonly LegendValue[] | null | undefined };
  deptNames: ReadonlyMap<string, string>;
  basis: AnswerBasis;
}

export interface FiscalYearColumn {
  year: number;
  /** 令和4年度 */
  label: string;
  /** R4 */
  short: string;
}

export interface RowLevel {
  depth: number;
  levelName: string;
  id: string;
  number: string;
  title: string;
}

export interface ScheduleCell {
  fiscalYear: number;
  /** phase code, null = nothing scheduled */
  phase: string | null;
  /** printed text: the phase's symbol (→) or label (検討); '' when nothing is scheduled */
  text: string;
}

export interface StatusMark {
  code: string;
  /** printed symbol (○); the code itself when the legend no longer has it */
  symbol: string;
  label: string;
  inLegend: boolean;
}

export interface StatusYearCell {
  fiscalYear: number;
  /** null = no counted answer for that year */
  status: StatusMark | null;
  roundId: string | null;
  /** the answer comes from a round that is still open */
  provisional: boolean;
}

export interface RowDepartment {
  id: string;
  name: string;
  lead: boolean;
}

export interface ProgressRow {
  nodeId: string;
  depth: number;
  /** ancestors, top first */
  levels: RowLevel[];
  number: string;
  title: string;
  marks: string[];
  description: string;
  /** active / stopped / merged */
  itemStatus: string;
  /** one cell per `scheduleYears` */
  schedule: ScheduleCell[];
  /** this round's texts ('' when there is no answer counted under the basis) */
  narrative: string;
  issues: string;
  nextPlan: string;
  /** this round's status / achievement (null when none counts under the basis) */
  status: StatusMark | null;
  achievement: StatusMark | null;
  /** one cell per `statusYears` */
  statusHistory: StatusYearCell[];
  /** lead first */
  departments: RowDepartment[];
  /** ● scheduled in the round's target fiscal year */
  scheduled: boolean;
  /** ● scheduled in an earlier fiscal year and not done */
  overdue: boolean;
  /** the earlier scheduled years behind `overdue` */
  overdueYears: number[];
}

export interface ProgressTable {
  plan: { title: string; levelNames: string[] };
  round: { id: string; label: string; shortLabel: string; state: string; asOfDate: string; targetFiscalYear: FiscalYearColumn };
  basis: AnswerBasis;
  /** the plan period: the schedule columns */
  scheduleYears: FiscalYearColumn[];
  /** plan's first year … the round's target year: the status history columns */
  statusYears: FiscalYearColumn[];
  /** depths of the ancestor levels the rows have (0 = top) */
  levelDepths: number[];
  legends: { status: LegendValue[]; achievement: LegendValue[] | null };
  rows: ProgressRow[];
  counts: { items: number; scheduled: number; overdue: number };
}

export function fiscalYearColumn(year: number): FiscalYearColumn {
  return { year, label: fiscalYearLabel(year), short: fiscalYearShort(year) };
}

function yearsBetween(first: number, last: number): FiscalYearColumn[] {
  const out: FiscalYearColumn[] = [];
  for (let y = first; y <= last; y++) out.push(fiscalYearColumn(y));
  return out;
}

export function statusMark(code: string, values: readonly LegendValue[]): StatusMark {
  const v = values.find((x) => x.code === code);
  return v ? { code, symbol: v.symbol, label: v.label, inLegend: true } : { code, symbol: code, label: `凡例にない区分（${code}）`, inLegend: false };
}

/** Whether an answer in this state is shown under the basis (texts have no code to test). */
export function stateCounts(state: ReportState, basis: AnswerBasis): boolean {
  if (basis === 'all') return true;
  if (basis === 'accepted') return state === 'accepted';
  return isSubmitted(state);
}

/** The text printed in a schedule cell: the phase's symbol (→ for 継続) or its label; unknown codes print as stored. */
export function phaseText(phases: readonly Phase[], code: string): string {
  const p = phases.find((x) => x.code === code);
  return p ? (p.symbol ?? p.label) : code;
}

/**
 * The views' `treeOrder` without its two copies of every node: the same order (depth first from
 * the roots, siblings by sortOrder then id, orphans and cycles left out), the input objects themselves.
 */
export function inTreeOrder<T extends ViewNode>(nodes: readonly T[]): T[] {
  const byParent = new Map<string | null, T[]>();
  for (const n of nodes) {
    const list = byParent.get(n.parentId);
    if (list) list.push(n);
    else byParent.set(n.parentId, [n]);
  }
  for (const list of byParent.values()) list.sort((a, b) => a.sortOrder - b.sortOrder || a.id.localeCompare(b.id));
  const out: T[] = [];
  const seen = new Set<string>();
  const visit = (parentId: string | null): void => {
    for (const n of byParent.get(parentId) ?? []) {
      if (seen.has(n.id)) continue;
      seen.add(n.id);
      out.push(n);
      visit(n.id);
    }
  };
  visit(null);
  return out;
}

/** The views' `roundItems`, from nodes already in tree order. */
export function itemsInRound<T extends ViewNode>(ordered: readonly T[], round: ViewRound, answers: AnswerIndex): T[] {
  const inRound = answers.get(round.id);
  return ordered.filter((n) => isInRoundScope(n, round, inRound?.has(n.id) ?? false));
}

/** The row's ancestor at a depth, if it has one. */
export function levelAt(row: Pick<ProgressRow, 'levels'>, depth: number): RowLevel | null {
  return row.levels.find((l) => l.depth === depth) ?? null;
}

/** Builds the published table's rows. Pure; deterministic for the same input. */
export function buildProgressTable(input: ProgressTableInput): ProgressTable {
  const { plan, round, answers, basis } = input;
  const statusLegend = [...input.legends.status];
  const achievementLegend = input.legends.achievement ? [...input.legends.achievement] : null;
  const byId = new Map<string, TableNode>(input.nodes.map((n) => [n.id, n]));
  const items = itemsInRound(inTreeOrder(input.nodes), round, answers);
  const target = round.targetFiscalYear;

  const scheduleYears = yearsBetween(plan.firstFiscalYear, plan.lastFiscalYear);
  const statusYears = yearsBetween(Math.min(plan.firstFiscalYear, target), target);
  const hasTargetColumn = statusYears.some((y) => y.year === target);
  const targetKey = String(target);
  const scheduleKeys = scheduleYears.map((y) => String(y.year));

  // Everything below that does not depend on the item is worked out once, not per row. Rows share the
  // cells, marks and ancestor levels they have in common (the writers only read them): fewer objects to
  // build, and far fewer to copy when the table is posted to the rendering worker.
  const marksOf = (values: readonly LegendValue[]) => {
    const cache = new Map<string, StatusMark>();
    return (code: string): StatusMark => {
      let m = cache.get(code);
      if (!m) cache.set(code, (m = statusMark(code, values)));
      return m;
    };
  };
  const statusOf = marksOf(statusLegend);
  const achievementOf = marksOf(achievementLegend ?? []);
  const noPhase = scheduleYears.map((y): ScheduleCell => ({ fiscalYear: y.year, phase: null, text: '' }));
  const phaseCells = scheduleYears.map(() => new Map<string, ScheduleCell>());
  const scheduleCell = (i: number, phase: string | null): ScheduleCell => {
    if (phase === null) return noPhase[i]!;
    let c = phaseCells[i]!.get(phase);
    if (!c) phaseCells[i]!.set(phase, (c = { fiscalYear: scheduleYears[i]!.year, phase, text: phaseText(plan.phases, phase) }));
    return c;
  };
  /** per status year: the empty cell, and the filled cells by provisional, round and code */
  const historyCells = statusYears.map((y) => ({
    empty: { fiscalYear: y.year, status: null, roundId: null, provisional: false } as StatusYearCell,
    filled: [new Map<string, Map<string, StatusYearCell>>(), new Map<string, Map<string, StatusYearCell>>()],
  }));
  const historyCell = (i: number, hit: { roundId: string; code: string } | null, provisional: boolean): StatusYearCell => {
    const at = historyCells[i]!;
    if (!hit) return at.empty;
    const byRound = at.filled[provisional ? 1 : 0]!;
    let byCode = byRound.get(hit.roundId);
    if (!byCode) byRound.set(hit.roundId, (byCode = new Map()));
    let c = byCode.get(hit.code);
    if (!c) byCode.set(hit.code, (c = { fiscalYear: statusYears[i]!.year, status: statusOf(hit.code), roundId: hit.roundId, provisional }));
    return c;
  };
  const deptCells = [new Map<string, RowDepartment>(), new Map<string, RowDepartment>()];
  const deptCell = (id: string, lead: boolean): RowDepartment => {
    const byId = deptCells[lead ? 1 : 0]!;
    let c = byId.get(id);
    if (!c) byId.set(id, (c = { id, name: input.deptNames.get(id) ?? '（不明な組織）', lead }));
    return c;
  };
  const levelCache = new Map<ViewNode, RowLevel>();
  const levelOf = (n: ViewNode): RowLevel => {
    let l = levelCache.get(n);
    if (!l) levelCache.set(n, (l = { depth: n.depth, levelName: levelNameOf(plan.levelNames, n.depth), id: n.id, number: n.number, title: n.title }));
    return l;
  };
  /** ancestors top first; stops at a node seen before (a cycle in stored data) */
  const levelsOf = (n: ViewNode): RowLevel[] => {
    const out: RowLevel[] = [];
    const seen: string[] = [n.id];
    let cur = n.parentId ? byId.get(n.parentId) : undefined;
    while (cur && !seen.includes(cur.id)) {
      seen.push(cur.id);
      out.push(levelOf(cur));
      cur = cur.parentId ? byId.get(cur.parentId) : undefined;
    }
    return out.reverse();
  };

  // status per earlier year (history.ts yearColumns): the rounds of each year newest first, closed before open;
  // earlier years read only rounds before this one: publishing an old round never shows later answers
  const earlier = input.rounds.filter((r) => r.id !== round.id && r.planId === round.planId && compareRounds(r, round) < 0);
  const newestFirst = [...earlier].sort((a, b) => compareRounds(b, a));
  const withAnswers = (list: readonly ViewRound[]) => list.map((r) => ({ id: r.id, byNode: answers.get(r.id) }));
  const pastYears = statusYears
    .filter((y) => y.year < target)
    .map((y) => {
      const ofYear = newestFirst.filter((r) => r.targetFiscalYear === y.year);
      return { year: y.year, closed: withAnswers(ofYear.filter((r) => r.state === 'closed')), open: withAnswers(ofYear.filter((r) => r.state === 'open')) };
    });
  const pick = (list: readonly { id: string; byNode: ReadonlyMap<string, ViewAnswer> | undefined }[], nodeId: string) => {
    for (const r of list) {
      const code = countedCode(r.byNode?.get(nodeId), 'status', basis);
      if (code !== null) return { roundId: r.id, code };
    }
    return null;
  };
  const mine = answers.get(round.id);

  // overdue (views.ts overdueItems): scheduled before the target year and the latest counted answer
  // (this round's, else the latest earlier round's) is not a done legend value
  const latestFrom = [mine, ...earlierRounds(input.rounds, round).map((r) => answers.get(r.id))];
  const doneCodes = new Set(statusLegend.filter((v) => v.done).map((v) => v.code));
  const overdueYearsOf = (n: ViewNode): number[] | null => {
    const years: number[] = [];
    for (const key of Object.keys(n.schedule)) {
      const y = Number(key);
      if (Number.isInteger(y) && y >= plan.firstFiscalYear && y < target) years.push(y);
    }
    if (!years.length) return null;
    years.sort((a, b) => a - b);
    for (const byNode of latestFrom) {
      const code = countedCode(byNode?.get(n.id), 'status', basis);
      if (code !== null) return doneCodes.has(code) ? null : years;
    }
    return years;
  };

  const rows: ProgressRow[] = items.map((n) => {
    const history: StatusYearCell[] = pastYears.map((y, i) => {
      const closed = pick(y.closed, n.id);
      const hit = closed ?? pick(y.open, n.id);
      return historyCell(i, hit, hit !== null && closed === null);
    });
    const a = mine?.get(n.id);
    const code = countedCode(a, 'status', basis);
    const achievementCode = countedCode(a, 'achievement', basis);
    if (hasTargetColumn)
      history.push(historyCell(statusYears.length - 1, code !== null ? { roundId: round.id, code } : null, code !== null && round.state !== 'closed'));
    const text = input.texts.get(n.id);
    const shown = text && stateCounts(text.state, basis) ? text : null;
    // lead first, otherwise in stored order (what a stable sort on `lead` gives)
    const depts = n.departments.length > 1 ? [...n.departments.filter((d) => d.lead), ...n.departments.filter((d) => !d.lead)] : n.departments;
    const overdueYears = overdueYearsOf(n);
    return {
      nodeId: n.id,
      depth: n.depth,
      levels: levelsOf(n),
      number: n.number,
      title: n.title,
      marks: n.marks.length ? [...new Set(n.marks)] : [],
      description: n.description,
      itemStatus: n.status,
      schedule: scheduleKeys.map((key, i) => scheduleCell(i, n.schedule[key] ?? null)),
      narrative: shown?.narrative ?? '',
      issues: shown?.issues ?? '',
      nextPlan: shown?.nextPlan ?? '',
      status: code !== null ? statusOf(code) : null,
      achievement: achievementCode !== null ? achievementOf(achievementCode) : null,
      statusHistory: history,
      departments: depts.map((d) => deptCell(d.id, d.lead)),
      scheduled: n.schedule[targetKey] !== undefined,
      overdue: overdueYears !== null,
      overdueYears: overdueYears ?? [],
    };
  });

  const depths = new Set<number>();
  let scheduledCount = 0;
  let overdueCount = 0;
  for (const r of rows) {
    for (const l of r.levels) depths.add(l.depth);
    if (r.scheduled) scheduledCount++;
    if (r.overdue) overdueCount++;
  }
  const levelDepths = [...depths].sort((a, b) => a - b);
  return {
    plan: { title: plan.title, levelNames: [...plan.levelNames] },
    round: { id: round.id, label: round.label, shortLabel: shortRoundLabel(round.label), state: round.state, asOfDate: round.asOfDate, targetFiscalYear: fiscalYearColumn(target) },
    basis,
    scheduleYears,
    statusYears,
    levelDepths,
    legends: { status: statusLegend, achievement: achievementLegend },
    rows,
    counts: { items: rows.length, scheduled: scheduledCount, overdue: overdueCount },
  };
}
