/**
 * Commands on reports: draft saves (autosave) and workflow transitions.
 *
 * Inside the transaction each command locks the report row (FOR UPDATE) and the
 * round row (FOR SHARE, so a concurrent close waits for it or is seen), re-reads the
 * stored state, asks the state machine (nextState) and the policy again, checks the
 * version the user saw, and writes the report, its report_events row and the audit
 * row together. Any refusal throws before the first write: nothing saved is lost.
 */
import { actorLabel, splitActor } from '../../access/domain/actorLabel.js';
import { and, eq, sql } from 'drizzle-orm';
import { municipalities, notifications, reportEvents, reports } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import type { ReportDto } from '../../../shared/api-types-pdca.js';
import { AppError, forbidden, notFound, validationError } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { applyDraft, submitProblems, type ReportDraftInput, type ReportRulesContext } from '../domain/report.js';
import { checkApproval, selfApprovalMessage } from '../domain/separation.js';
import { isRoundPublished, nextState, type ReportAction, type ReportState, type RoundState, type TransitionResult } from '../domain/workflow.js';
import { canReport, reportDenial, workflowRoleOf } from '../policies/pdca.js';
import { departmentsOfNodes, findReport, findRound, type NodeDepartment, type ReportEventRow, type ReportRow, type RoundRow } from '../db/repo.js';
import { activeDepartmentUserIds } from '../../identity/queries/users.js';
import { municipalityCodeOf } from '../../municipalities/queries/municipalities.js';
import { effectiveLegends } from '../queries/legends.js';
import { contentOf, presentReport } from '../presenters/pdca.js';

export interface ReportSaveInput extends ReportDraftInput {
  /** the version the user's form started from */
  version: number;
}

export type TransitionAction = Exclude<ReportAction, 'save'>;

export interface TransitionInput {
  action: TransitionAction;
  comment?: string | undefined;
  version: number;
}

/** 409 with the stored report, so the UI can show the user's text and the saved one side by side. */
export function staleReport(current: ReportDto, yours: number): AppError {
  return new AppError(
    'conflict',
    409,
    `この報告は他の人が先に保存しました（あなたが編集を始めた版: ${yours}、保存されている版: ${current.version}）。` +
      '保存されている内容とあなたの入力内容を見比べて、必要な修正をしてからもう一度保存してください。',
    undefined,
    current,
  );
}

/** A report as a write sees it: locked, with its round (locked for share), its departments and the rules of the round. */
export interface LoadedReport {
  report: ReportRow;
  round: RoundRow;
  rules: ReportRulesContext;
  departments: NodeDepartment[];
}

/** What a save or a transition wrote: the new row and, when the state moved, its report_events row. */
export interface ReportChange {
  report: ReportRow;
  event: ReportEventRow | null;
  round: RoundRow;
  departments: NodeDepartment[];
}

/**
 * Locks and loads a report for a write. The routes call it first, authorize on what it
 * read and hand it to the command, so the rows are read once per request and the
 * authorization sees the same locked state the command writes from.
 */
export async function loadReportForWrite(ctx: CommandContext, reportId: string): Promise<LoadedReport> {
  const report = await findReport(ctx, reportId, 'update');
  if (!report) throw notFound('報告');
  const round = await findRound(ctx, report.roundId, 'share');
  if (!round) throw notFound('照会');
  const legends = await effectiveLegends(ctx, round.planId);
  const departments = (await departmentsOfNodes(ctx, [report.nodeId])).get(report.nodeId) ?? [];
  return {
    report,
    round,
    departments,
    rules: { fields: round.fields, status: legends.status.values, achievement: legends.achievement?.values ?? null },
  };
}

/** Refusals before the version check: the round is not open, or this actor may not do this at all. */
function refuseEarly(l: LoadedReport, r: TransitionResult): void {
  if (r.ok) return;
  if (r.reason === 'round_not_open')
    throw l.round.state === 'closed' ? new AppError('round_closed', 409, r.message) : new AppError('round_not_open', 409, r.message);
  if (r.reason === 'not_allowed') throw forbidden(r.message);
}

function refuseLate(l: LoadedReport, r: TransitionResult): asserts r is Extract<TransitionResult, { ok: true }> {
  if (r.ok) return;
  if (r.reason === 'wrong_state') throw new AppError('wrong_state', 409, r.message, undefined, presentReport(l.report));
  if (r.reason === 'comment_required') throw validationError([{ path: 'comment', message: r.message }], r.message);
  refuseEarly(l, r);
}

function authorize(ctx: CommandContext, l: LoadedReport, action: ReportAction): void {
  const rec = { municipalityId: ctx.municipalityId, departments: l.departments, state: l.report.state as ReportState };
  if (!canReport(ctx.actor, `report.${action}`, rec)) throw forbidden(reportDenial(ctx.actor, `report.${action}`, rec));
}

const by = (ctx: CommandContext) => actorLabel(ctx.actor);

/** The municipality's 自己承認 setting, read in the approving transaction. */
async function allowsSelfApproval(ctx: CommandContext): Promise<boolean> {
  const rows = await ctx.db.select({ allow: municipalities.allowSelfApproval }).from(municipalities).where(eq(municipalities.id, ctx.municipalityId)).limit(1);
  return rows[0]?.allow ?? false;
}

/** Saves a draft (autosave). The state stays (not_started becomes draft; returned stays returned). */
export async function saveReport(ctx: CommandContext, reportId: string, input: ReportSaveInput): Promise<ReportRow> {
  return (await saveLoadedReport(ctx, await loadReportForWrite(ctx, reportId), input)).report;
}

/** saveReport on a report already loaded (and locked) by loadReportForWrite in this transaction. */
export async function saveLoadedReport(ctx: CommandContext, l: LoadedReport, input: ReportSaveInput): Promise<ReportChange> {
  const reportId = l.report.id;
  const role = workflowRoleOf(ctx.actor);
  if (!role) throw forbidden('閲覧のみの権限です。報告を変更することはできません。');
  const r = nextState('save', l.report.state as ReportState, { role, roundState: l.round.state as RoundState });
  refuseEarly(l, r);
  authorize(ctx, l, 'save');
  if (l.report.version !== input.version) throw staleReport(presentReport(l.report), input.version);
  refuseLate(l, r);

  const { version: _v, ...draft } = input;
  const { content, errors } = applyDraft(contentOf(l.report), draft, l.rules);
  if (errors.length) throw validationError(errors);

  const [row] = await ctx.db
    .update(reports)
    .set({ ...content, state: r.to, version: sql`${reports.version} + 1`, updatedBy: by(ctx), lastWriter: by(ctx), updatedAt: new Date() })
    .where(and(eq(reports.municipalityId, ctx.municipalityId), eq(reports.id, reportId), eq(reports.version, input.version)))
    .returning();
  if (!row) throw staleReport(presentReport((await findReport(ctx, reportId))!), input.version);
  // the history names every hand in the text: a save by someone other than the last writer (the secretariat
  // editing a department's draft, a colleague taking over) is an event of its own, credited to who saved it
  const newHand = l.report.lastWriter !== '' && splitActor(l.report.lastWriter).id !== ctx.actor.id;
  const event =
    r.to === l.report.state && !newHand
      ? null
      : ((
          await ctx.db
            .insert(reportEvents)
            .values({ municipalityId: ctx.municipalityId, reportId, actor: by(ctx), action: 'save', fromState: l.report.state, toState: r.to })
            .returning()
        )[0] ?? null);
  await recordAudit(ctx, {
    action: 'report.save',
    entity: 'report',
    entityId: reportId,
    before: { state: l.report.state, version: l.report.version, ...contentOf(l.report) },
    after: { state: row.state, version: row.version, ...content },
  });
  return { report: row, event, round: l.round, departments: l.departments };
}

/** submit / approve / return_by_approver / accept / return_by_secretariat / reopen. */
export async function transitionReport(ctx: CommandContext, reportId: string, input: TransitionInput): Promise<ReportRow> {
  return (await transitionLoadedReport(ctx, await loadReportForWrite(ctx, reportId), input)).report;
}

/** transitionReport on a report already loaded (and locked) by loadReportForWrite in this transaction. */
export async function transitionLoadedReport(ctx: CommandContext, l: LoadedReport, input: TransitionInput): Promise<ReportChange> {
  const reportId = l.report.id;
  const role = workflowRoleOf(ctx.actor);
  if (!role) throw forbidden('閲覧のみの権限です。報告を変更することはできません。');
  const comment = input.comment?.trim() ?? '';
  const r = nextState(input.action, l.report.state as ReportState, { role, roundState: l.round.state as RoundState, comment, roundPublished: isRoundPublished(l.round) });
  refuseEarly(l, r);
  authorize(ctx, l, input.action);
  if (l.report.version !== input.version) throw staleReport(presentReport(l.report), input.version);
  refuseLate(l, r);

  if (input.action === 'submit') {
    const missing = submitProblems(contentOf(l.report), l.rules);
    if (missing.length) throw validationError(missing, '提出する前に、必要な項目を入力してください。');
  }
  // 職務の分離: the one who wrote or submitted it last does not approve it, unless the municipality allows it
  let selfApproval = false;
  if (input.action === 'approve') {
    const check = checkApproval(ctx.actor, { lastWriter: l.report.lastWriter, allowSelfApproval: await allowsSelfApproval(ctx) });
    if (!check.ok) throw new AppError('self_approval', 403, selfApprovalMessage(check.writerName, l.departments.find((d) => d.lead)?.name));
    selfApproval = check.selfApproval;
  }
  const isReturn = input.action === 'return_by_approver' || input.action === 'return_by_secretariat';
  const [row] = await ctx.db
    .update(reports)
    .set({
      state: r.to,
      version: sql`${reports.version} + 1`,
      updatedBy: by(ctx),
      updatedAt: new Date(),
      ...(input.action === 'submit' ? { submittedAt: new Date(), returnComment: '', lastWriter: by(ctx) } : {}),
      ...(isReturn ? { returnComment: comment } : {}),
    })
    .where(and(eq(reports.municipalityId, ctx.municipalityId), eq(reports.id, reportId), eq(reports.version, input.version)))
    .returning();
  if (!row) throw staleReport(presentReport((await findReport(ctx, reportId))!), input.version);
  const [event] = await ctx.db
    .insert(reportEvents)
    .values({ municipalityId: ctx.municipalityId, reportId, actor: by(ctx), action: input.action, fromState: l.report.state, toState: r.to, comment })
    .returning();
  await notifyOfTransition(ctx, l, row, input.action, comment);
  await recordAudit(ctx, {
    action: `report.${input.action}`,
    entity: 'report',
    entityId: reportId,
    before: { state: l.report.state, version: l.report.version },
    // a self-approval (allowed by the municipality's setting) says so, with the writer it approved
    after: { state: row.state, version: row.version, comment, ...(selfApproval ? { selfApproval: true, lastWriter: l.report.lastWriter } : {}) },
  });
  return { report: row, event: event ?? null, round: l.round, departments: l.departments };
}

/**
 * Tells the people who must act next, in the same transaction: a submitted report
 * goes to the lead department's approvers; a returned one back to its reporters and approvers.
 */
async function notifyOfTransition(ctx: CommandContext, l: { departments: { id: string; lead: boolean }[]; round: RoundRow }, row: ReportRow, action: ReportAction, comment: string) {
  const lead = l.departments.find((d) => d.lead) ?? l.departments[0];
  if (!lead) return;
  const isReturn = action === 'return_by_approver' || action === 'return_by_secretariat';
  if (action !== 'submit' && !isReturn) return;
  const userIds = await activeDepartmentUserIds(ctx, lead.id, isReturn ? ['dept_reporter', 'dept_approver'] : ['dept_approver']);
  const recipients = userIds.filter((id) => id !== ctx.actor.id);
  if (!recipients.length) return;
  const code = ctx.municipalityCode ?? (await municipalityCodeOf(ctx.db, ctx.municipalityId));
  const title = isReturn ? '進捗報告が差し戻されました' : '進捗報告の承認依頼';
  const body = isReturn
    ? `照会「${l.round.label}」の報告が${action === 'return_by_approver' ? '課長' : '事務局'}から差し戻されました。\n差戻しの理由: ${comment}`
    : `照会「${l.round.label}」の報告が提出されました。内容を確認して承認してください。`;
  await ctx.db.insert(notifications).values(
    recipients.map((userId) => ({ municipalityId: ctx.municipalityId, userId, kind: isReturn ? 'report.returned' : 'report.submitted', title, body, link: `/m/${code}/reports/${row.id}` })),
  );
}
