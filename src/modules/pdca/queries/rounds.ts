import type { RoundDto } from '../../../shared/api-types-pdca.js';
import type { TenantScope } from '../../../shared/context.js';
import { notFound } from '../../../shared/errors.js';
import { findPlan } from '../../plans/db/repo.js';
import { findRound, findRounds, reportCounts, roundRowsOfPlan, type RoundRow } from '../db/repo.js';
import { presentRound } from '../presenters/pdca.js';

async function presentRounds(scope: TenantScope, rows: RoundRow[]): Promise<RoundDto[]> {
  const counts = await reportCounts(scope, rows.map((r) => r.id));
  const known = new Map(rows.map((r) => [r.id, r.label]));
  const missing = rows.map((r) => r.previousRoundId).filter((id): id is string => !!id && !known.has(id));
  for (const p of await findRounds(scope, [...new Set(missing)])) known.set(p.id, p.label);
  return rows.map((r) => presentRound(r, { counts: counts.get(r.id), previousLabel: r.previousRoundId ? known.get(r.previousRoundId) ?? null : null }));
}

export async function listRounds(scope: TenantScope, planId: string): Promise<RoundDto[]> {
  if (!(await findPlan(scope, planId))) throw notFound('計画');
  return presentRounds(scope, await roundRowsOfPlan(scope, planId));
}

export async function loadRound(scope: TenantScope, roundId: string): Promise<RoundRow> {
  const r = await findRound(scope, roundId);
  if (!r) throw notFound('照会');
  return r;
}

export async function getRound(scope: TenantScope, roundId: string, loaded?: RoundRow): Promise<RoundDto> {
  const r = loaded ?? (await loadRound(scope, roundId));
  return (await presentRounds(scope, [r]))[0]!;
}
