/**
 * Saving a plan's legends (凡例). Both axes are written in one transaction with
 * their audit row; a value that stored reports use cannot be removed.
 */
import { and, eq, sql } from 'drizzle-orm';
import { statusLegends } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { conflict, notFound, validationError, type FieldError } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { findPlan } from '../../plans/db/repo.js';
import { LEGEND_AXIS_LABELS, removedCodes, resolveLegendInput, type LegendAxis, type LegendInput, type LegendValue } from '../domain/legend.js';
import { usedLegendCodes, type LegendRow } from '../db/repo.js';
import { effectiveLegends, getPlanLegends } from '../queries/legends.js';

export interface LegendAxisInput extends LegendInput {
  /** the version the user started from; 0 when the axis was not stored yet */
  version: number;
}

export interface LegendsInput {
  status: LegendAxisInput;
  /** null or absent: the plan has no second axis (a stored one is removed) */
  achievement?: LegendAxisInput | null | undefined;
}

const STALE = '凡例は他の人が先に更新しました。最新の内容を確認してから、もう一度保存してください。';

export async function saveLegends(ctx: CommandContext, planId: string, input: LegendsInput) {
  if (!(await findPlan(ctx, planId))) throw notFound('計画');
  const current = await effectiveLegends(ctx, planId, 'update');

  const errors: FieldError[] = [];
  const status = resolveLegendInput('status', input.status);
  errors.push(...status.problems);
  const achievement = input.achievement ? resolveLegendInput('achievement', input.achievement) : null;
  if (achievement) errors.push(...achievement.problems);
  if (errors.length) throw validationError(errors);

  const stale = (row: LegendRow | null, version: number) => (row ? row.version !== version : version !== 0);
  if (stale(current.rows.status, input.status.version) || (input.achievement && stale(current.rows.achievement, input.achievement.version)))
    throw conflict(STALE, await getPlanLegends(ctx, planId));

  // values still used by reports of this plan's rounds must stay
  let inUse = 0;
  const checkRemoved = async (axis: LegendAxis, before: LegendValue[], after: LegendValue[]) => {
    const removed = removedCodes(before, after);
    if (!removed.length) return;
    const used = await usedLegendCodes(ctx, planId, axis);
    for (const v of removed) {
      const n = used.get(v.code) ?? 0;
      if (!n) continue;
      inUse += n;
      errors.push({
        path: `${axis}.values`,
        message: `${LEGEND_AXIS_LABELS[axis]}の区分「${v.symbol}」（${v.label}）は${n}件の報告で使われているため、削除できません。`,
      });
    }
  };
  await checkRemoved('status', current.status.values, status.values);
  if (current.achievement) await checkRemoved('achievement', current.achievement.values, achievement?.values ?? []);
  if (errors.length) throw validationError(errors, `報告で使われている凡例の区分は削除できません（${inUse}件の報告が使用中）。`);

  await writeAxis(ctx, planId, 'status', current.rows.status, status);
  if (achievement) await writeAxis(ctx, planId, 'achievement', current.rows.achievement, achievement);
  else if (current.rows.achievement)
    await ctx.db
      .delete(statusLegends)
      .where(and(eq(statusLegends.municipalityId, ctx.municipalityId), eq(statusLegends.id, current.rows.achievement.id)));

  await recordAudit(ctx, {
    action: 'legend.update',
    entity: 'plan_legends',
    entityId: planId,
    before: { status: current.rows.status, achievement: current.rows.achievement },
    after: { status, achievement: achievement && { name: achievement.name, values: achievement.values } },
  });
}

async function writeAxis(ctx: CommandContext, planId: string, axis: LegendAxis, row: LegendRow | null, l: { name: string; values: LegendValue[] }) {
  if (row) {
    const [updated] = await ctx.db
      .update(statusLegends)
      .set({ name: l.name, values: l.values, version: sql`${statusLegends.version} + 1` })
      .where(and(eq(statusLegends.municipalityId, ctx.municipalityId), eq(statusLegends.id, row.id), eq(statusLegends.version, row.version)))
      .returning();
    if (!updated) throw conflict(STALE);
    return;
  }
  const [inserted] = await ctx.db
    .insert(statusLegends)
    .values({ municipalityId: ctx.municipalityId, planId, axis, name: l.name, values: l.values })
    .onConflictDoNothing()
    .returning();
  // someone saved the first legend of this axis at the same moment
  if (!inserted) throw conflict(STALE);
}
