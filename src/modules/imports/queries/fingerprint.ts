/**
 * A short digest of everything loadImportContext reads (the plan, its legend, the municipality's
 * departments (hashed whole: small), the plan's nodes, their changes and rounds), computed by the database in one statement.
 *
 * The commit builds its plan of writes before its transaction (off the event loop) and, inside the
 * transaction, after locking the plan, compares this digest with the one taken before the context was
 * read: equal means the prepared plan still fits the data; different means something changed in between
 * and the plan is built again inside the transaction. Every command that edits these rows bumps their
 * version (nodes, departments, legends, rounds, the plan); sort order, parent and status are included as
 * well, and node changes by count and latest date, so that nothing the import relies on escapes it.
 */
import { sql } from 'drizzle-orm';
import type { TenantScope } from '../../../shared/context.js';

export async function contextFingerprint(scope: TenantScope, planId: string): Promise<string> {
  const m = scope.municipalityId;
  const rows = await scope.db.execute<{ fp: string }>(sql`
    select md5(concat_ws('|',
      (select concat_ws(':', version, updated_at) from plans where municipality_id = ${m} and id = ${planId}),
      (select concat_ws(':', count(*), md5(coalesce(string_agg(concat_ws(':', id, version, sort_order, parent_id, status), ',' order by id), '')))
         from plan_nodes where municipality_id = ${m} and plan_id = ${planId}),
      (select concat_ws(':', count(*), max(effective_date), max(seq)) from node_changes where municipality_id = ${m} and plan_id = ${planId}),
      (select md5(coalesce(string_agg(d::text, ',' order by d.id), '')) from departments d where d.municipality_id = ${m}),
      (select md5(coalesce(string_agg(l::text, ',' order by l.id), '')) from status_legends l where l.municipality_id = ${m} and l.plan_id = ${planId}),
      (select coalesce(string_agg(concat_ws(':', id, version, state), ',' order by id), '') from rounds where municipality_id = ${m} and plan_id = ${planId})
    )) as fp`);
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { fp: string }[];
  return list[0]!.fp;
}
