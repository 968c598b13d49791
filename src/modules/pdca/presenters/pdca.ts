/** Rows → the DTOs of shared/api-types-pdca.ts. Pure. */
import type { NodeDepartmentDto } from '../../../shared/api-types.js';
import type {
  LegendDto,
  MunicipalityRoundDto,
  PreviousAnswerDto,
  ReportActionDto,
  ReportChangeDto,
  ReportAnswerDto,
  ReportDto,
  ReportEventDto,
  ReportFieldDto,
  ReportItemDto,
  ReportStateDto,
  RoundDto,
  RoundSummaryDto,
  SchedulePhaseDto,
} from '../../../shared/api-types-pdca.js';
import { fiscalYearLabel } from '../../fiscal/domain/index.js';
import { legendLine, presetKeyOf, type LegendAxis, type LegendValue } from '../domain/legend.js';
import { REPORT_FIELD_LABELS, type EffectKind, type ReportContent } from '../domain/report.js';
import { orderFields, ROUND_SCOPE_LABELS } from '../domain/round.js';
import { submittedCount } from '../domain/roundList.js';
import { deadlineInfo } from '../chasing/domain/missing.js';
import { isRoundPublished, REPORT_ACTION_LABELS, REPORT_STATE_LABELS, REPORT_STATES, ROUND_STATE_LABELS, type ReportAction, type ReportState, type RoundState } from '../domain/workflow.js';
import type { ReportEventRow, ReportRow, RoundRow } from '../db/repo.js';
import { allowedReportActions, approvalHeldBack, type ReportRecord } from '../policies/pdca.js';
import type { Actor } from '../../access/domain/policy.js';

// the DTO unions are written out for the UI; keep them equal to the domain's
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _states: Same<ReportState, ReportStateDto> = true;
const _actions: Same<ReportAction, ReportActionDto> = true;
const _rounds: Same<RoundState, RoundDto['state']> = true;
void [_states, _actions, _rounds];

export function presentLegend(axis: LegendAxis, l: { name: string; values: LegendValue[]; version: number } | null, fallback?: { name: string; values: LegendValue[] }): LegendDto | null {
  const src = l ?? fallback;
  if (!src) return null;
  return {
    axis,
    name: src.name,
    values: src.values.map((v) => ({ code: v.code, symbol: v.symbol, label: v.label, definition: v.definition, done: v.done })),
    presetKey: presetKeyOf(src.values),
    stored: !!l,
    version: l?.version ?? 0,
    line: legendLine(src.values),
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A round without its per-state counts: what a single report's view needs (no count over the whole round per view). */
export function presentRoundSummary(r: RoundRow, previousLabel: string | null = null): RoundSummaryDto {
  return {
    id: r.id,
    planId: r.planId,
    label: r.label,
    asOfDate: r.asOfDate,
    targetFiscalYear: r.targetFiscalYear,
    targetFiscalYearLabel: fiscalYearLabel(r.targetFiscalYear),
    deadline: r.deadline,
    state: r.state as RoundState,
    stateLabel: ROUND_STATE_LABELS[r.state as RoundState] ?? r.state,
    fields: orderFields(r.fields),
    fieldLabels: { ...REPORT_FIELD_LABELS } as Record<ReportFieldDto, string>,
    previousRoundId: r.previousRoundId,
    previousRoundLabel: previousLabel,
    scope: r.scope ? { mode: r.scope.mode, modeLabel: ROUND_SCOPE_LABELS[r.scope.mode], nodeIds: r.scope.nodeIds ?? [] } : null,
    openedAt: iso(r.openedAt),
    closedAt: iso(r.closedAt),
    publishedAt: iso(r.publishedAt),
    published: isRoundPublished(r),
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  };
}

export function presentRound(r: RoundRow, extra: { counts?: Map<string, number> | undefined; previousLabel?: string | null | undefined } = {}): RoundDto {
  const byState = Object.fromEntries(REPORT_STATES.map((s) => [s, extra.counts?.get(s) ?? 0])) as Record<ReportStateDto, number>;
  const total = Object.values(byState).reduce((a, b) => a + b, 0);
  return { ...presentRoundSummary(r, extra.previousLabel ?? null), counts: { total, ...byState } };
}

/** A round of the municipality-wide list: the round DTO, its plan, days to the deadline from `today` (Japan) and how many were handed in. */
export function presentMunicipalityRound(round: RoundDto, plan: { id: string; title: string }, today: string): MunicipalityRoundDto {
  return { ...round, plan, deadlineStatus: deadlineInfo(today, round.deadline), submitted: submittedCount(round.counts) };
}

export function contentOf(r: ReportRow): ReportContent {
  return {
    statusCode: r.statusCode,
    achievementCode: r.achievementCode,
    narrative: r.narrative,
    issues: r.issues,
    nextPlan: r.nextPlan,
    effectRevenueYen: r.effectRevenueYen === null ? null : Number(r.effectRevenueYen),
    effectExpenseYen: r.effectExpenseYen === null ? null : Number(r.effectExpenseYen),
    effectKind: r.effectKind as EffectKind | null,
    hoursSavedTenths: r.hoursSavedTenths,
    numbers: r.numbers ?? {},
  };
}

function presentAnswer(r: ReportRow): ReportAnswerDto {
  return contentOf(r);
}

export function presentReport(r: ReportRow): ReportDto {
  return {
    id: r.id,
    roundId: r.roundId,
    nodeId: r.nodeId,
    state: r.state as ReportState,
    stateLabel: REPORT_STATE_LABELS[r.state as ReportState] ?? r.state,
    ...presentAnswer(r),
    returnComment: r.returnComment,
    version: r.version,
    updatedBy: r.updatedBy,
    lastWriter: r.lastWriter,
    updatedAt: r.updatedAt.toISOString(),
    submittedAt: iso(r.submittedAt),
  };
}

export function presentPrevious(r: ReportRow, round: RoundRow): PreviousAnswerDto {
  return {
    reportId: r.id,
    roundId: round.id,
    roundLabel: round.label,
    asOfDate: round.asOfDate,
    state: r.state as ReportState,
    stateLabel: REPORT_STATE_LABELS[r.state as ReportState] ?? r.state,
    ...presentAnswer(r),
  };
}

export function presentItem(
  node: { id: string; number: string; title: string; status: string },
  levelName: string,
  path: ReportItemDto['path'],
  departments: NodeDepartmentDto[],
): ReportItemDto {
  return { id: node.id, number: node.number, title: node.title, levelName, status: node.status as ReportItemDto['status'], path, departments };
}

export function presentPhase(fiscalYear: number, code: string | undefined, phases: readonly { code: string; label: string; symbol?: string }[]): SchedulePhaseDto | null {
  if (!code) return null;
  const p = phases.find((x) => x.code === code);
  return { fiscalYear, fiscalYearLabel: fiscalYearLabel(fiscalYear), code, label: p?.label ?? code, symbol: p?.symbol ?? null };
}

export function presentEvent(e: ReportEventRow): ReportEventDto {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    actionLabel: e.action === 'import' ? '過去の実績として取込み' : (REPORT_ACTION_LABELS[e.action as ReportAction] ?? e.action),
    fromState: e.fromState,
    toState: e.toState,
    comment: e.comment,
  };
}

/** The answer to a save or a transition: the row the command wrote, without reading the report's view again. */
export function presentReportChange(
  actor: Actor,
  municipality: { id: string; allowSelfApproval: boolean },
  change: { report: ReportRow; event: ReportEventRow | null; round: RoundRow; departments: ReportRecord['departments'] },
): ReportChangeDto {
  const record: ReportRecord = {
    municipalityId: municipality.id,
    departments: change.departments,
    state: change.report.state as ReportState,
    approval: { lastWriter: change.report.lastWriter, allowSelfApproval: municipality.allowSelfApproval },
  };
  return {
    report: presentReport(change.report),
    allowedActions: allowedReportActions(actor, record, change.round.state as RoundState, isRoundPublished(change.round)),
    approvalNote: approvalHeldBack(actor, record, change.round.state as RoundState),
    event: change.event ? presentEvent(change.event) : null,
  };
}
