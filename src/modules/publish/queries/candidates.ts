/**
 * The snapshot a publication would take now: what citizens will see once the secretariat publishes
 * (the preview shows exactly this). Built from the same builders as the staff's exports and the open
 * data, with the reading rule of the public (accepted answers only), inside the caller's transaction
 * when publishing so nothing changes between the check and the write.
 */
import { and, eq, ne } from 'drizzle-orm';
import { reports } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';
import { notFound } from '../../../shared/errors.js';
import { loadProgressTable } from '../../exports/queries/progressTable.js';
import { findTable, loadTables } from '../../finance/db/repo.js';
import { presentTable } from '../../finance/presenters/table.js';
import { toTokyoIsoDate } from '../../fiscal/domain/index.js';
import { kpisForOpenData } from '../../kpis/queries/opendata.js';
import { findRound } from '../../pdca/db/repo.js';
import { publicAnswerFilter } from '../../pdca/policies/answers.js';
import { loadPlanData, planOr404, toViewRound } from '../../pdca/views/queries/load.js';
import { planNodes } from '../../plans/queries/plans.js';
import { fiscalTableRecords } from '../domain/opendataFinance.js';
import { progressRecords, roundRecords, type PlanInput, type Publisher } from '../domain/opendataRecords.js';
import { publishedRound, type FiscalSnapshot, type KpiSnapshot, type RoundSnapshot, type UnacceptedDecision } from '../domain/publication.js';
import { currentMeta } from '../db/repo.js';

const tokyoDate = (d: Date | null) => (d ? toTokyoIsoDate(d) : null);

export interface RoundCandidate {
  snapshot: RoundSnapshot;
  round: { id: string; planId: string; label: string; state: string };
  /** items of the round whose answer the secretariat has not accepted (not answered, in review, returned) */
  unaccepted: { count: number; nodeIds: string[]; byState: Record<string, number> };
}

/** The round's table as it would be published with `decision` for the answers not accepted. */
export async function roundCandidate(scope: TenantScope, publisher: Publisher, roundId: string, decision: UnacceptedDecision | null): Promise<RoundCandidate> {
  const round = await findRound(scope, roundId);
  if (!round) throw notFound('照会');
  const plan = await planOr404(scope, round.planId);
  const loaded = await loadProgressTable(scope, round.id, 'accepted', publicAnswerFilter());
  const inTable = new Set(loaded.table.rows.map((r) => r.nodeId));
  const pending = await scope.db
    .select({ nodeId: reports.nodeId, state: reports.state })
    .from(reports)
    .where(and(eq(reports.municipalityId, scope.municipalityId), eq(reports.roundId, round.id), ne(reports.state, 'accepted')));
  const unacceptedRows = pending.filter((p) => inTable.has(p.nodeId));
  const byState: Record<string, number> = {};
  for (const p of unacceptedRows) byState[p.state] = (byState[p.state] ?? 0) + 1;
  const published = new Set((await currentMeta(scope, { kinds: ['round'], planId: plan.id })).map((p) => p.subjectId));
  const { table, summary } = publishedRound(loaded, {
    unacceptedNodeIds: unacceptedRows.map((p) => p.nodeId),
    decision,
    publishedRoundIds: published,
  });

  // the open-data records of this round: its accepted answers, as the progress resource describes them
  const accepted = await scope.db
    .select({
      reportId: reports.id,
      roundId: reports.roundId,
      nodeId: reports.nodeId,
      statusCode: reports.statusCode,
      achievementCode: reports.achievementCode,
      narrative: reports.narrative,
      issues: reports.issues,
      nextPlan: reports.nextPlan,
      effectRevenueYen: reports.effectRevenueYen,
      effectExpenseYen: reports.effectExpenseYen,
      effectKind: reports.effectKind,
      hoursSavedTenths: reports.hoursSavedTenths,
    })
    .from(reports)
    .where(and(eq(reports.municipalityId, scope.municipalityId), eq(reports.roundId, round.id), eq(reports.state, 'accepted')));
  const [nodes, data] = [await planNodes(scope, plan, null), await loadPlanData(scope, plan)];
  const planInput: PlanInput = {
    id: plan.id,
    kind: plan.kind,
    title: plan.title,
    firstFiscalYear: plan.firstFiscalYear,
    lastFiscalYear: plan.lastFiscalYear,
    stage: plan.stage,
    parentPlanId: plan.parentPlanId,
    levelNames: plan.levelNames,
    philosophy: plan.philosophy,
    phases: plan.phases,
    nodeCount: nodes.length,
    actionCount: nodes.filter((n) => n.isAction).length,
  };
  const input = { plan: planInput, nodes, legends: data.legends, rounds: [{ round: toViewRound(round), closedOn: tokyoDate(round.closedAt) }], answers: accepted.filter((a) => inTable.has(a.nodeId)) };
  const snapshot: RoundSnapshot = {
    kind: 'round',
    v: 1,
    table,
    summary,
    layout: loaded.layout,
    closedOn: tokyoDate(round.closedAt),
    records: { rounds: roundRecords(publisher, input), progress: progressRecords(publisher, input) },
  };
  return {
    snapshot,
    round: { id: round.id, planId: round.planId, label: round.label, state: round.state },
    unaccepted: { count: unacceptedRows.length, nodeIds: unacceptedRows.map((p) => p.nodeId), byState },
  };
}

/** Every KPI of the plan as defined now, with its actual of the fiscal year (entered, or taken from a table row). */
export async function kpiCandidate(scope: TenantScope, planId: string, fiscalYear: number): Promise<KpiSnapshot> {
  const plan = await planOr404(scope, planId);
  const set = await kpisForOpenData(scope, [{ id: plan.id, title: plan.title }]);
  return {
    kind: 'kpi_values',
    v: 1,
    plan: { id: plan.id, title: plan.title },
    fiscalYear,
    kpis: set.items.map((k) => ({ ...k, actuals: k.actuals.filter((a) => a.fiscalYear === fiscalYear) })),
  };
}

/** The whole table as it stands, as the 年度版 of `fiscalYear`. */
export async function fiscalCandidate(scope: TenantScope, publisher: Publisher, planId: string, tableId: string, fiscalYear: number): Promise<FiscalSnapshot> {
  const plan = await planOr404(scope, planId);
  const row = await findTable(scope, planId, tableId);
  if (!row) throw notFound('財政・定員の表');
  const [loaded] = await loadTables(scope, [row]);
  const table = presentTable(loaded!);
  return {
    kind: 'fiscal_table',
    v: 1,
    plan: { id: plan.id, title: plan.title },
    fiscalYear,
    table,
    records: fiscalTableRecords(publisher, [{ ...row, planTitle: plan.title, rows: loaded!.rows }]),
  };
}
