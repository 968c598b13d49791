import { and, asc, eq, inArray } from 'drizzle-orm';
import { departments } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';

export async function listDepartments(scope: TenantScope) {
  return scope.db
    .select()
    .from(departments)
    .where(eq(departments.municipalityId, scope.municipalityId))
    .orderBy(asc(departments.sortOrder), asc(departments.name));
}

export async function findDepartments(scope: TenantScope, ids: string[]) {
  if (!ids.length) return [];
  return scope.db
    .select()
    .from(departments)
    .where(and(eq(departments.municipalityId, scope.municipalityId), inArray(departments.id, ids)));
}
