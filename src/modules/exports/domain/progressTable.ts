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
import { yearColumns } from '../../pdca/views/domain/history.js';
import { compareRounds, countedCode, roundItems, type AnswerBasis, type AnswerIndex, type ViewNode, type ViewRound } from '../../pdca/views/domain/model.js';
import { overdueItems, scheduledIn } from '../../pdca/views/domain/views.js';
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

/** Ancestors of a node, top first, as row levels. */
function levelsOf(node: ViewNode, byId: ReadonlyMap<string, ViewNode>, levelNames: readonly string[]): RowLevel[] {
  const out: RowLevel[] = [];
  const seen = new Set<string>([node.id]);
  let cur = node.parentId ? byId.get(node.parentId) : undefined;
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    out.unshift({ depth: cur.depth, levelName: levelNameOf(levelNames, cur.depth), id: cur.id, number: cur.number, title: cur.title });
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return out;
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
  const items = roundItems(input.nodes, round, answers) as TableNode[];
  const target = round.targetFiscalYear;

  const scheduleYears = yearsBetween(plan.firstFiscalYear, plan.lastFiscalYear);
  const statusYears = yearsBetween(Math.min(plan.firstFiscalYear, target), target);

  const scheduled = new Set(scheduledIn(items, target).map((r) => r.nodeId));
  const overdue = new Map(
    overdueItems({ items, round, rounds: input.rounds, answers, legend: statusLegend, planFirstFiscalYear: plan.firstFiscalYear, basis }).map((r) => [r.nodeId, r.years]),
  );

  // earlier years read only rounds before this one: publishing an old round never shows later answers
  const earlier = input.rounds.filter((r) => r.id !== round.id && r.planId === round.planId && compareRounds(r, round) < 0);
  const pastYears = statusYears.filter((y) => y.year < target).map((y) => y.year);
  const mine = answers.get(round.id);

  const rows: ProgressRow[] = items.map((n) => {
    const history: StatusYearCell[] = yearColumns({ nodeId: n.id, fiscalYears: pastYears, rounds: earlier, answers, axis: 'status', basis }).map((c) => ({
      fiscalYear: c.fiscalYear,
      status: c.code !== null ? statusMark(c.code, statusLegend) : null,
      roundId: c.roundId,
      provisional: c.provisional,
    }));
    const a = mine?.get(n.id);
    const code = countedCode(a, 'status', basis);
    const achievementCode = countedCode(a, 'achievement', basis);
    if (statusYears.some((y) => y.year === target))
      history.push({ fiscalYear: target, status: code !== null ? statusMark(code, statusLegend) : null, roundId: code !== null ? round.id : null, provisional: code !== null && round.state !== 'closed' });
    const text = input.texts.get(n.id);
    const shown = text && stateCounts(text.state, basis) ? text : null;
    const depts = [...n.departments].sort((x, y) => Number(y.lead) - Number(x.lead));
    return {
      nodeId: n.id,
      depth: n.depth,
      levels: levelsOf(n, byId, plan.levelNames),
      number: n.number,
      title: n.title,
      marks: [...new Set(n.marks)],
      description: n.description,
      itemStatus: n.status,
      schedule: scheduleYears.map((y) => {
        const phase = n.schedule[String(y.year)] ?? null;
        return { fiscalYear: y.year, phase, text: phase === null ? '' : phaseText(plan.phases, phase) };
      }),
      narrative: shown?.narrative ?? '',
      issues: shown?.issues ?? '',
      nextPlan: shown?.nextPlan ?? '',
      status: code !== null ? statusMark(code, statusLegend) : null,
      achievement: achievementCode !== null ? statusMark(achievementCode, achievementLegend ?? []) : null,
      statusHistory: history,
      departments: depts.map((d) => ({ id: d.id, name: input.deptNames.get(d.id) ?? '（不明な組織）', lead: d.lead })),
      scheduled: scheduled.has(n.id),
      overdue: overdue.has(n.id),
      overdueYears: overdue.get(n.id) ?? [],
    };
  });

  const levelDepths = [...new Set(rows.flatMap((r) => r.levels.map((l) => l.depth)))].sort((a, b) => a - b);
  return {
    plan: { title: plan.title, levelNames: [...plan.levelNames] },
    round: { id: round.id, label: round.label, shortLabel: shortRoundLabel(round.label), state: round.state, asOfDate: round.asOfDate, targetFiscalYear: fiscalYearColumn(target) },
    basis,
    scheduleYears,
    statusYears,
    levelDepths,
    legends: { status: statusLegend, achievement: achievementLegend },
    rows,
    counts: { items: rows.length, scheduled: rows.filter((r) => r.scheduled).length, overdue: rows.filter((r) => r.overdue).length },
  };
}
