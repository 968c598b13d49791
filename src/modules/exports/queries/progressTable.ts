/**
 * Loads what the published table needs (tenant-scoped, set-wise) and builds it with the
 * shared pure row builder. The round's plan data comes from the PDCA views' loader, plus
 * the items' descriptions, revision marks (as of the round's date) and this round's texts.
 */
import { and, asc, eq, lte, ne } from 'drizzle-orm';
import { readAll } from '../../../db/parallel.js';
import { nodeChanges, planNodes, reports } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';
import type { ReportState } from '../../pdca/domain/workflow.js';
import type { AnswerBasis } from '../../pdca/views/domain/model.js';
import { loadRoundData } from '../../pdca/views/queries/load.js';
import type { ExportLayout } from '../domain/layout.js';
import { buildProgressTable, type ProgressTable, type TableAnswerText, type TableNode } from '../domain/progressTable.js';
import { buildProgressSummary, type ProgressSummary } from '../domain/summary.js';
import { effectiveLayout } from './layout.js';

export interface LoadedProgressTable {
  table: ProgressTable;
  summary: ProgressSummary;
  layout: ExportLayout;
  planId: string;
}

/** The published table of a round (404 when the round is not this municipality's). */
export async function loadProgressTable(scope: TenantScope, roundId: string, basis: AnswerBasis): Promise<LoadedProgressTable> {
  const d = await loadRoundData(scope, roundId);
  const m = scope.municipalityId;
  const [descRows, markRows, textRows, layout] = await readAll(scope.db, [
    () =>
      scope.db
        .select({ id: planNodes.id, description: planNodes.description })
        .from(planNodes)
        .where(and(eq(planNodes.municipalityId, m), eq(planNodes.planId, d.plan.id))),
    () =>
      scope.db
        .select({ nodeId: nodeChanges.nodeId, mark: nodeChanges.mark })
        .from(nodeChanges)
        .where(and(eq(nodeChanges.municipalityId, m), eq(nodeChanges.planId, d.plan.id), ne(nodeChanges.mark, ''), lte(nodeChanges.effectiveDate, d.round.asOfDate)))
        .orderBy(asc(nodeChanges.effectiveDate), asc(nodeChanges.seq)),
    () =>
      scope.db
        .select({ nodeId: reports.nodeId, state: reports.state, narrative: reports.narrative, issues: reports.issues, nextPlan: reports.nextPlan })
        .from(reports)
        .where(and(eq(reports.municipalityId, m), eq(reports.roundId, d.round.id))),
    () => effectiveLayout(scope, d.plan),
  ] as const);

  const desc = new Map(descRows.map((r) => [r.id, r.description]));
  const marks = new Map<string, string[]>();
  for (const r of markRows) (marks.get(r.nodeId) ?? marks.set(r.nodeId, []).get(r.nodeId)!).push(r.mark);
  const nodes: TableNode[] = d.nodes.map((n) => ({ ...n, description: desc.get(n.id) ?? '', marks: marks.get(n.id) ?? [] }));
  const texts = new Map<string, TableAnswerText>(
    textRows.map((r) => [r.nodeId, { state: r.state as ReportState, narrative: r.narrative, issues: r.issues, nextPlan: r.nextPlan }]),
  );
  const legends = { status: d.legends.status?.values ?? [], achievement: d.legends.achievement?.values ?? null };

  const table = buildProgressTable({
    plan: d.plan,
    round: d.round,
    rounds: d.rounds,
    nodes,
    answers: d.answers,
    texts,
    legends,
    deptNames: d.deptNames,
    basis,
  });
  const previous = d.round.previousRoundId ? (d.roundById.get(d.round.previousRoundId) ?? null) : null;
  const summary = buildProgressSummary({ levelNames: d.plan.levelNames, round: d.round, previous, nodes: d.nodes, answers: d.answers, legend: legends.status, basis });
  return { table, summary, layout: layout.layout, planId: d.plan.id };
}
