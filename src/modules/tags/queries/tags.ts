import { and, asc, eq, inArray } from 'drizzle-orm';
import { tags } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';

export async function listTags(scope: TenantScope) {
  return scope.db
    .select()
    .from(tags)
    .where(eq(tags.municipalityId, scope.municipalityId))
    .orderBy(asc(tags.category), asc(tags.sortOrder), asc(tags.name));
}

export async function findTags(scope: TenantScope, ids: string[]) {
  if (!ids.length) return [];
  return scope.db.select().from(tags).where(and(eq(tags.municipalityId, scope.municipalityId), inArray(tags.id, ids)));
}
