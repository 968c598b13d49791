/**
 * Reads of reports: a department's inbox for a round and one report in full, each
 * with the item (number, title, ancestors, departments with the lead), its schedule
 * phase in the target year, last round's answer, the deadline and the legends.
 */
import { readAll } from '../../../db/parallel.js';
import type { Actor } from '../../access/domain/policy.js';
import type { ReportDetailDto, ReportEntryDto, ReportInboxDto } from '../../../shared/api-types-pdca.js';
import type { TenantScope } from '../../../shared/context.js';
import { notFound } from '../../../shared/errors.js';
import { findDepartments } from '../../departments/queries/departments.js';
import { findPlan, type PlanRow } from '../../plans/db/repo.js';
import { ancestorsOf, buildTree, levelNameOf, walk } from '../../plans/domain/tree.js';
import { isRoundPublished, type ReportState, type RoundState } from '../domain/workflow.js';
import { allowedReportActions, approvalHeldBack, canReport, inboxDepartmentLimit, type ReportRecord } from '../policies/pdca.js';
import { municipalityAllowsSelfApproval } from '../../municipalities/queries/municipalities.js';
import { canReadAnswer } from '../policies/answers.js';
import {
  departmentsOfNodes,
  findReport,
  findRound,
  planItems,
  planItemsWithAncestors,
  planSchedules,
  reportEventRows,
  reportCounts,
  reportRowsOfRound,
  reportsOfNodes,
  type NodeDepartment,
  type PlanItemRow,
  type ReportRow,
  type RoundRow,
} from '../db/repo.js';
import { presentEvent, presentItem, presentPhase, presentPrevious, presentReport, presentRound, presentRoundSummary } from '../presenters/pdca.js';
import { effectiveLegends, presentLegends } from './legends.js';
import { loadRound } from './rounds.js';

/** What the HTTP layer needs to authorize an action on one report (and what the report's view reuses). */
export interface ReportAccess {
  report: ReportRow;
  round: RoundRow;
  departments: NodeDepartment[];
  record: ReportRecord;
  /** the lead department's name, for a refusal that says who may act */
  leadName: string | undefined;
}

export function reportAccessOf(report: ReportRow, round: RoundRow, departments: NodeDepartment[], municipalityId: string): ReportAccess {
  return {
    report,
    round,
    departments,
    leadName: departments.find((d) => d.lead)?.name,
    record: { municipalityId, departments, state: report.state as ReportState },
  };
}

export async function loadReportAccess(scope: TenantScope, reportId: string): Promise<ReportAccess> {
  const report = await findReport(scope, reportId);
  if (!report) throw notFound('報告');
  const [round, depts] = await readAll(scope.db, [() => findRound(scope, report.roundId), () => departmentsOfNodes(scope, [report.nodeId])] as const);
  if (!round) throw notFound('照会');
  return reportAccessOf(report, round, depts.get(report.nodeId) ?? [], scope.municipalityId);
}

async function loadPlan(scope: TenantScope, planId: string): Promise<PlanRow> {
  const plan = await findPlan(scope, planId);
  if (!plan) throw notFound('計画');
  return plan;
}

/** Builds entries in plan-tree order; drops reports the actor may not read. */
async function buildEntries(
  scope: TenantScope,
  actor: Actor,
  round: RoundRow,
  plan: PlanRow,
  rows: ReportRow[],
  loaded: { departments?: Map<string, NodeDepartment[]>; previousRound?: RoundRow | null; allowSelfApproval?: boolean } = {},
): Promise<ReportEntryDto[]> {
  if (!rows.length) return [];
  const nodeIds = rows.map((r) => r.nodeId);
  const prevId = round.previousRoundId;
  const [nodes, deptsOf, phases, prevRound, prevRows, allowSelfApproval] = await readAll(scope.db, [
    // a few reports (one report view, a save) need only their items' paths; an inbox needs the plan's order
    () => (rows.length <= 20 ? planItemsWithAncestors(scope, plan.id, nodeIds) : planItems(scope, plan.id)),
    () => (loaded.departments ? Promise.resolve(loaded.departments) : departmentsOfNodes(scope, nodeIds)),
    () => planSchedules(scope, plan.id, { fiscalYear: round.targetFiscalYear, nodeIds }),
    () => (!prevId ? Promise.resolve(null) : loaded.previousRound !== undefined ? Promise.resolve(loaded.previousRound) : findRound(scope, prevId)),
    () => (prevId ? reportsOfNodes(scope, prevId, nodeIds) : Promise.resolve([] as ReportRow[])),
    () => (loaded.allowSelfApproval !== undefined ? Promise.resolve(loaded.allowSelfApproval) : municipalityAllowsSelfApproval(scope)),
  ] as const);
  const byId = new Map<string, PlanItemRow>(nodes.map((n) => [n.id, n]));
  const phaseOf = new Map(phases.map((p) => [p.nodeId, p.phase]));
  const order = new Map<string, number>();
  let i = 0;
  for (const n of walk(buildTree(nodes))) order.set(n.id, i++);
  const prevByNode = new Map(prevRows.map((r) => [r.nodeId, r]));

  const entries: (ReportEntryDto & { order: number })[] = [];
  for (const r of rows) {
    const node = byId.get(r.nodeId);
    if (!node) continue;
    const departments = deptsOf.get(r.nodeId) ?? [];
    const record: ReportRecord = {
      municipalityId: scope.municipalityId,
      departments,
      state: r.state as ReportState,
      approval: { lastWriter: r.lastWriter, allowSelfApproval },
    };
    if (!canReport(actor, 'report.read', record)) continue;
    const phase = phaseOf.get(r.nodeId);
    const prev = prevByNode.get(r.nodeId);
    entries.push({
      order: order.get(r.nodeId) ?? Number.MAX_SAFE_INTEGER,
      report: presentReport(r),
      item: presentItem(
        node,
        levelNameOf(plan.levelNames, node.depth),
        ancestorsOf(node.id, byId).map((a) => ({ id: a.id, number: a.number, title: a.title, levelName: levelNameOf(plan.levelNames, a.depth) })),
        departments.map((d) => ({ id: d.id, name: d.name, lead: d.lead })),
      ),
      phase: presentPhase(round.targetFiscalYear, phase, plan.phases),
      // last round's answer follows the same reading rule as this one (a council member sees it once accepted)
      previous: prev && prevRound && canReadAnswer(actor, { departments, state: prev.state }) ? presentPrevious(prev, prevRound) : null,
      deadline: round.deadline,
      allowedActions: allowedReportActions(actor, record, round.state as RoundState, isRoundPublished(round)),
      approvalNote: approvalHeldBack(actor, record, round.state as RoundState),
    });
  }
  return entries.sort((a, b) => a.order - b.order).map(({ order: _o, ...e }) => e);
}

export interface InboxFilter {
  /** a department's inbox; absent: everything the actor may see */
  department?: string | undefined;
  state?: ReportState | undefined;
}

/** The caller has checked canReadInbox for the department. */
export async function getInbox(scope: TenantScope, actor: Actor, roundOrId: string | RoundRow, filter: InboxFilter = {}): Promise<ReportInboxDto> {
  const round = typeof roundOrId === 'string' ? await loadRound(scope, roundOrId) : roundOrId;
  let department: ReportInboxDto['department'] = null;
  if (filter.department) {
    const d = (await findDepartments(scope, [filter.department]))[0];
    if (!d) throw notFound('組織');
    department = { id: d.id, name: d.name };
  }
  const limit = filter.department ? [filter.department] : (inboxDepartmentLimit(actor) ?? undefined);
  const [plan, rows, legends, counts, previousRound] = await readAll(scope.db, [
    () => loadPlan(scope, round.planId),
    () => reportRowsOfRound(scope, round.id, { departmentIds: limit }),
    () => effectiveLegends(scope, round.planId),
    () => reportCounts(scope, [round.id]),
    () => (round.previousRoundId ? findRound(scope, round.previousRoundId) : Promise.resolve(null)),
  ] as const);
  let entries = await buildEntries(scope, actor, round, plan, rows, { previousRound });
  if (filter.state) entries = entries.filter((e) => e.report.state === filter.state);
  const roundDto = presentRound(round, { counts: counts.get(round.id), previousLabel: previousRound?.label ?? null });
  return { round: roundDto, legends: presentLegends(legends), department, entries, total: entries.length };
}

/** The caller has checked canReport(read) on `access` (loadReportAccess). */
export async function getReportDetail(scope: TenantScope, actor: Actor, access: ReportAccess): Promise<ReportDetailDto> {
  const { report, round } = access;
  const [plan, legends, events, previousRound] = await readAll(scope.db, [
    () => loadPlan(scope, round.planId),
    () => effectiveLegends(scope, round.planId),
    () => reportEventRows(scope, report.id),
    () => (round.previousRoundId ? findRound(scope, round.previousRoundId) : Promise.resolve(null)),
  ] as const);
  const [entry] = await buildEntries(scope, actor, round, plan, [report], {
    departments: new Map([[report.nodeId, access.departments]]),
    previousRound,
  });
  if (!entry) throw notFound('報告');
  return { ...entry, round: presentRoundSummary(round, previousRound?.label ?? null), legends: presentLegends(legends), events: events.map(presentEvent) };
}
