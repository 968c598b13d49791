import { and, eq, sql } from 'drizzle-orm';
import { planLinks, plans, planStages } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { conflict, notFound, validationError, type FieldError } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { todayInTokyo } from '../../fiscal/domain/index.js';
import { currentStage, DEFAULT_PHASES, PLAN_STAGES, validateLevelNames, validatePeriod, validatePhases, type Phase } from '../domain/plan.js';
import { findPlan, planStagesOf } from '../db/repo.js';
import { getPlan } from '../queries/plans.js';
import { nodeSchedules, planNodes } from '../../../db/schema.js';

export interface PlanInput {
  kind: string;
  title: string;
  firstFiscalYear: number;
  lastFiscalYear: number;
  philosophy?: string;
  parentPlanId?: string | null;
  levelNames: string[];
  phases?: Phase[];
  stages?: { stage: string; date: string; note?: string }[];
  links?: { planId: string; relation: string }[];
  sortOrder?: number;
}

async function checkPlan(ctx: CommandContext, input: Omit<PlanInput, 'stages'> & { stages?: PlanInput['stages'] }, selfId?: string) {
  const errors: FieldError[] = [];
  if (!input.kind.trim()) errors.push({ path: 'kind', message: '計画の種類を入力してください（例: 行政改革大綱）。' });
  if (!input.title.trim()) errors.push({ path: 'title', message: '計画名を入力してください。' });
  validatePeriod(input.firstFiscalYear, input.lastFiscalYear, errors);
  validateLevelNames(input.levelNames, errors);
  validatePhases(input.phases ?? DEFAULT_PHASES, errors);
  input.stages?.forEach((s, i) => {
    if (!(PLAN_STAGES as readonly string[]).includes(s.stage))
      errors.push({ path: `stages.${i}.stage`, message: `段階は${PLAN_STAGES.join('・')}のいずれかにしてください。` });
  });
  if (input.parentPlanId) {
    if (input.parentPlanId === selfId) errors.push({ path: 'parentPlanId', message: '自分自身を上位計画にはできません。' });
    else if (!(await findPlan(ctx, input.parentPlanId))) errors.push({ path: 'parentPlanId', message: '上位計画が見つかりません。' });
  }
  for (const [i, l] of (input.links ?? []).entries()) {
    if (l.planId === selfId || !(await findPlan(ctx, l.planId))) errors.push({ path: `links.${i}.planId`, message: '関連計画が見つかりません。' });
  }
  if (errors.length) throw validationError(errors);
}

export async function createPlan(ctx: CommandContext, input: PlanInput) {
  const stages = input.stages?.length ? input.stages : [{ stage: '素案', date: todayInTokyo() }];
  await checkPlan(ctx, { ...input, stages });
  const [plan] = await ctx.db
    .insert(plans)
    .values({
      municipalityId: ctx.municipalityId,
      kind: input.kind.trim(),
      title: input.title.trim(),
      firstFiscalYear: input.firstFiscalYear,
      lastFiscalYear: input.lastFiscalYear,
      philosophy: input.philosophy ?? '',
      parentPlanId: input.parentPlanId ?? null,
      levelNames: input.levelNames.map((n) => n.trim()),
      phases: input.phases ?? DEFAULT_PHASES,
      stage: currentStage(stages)!,
      sortOrder: input.sortOrder ?? 0,
    })
    .returning();
  await ctx.db.insert(planStages).values(stages.map((s) => ({ municipalityId: ctx.municipalityId, planId: plan!.id, stage: s.stage, date: s.date, note: s.note ?? '' })));
  if (input.links?.length)
    await ctx.db.insert(planLinks).values(input.links.map((l) => ({ municipalityId: ctx.municipalityId, planId: plan!.id, relatedPlanId: l.planId, relation: l.relation })));
  await recordAudit(ctx, { action: 'plan.create', entity: 'plan', entityId: plan!.id, after: { ...plan, stages } });
  return plan!;
}

export type PlanPatch = Partial<Omit<PlanInput, 'stages' | 'links'>> & { version: number };

export async function updatePlan(ctx: CommandContext, planId: string, patch: PlanPatch) {
  const before = await findPlan(ctx, planId);
  if (!before) throw notFound('計画');
  const merged = { ...before, ...patch, phases: patch.phases ?? before.phases, levelNames: patch.levelNames ?? before.levelNames };
  await checkPlan(ctx, merged, planId);
  // Narrowing the period or removing a phase must not orphan schedules already entered.
  const errors: FieldError[] = [];
  const sched = await ctx.db
    .select({ fy: nodeSchedules.fiscalYear, phase: nodeSchedules.phase })
    .from(nodeSchedules)
    .innerJoin(planNodes, and(eq(planNodes.municipalityId, nodeSchedules.municipalityId), eq(planNodes.id, nodeSchedules.nodeId)))
    .where(and(eq(nodeSchedules.municipalityId, ctx.municipalityId), eq(planNodes.planId, planId)));
  const outside = sched.filter((s) => s.fy < merged.firstFiscalYear || s.fy > merged.lastFiscalYear);
  if (outside.length) errors.push({ path: 'firstFiscalYear', message: `期間外になる年度のスケジュールが${outside.length}件あります。先にスケジュールを修正してください。` });
  const codes = new Set(merged.phases.map((p) => p.code));
  const unknown = sched.filter((s) => !codes.has(s.phase));
  if (unknown.length) errors.push({ path: 'phases', message: `削除しようとした区分が${unknown.length}件のスケジュールで使われています。` });
  if ((patch.levelNames?.length ?? Infinity) < 1) errors.push({ path: 'levelNames', message: '階層名を1つ以上入力してください。' });
  if (errors.length) throw validationError(errors);

  const { version, ...fields } = patch;
  const [row] = await ctx.db
    .update(plans)
    .set({ ...fields, version: sql`${plans.version} + 1`, updatedAt: new Date() })
    .where(and(eq(plans.municipalityId, ctx.municipalityId), eq(plans.id, planId), eq(plans.version, version)))
    .returning();
  if (!row) throw conflict('この計画は他の人が先に更新しました。あなたの入力は保存されていません。最新の内容を確認してから、もう一度保存してください。', await getPlan(ctx, planId));
  await recordAudit(ctx, { action: 'plan.update', entity: 'plan', entityId: planId, before, after: row });
  return row;
}

export async function addPlanStage(ctx: CommandContext, planId: string, input: { stage: string; date: string; note?: string }) {
  const plan = await findPlan(ctx, planId);
  if (!plan) throw notFound('計画');
  if (!(PLAN_STAGES as readonly string[]).includes(input.stage))
    throw validationError([{ path: 'stage', message: `段階は${PLAN_STAGES.join('・')}のいずれかにしてください。` }]);
  await ctx.db.insert(planStages).values({ municipalityId: ctx.municipalityId, planId, stage: input.stage, date: input.date, note: input.note ?? '' });
  const stages = await planStagesOf(ctx, planId);
  const stage = currentStage(stages)!;
  await ctx.db.update(plans).set({ stage, updatedAt: new Date() }).where(and(eq(plans.municipalityId, ctx.municipalityId), eq(plans.id, planId)));
  await recordAudit(ctx, { action: 'plan.stage', entity: 'plan', entityId: planId, before: { stage: plan.stage }, after: { stage, added: input } });
  return stages;
}

