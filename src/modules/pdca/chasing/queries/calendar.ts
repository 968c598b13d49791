/** Deadline calendar: rounds whose deadline falls in [from, to], with their state. Tenant-scoped. */
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { plans, rounds } from '../../../../db/schema.js';
import type { CalendarDto } from '../../../../shared/api-types-views.js';
import type { TenantScope } from '../../../../shared/context.js';
import { todayInTokyo } from '../../../fiscal/domain/index.js';
import { presentRound } from '../../views/presenters/views.js';
import { toViewRound } from '../../views/queries/load.js';
import { deadlineInfo } from '../domain/missing.js';

export async function deadlineCalendar(scope: TenantScope, from: string, to: string, now: Date = new Date()): Promise<CalendarDto> {
  const m = scope.municipalityId;
  const rows = await scope.db
    .select({ round: rounds, planTitle: plans.title })
    .from(rounds)
    .innerJoin(plans, and(eq(plans.municipalityId, rounds.municipalityId), eq(plans.id, rounds.planId)))
    .where(and(eq(rounds.municipalityId, m), gte(rounds.deadline, from), lte(rounds.deadline, to)))
    .orderBy(asc(rounds.deadline), asc(plans.sortOrder), asc(rounds.label));
  const today = todayInTokyo(now);
  return {
    from,
    to,
    today,
    items: rows.map((r) => ({ round: presentRound(toViewRound(r.round), r.planTitle), deadline: deadlineInfo(today, r.round.deadline) })),
  };
}
