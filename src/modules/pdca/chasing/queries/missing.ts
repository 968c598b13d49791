/**
 * Who has not submitted: per department and per person. Tenant-scoped reads.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { userDepartments, users } from '../../../../db/schema.js';
import type { MissingDto } from '../../../../shared/api-types-views.js';
import type { TenantScope } from '../../../../shared/context.js';
import type { Actor } from '../../../access/domain/policy.js';
import { todayInTokyo } from '../../../fiscal/domain/index.js';
import { REPORT_STATE_LABELS } from '../../domain/workflow.js';
import { leadDepartmentOf, roundItems } from '../../views/domain/model.js';
import { idCountDto, presentNodes, presentRound } from '../../views/presenters/views.js';
import { loadRoundData, type RoundData } from '../../views/queries/load.js';
import { CHASED_ROLES, deadlineInfo, missingByDepartment, missingPeople, type MissingDepartment, type StaffMember } from '../domain/missing.js';
import { visibleMissingPeople } from '../domain/policy.js';
import type { MissingPerson } from '../domain/policy.js';

export const ROLE_LABELS: Record<string, string> = {
  system_admin: 'システム管理者',
  secretariat: '事務局',
  dept_reporter: '担当課 報告者',
  dept_approver: '担当課 承認者',
  viewer: '推進本部・幹部',
  council: '審議会委員',
};

export type StaffRow = StaffMember & { name: string; email: string };

/** Reporters and approvers linked to the departments (enabled or not; the rule filters). */
export async function staffOfDepartments(scope: TenantScope, departmentIds: string[]): Promise<StaffRow[]> {
  if (!departmentIds.length) return [];
  const m = scope.municipalityId;
  const rows = await scope.db
    .select({ id: users.id, loginId: users.loginId, name: users.name, email: users.email, role: users.role, disabled: users.disabled, departmentId: userDepartments.departmentId })
    .from(userDepartments)
    .innerJoin(users, and(eq(users.municipalityId, userDepartments.municipalityId), eq(users.id, userDepartments.userId)))
    .where(and(eq(userDepartments.municipalityId, m), inArray(userDepartments.departmentId, departmentIds), inArray(users.role, [...CHASED_ROLES])))
    .orderBy(asc(userDepartments.departmentId));
  // by login id, compared in code: the two databases may collate Japanese names differently
  rows.sort((a, b) => (a.loginId < b.loginId ? -1 : a.loginId > b.loginId ? 1 : 0));
  const out = new Map<string, StaffRow>();
  for (const r of rows) {
    const u = out.get(r.id);
    if (u) u.departmentIds.push(r.departmentId);
    else out.set(r.id, { id: r.id, name: r.name, email: r.email, role: r.role, disabled: r.disabled, departmentIds: [r.departmentId] });
  }
  return [...out.values()];
}

export interface MissingData {
  data: RoundData;
  missing: MissingDepartment[];
  people: MissingPerson[];
  staff: Map<string, StaffRow>;
  leadOf: (nodeId: string) => string | null;
  today: string;
}

export async function loadMissing(scope: TenantScope, roundId: string, now: Date = new Date()): Promise<MissingData> {
  const data = await loadRoundData(scope, roundId);
  const items = roundItems(data.nodes, data.round, data.answers);
  const mine = data.answers.get(data.round.id);
  const missing = missingByDepartment(
    items.map((n) => ({ id: n.id, leadDepartmentId: leadDepartmentOf(n) })),
    (id) => mine?.get(id)?.state ?? null,
  );
  const staffRows = await staffOfDepartments(scope, missing.flatMap((m) => (m.departmentId ? [m.departmentId] : [])));
  const people = missingPeople(missing, staffRows);
  const leadOf = (id: string) => {
    const n = data.byId.get(id);
    return n ? leadDepartmentOf(n) : null;
  };
  return { data, missing, people, staff: new Map(staffRows.map((s) => [s.id, s])), leadOf, today: todayInTokyo(now) };
}

export async function missingView(scope: TenantScope, roundId: string, actor: Actor, now?: Date): Promise<MissingDto> {
  const md = await loadMissing(scope, roundId, now);
  const { data, missing, people, staff } = md;
  const mine = data.answers.get(data.round.id);
  const visible = visibleMissingPeople(actor, people, md.leadOf);
  const deptName = (id: string) => data.deptNames.get(id) ?? '（不明な組織）';
  const allIds = missing.flatMap((m) => m.nodeIds);
  return {
    round: presentRound(data.round, data.plan.title),
    deadline: deadlineInfo(md.today, data.round.deadline),
    total: { count: allIds.length, nodeIds: allIds },
    departments: missing.map((m) => ({
      department: m.departmentId ? { id: m.departmentId, name: deptName(m.departmentId) } : null,
      missing: { count: m.nodeIds.length, nodeIds: m.nodeIds },
      items: m.nodeIds.map((id) => {
        const state = mine?.get(id)?.state ?? null;
        return { nodeId: id, state, stateLabel: state ? REPORT_STATE_LABELS[state] : '未着手（報告なし）' };
      }),
      userIds: visible.people.filter((p) => m.departmentId && p.departmentIds.includes(m.departmentId)).map((p) => p.userId),
    })),
    peopleScope: visible.scope,
    people: visible.people.map((p) => {
      const s = staff.get(p.userId)!;
      return {
        userId: p.userId,
        name: s.name,
        role: s.role,
        roleLabel: ROLE_LABELS[s.role] ?? s.role,
        hasEmail: s.email.trim() !== '',
        departments: p.departmentIds.map((id) => ({ id, name: deptName(id) })),
        missing: idCountDto({ count: p.nodeIds.length, nodeIds: p.nodeIds }),
      };
    }),
    nodes: presentNodes(allIds, data),
  };
}
