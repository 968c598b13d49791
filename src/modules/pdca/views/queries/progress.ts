/**
 * An item's progress: one column per fiscal year of the plan and every past
 * answer with its workflow events. Tenant-scoped reads.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { reportEvents, reports, rounds } from '../../../../db/schema.js';
import type { NodeProgressDto, PastAnswerDto } from '../../../../shared/api-types-views.js';
import type { TenantScope } from '../../../../shared/context.js';
import { forbidden, notFound } from '../../../../shared/errors.js';
import type { Actor } from '../../../access/domain/policy.js';
import { basisDenial, canReadAnswer, effectiveBasis } from '../../policies/answers.js';
import { fiscalYearsBetween } from '../../../fiscal/domain/index.js';
import { REPORT_ACTION_LABELS, REPORT_STATE_LABELS, type ReportAction, type ReportState } from '../../domain/workflow.js';
import { answeredRoundsNewestFirst, yearColumns } from '../domain/history.js';
import { AXES, countedCode, type AnswerBasis, type ViewAnswer, type ViewRound } from '../domain/model.js';
import { fiscalYearDto, presentAnswer, presentItem, presentLegend, presentRound } from '../presenters/views.js';
import { loadPlanData, planOr404, toViewRound } from './load.js';

export interface NodeProgressOptions {
  /** which answers fill the year columns */
  basis: AnswerBasis;
  /** the reader: answers beyond their reach (policies/answers.ts) are left out of columns and list */
  actor: Actor;
  /** the basis was asked for explicitly: beyond the reader's reach it is refused (403), not narrowed */
  asked?: boolean | undefined;
}

export async function nodeProgress(scope: TenantScope, planId: string, nodeId: string, o: NodeProgressOptions): Promise<NodeProgressDto> {
  const m = scope.municipalityId;
  const plan = await planOr404(scope, planId);
  const data = await loadPlanData(scope, plan);
  const node = data.byId.get(nodeId);
  if (!node) throw notFound('項目');
  const denial = o.asked ? basisDenial(o.actor, node.departments, o.basis) : null;
  if (denial) throw forbidden(denial);
  const basis = o.asked ? o.basis : effectiveBasis(o.actor, node.departments, undefined, o.basis);

  const reportRows = (
    await scope.db
      .select()
      .from(reports)
      .where(and(eq(reports.municipalityId, m), eq(reports.nodeId, nodeId)))
  ).filter((r) => canReadAnswer(o.actor, { departments: node.departments, state: r.state }));
  // a report in a round of another plan (not expected) still shows in the history
  const missingRoundIds = [...new Set(reportRows.map((r) => r.roundId))].filter((id) => !data.roundById.has(id));
  const otherRounds = missingRoundIds.length
    ? (await scope.db.select().from(rounds).where(and(eq(rounds.municipalityId, m), inArray(rounds.id, missingRoundIds)))).map(toViewRound)
    : [];
  const roundById = new Map<string, ViewRound>([...data.roundById, ...otherRounds.map((r) => [r.id, r] as const)]);
  const eventRows = reportRows.length
    ? await scope.db
        .select()
        .from(reportEvents)
        .where(and(eq(reportEvents.municipalityId, m), inArray(reportEvents.reportId, reportRows.map((r) => r.id))))
        .orderBy(asc(reportEvents.at), asc(reportEvents.id))
    : [];

  const answers = new Map<string, Map<string, ViewAnswer>>();
  for (const r of reportRows) {
    answers.set(r.roundId, new Map([[nodeId, { roundId: r.roundId, nodeId, state: r.state as ReportState, statusCode: r.statusCode, achievementCode: r.achievementCode }]]));
  }
  const planRounds = data.rounds.filter((r) => r.planId === plan.id);
  const years = fiscalYearsBetween(plan.firstFiscalYear, plan.lastFiscalYear);
  const columns = Object.fromEntries(AXES.map((axis) => [axis, yearColumns({ nodeId, fiscalYears: years, rounds: planRounds, answers, axis, basis })]));
  const ref = (axis: 'status' | 'achievement', a: ViewAnswer | null, code: string | null) =>
    a && code !== null ? presentAnswer(roundById.get(a.roundId), a, code, data.legends[axis]?.values ?? []) : null;

  const byReport = new Map<string, typeof eventRows>();
  for (const e of eventRows) (byReport.get(e.reportId) ?? byReport.set(e.reportId, []).get(e.reportId)!).push(e);
  const reportByRound = new Map(reportRows.map((r) => [r.roundId, r]));

  const past: PastAnswerDto[] = answeredRoundsNewestFirst(nodeId, [...roundById.values()], answers).map((round) => {
    const r = reportByRound.get(round.id)!;
    const a = answers.get(round.id)!.get(nodeId)!;
    return {
      round: presentRound(round, round.planId === plan.id ? plan.title : ''),
      reportId: r.id,
      state: a.state,
      stateLabel: REPORT_STATE_LABELS[a.state] ?? r.state,
      // the past list shows every saved answer whatever the basis, with its workflow state
      status: ref('status', a, countedCode(a, 'status', 'all')),
      achievement: ref('achievement', a, countedCode(a, 'achievement', 'all')),
      narrative: r.narrative,
      issues: r.issues,
      nextPlan: r.nextPlan,
      effectRevenueYen: r.effectRevenueYen,
      effectExpenseYen: r.effectExpenseYen,
      effectKind: r.effectKind,
      hoursSavedTenths: r.hoursSavedTenths,
      numbers: r.numbers,
      returnComment: r.returnComment,
      updatedBy: r.updatedBy,
      updatedAt: r.updatedAt.toISOString(),
      submittedAt: r.submittedAt?.toISOString() ?? null,
      events: (byReport.get(r.id) ?? []).map((e) => ({
        at: e.at.toISOString(),
        actor: e.actor,
        action: e.action,
        actionLabel: REPORT_ACTION_LABELS[e.action as ReportAction] ?? e.action,
        fromState: e.fromState,
        toState: e.toState,
        comment: e.comment,
      })),
    };
  });

  return {
    plan: { id: plan.id, title: plan.title },
    node: presentItem(node, data),
    basis,
    legends: AXES.flatMap((axis) => {
      const l = presentLegend(data.legends[axis]);
      return l ? [l] : [];
    }),
    fiscalYears: years.map((y, i) => {
      const s = columns.status![i]!;
      const a = columns.achievement![i]!;
      return {
        ...fiscalYearDto(y),
        phase: node.schedule[String(y)] ?? null,
        status: ref('status', s.answer, s.code),
        achievement: ref('achievement', a.answer, a.code),
        provisional: s.provisional || a.provisional,
      };
    }),
    answers: past,
  };
}
