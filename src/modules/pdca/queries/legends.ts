import type { PlanLegendsDto, ReportLegendsDto } from '../../../shared/api-types-pdca.js';
import type { TenantScope } from '../../../shared/context.js';
import { notFound } from '../../../shared/errors.js';
import { findPlan } from '../../plans/db/repo.js';
import { defaultLegend, LEGEND_PRESETS, type LegendValue } from '../domain/legend.js';
import { legendRows, type Lock, type LegendRow } from '../db/repo.js';
import { presentLegend } from '../presenters/pdca.js';

export interface EffectiveLegends {
  status: { name: string; values: LegendValue[] };
  achievement: { name: string; values: LegendValue[] } | null;
  rows: { status: LegendRow | null; achievement: LegendRow | null };
}

/** The legends in force for a plan: the stored ones, or ○△×－ for the status axis when none is stored. */
export async function effectiveLegends(scope: TenantScope, planId: string, lock?: Lock): Promise<EffectiveLegends> {
  const rows = await legendRows(scope, planId, lock);
  const status = rows.find((r) => r.axis === 'status') ?? null;
  const achievement = rows.find((r) => r.axis === 'achievement') ?? null;
  return {
    status: status ? { name: status.name, values: status.values } : defaultLegend(),
    achievement: achievement ? { name: achievement.name, values: achievement.values } : null,
    rows: { status, achievement },
  };
}

export function presentLegends(l: EffectiveLegends): ReportLegendsDto {
  return {
    status: presentLegend('status', l.rows.status, defaultLegend())!,
    achievement: presentLegend('achievement', l.rows.achievement),
  };
}

export async function getPlanLegends(scope: TenantScope, planId: string): Promise<PlanLegendsDto> {
  if (!(await findPlan(scope, planId))) throw notFound('計画');
  const l = await effectiveLegends(scope, planId);
  return {
    planId,
    ...presentLegends(l),
    presets: LEGEND_PRESETS.map((p) => ({ key: p.key, name: p.name, values: p.values.map((v) => ({ ...v })) })),
  };
}
