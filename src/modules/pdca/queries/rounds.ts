import type { MunicipalityRoundListDto, RoundDto } from '../../../shared/api-types-pdca.js';
import type { TenantScope } from '../../../shared/context.js';
import { notFound } from '../../../shared/errors.js';
import { findPlan } from '../../plans/db/repo.js';
import { fiscalYearLabel, fiscalYearShort, todayInTokyo } from '../../fiscal/domain/index.js';
import { findRound, findRounds, reportCounts, roundFacets, roundRowsOfMunicipality, roundRowsOfPlan, type RoundRow } from '../db/repo.js';
import { normalizeRoundStates, type RoundListFilter } from '../domain/roundList.js';
import { presentMunicipalityRound, presentRound } from '../presenters/pdca.js';

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

/**
 * The municipality's rounds across its plans, newest first. A fixed number of statements
 * whatever the number of rounds: the rounds with their plans, the report counts of all of
 * them (GROUP BY), the labels of previous rounds the filter left out, the filter choices.
 * A plan of another municipality is "not found", as on the plan's own list.
 */
export async function listMunicipalityRounds(scope: TenantScope, filter: RoundListFilter, now: Date = new Date()): Promise<MunicipalityRoundListDto> {
  if (filter.planId && !(await findPlan(scope, filter.planId))) throw notFound('計画');
  const states = normalizeRoundStates(filter.states);
  const rows = await roundRowsOfMunicipality(scope, { states, planId: filter.planId, fiscalYear: filter.fiscalYear });
  const presented = await presentRounds(scope, rows.map((r) => r.round));
  const today = todayInTokyo(now);
  const items = presented.map((dto, i) => presentMunicipalityRound(dto, { id: rows[i]!.round.planId, title: rows[i]!.planTitle }, today));

  const facets = await roundFacets(scope);
  const plans = new Map<string, { id: string; title: string; sortOrder: number }>();
  for (const f of facets) plans.set(f.planId, { id: f.planId, title: f.planTitle, sortOrder: f.planSortOrder });
  const years = [...new Set(facets.map((f) => f.fiscalYear))].sort((a, b) => b - a);
  return {
    today,
    filter: { states, planId: filter.planId, fiscalYear: filter.fiscalYear },
    items,
    choices: {
      plans: [...plans.values()].sort((a, b) => a.sortOrder - b.sortOrder || a.title.localeCompare(b.title, 'ja')).map(({ id, title }) => ({ id, title })),
      fiscalYears: years.map((year) => ({ year, label: fiscalYearLabel(year), short: fiscalYearShort(year) })),
    },
  };
}
