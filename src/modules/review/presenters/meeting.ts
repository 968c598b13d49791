import type { AgendaItemDto, MeetingDto, MeetingSummaryDto, OpinionCountsDto } from '../../../shared/api-types-review.js';
import { formatWarekiDate, toTokyoIsoDate } from '../../fiscal/domain/index.js';
import { isStandardBody } from '../domain/meeting.js';
import { publicationProblems } from '../domain/publication.js';
import type { AgendaView, MeetingRow } from '../db/repo.js';

const warekiOrIso = (iso: string) => {
  try {
    return formatWarekiDate(iso);
  } catch {
    return iso;
  }
};

export function presentMeetingSummary(m: MeetingRow, extra: { agendaCount: number; opinions: OpinionCountsDto }): MeetingSummaryDto {
  return {
    id: m.id,
    body: m.body,
    standardBody: isStandardBody(m.body),
    title: m.title,
    heldOn: m.heldOn,
    heldOnLabel: warekiOrIso(m.heldOn),
    memberCount: m.members.length,
    agendaCount: extra.agendaCount,
    opinions: extra.opinions,
    publishedAt: m.publishedAt ? m.publishedAt.toISOString() : null,
    publishedOnLabel: m.publishedAt ? warekiOrIso(toTokyoIsoDate(m.publishedAt)) : '',
    version: m.version,
  };
}

export function presentAgendaItem(a: AgendaView): AgendaItemDto {
  return {
    id: a.id,
    sortOrder: a.sortOrder,
    title: a.title,
    roundId: a.roundId,
    roundLabel: a.roundLabel,
    nodeId: a.nodeId,
    nodeNumber: a.nodeNumber,
    nodeTitle: a.nodeTitle,
    planId: a.nodePlanId,
  };
}

export function presentMeeting(m: MeetingRow, agenda: AgendaView[], opinions: OpinionCountsDto): MeetingDto {
  return {
    ...presentMeetingSummary(m, { agendaCount: agenda.length, opinions }),
    members: m.members.map((x) => ({ name: x.name, role: x.role })),
    minutes: m.minutes,
    agenda: agenda.map(presentAgendaItem),
    createdAt: m.createdAt.toISOString(),
    publishProblems: publicationProblems({ opinions, publishedAt: m.publishedAt }),
  };
}

/** The meeting's full state as written to the audit log (before / after). */
export function meetingAuditState(m: MeetingRow, agenda: readonly { id: string; sortOrder: number; title: string; roundId: string | null; nodeId: string | null }[]) {
  return {
    id: m.id,
    body: m.body,
    title: m.title,
    heldOn: m.heldOn,
    members: m.members,
    minutes: m.minutes,
    version: m.version,
    agenda: agenda.map((a) => ({ id: a.id, sortOrder: a.sortOrder, title: a.title, roundId: a.roundId, nodeId: a.nodeId })),
  };
}
