import { and, desc, eq } from 'drizzle-orm';
import { auditLog } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';

export async function listAudit(scope: TenantScope, filter: { entity?: string; entityId?: string; limit?: number } = {}) {
  const conds = [eq(auditLog.municipalityId, scope.municipalityId)];
  if (filter.entity) conds.push(eq(auditLog.entity, filter.entity));
  if (filter.entityId) conds.push(eq(auditLog.entityId, filter.entityId));
  return scope.db
    .select()
    .from(auditLog)
    .where(and(...conds))
    .orderBy(desc(auditLog.at))
    .limit(filter.limit ?? 200);
}
