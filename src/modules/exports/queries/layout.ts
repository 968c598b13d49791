/**
 * The export layout of a plan: the stored one, or the default (seed 001's) when none is saved.
 */
import { and, eq } from 'drizzle-orm';
import { exportLayouts } from '../../../db/schema.js';
import type { ExportLayoutDto } from '../../../shared/api-types-exports.js';
import type { TenantScope } from '../../../shared/context.js';
import { notFound } from '../../../shared/errors.js';
import { findPlan, type PlanRow } from '../../plans/db/repo.js';
import { defaultLayout, layoutFromStored, type ExportLayout } from '../domain/layout.js';
import { presentLayout } from '../presenters/layout.js';

export type ExportLayoutRow = typeof exportLayouts.$inferSelect;

export async function layoutRow(scope: TenantScope, planId: string, lock?: 'update'): Promise<ExportLayoutRow | null> {
  const q = scope.db
    .select()
    .from(exportLayouts)
    .where(and(eq(exportLayouts.municipalityId, scope.municipalityId), eq(exportLayouts.planId, planId)))
    .limit(1);
  const rows = lock ? await q.for(lock) : await q;
  return rows[0] ?? null;
}

/** The layout a plan prints with. */
export async function effectiveLayout(scope: TenantScope, plan: Pick<PlanRow, 'id' | 'levelNames'>): Promise<{ layout: ExportLayout; row: ExportLayoutRow | null }> {
  const row = await layoutRow(scope, plan.id);
  return { layout: row ? layoutFromStored(row.layout, plan) : defaultLayout(plan), row };
}

export async function getExportLayout(scope: TenantScope, planId: string): Promise<ExportLayoutDto> {
  const plan = await findPlan(scope, planId);
  if (!plan) throw notFound('計画');
  const { layout, row } = await effectiveLayout(scope, plan);
  return presentLayout(plan, layout, row);
}
