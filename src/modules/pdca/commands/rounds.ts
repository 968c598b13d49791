/**
 * Commands on progress rounds (照会). Each runs in the caller's transaction, locks
 * the round row, checks the version the user saw and the state machine
 * (nextRoundState), and writes the change with its audit row.
 *
 * Items in scope may be chosen on the draft (kept in rounds.scope, checked against the plan when
 * saved) or when the round is opened; opening creates one report per item, in the same transaction,
 * and records the scope it opened with. Items in scope without a 担当課 stop the opening until the
 * request says what to do with them (domain/round.ts WITHOUT_DEPARTMENT_CHOICES); roundOpening answers
 * the same question beforehand for the confirmation, from the same reads.
 */
import { actorLabel } from '../../access/domain/actorLabel.js';
import { and, eq, sql } from 'drizzle-orm';
import { reports, rounds } from '../../../db/schema.js';
import type { CommandContext, TenantScope } from '../../../shared/context.js';
import { AppError, conflict, notFound, validationError, type FieldError } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { todayInTokyo } from '../../fiscal/domain/index.js';
import { findPlan, type PlanRow } from '../../plans/db/repo.js';
import { DEFAULT_ROUND_FIELDS } from '../domain/report.js';
import {
  deadlineProblem,
  fieldsProblems,
  itemsInScope,
  normalizeScope,
  orderFields,
  ROUND_CLOSED_MESSAGE,
  ROUND_EDITABLE,
  ROUND_FIELD_LABELS,
  ROUND_SCOPE_LABELS,
  roundTransitionProblem,
  validateRound,
  withoutDepartmentProblems,
  type ItemRef,
  type RoundOpened,
  type RoundOpeningPreview,
  type RoundScope,
  type WithoutDepartmentChoice,
} from '../domain/round.js';
import { nextRoundState, ROUND_STATE_LABELS, type RoundAction, type RoundState } from '../domain/workflow.js';
import { departmentsOfNodes, findRound, latestClosedRound, planItems, planSchedules, type PlanItemRow, type RoundRow } from '../db/repo.js';
import { effectiveLegends } from '../queries/legends.js';
import { getRound } from '../queries/rounds.js';

export interface RoundInput {
  label: string;
  asOfDate: string;
  targetFiscalYear: number;
  deadline: string;
  /** asked fields; default status, narrative, issues, nextPlan */
  fields?: string[] | undefined;
  /** undefined: the latest closed round of the plan; null: none */
  previousRoundId?: string | null | undefined;
  /** the items it will ask about, kept on the draft; null / undefined: chosen when it is opened (default all) */
  scope?: RoundScope | null | undefined;
}

export type RoundPatch = Partial<RoundInput> & { version: number };

export interface OpenRoundInput {
  version: number;
  /** default: the scope kept on the draft, else every active action item of the plan */
  scope?: RoundScope | undefined;
  /** what to do with items in scope that have no 担当課; required when there are any */
  withoutDepartment?: WithoutDepartmentChoice | undefined;
}

export interface ReopenRoundInput {
  version: number;
  /** a new deadline; required when the stored one has passed */
  deadline?: string | undefined;
}

export const roundClosed = () => new AppError('round_closed', 409, ROUND_CLOSED_MESSAGE);

const STALE = 'この照会は他の人が先に更新しました。最新の内容を確認してから、もう一度操作してください。';

async function loadPlan(ctx: CommandContext, planId: string): Promise<PlanRow> {
  const plan = await findPlan(ctx, planId);
  if (!plan) throw notFound('計画');
  return plan;
}

async function lockRound(ctx: CommandContext, roundId: string): Promise<RoundRow> {
  const round = await findRound(ctx, roundId, 'update');
  if (!round) throw notFound('照会');
  return round;
}

async function checkPrevious(ctx: CommandContext, planId: string, previousRoundId: string, selfId: string | null, errors: FieldError[]) {
  const prev = previousRoundId === selfId ? null : await findRound(ctx, previousRoundId);
  if (!prev || prev.planId !== planId) errors.push({ path: 'previousRoundId', message: '前回の照会がこの計画に見つかりません。' });
}

/** The items a scope names in the plan, with the problems of a `nodes` scope (ids not in the plan). */
async function scopeItems(ctx: TenantScope, planId: string, scope: RoundScope, targetFiscalYear: number) {
  const nodes = await planItems(ctx, planId);
  const scheduled = new Set((await planSchedules(ctx, planId, { fiscalYear: targetFiscalYear })).map((s) => s.nodeId));
  const found = itemsInScope(
    nodes.map((n) => ({ id: n.id, isAction: n.isAction, status: n.status, scheduledYears: scheduled.has(n.id) ? [targetFiscalYear] : [] })),
    scope,
    targetFiscalYear,
  );
  return { ...found, nodes: new Map<string, PlanItemRow>(nodes.map((n) => [n.id, n])) };
}

/** The items in scope that no 担当課 is responsible for (as messages name them), in scope order. */
async function itemsWithoutDepartment(ctx: TenantScope, inScope: { ids: string[]; nodes: Map<string, PlanItemRow> }): Promise<ItemRef[]> {
  const departments = await departmentsOfNodes(ctx, inScope.ids);
  return inScope.ids
    .filter((id) => !departments.get(id)?.length)
    .map((id) => {
      const n = inScope.nodes.get(id)!;
      return { id, number: n.number, title: n.title };
    });
}

function emptyScopeProblem(scope: RoundScope): string {
  return scope.mode === 'scheduled' ? '対象年度にスケジュールがある実施項目がありません。' : '照会の対象となる実施項目がありません。';
}

/**
 * What opening a draft with this scope (default: the kept one, else all) would ask about, and which of those
 * items have no 担当課 — read the way openRound reads them, so the confirmation and the opening agree.
 */
export async function roundOpening(scope: TenantScope, round: RoundRow, mode: RoundScope['mode'] | undefined): Promise<RoundOpeningPreview> {
  const chosen: RoundScope =
    mode === undefined ? (round.scope ?? { mode: 'all' }) : mode === 'nodes' ? (round.scope?.mode === 'nodes' ? round.scope : { mode: 'nodes', nodeIds: [] }) : { mode };
  const inScope = await scopeItems(scope, round.planId, chosen, round.targetFiscalYear);
  const problems = inScope.errors.map((e) => e.message);
  if (!inScope.errors.length && !inScope.ids.length) problems.push(emptyScopeProblem(chosen));
  return {
    mode: chosen.mode,
    modeLabel: ROUND_SCOPE_LABELS[chosen.mode],
    itemCount: inScope.ids.length,
    withoutDepartment: await itemsWithoutDepartment(scope, inScope),
    problems,
  };
}

export async function createRound(ctx: CommandContext, planId: string, input: RoundInput): Promise<RoundRow> {
  const plan = await loadPlan(ctx, planId);
  const legends = await effectiveLegends(ctx, planId);
  const fields = input.fields ?? [...DEFAULT_ROUND_FIELDS];
  const errors = validateRound(
    { label: input.label, asOfDate: input.asOfDate, targetFiscalYear: input.targetFiscalYear, deadline: input.deadline, fields },
    { firstFiscalYear: plan.firstFiscalYear, lastFiscalYear: plan.lastFiscalYear, today: todayInTokyo(), hasAchievementLegend: !!legends.achievement, checkDeadline: true },
  );
  let previousRoundId: string | null;
  if (input.previousRoundId === undefined) previousRoundId = (await latestClosedRound(ctx, planId))?.id ?? null;
  else {
    previousRoundId = input.previousRoundId;
    if (previousRoundId) await checkPrevious(ctx, planId, previousRoundId, null, errors);
  }
  const scope = input.scope ? normalizeScope(input.scope) : null;
  if (scope?.mode === 'nodes') errors.push(...(await scopeItems(ctx, planId, scope, input.targetFiscalYear)).errors);
  if (errors.length) throw validationError(errors);

  const [row] = await ctx.db
    .insert(rounds)
    .values({
      municipalityId: ctx.municipalityId,
      planId,
      label: input.label.trim(),
      asOfDate: input.asOfDate,
      targetFiscalYear: input.targetFiscalYear,
      deadline: input.deadline,
      state: 'draft',
      fields: orderFields(fields),
      scope,
      previousRoundId,
    })
    .returning();
  await recordAudit(ctx, { action: 'round.create', entity: 'round', entityId: row!.id, after: row });
  return row!;
}

export async function updateRound(ctx: CommandContext, roundId: string, patch: RoundPatch): Promise<RoundRow> {
  const round = await lockRound(ctx, roundId);
  const state = round.state as RoundState;
  if (state === 'closed') throw roundClosed();
  if (round.version !== patch.version) throw conflict(STALE, await getRound(ctx, roundId, round));

  const errors: FieldError[] = [];
  const { version: _v, ...changes } = patch;
  const differs = (k: keyof RoundInput) => {
    const v = changes[k];
    if (v === undefined) return false;
    if (k === 'scope') return JSON.stringify(v ? normalizeScope(v as RoundScope) : null) !== JSON.stringify(round.scope ?? null);
    const cur = k === 'fields' ? orderFields(round.fields) : round[k];
    return JSON.stringify(k === 'fields' ? orderFields(v as string[]) : v) !== JSON.stringify(cur);
  };
  for (const k of Object.keys(changes) as (keyof RoundInput)[]) {
    if (differs(k) && !ROUND_EDITABLE[state].includes(k))
      errors.push({ path: k, message: `状態が「${ROUND_STATE_LABELS[state]}」の照会では「${ROUND_FIELD_LABELS[k]}」は変更できません（報告の受付が始まっているため）。` });
  }
  const plan = await loadPlan(ctx, round.planId);
  const legends = await effectiveLegends(ctx, round.planId);
  const merged = {
    label: changes.label ?? round.label,
    asOfDate: changes.asOfDate ?? round.asOfDate,
    targetFiscalYear: changes.targetFiscalYear ?? round.targetFiscalYear,
    deadline: changes.deadline ?? round.deadline,
    fields: changes.fields ?? round.fields,
  };
  errors.push(
    ...validateRound(merged, {
      firstFiscalYear: plan.firstFiscalYear,
      lastFiscalYear: plan.lastFiscalYear,
      today: todayInTokyo(),
      hasAchievementLegend: !!legends.achievement,
      // a deadline is only refused for being past when it is being set
      checkDeadline: differs('deadline'),
    }),
  );
  if (changes.previousRoundId) await checkPrevious(ctx, round.planId, changes.previousRoundId, round.id, errors);
  const scope = changes.scope === undefined ? round.scope : changes.scope ? normalizeScope(changes.scope) : null;
  if (differs('scope') && scope?.mode === 'nodes') errors.push(...(await scopeItems(ctx, round.planId, scope, merged.targetFiscalYear)).errors);
  if (errors.length) throw validationError(errors);

  const [row] = await ctx.db
    .update(rounds)
    .set({
      label: merged.label.trim(),
      asOfDate: merged.asOfDate,
      targetFiscalYear: merged.targetFiscalYear,
      deadline: merged.deadline,
      fields: orderFields(merged.fields),
      scope,
      previousRoundId: changes.previousRoundId === undefined ? round.previousRoundId : changes.previousRoundId,
      version: sql`${rounds.version} + 1`,
    })
    .where(and(eq(rounds.municipalityId, ctx.municipalityId), eq(rounds.id, roundId), eq(rounds.version, patch.version)))
    .returning();
  if (!row) throw conflict(STALE, await getRound(ctx, roundId));
  await recordAudit(ctx, { action: 'round.update', entity: 'round', entityId: roundId, before: round, after: row });
  return row;
}

async function stepRound(ctx: CommandContext, round: RoundRow, action: RoundAction, version: number): Promise<RoundState> {
  const to = nextRoundState(action, round.state as RoundState);
  if (!to) {
    if (round.state === 'closed' && action !== 'reopen') throw new AppError('round_closed', 409, roundTransitionProblem(action, 'closed'));
    throw new AppError('wrong_state', 409, roundTransitionProblem(action, round.state as RoundState), undefined, await getRound(ctx, round.id, round));
  }
  if (round.version !== version) throw conflict(STALE, await getRound(ctx, round.id, round));
  return to;
}

export async function openRound(ctx: CommandContext, roundId: string, input: OpenRoundInput): Promise<{ round: RoundRow; reportCount: number; opened: RoundOpened }> {
  const round = await lockRound(ctx, roundId);
  const to = await stepRound(ctx, round, 'open', input.version);
  const legends = await effectiveLegends(ctx, round.planId);

  const errors: FieldError[] = [];
  const late = deadlineProblem(round.deadline, todayInTokyo());
  if (late) errors.push({ path: 'deadline', message: late });
  errors.push(...fieldsProblems(round.fields, !!legends.achievement));

  const scope: RoundScope = input.scope ?? round.scope ?? { mode: 'all' };
  const inScope = await scopeItems(ctx, round.planId, scope, round.targetFiscalYear);
  errors.push(...inScope.errors);
  if (!inScope.errors.length && !inScope.ids.length) errors.push({ path: 'scope', message: emptyScopeProblem(scope) });
  // a report of an item without a 担当課 reaches nobody: never made without the secretariat saying so
  const orphans = inScope.ids.length ? await itemsWithoutDepartment(ctx, inScope) : [];
  errors.push(...withoutDepartmentProblems(orphans, input.withoutDepartment, inScope.ids.length));
  if (errors.length) throw validationError(errors, '照会を開始できません。各項目のメッセージを確認してください。');

  const choice = orphans.length ? input.withoutDepartment! : null;
  const skipped = new Set(choice === 'skip' ? orphans.map((o) => o.id) : []);
  const ids = inScope.ids.filter((id) => !skipped.has(id));
  const updatedBy = actorLabel(ctx.actor);
  for (let i = 0; i < ids.length; i += 1000) {
    await ctx.db
      .insert(reports)
      .values(ids.slice(i, i + 1000).map((nodeId) => ({ municipalityId: ctx.municipalityId, roundId, nodeId, state: 'not_started', updatedBy })))
      .onConflictDoNothing();
  }
  const [row] = await ctx.db
    .update(rounds)
    .set({ state: to, openedAt: new Date(), scope: normalizeScope(scope), version: sql`${rounds.version} + 1` })
    .where(and(eq(rounds.municipalityId, ctx.municipalityId), eq(rounds.id, roundId)))
    .returning();
  const opened: RoundOpened = { reportCount: ids.length, withoutDepartment: { choice, items: orphans } };
  await recordAudit(ctx, {
    action: 'round.open',
    entity: 'round',
    entityId: roundId,
    before: { state: round.state },
    after: {
      state: to,
      scope: { mode: scope.mode, nodeIds: ids },
      reportCount: ids.length,
      ...(choice ? { withoutDepartment: { choice, nodeIds: orphans.map((o) => o.id) } } : {}),
    },
  });
  return { round: row!, reportCount: ids.length, opened };
}

export async function closeRound(ctx: CommandContext, roundId: string, input: { version: number }): Promise<RoundRow> {
  const round = await lockRound(ctx, roundId);
  const to = await stepRound(ctx, round, 'close', input.version);
  const [row] = await ctx.db
    .update(rounds)
    .set({ state: to, closedAt: new Date(), version: sql`${rounds.version} + 1` })
    .where(and(eq(rounds.municipalityId, ctx.municipalityId), eq(rounds.id, roundId)))
    .returning();
  await recordAudit(ctx, { action: 'round.close', entity: 'round', entityId: roundId, before: { state: round.state }, after: { state: to } });
  return row!;
}

export async function reopenRound(ctx: CommandContext, roundId: string, input: ReopenRoundInput): Promise<RoundRow> {
  const round = await lockRound(ctx, roundId);
  const to = await stepRound(ctx, round, 'reopen', input.version);
  const deadline = input.deadline ?? round.deadline;
  const late = deadlineProblem(deadline, todayInTokyo());
  if (late)
    throw validationError([{ path: 'deadline', message: input.deadline ? late : `${late}再開するときは新しい回答期限を指定してください。` }], '照会を再開できません。');
  const [row] = await ctx.db
    .update(rounds)
    .set({ state: to, deadline, closedAt: null, version: sql`${rounds.version} + 1` })
    .where(and(eq(rounds.municipalityId, ctx.municipalityId), eq(rounds.id, roundId)))
    .returning();
  await recordAudit(ctx, { action: 'round.reopen', entity: 'round', entityId: roundId, before: { state: round.state, deadline: round.deadline }, after: { state: to, deadline } });
  return row!;
}

/**
 * Records on the round when its progress table was published for citizens (or that the publication
 * was withdrawn: null), in the publishing transaction. The publish module owns the publication and its
 * audit row; the round keeps the date so the workflow knows review after closing is over
 * (domain/workflow.ts isRoundPublished). Locks the round so an acceptance cannot slip in between.
 */
export async function setRoundPublished(ctx: CommandContext, roundId: string, at: Date | null): Promise<void> {
  await ctx.db
    .update(rounds)
    .set({ publishedAt: at })
    .where(and(eq(rounds.municipalityId, ctx.municipalityId), eq(rounds.id, roundId)));
}
