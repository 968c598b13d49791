/**
 * Tenant-scoped reads for meetings and opinions. Every statement filters on
 * municipality_id: an id of another municipality finds nothing.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { auditLog, departments, meetingAgenda, meetings, opinions, planNodes, rounds } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';
import type { OpinionState } from '../domain/opinion.js';

export type MeetingRow = typeof meetings.$inferSelect;
export type AgendaRow = typeof meetingAgenda.$inferSelect;
export type OpinionRow = typeof opinions.$inferSelect;

/** An agenda item with the labels of what it links to. */
export interface AgendaView extends AgendaRow {
  roundLabel: string | null;
  nodeNumber: string | null;
  nodeTitle: string | null;
  nodePlanId: string | null;
}

/** `lock`: FOR UPDATE / FOR SHARE inside the caller's transaction. */
export async function findMeeting(scope: TenantScope, meetingId: string, lock?: 'share' | 'update'): Promise<MeetingRow | null> {
  const q = scope.db
    .select()
    .from(meetings)
    .where(and(eq(meetings.municipalityId, scope.municipalityId), eq(meetings.id, meetingId)))
    .limit(1);
  const rows = lock ? await q.for(lock) : await q;
  return rows[0] ?? null;
}

export async function agendaOf(scope: TenantScope, meetingId: string): Promise<AgendaView[]> {
  const m = scope.municipalityId;
  return scope.db
    .select({
      municipalityId: meetingAgenda.municipalityId,
      id: meetingAgenda.id,
      meetingId: meetingAgenda.meetingId,
      sortOrder: meetingAgenda.sortOrder,
      title: meetingAgenda.title,
      roundId: meetingAgenda.roundId,
      nodeId: meetingAgenda.nodeId,
      roundLabel: rounds.label,
      nodeNumber: planNodes.number,
      nodeTitle: planNodes.title,
      nodePlanId: planNodes.planId,
    })
    .from(meetingAgenda)
    .leftJoin(rounds, and(eq(rounds.municipalityId, meetingAgenda.municipalityId), eq(rounds.id, meetingAgenda.roundId)))
    .leftJoin(planNodes, and(eq(planNodes.municipalityId, meetingAgenda.municipalityId), eq(planNodes.id, meetingAgenda.nodeId)))
    .where(and(eq(meetingAgenda.municipalityId, m), eq(meetingAgenda.meetingId, meetingId)))
    .orderBy(asc(meetingAgenda.sortOrder));
}

export async function findRounds(scope: TenantScope, ids: string[]) {
  if (!ids.length) return [];
  return scope.db
    .select({ id: rounds.id, planId: rounds.planId, label: rounds.label })
    .from(rounds)
    .where(and(eq(rounds.municipalityId, scope.municipalityId), inArray(rounds.id, ids)));
}

export async function findNodes(scope: TenantScope, ids: string[]) {
  if (!ids.length) return [];
  return scope.db
    .select({ id: planNodes.id, planId: planNodes.planId, number: planNodes.number, title: planNodes.title })
    .from(planNodes)
    .where(and(eq(planNodes.municipalityId, scope.municipalityId), inArray(planNodes.id, ids)));
}

export async function findDepartment(scope: TenantScope, id: string) {
  const rows = await scope.db
    .select()
    .from(departments)
    .where(and(eq(departments.municipalityId, scope.municipalityId), eq(departments.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function countOpinionsOfMeeting(scope: TenantScope, meetingId: string): Promise<number> {
  const [row] = await scope.db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(opinions)
    .where(and(eq(opinions.municipalityId, scope.municipalityId), eq(opinions.meetingId, meetingId)));
  return row?.n ?? 0;
}

/** The meeting's opinions counted by state; `lock` holds them (row locks, so they are read, not aggregated, in SQL). */
export async function opinionStatesOfMeeting(scope: TenantScope, meetingId: string, lock?: 'share' | 'update'): Promise<Record<OpinionState, number>> {
  const q = scope.db
    .select({ state: opinions.state })
    .from(opinions)
    .where(and(eq(opinions.municipalityId, scope.municipalityId), eq(opinions.meetingId, meetingId)));
  const rows = lock ? await q.for(lock) : await q;
  const out: Record<OpinionState, number> = { open: 0, answered: 0, closed: 0 };
  for (const r of rows) if (r.state in out) out[r.state as OpinionState]++;
  return out;
}

export async function findOpinion(scope: TenantScope, opinionId: string): Promise<OpinionRow | null> {
  const rows = await scope.db
    .select()
    .from(opinions)
    .where(and(eq(opinions.municipalityId, scope.municipalityId), eq(opinions.id, opinionId)))
    .limit(1);
  return rows[0] ?? null;
}

/** The opinion's own audit rows, oldest first: its history (who assigned, answered, returned with what comment, closed). */
export async function opinionAuditRows(scope: TenantScope, opinionId: string) {
  return scope.db
    .select({ at: auditLog.at, actor: auditLog.actor, action: auditLog.action, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.municipalityId, scope.municipalityId), eq(auditLog.entity, 'opinion'), eq(auditLog.entityId, opinionId)))
    .orderBy(asc(auditLog.at), asc(auditLog.id));
}
