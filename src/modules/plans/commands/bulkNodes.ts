/**
 * New nodes written set-wise (the import's commit uses it): the same rows createNode writes for each
 * node — plan_nodes, node_departments, node_schedules, the node_changes row with the
 * snapshot (策定時 or 追加, with its printed mark) and the 'node.create' audit row — in
 * one statement whatever the number of nodes. The nodes travel as one JSON parameter
 * that the database unpacks (jsonb_to_recordset): each statement and each bound value
 * costs far more than the server's work per row, on PGlite most of all (2,000 items:
 * about a minute through createNode, 1–2.5 s in 500-row INSERTs, 0.2–0.6 s this way).
 * The rules createNode checks were checked by the dry run (validateNodeFields,
 * departments and parents that exist in this transaction).
 * tests/db/imports.test.ts compares the rows with those of createNode.
 */
import { actorLabel } from '../../access/domain/actorLabel.js';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { CommandContext } from '../../../shared/context.js';
import { auditTestHook, type AuditEntry } from '../../audit/commands/recordAudit.js';
import { normalizeDepartments, normalizeSchedule, type NodeDepartmentRef, type NodeSnapshot } from '../domain/node.js';

export interface NewNode {
  id: string;
  parentId: string | null;
  depth: number;
  sortOrder: number;
  number: string;
  title: string;
  description: string;
  isAction: boolean;
  departments: NodeDepartmentRef[];
  schedule: Record<string, string>;
  kind: 'created' | 'added';
  effectiveDate: string;
  /** printed mark recorded with the change ('' for none) */
  mark: string;
}

export const newNodeId = (): string => randomUUID();

/** Inserts the nodes in the order given (parents before their children). */
export async function insertNewNodes(ctx: CommandContext, planId: string, nodes: readonly NewNode[]): Promise<void> {
  if (!nodes.length) return;
  const m = ctx.municipalityId;
  const recordedBy = actorLabel(ctx.actor);
  const prepared = nodes.map((n, i) => {
    const snapshot: NodeSnapshot = {
      parentId: n.parentId,
      depth: n.depth,
      sortOrder: n.sortOrder,
      number: n.number.trim(),
      title: n.title.trim(),
      description: n.description,
      priority: false,
      isAction: n.isAction,
      status: 'active',
      mergedIntoId: null,
      departments: normalizeDepartments(n.departments),
      tagIds: [],
      schedule: normalizeSchedule(n.schedule),
      marks: n.mark ? [n.mark] : [],
    };
    return { o: i, id: n.id, kind: n.kind, d: n.effectiveDate, mark: n.mark, s: snapshot };
  });
  // recordAudit's test hook (fail-closed tests) may refuse or replace entries: then the audit rows are
  // the entries it gives, in a statement of their own; otherwise each is the node's snapshot, written
  // from the same parameter as the node.
  const hook = auditTestHook.beforeInsert;
  const audits = hook
    ? prepared.map(({ id, s: snapshot }) => {
        const entry: AuditEntry = { action: 'node.create', entity: 'plan_node', entityId: id, after: snapshot };
        const e = hook(entry) ?? entry;
        return { action: e.action, entity: e.entity, entityId: e.entityId, before: e.before ?? null, after: e.after ?? null };
      })
    : null;
  // The node's columns, 担当課 and schedule are read from its snapshot, so they cannot differ from it.
  // One statement: the foreign keys (parent, node, 課) are checked at its end, when every row is in.
  // Order by position: node_changes.seq follows the order given, as one INSERT per node would.
  await ctx.db.execute(sql`
    with x as (
      select * from jsonb_to_recordset(${JSON.stringify(prepared)}::jsonb) as x(o int, id uuid, kind text, d date, mark text, s jsonb)
    ),
    n as (
      insert into plan_nodes (municipality_id, id, plan_id, parent_id, depth, sort_order, number, title, description, priority, is_action, effective_from)
      select ${m}::uuid, id, ${planId}::uuid, (s->>'parentId')::uuid, (s->>'depth')::int, (s->>'sortOrder')::int,
             s->>'number', s->>'title', s->>'description', false, (s->>'isAction')::boolean, d
      from x order by o
    ),
    nd as (
      insert into node_departments (municipality_id, node_id, department_id, is_lead, sort_order)
      select ${m}::uuid, x.id, (dep->>'id')::uuid, (dep->>'lead')::boolean, (i - 1)::int
      from x cross join lateral jsonb_array_elements(x.s->'departments') with ordinality as t(dep, i)
    ),
    ns as (
      insert into node_schedules (municipality_id, node_id, fiscal_year, phase)
      select ${m}::uuid, x.id, k::int, v
      from x cross join lateral jsonb_each_text(x.s->'schedule') as t(k, v)
    ),
    au as (
      insert into audit_log (municipality_id, actor, ip, action, entity, entity_id, before, after)
      select ${m}::uuid, ${recordedBy}::text, ${ctx.ip}::text, 'node.create', 'plan_node', id::text, null, s
      from x where ${audits === null}::boolean
    )
    insert into node_changes (municipality_id, plan_id, node_id, kind, effective_date, mark, reason, snapshot, recorded_by)
    select ${m}::uuid, ${planId}::uuid, id, kind, d, mark, '', s, ${recordedBy}::text
    from x order by o`);
  if (!audits) return;
  // nullif: an absent before/after is SQL NULL, as recordAudit stores it, not the JSON null
  await ctx.db.execute(sql`
    insert into audit_log (municipality_id, actor, ip, action, entity, entity_id, before, after)
    select ${m}::uuid, ${recordedBy}::text, ${ctx.ip}::text, a->>'action', a->>'entity', a->>'entityId', nullif(a->'before', 'null'::jsonb), nullif(a->'after', 'null'::jsonb)
    from jsonb_array_elements(${JSON.stringify(audits)}::jsonb) with ordinality as e(a, ord)
    order by ord`);
}
