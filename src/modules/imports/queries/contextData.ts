/**
 * The import context (queries/context.ts) as the worker processes take it: the small parts as rows,
 * the plan's nodes as one JSON text built by the database. A plan of 30,000 nodes read as rows took
 * the server's event loop 150–300 ms (decoding the rows, mapping them, building each node's snapshot)
 * on every upload, dry run and commit; as one text column it is a string handed on as it is, and the
 * worker parses it (domain/contextData.ts). Same content as loadImportContext: nodes with their
 * departments (in their order), schedule, printed marks (first use order, once each) and the date of
 * their latest change.
 */
import { sql } from 'drizzle-orm';
import type { TenantScope } from '../../../shared/context.js';
import { notFound } from '../../../shared/errors.js';
import { listDepartments } from '../../departments/queries/departments.js';
import { todayInTokyo } from '../../fiscal/domain/index.js';
import { roundRowsOfPlan } from '../../pdca/db/repo.js';
import { effectiveLegends } from '../../pdca/queries/legends.js';
import { findPlan } from '../../plans/db/repo.js';
import type { ImportContextData } from '../domain/contextData.js';

export async function loadImportContextData(scope: TenantScope, planId: string, today: string = todayInTokyo()): Promise<ImportContextData> {
  const plan = await findPlan(scope, planId);
  if (!plan) throw notFound('計画');
  // one after another: inside the commit's transaction these share its connection
  const legends = await effectiveLegends(scope, planId);
  const departments = await listDepartments(scope);
  const rounds = await roundRowsOfPlan(scope, planId);
  const nodesJson = await nodesAsJson(scope, planId);
  return {
    plan: { id: plan.id, title: plan.title, firstFiscalYear: plan.firstFiscalYear, lastFiscalYear: plan.lastFiscalYear, levelNames: plan.levelNames, phases: plan.phases },
    legend: legends.status.values,
    departments: departments.map((d) => ({ id: d.id, name: d.name, kind: d.kind, validFrom: d.validFrom, validTo: d.validTo, successorId: d.successorId })),
    rounds: rounds.map((r) => ({ id: r.id, label: r.label, asOfDate: r.asOfDate, targetFiscalYear: r.targetFiscalYear, state: r.state })),
    today,
    nodesJson,
  };
}

async function nodesAsJson(scope: TenantScope, planId: string): Promise<string> {
  const m = scope.municipalityId;
  const res = await scope.db.execute<{ nodes: string }>(sql`
    with n as (
      select * from plan_nodes where municipality_id = ${m} and plan_id = ${planId}
    ), d as (
      select d.node_id, json_agg(json_build_object('id', d.department_id, 'lead', d.is_lead) order by d.sort_order) as list
        from node_departments d join n on n.id = d.node_id
       where d.municipality_id = ${m}
       group by d.node_id
    ), s as (
      select s.node_id, json_object_agg(s.fiscal_year::text, s.phase order by s.fiscal_year) as schedule
        from node_schedules s join n on n.id = s.node_id
       where s.municipality_id = ${m}
       group by s.node_id
    ), c as (
      select node_id, max(effective_date) as last from node_changes
       where municipality_id = ${m} and plan_id = ${planId}
       group by node_id
    ), mk as (
      select node_id, json_agg(mark order by effective_date, seq) as marks
        from (select distinct on (node_id, mark) node_id, mark, effective_date, seq from node_changes
               where municipality_id = ${m} and plan_id = ${planId} and mark <> ''
               order by node_id, mark, effective_date, seq) x
       group by node_id
    )
    select coalesce(json_agg(json_build_object(
      'id', n.id, 'parentId', n.parent_id, 'depth', n.depth, 'sortOrder', n.sort_order, 'number', n.number,
      'title', n.title, 'description', n.description, 'isAction', n.is_action, 'status', n.status, 'version', n.version,
      'departments', coalesce(d.list, '[]'::json), 'schedule', coalesce(s.schedule, '{}'::json),
      'marks', coalesce(mk.marks, '[]'::json), 'lastChangeDate', c.last
    ) order by n.depth, n.sort_order, n.id), '[]'::json)::text as nodes
    from n left join d on d.node_id = n.id left join s on s.node_id = n.id left join c on c.node_id = n.id left join mk on mk.node_id = n.id`);
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { nodes: string }[];
  return rows[0]!.nodes;
}
