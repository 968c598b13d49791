import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { readAll } from '../../../db/parallel.js';
import { departments, meetings, opinions, planNodes } from '../../../db/schema.js';
import type { OpinionDetailDto, OpinionDto, OpinionListDto, OpinionSummaryDto } from '../../../shared/api-types-review.js';
import type { TenantScope } from '../../../shared/context.js';
import { notFound } from '../../../shared/errors.js';
import type { Actor } from '../../access/domain/policy.js';
import { listDepartments } from '../../departments/queries/departments.js';
import { todayInTokyo } from '../../fiscal/domain/index.js';
import { OPINION_RESPONSE_DAYS, overdueCutoff, type OpinionState } from '../domain/opinion.js';
import { opinionAuditRows } from '../db/repo.js';
import { opinionPermissions } from '../policies/review.js';
import { opinionState, presentOpinion, presentOpinionEvent, type OpinionView } from '../presenters/opinion.js';

export interface OpinionFilter {
  state?: OpinionState;
  /** a department id, or 'none' for opinions not yet assigned */
  department?: string;
  meeting?: string;
  node?: string;
  overdue?: boolean;
  page?: number;
  pageSize?: number;
}


function viewQuery(scope: TenantScope) {
  return scope.db
    .select({
      municipalityId: opinions.municipalityId,
      id: opinions.id,
      meetingId: opinions.meetingId,
      nodeId: opinions.nodeId,
      body: opinions.body,
      assignedDepartmentId: opinions.assignedDepartmentId,
      response: opinions.response,
      state: opinions.state,
      respondedBy: opinions.respondedBy,
      respondedAt: opinions.respondedAt,
      closedAt: opinions.closedAt,
      dueOn: opinions.dueOn,
      version: opinions.version,
      createdAt: opinions.createdAt,
      meetingTitle: meetings.title,
      meetingBody: meetings.body,
      meetingHeldOn: meetings.heldOn,
      nodePlanId: planNodes.planId,
      nodeNumber: planNodes.number,
      nodeTitle: planNodes.title,
      departmentName: departments.name,
      returnComment: opinions.returnComment,
      lastReturnComment: opinions.returnComment,
    })
    .from(opinions)
    .leftJoin(meetings, and(eq(meetings.municipalityId, opinions.municipalityId), eq(meetings.id, opinions.meetingId)))
    .leftJoin(planNodes, and(eq(planNodes.municipalityId, opinions.municipalityId), eq(planNodes.id, opinions.nodeId)))
    .leftJoin(departments, and(eq(departments.municipalityId, opinions.municipalityId), eq(departments.id, opinions.assignedDepartmentId)));
}

/**
 * Past its deadline on `today` (the SQL form of domain opinionDeadline / isOpinionOverdue): a set 回答期限
 * is compared as a date; without one, the default rule is the recorded instant against overdueCutoff.
 */
function pastDeadline(today: string): SQL {
  const cutoff = overdueCutoff(today).toISOString();
  return sql`(case when ${opinions.dueOn} is null then ${opinions.createdAt} < ${cutoff}::timestamptz else ${opinions.dueOn} < ${today}::date end)`;
}

/** Open, assigned and past its deadline. */
function overdueSql(today: string): SQL {
  return sql`(${opinions.state} = 'open' and ${opinions.assignedDepartmentId} is not null and ${pastDeadline(today)})`;
}

function conditions(scope: TenantScope, f: OpinionFilter, today: string): SQL[] {
  const conds: SQL[] = [eq(opinions.municipalityId, scope.municipalityId)];
  if (f.state) conds.push(eq(opinions.state, f.state));
  if (f.department === 'none') conds.push(isNull(opinions.assignedDepartmentId));
  else if (f.department) conds.push(eq(opinions.assignedDepartmentId, f.department));
  if (f.meeting) conds.push(eq(opinions.meetingId, f.meeting));
  if (f.node) conds.push(eq(opinions.nodeId, f.node));
  if (f.overdue !== undefined) {
    const overdue = overdueSql(today);
    conds.push(f.overdue ? overdue : sql`not ${overdue}`);
  }
  return conds;
}

const present = (actor: Actor, today: string) => (o: OpinionView) =>
  presentOpinion(o, today, opinionPermissions(actor, { ...o, state: opinionState(o.state) }));

export async function listOpinions(scope: TenantScope, actor: Actor, f: OpinionFilter = {}, today = todayInTokyo()): Promise<OpinionListDto> {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 50;
  const where = and(...conditions(scope, f, today));
  const [rows, [total]] = await readAll(scope.db, [
    () =>
      viewQuery(scope)
        .where(where)
        .orderBy(desc(opinions.createdAt), asc(opinions.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
    () => scope.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(opinions).where(where),
  ] as const);
  return { items: rows.map(present(actor, today)), total: total?.n ?? 0, page, pageSize, responseDays: OPINION_RESPONSE_DAYS, asOf: today };
}

export async function findOpinionView(scope: TenantScope, opinionId: string): Promise<OpinionView | null> {
  const rows = await viewQuery(scope)
    .where(and(eq(opinions.municipalityId, scope.municipalityId), eq(opinions.id, opinionId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function getOpinion(scope: TenantScope, actor: Actor, opinionId: string, today = todayInTokyo()): Promise<OpinionDto> {
  const o = await findOpinionView(scope, opinionId);
  if (!o) throw notFound('意見');
  return present(actor, today)(o);
}

export async function getOpinionDetail(scope: TenantScope, actor: Actor, opinionId: string, today = todayInTokyo()): Promise<OpinionDetailDto> {
  const o = await findOpinionView(scope, opinionId);
  if (!o) throw notFound('意見');
  const [events, depts] = await readAll(scope.db, [() => opinionAuditRows(scope, opinionId), () => listDepartments(scope)] as const);
  const names = new Map(depts.map((d) => [d.id, d.name]));
  return { ...present(actor, today)(o), history: events.map((e) => presentOpinionEvent(e, names)) };
}

/** Open / overdue / answered / closed per assigned department (未割当 last). */
export async function opinionSummary(scope: TenantScope, today = todayInTokyo()): Promise<OpinionSummaryDto> {
  const rows = await scope.db
    .select({
      departmentId: opinions.assignedDepartmentId,
      departmentName: departments.name,
      sortOrder: departments.sortOrder,
      open: sql<number>`count(*) filter (where ${opinions.state} = 'open')`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${overdueSql(today)})`.mapWith(Number),
      answered: sql<number>`count(*) filter (where ${opinions.state} = 'answered')`.mapWith(Number),
      closed: sql<number>`count(*) filter (where ${opinions.state} = 'closed')`.mapWith(Number),
    })
    .from(opinions)
    .leftJoin(departments, and(eq(departments.municipalityId, opinions.municipalityId), eq(departments.id, opinions.assignedDepartmentId)))
    .where(eq(opinions.municipalityId, scope.municipalityId))
    .groupBy(opinions.assignedDepartmentId, departments.name, departments.sortOrder);
  rows.sort((a, b) =>
    a.departmentId === null ? 1 : b.departmentId === null ? -1 : (a.sortOrder ?? 0) - (b.sortOrder ?? 0) || (a.departmentName ?? '').localeCompare(b.departmentName ?? '', 'ja'),
  );
  const list = rows.map((r) => ({
    departmentId: r.departmentId,
    departmentName: r.departmentId === null ? '未割当' : (r.departmentName ?? '（不明な組織）'),
    open: r.open,
    overdue: r.overdue,
    answered: r.answered,
    closed: r.closed,
  }));
  const totals = list.reduce((t, r) => ({ open: t.open + r.open, overdue: t.overdue + r.overdue, answered: t.answered + r.answered, closed: t.closed + r.closed }), {
    open: 0,
    overdue: 0,
    answered: 0,
    closed: 0,
  });
  return { asOf: today, responseDays: OPINION_RESPONSE_DAYS, departments: list, totals };
}
