import { and, asc, count, eq, gt, inArray, isNull } from 'drizzle-orm';
import { departments, sessions, userDepartments, users } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';
import { IDLE_TIMEOUT_MS } from '../domain/session.js';

export type UserRow = typeof users.$inferSelect;
export interface DepartmentRef {
  id: string;
  name: string;
}

export async function listUserRows(scope: TenantScope): Promise<UserRow[]> {
  return scope.db.select().from(users).where(eq(users.municipalityId, scope.municipalityId)).orderBy(asc(users.loginId));
}

export async function findUser(scope: TenantScope, id: string): Promise<UserRow | null> {
  const rows = await scope.db
    .select()
    .from(users)
    .where(and(eq(users.municipalityId, scope.municipalityId), eq(users.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findUserByLoginId(scope: TenantScope, loginId: string): Promise<UserRow | null> {
  const rows = await scope.db
    .select()
    .from(users)
    .where(and(eq(users.municipalityId, scope.municipalityId), eq(users.loginId, loginId)))
    .limit(1);
  return rows[0] ?? null;
}

/** Departments of each user (name included), in department order. */
export async function departmentsOfUsers(scope: TenantScope, userIds: string[]): Promise<Map<string, DepartmentRef[]>> {
  const out = new Map<string, DepartmentRef[]>();
  if (!userIds.length) return out;
  const rows = await scope.db
    .select({ userId: userDepartments.userId, id: departments.id, name: departments.name })
    .from(userDepartments)
    .innerJoin(
      departments,
      and(eq(departments.municipalityId, userDepartments.municipalityId), eq(departments.id, userDepartments.departmentId)),
    )
    .where(and(eq(userDepartments.municipalityId, scope.municipalityId), inArray(userDepartments.userId, userIds)))
    .orderBy(asc(departments.sortOrder), asc(departments.name));
  for (const r of rows) {
    const list = out.get(r.userId) ?? [];
    list.push({ id: r.id, name: r.name });
    out.set(r.userId, list);
  }
  return out;
}

/** Sessions per user that are neither revoked nor past their absolute or idle expiry. */
export async function activeSessionCounts(scope: TenantScope, now: Date, userIds?: string[]): Promise<Map<string, number>> {
  const idleSince = new Date(now.getTime() - IDLE_TIMEOUT_MS);
  const conds = [
    eq(sessions.municipalityId, scope.municipalityId),
    isNull(sessions.revokedAt),
    gt(sessions.expiresAt, now),
    gt(sessions.lastSeenAt, idleSince),
  ];
  if (userIds) {
    if (!userIds.length) return new Map();
    conds.push(inArray(sessions.userId, userIds));
  }
  const rows = await scope.db
    .select({ userId: sessions.userId, n: count() })
    .from(sessions)
    .where(and(...conds))
    .groupBy(sessions.userId);
  return new Map(rows.map((r) => [r.userId, Number(r.n)]));
}

/** Which of these ids are departments of the municipality. */
export async function existingDepartmentIds(scope: TenantScope, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await scope.db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.municipalityId, scope.municipalityId), inArray(departments.id, ids)));
  return new Set(rows.map((r) => r.id));
}

/** Active accounts attached to a department, optionally of some roles: whom a notification goes to. */
export async function activeDepartmentUserIds(scope: TenantScope, departmentId: string, roles?: readonly string[]): Promise<string[]> {
  const rows = await scope.db
    .select({ id: users.id })
    .from(userDepartments)
    .innerJoin(users, and(eq(users.municipalityId, userDepartments.municipalityId), eq(users.id, userDepartments.userId)))
    .where(
      and(
        eq(userDepartments.municipalityId, scope.municipalityId),
        eq(userDepartments.departmentId, departmentId),
        eq(users.disabled, false),
        roles ? inArray(users.role, [...roles]) : undefined,
      ),
    )
    .orderBy(asc(users.id));
  return rows.map((r) => r.id);
}
