/**
 * What citizens see of the review bodies: the published meetings (newest first) with their closed
 * opinions and the municipality's responses. Nothing else of a meeting (members, minutes, agenda)
 * and no opinion that is not closed; who answered and when stay internal. Tenant-scoped, two statements.
 */
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { departments, meetings, opinions, planNodes } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';

export interface PublishedOpinion {
  id: string;
  body: string;
  response: string;
  /** the plan item it concerns, if any */
  node: { id: string; planId: string; number: string; title: string } | null;
  departmentName: string | null;
}

export interface PublishedMeeting {
  id: string;
  body: string;
  title: string;
  heldOn: string;
  publishedAt: Date;
  opinions: PublishedOpinion[];
}

export async function publishedMeetings(scope: TenantScope): Promise<PublishedMeeting[]> {
  const m = scope.municipalityId;
  const rows = await scope.db
    .select({ id: meetings.id, body: meetings.body, title: meetings.title, heldOn: meetings.heldOn, publishedAt: meetings.publishedAt })
    .from(meetings)
    .where(and(eq(meetings.municipalityId, m), isNotNull(meetings.publishedAt)))
    .orderBy(desc(meetings.heldOn), asc(meetings.title), asc(meetings.id));
  if (!rows.length) return [];
  const ops = await scope.db
    .select({
      id: opinions.id,
      meetingId: opinions.meetingId,
      body: opinions.body,
      response: opinions.response,
      nodeId: planNodes.id,
      nodePlanId: planNodes.planId,
      nodeNumber: planNodes.number,
      nodeTitle: planNodes.title,
      departmentName: departments.name,
    })
    .from(opinions)
    .leftJoin(planNodes, and(eq(planNodes.municipalityId, opinions.municipalityId), eq(planNodes.id, opinions.nodeId)))
    .leftJoin(departments, and(eq(departments.municipalityId, opinions.municipalityId), eq(departments.id, opinions.assignedDepartmentId)))
    .where(
      and(
        eq(opinions.municipalityId, m),
        inArray(
          opinions.meetingId,
          rows.map((r) => r.id),
        ),
        eq(opinions.state, 'closed'),
      ),
    )
    .orderBy(asc(opinions.createdAt), asc(opinions.id));
  const byMeeting = new Map<string, PublishedOpinion[]>();
  for (const o of ops) {
    const list = byMeeting.get(o.meetingId!) ?? byMeeting.set(o.meetingId!, []).get(o.meetingId!)!;
    list.push({
      id: o.id,
      body: o.body,
      response: o.response,
      node: o.nodeId !== null ? { id: o.nodeId, planId: o.nodePlanId!, number: o.nodeNumber ?? '', title: o.nodeTitle ?? '' } : null,
      departmentName: o.departmentName,
    });
  }
  return rows.map((r) => ({ id: r.id, body: r.body, title: r.title, heldOn: r.heldOn, publishedAt: r.publishedAt!, opinions: byMeeting.get(r.id) ?? [] }));
}
