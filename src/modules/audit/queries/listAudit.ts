import { and, asc, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { auditLog } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';
import { jstDateRange } from '../domain/labels.js';

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  /** actor id (the part before ':' of the stored "id:name"), or the stored value itself */
  actor?: string;
  /** JST calendar dates (YYYY-MM-DD), both inclusive */
  from?: string;
  to?: string;
}

export type AuditRow = typeof auditLog.$inferSelect;

function conditions(scope: TenantScope, filter: AuditFilter): SQL[] {
  const conds: SQL[] = [eq(auditLog.municipalityId, scope.municipalityId)];
  if (filter.entity) conds.push(eq(auditLog.entity, filter.entity));
  if (filter.entityId) conds.push(eq(auditLog.entityId, filter.entityId));
  if (filter.actor) conds.push(or(eq(auditLog.actor, filter.actor), sql`split_part(${auditLog.actor}, ':', 1) = ${filter.actor}`)!);
  const { start, end } = jstDateRange(filter.from, filter.to);
  if (start) conds.push(gte(auditLog.at, start));
  if (end) conds.push(lt(auditLog.at, end));
  return conds;
}

/** Newest first. */
export async function listAudit(scope: TenantScope, filter: AuditFilter & { limit?: number; offset?: number } = {}): Promise<AuditRow[]> {
  return scope.db
    .select()
    .from(auditLog)
    .where(and(...conditions(scope, filter)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filter.limit ?? 200)
    .offset(filter.offset ?? 0);
}

export async function countAudit(scope: TenantScope, filter: AuditFilter = {}): Promise<number> {
  const [row] = await scope.db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(auditLog)
    .where(and(...conditions(scope, filter)));
  return row?.n ?? 0;
}

/**
 * Oldest first, in batches, for the CSV export. Keyset paging on (at, id); the cursor keeps
 * `at` as PostgreSQL's own text so microseconds survive (a JS Date would cut them to
 * milliseconds and repeat or skip rows).
 */
export async function* auditRowsInOrder(scope: TenantScope, filter: AuditFilter = {}, batchSize = 500): AsyncGenerator<AuditRow[]> {
  let cursor: { at: string; id: string } | null = null;
  for (;;) {
    const conds = conditions(scope, filter);
    if (cursor) conds.push(sql`(${auditLog.at}, ${auditLog.id}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
    const rows: (AuditRow & { cursorAt: string })[] = await scope.db
      .select({
        municipalityId: auditLog.municipalityId,
        id: auditLog.id,
        at: auditLog.at,
        actor: auditLog.actor,
        ip: auditLog.ip,
        action: auditLog.action,
        entity: auditLog.entity,
        entityId: auditLog.entityId,
        before: auditLog.before,
        after: auditLog.after,
        cursorAt: sql<string>`${auditLog.at}::text`,
      })
      .from(auditLog)
      .where(and(...conds))
      .orderBy(asc(auditLog.at), asc(auditLog.id))
      .limit(batchSize);
    if (!rows.length) return;
    yield rows.map(({ cursorAt: _c, ...r }) => r);
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    cursor = { at: last.cursorAt, id: last.id };
  }
}
