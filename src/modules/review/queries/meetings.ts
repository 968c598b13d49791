import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { readAll } from '../../../db/parallel.js';
import { meetingAgenda, meetings, opinions } from '../../../db/schema.js';
import type { MeetingDto, MeetingListDto, OpinionCountsDto } from '../../../shared/api-types-review.js';
import type { TenantScope } from '../../../shared/context.js';
import { notFound } from '../../../shared/errors.js';
import { MEMBER_ROLES, STANDARD_BODIES } from '../domain/meeting.js';
import { agendaOf, findMeeting, type MeetingRow } from '../db/repo.js';
import { presentMeeting, presentMeetingSummary } from '../presenters/meeting.js';

export interface MeetingFilter {
  body?: string;
  from?: string;
  to?: string;
}

const noOpinions = (): OpinionCountsDto => ({ open: 0, answered: 0, closed: 0 });

async function opinionCountsByMeeting(scope: TenantScope, meetingIds: string[]): Promise<Map<string, OpinionCountsDto>> {
  const out = new Map<string, OpinionCountsDto>();
  if (!meetingIds.length) return out;
  const rows = await scope.db
    .select({ meetingId: opinions.meetingId, state: opinions.state, n: sql<number>`count(*)`.mapWith(Number) })
    .from(opinions)
    .where(and(eq(opinions.municipalityId, scope.municipalityId), inArray(opinions.meetingId, meetingIds)))
    .groupBy(opinions.meetingId, opinions.state);
  for (const r of rows) {
    if (!r.meetingId) continue;
    const c = out.get(r.meetingId) ?? noOpinions();
    if (r.state === 'open' || r.state === 'answered' || r.state === 'closed') c[r.state] += r.n;
    out.set(r.meetingId, c);
  }
  return out;
}

/** Newest meeting first. */
export async function listMeetings(scope: TenantScope, filter: MeetingFilter = {}): Promise<MeetingListDto> {
  const conds = [eq(meetings.municipalityId, scope.municipalityId)];
  if (filter.body) conds.push(eq(meetings.body, filter.body));
  if (filter.from) conds.push(gte(meetings.heldOn, filter.from));
  if (filter.to) conds.push(lte(meetings.heldOn, filter.to));
  const rows = await scope.db
    .select()
    .from(meetings)
    .where(and(...conds))
    .orderBy(desc(meetings.heldOn), asc(meetings.title), asc(meetings.id));
  const ids = rows.map((r) => r.id);
  const [agendaCounts, opinionCounts] = await readAll(scope.db, [
    () =>
      ids.length
        ? scope.db
            .select({ meetingId: meetingAgenda.meetingId, n: sql<number>`count(*)`.mapWith(Number) })
            .from(meetingAgenda)
            .where(and(eq(meetingAgenda.municipalityId, scope.municipalityId), inArray(meetingAgenda.meetingId, ids)))
            .groupBy(meetingAgenda.meetingId)
        : Promise.resolve([]),
    () => opinionCountsByMeeting(scope, ids),
  ] as const);
  const agendaBy = new Map(agendaCounts.map((a) => [a.meetingId, a.n]));
  return {
    items: rows.map((m) => presentMeetingSummary(m, { agendaCount: agendaBy.get(m.id) ?? 0, opinions: opinionCounts.get(m.id) ?? noOpinions() })),
    standardBodies: [...STANDARD_BODIES],
    memberRoles: [...MEMBER_ROLES],
  };
}

export async function getMeeting(scope: TenantScope, meetingId: string, loaded?: MeetingRow): Promise<MeetingDto> {
  const m = loaded ?? (await findMeeting(scope, meetingId));
  if (!m) throw notFound('会議');
  const [agenda, counts] = await readAll(scope.db, [() => agendaOf(scope, meetingId), () => opinionCountsByMeeting(scope, [meetingId])] as const);
  return presentMeeting(m, agenda, counts.get(meetingId) ?? noOpinions());
}
