/**
 * Opinions (意見): recorded by the secretariat, assigned to a department, answered with a
 * 対応方針, sent back or closed. Each command runs inside the caller's transaction; the
 * opinion, the notifications to the department and the audit row commit together.
 * Who may call which command is decided by policies/review.ts in the route, before this runs;
 * the version check here makes sure the route judged the same state the command changes.
 */
import { actorLabel } from '../../access/domain/actorLabel.js';
import { and, eq, sql } from 'drizzle-orm';
import { notifications, opinions } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { AppError, conflict, notFound, validationError, type FieldError } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { isValidOn } from '../../departments/domain/validity.js';
import { todayInTokyo, toTokyoIsoDate } from '../../fiscal/domain/index.js';
import { COMMENT_MAX, dueOnProblem, isOpinionEditable, nextOpinionState, OPINION_BODY_MAX, RESPONSE_MAX, type OpinionAction } from '../domain/opinion.js';
import { findDepartment, findMeeting, findNodes, findOpinion, type OpinionRow } from '../db/repo.js';
import { activeDepartmentUserIds } from '../../identity/queries/users.js';
import { municipalityCodeOf } from '../../municipalities/queries/municipalities.js';
import { opinionState } from '../presenters/opinion.js';
import { getOpinion } from '../queries/opinions.js';

export interface OpinionInput {
  body: string;
  meetingId?: string | null;
  nodeId?: string | null;
  assignedDepartmentId?: string | null;
  /** 回答期限 (YYYY-MM-DD); null or absent: the default rule */
  dueOn?: string | null;
}

export interface OpinionPatch {
  version: number;
  body?: string;
  meetingId?: string | null;
  nodeId?: string | null;
  /** a date sets the 回答期限, null clears it back to the default rule, absent leaves it */
  dueOn?: string | null;
}

const STALE = 'この意見は他の人が先に更新しました。あなたの操作は保存されていません。最新の状態を確認してから、もう一度操作してください。';

async function stale(ctx: CommandContext, opinionId: string) {
  return conflict(STALE, await getOpinion(ctx, ctx.actor, opinionId));
}

async function checkRefs(ctx: CommandContext, refs: { meetingId?: string | null; nodeId?: string | null; departmentId?: string | null }, errors: FieldError[], deptPath = 'assignedDepartmentId') {
  if (refs.meetingId && !(await findMeeting(ctx, refs.meetingId))) errors.push({ path: 'meetingId', message: '指定された会議は、この団体に見つかりません。' });
  if (refs.nodeId && !(await findNodes(ctx, [refs.nodeId])).length) errors.push({ path: 'nodeId', message: '指定された計画の項目は、この団体に見つかりません。' });
  if (refs.departmentId) {
    const d = await findDepartment(ctx, refs.departmentId);
    if (!d) errors.push({ path: deptPath, message: '指定された担当課は、この団体に見つかりません。' });
    else if (!isValidOn(d, todayInTokyo())) errors.push({ path: deptPath, message: `${d.name}は現在有効な組織ではないため、割り当てられません（廃止・統合後は後継の組織を選んでください）。` });
  }
}

function checkBody(body: string, errors: FieldError[]) {
  if (!body.trim()) errors.push({ path: 'body', message: '意見の内容を入力してください。' });
  else if (body.length > OPINION_BODY_MAX) errors.push({ path: 'body', message: `意見の内容は${OPINION_BODY_MAX.toLocaleString('ja-JP')}文字以内にしてください。` });
}

function checkDueOn(dueOn: string | null | undefined, createdOnTokyo: string, errors: FieldError[]) {
  if (dueOn === undefined) return;
  const problem = dueOnProblem(dueOn, createdOnTokyo);
  if (problem) errors.push({ path: 'dueOn', message: problem });
}

const excerpt = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** In-app notices to every active account of the department, in the same transaction. */
async function notifyDepartment(ctx: CommandContext, o: OpinionRow, departmentId: string, kind: 'opinion.assigned' | 'opinion.returned', comment = '') {
  const userIds = await activeDepartmentUserIds(ctx, departmentId);
  if (!userIds.length) return 0;
  const code = ctx.municipalityCode ?? (await municipalityCodeOf(ctx.db, ctx.municipalityId));
  const title = kind === 'opinion.assigned' ? '意見への対応方針の作成依頼' : '対応方針が差し戻されました';
  const body =
    kind === 'opinion.assigned'
      ? `次の意見について対応方針を回答してください。\n「${excerpt(o.body, 200)}」`
      : `次の意見の対応方針が事務局から差し戻されました。\n「${excerpt(o.body, 200)}」\n差戻しの理由: ${comment}`;
  await ctx.db.insert(notifications).values(
    userIds.map((userId) => ({ municipalityId: ctx.municipalityId, userId, kind, title, body, link: `/m/${code}/opinions/${o.id}` })),
  );
  return userIds.length;
}

export async function createOpinion(ctx: CommandContext, input: OpinionInput) {
  const errors: FieldError[] = [];
  checkBody(input.body, errors);
  // the row is recorded today (JST), so today is the earliest 回答期限
  checkDueOn(input.dueOn, todayInTokyo(), errors);
  await checkRefs(ctx, { meetingId: input.meetingId, nodeId: input.nodeId, departmentId: input.assignedDepartmentId }, errors);
  if (errors.length) throw validationError(errors);
  const [row] = await ctx.db
    .insert(opinions)
    .values({
      municipalityId: ctx.municipalityId,
      body: input.body.trim(),
      meetingId: input.meetingId ?? null,
      nodeId: input.nodeId ?? null,
      assignedDepartmentId: input.assignedDepartmentId ?? null,
      dueOn: input.dueOn ?? null,
      state: 'open',
    })
    .returning();
  if (row!.assignedDepartmentId) await notifyDepartment(ctx, row!, row!.assignedDepartmentId, 'opinion.assigned');
  await recordAudit(ctx, { action: 'opinion.create', entity: 'opinion', entityId: row!.id, after: row });
  return row!;
}

export async function updateOpinion(ctx: CommandContext, opinionId: string, patch: OpinionPatch) {
  const before = await findOpinion(ctx, opinionId);
  if (!before) throw notFound('意見');
  if (before.version !== patch.version) throw await stale(ctx, opinionId);
  if (!isOpinionEditable(opinionState(before.state))) throw new AppError('validation', 422, '完了した意見は修正できません。');
  const errors: FieldError[] = [];
  if (patch.body !== undefined) checkBody(patch.body, errors);
  checkDueOn(patch.dueOn, toTokyoIsoDate(before.createdAt), errors);
  await checkRefs(ctx, { meetingId: patch.meetingId, nodeId: patch.nodeId }, errors);
  if (errors.length) throw validationError(errors);
  const set: Partial<typeof opinions.$inferInsert> = {};
  if (patch.body !== undefined) set.body = patch.body.trim();
  if (patch.meetingId !== undefined) set.meetingId = patch.meetingId;
  if (patch.nodeId !== undefined) set.nodeId = patch.nodeId;
  if (patch.dueOn !== undefined) set.dueOn = patch.dueOn;
  const [row] = await ctx.db
    .update(opinions)
    .set({ ...set, version: sql`${opinions.version} + 1` })
    .where(and(eq(opinions.municipalityId, ctx.municipalityId), eq(opinions.id, opinionId), eq(opinions.version, patch.version)))
    .returning();
  if (!row) throw await stale(ctx, opinionId);
  await recordAudit(ctx, { action: 'opinion.update', entity: 'opinion', entityId: opinionId, before, after: row });
  return row;
}

export interface TransitionBody {
  version: number;
  departmentId?: string;
  response?: string;
  comment?: string;
}

const REASON_PATHS: Partial<Record<string, string>> = {
  comment_required: 'comment',
  response_required: 'response',
  department_required: 'departmentId',
  same_department: 'departmentId',
};

/** One step of the state machine (domain/opinion.ts), version-checked. */
export async function transitionOpinion(ctx: CommandContext, opinionId: string, action: OpinionAction, input: TransitionBody) {
  const before = await findOpinion(ctx, opinionId);
  if (!before) throw notFound('意見');
  if (before.version !== input.version) throw await stale(ctx, opinionId);
  const from = opinionState(before.state);
  const next = nextOpinionState(action, { state: from, assignedDepartmentId: before.assignedDepartmentId }, input);
  if (!next.ok) {
    const path = REASON_PATHS[next.reason];
    throw path ? validationError([{ path, message: next.message }], next.message) : new AppError('validation', 422, next.message);
  }
  const errors: FieldError[] = [];
  if (action === 'assign') await checkRefs(ctx, { departmentId: input.departmentId }, errors, 'departmentId');
  if (action === 'respond' && (input.response ?? '').length > RESPONSE_MAX)
    errors.push({ path: 'response', message: `対応方針は${RESPONSE_MAX.toLocaleString('ja-JP')}文字以内にしてください。` });
  if (action === 'return' && (input.comment ?? '').length > COMMENT_MAX)
    errors.push({ path: 'comment', message: `差戻しの理由は${COMMENT_MAX.toLocaleString('ja-JP')}文字以内にしてください。` });
  if (errors.length) throw validationError(errors);

  const now = new Date();
  const set: Partial<typeof opinions.$inferInsert> = { state: next.to };
  if (action === 'assign') set.assignedDepartmentId = input.departmentId!;
  if (action === 'respond') Object.assign(set, { response: input.response!.trim(), respondedBy: actorLabel(ctx.actor), respondedAt: now });
  if (action === 'close') set.closedAt = now;
  if (action === 'return') set.returnComment = input.comment!.trim();
  if (action === 'respond') set.returnComment = '';
  const [row] = await ctx.db
    .update(opinions)
    .set({ ...set, version: sql`${opinions.version} + 1` })
    .where(
      and(eq(opinions.municipalityId, ctx.municipalityId), eq(opinions.id, opinionId), eq(opinions.version, input.version), eq(opinions.state, from)),
    )
    .returning();
  if (!row) throw await stale(ctx, opinionId);

  if (action === 'assign') await notifyDepartment(ctx, row, row.assignedDepartmentId!, 'opinion.assigned');
  if (action === 'return' && row.assignedDepartmentId) await notifyDepartment(ctx, row, row.assignedDepartmentId, 'opinion.returned', input.comment!.trim());
  await recordAudit(ctx, {
    action: `opinion.${action}`,
    entity: 'opinion',
    entityId: opinionId,
    before,
    after: row,
  });
  return row;
}

export const assignOpinion = (ctx: CommandContext, id: string, input: { version: number; departmentId: string }) => transitionOpinion(ctx, id, 'assign', input);
export const respondOpinion = (ctx: CommandContext, id: string, input: { version: number; response: string }) => transitionOpinion(ctx, id, 'respond', input);
export const returnOpinion = (ctx: CommandContext, id: string, input: { version: number; comment: string }) => transitionOpinion(ctx, id, 'return', input);
export const closeOpinion = (ctx: CommandContext, id: string, input: { version: number }) => transitionOpinion(ctx, id, 'close', input);
