/**
 * What the plan tree and roadmap of a plan are made of, in one small statement: the plan row, its
 * stages and links, every node's version (and the plan's change history, which records moves and
 * reorders of siblings that do not bump their versions), and the municipality's departments and
 * tags (their names appear in the tree; these small tables are hashed whole). Any edit to any of them changes the answer, so an ETag
 * derived from it is correct without building the tree. Null when the plan does not exist.
 */
import { sql } from 'drizzle-orm';
import type { TenantScope } from '../../../shared/context.js';

export async function planTreeVersion(scope: TenantScope, planId: string): Promise<string | null> {
  const m = scope.municipalityId;
  const res = await scope.db.execute(sql`
    select json_build_array(
      md5(p::text),
      (select json_build_array(count(*), md5(coalesce(string_agg(n.id::text || ':' || n.version || ':' || n.updated_at || ':' || coalesce(n.parent_id::text, '') || ':' || n.depth || ':' || n.sort_order, ',' order by n.id), '')))
         from plan_nodes n where n.municipality_id = ${m} and n.plan_id = p.id),
      (select json_build_array(count(*), max(c.seq)) from node_changes c where c.municipality_id = ${m} and c.plan_id = p.id),
      (select md5(coalesce(string_agg(s::text, ',' order by s.id), ''))
         from plan_stages s where s.municipality_id = ${m} and s.plan_id = p.id),
      (select md5(coalesce(string_agg(l.related_plan_id::text || ':' || l.relation || ':' || rp.version || ':' || rp.updated_at, ',' order by l.related_plan_id), ''))
         from plan_links l join plans rp on rp.municipality_id = l.municipality_id and rp.id = l.related_plan_id
        where l.municipality_id = ${m} and l.plan_id = p.id),
      (select md5(coalesce(string_agg(d::text, ',' order by d.id), ''))
         from departments d where d.municipality_id = ${m}),
      (select md5(coalesce(string_agg(t::text, ',' order by t.id), ''))
         from tags t where t.municipality_id = ${m})
    )::text as v
    from plans p where p.municipality_id = ${m} and p.id = ${planId}`);
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { v: string }[];
  return rows[0]?.v ?? null;
}
