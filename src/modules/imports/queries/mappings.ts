import { and, asc, eq } from 'drizzle-orm';
import { importMappings } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';

export type MappingRow = typeof importMappings.$inferSelect;

export async function listMappings(scope: TenantScope): Promise<MappingRow[]> {
  return scope.db.select().from(importMappings).where(eq(importMappings.municipalityId, scope.municipalityId)).orderBy(asc(importMappings.name));
}

export async function findMapping(scope: TenantScope, id: string): Promise<MappingRow | null> {
  const rows = await scope.db
    .select()
    .from(importMappings)
    .where(and(eq(importMappings.municipalityId, scope.municipalityId), eq(importMappings.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findMappingByName(scope: TenantScope, name: string): Promise<MappingRow | null> {
  const rows = await scope.db
    .select()
    .from(importMappings)
    .where(and(eq(importMappings.municipalityId, scope.municipalityId), eq(importMappings.name, name.trim())))
    .limit(1);
  return rows[0] ?? null;
}
