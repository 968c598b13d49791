/**
 * Saving a plan's export layout: validated against the plan, version-checked (409 with the
 * stored layout), written with its audit row in the caller's transaction.
 */
import { and, eq, sql } from 'drizzle-orm';
import { exportLayouts } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { conflict, notFound, validationError } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/commands/recordAudit.js';
import { findPlan } from '../../plans/db/repo.js';
import { layoutFromStored, normalizeLayout, validateLayout, type ExportLayout } from '../domain/layout.js';
import { presentLayout } from '../presenters/layout.js';
import { layoutRow } from '../queries/layout.js';

const STALE = '出力レイアウトは他の人が先に更新しました。最新の内容を確認してから、もう一度保存してください。';

export async function saveExportLayout(ctx: CommandContext, planId: string, input: { layout: ExportLayout; version: number }) {
  const plan = await findPlan(ctx, planId);
  if (!plan) throw notFound('計画');
  const layout = normalizeLayout(input.layout);
  const errors = validateLayout(layout, plan).map((e) => ({ path: `layout.${e.path}`, message: e.message }));
  if (errors.length) throw validationError(errors);

  const row = await layoutRow(ctx, planId, 'update');
  const current = () => presentLayout(plan, layoutFromStored(row?.layout ?? null, plan), row);
  if ((row?.version ?? 0) !== input.version) throw conflict(STALE, current());

  const value = layout as unknown as Record<string, unknown>;
  if (row) {
    const [updated] = await ctx.db
      .update(exportLayouts)
      .set({ layout: value, version: sql`${exportLayouts.version} + 1`, updatedAt: new Date() })
      .where(and(eq(exportLayouts.municipalityId, ctx.municipalityId), eq(exportLayouts.planId, planId), eq(exportLayouts.version, row.version)))
      .returning();
    if (!updated) throw conflict(STALE, current());
  } else {
    const [inserted] = await ctx.db.insert(exportLayouts).values({ municipalityId: ctx.municipalityId, planId, layout: value }).onConflictDoNothing().returning();
    // someone saved the first layout of this plan at the same moment
    if (!inserted) throw conflict(STALE);
  }
  await recordAudit(ctx, {
    action: 'export_layout.update',
    entity: 'export_layout',
    entityId: planId,
    before: row ? { version: row.version, layout: row.layout } : null,
    after: { version: (row?.version ?? 0) + 1, layout },
  });
}
