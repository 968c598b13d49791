/**
 * New nodes of an import written in batches: the same rows createNode writes for each
 * node — plan_nodes, node_departments, node_schedules, the node_changes row with the
 * snapshot (策定時 or 追加, with its printed mark) and the 'node.create' audit row — a
 * few multi-row INSERTs instead of about a dozen statements per node (2,000 items: from
 * about a minute to seconds on PGlite). The rules createNode checks were checked by the
 * dry run (validateNodeFields, departments and parents that exist in this transaction).
 * tests/db/imports.test.ts compares the rows with those of createNode.
 */
import { actorLabel } from '../../access/domain/actorLabel.js';
import { randomUUID } from 'node:crypto';
import { auditLog, nodeChanges, nodeDepartments, nodeSchedules, planNodes } from '../../../db/schema.js';
import type { CommandContext } from '../../../shared/context.js';
import { auditTestHook, type AuditEntry } from '../../audit/commands/recordAudit.js';
import { normalizeDepartments, normalizeSchedule, type NodeDepartmentRef, type NodeSnapshot } from '../../plans/domain/node.js';

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

const BATCH = 500;

async function inBatches<T>(rows: readonly T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH));
}

/** Inserts the nodes in the order given (parents before their children). */
export async function insertNewNodes(ctx: CommandContext, planId: string, nodes: readonly NewNode[]): Promise<void> {
  if (!nodes.length) return;
  const m = ctx.municipalityId;
  const recordedBy = actorLabel(ctx.actor);
  const prepared = nodes.map((n) => {
    const departments = normalizeDepartments(n.departments);
    const schedule = normalizeSchedule(n.schedule);
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
      departments,
      tagIds: [],
      schedule,
      marks: n.mark ? [n.mark] : [],
    };
    return { n, snapshot };
  });
  await inBatches(prepared, (b) =>
    ctx.db.insert(planNodes).values(
      b.map(({ n, snapshot: s }) => ({
        municipalityId: m,
        id: n.id,
        planId,
        parentId: n.parentId,
        depth: n.depth,
        sortOrder: n.sortOrder,
        number: s.number,
        title: s.title,
        description: s.description,
        priority: false,
        isAction: n.isAction,
        effectiveFrom: n.effectiveDate,
      })),
    ),
  );
  const depts = prepared.flatMap(({ n, snapshot }) => snapshot.departments.map((d, i) => ({ municipalityId: m, nodeId: n.id, departmentId: d.id, isLead: d.lead, sortOrder: i })));
  await inBatches(depts, (b) => ctx.db.insert(nodeDepartments).values(b));
  const scheds = prepared.flatMap(({ n, snapshot }) => Object.entries(snapshot.schedule).map(([fy, phase]) => ({ municipalityId: m, nodeId: n.id, fiscalYear: Number(fy), phase })));
  await inBatches(scheds, (b) => ctx.db.insert(nodeSchedules).values(b));
  await inBatches(prepared, (b) =>
    ctx.db.insert(nodeChanges).values(
      b.map(({ n, snapshot }) => ({
        municipalityId: m,
        planId,
        nodeId: n.id,
        kind: n.kind,
        effectiveDate: n.effectiveDate,
        mark: n.mark,
        reason: '',
        snapshot: snapshot as unknown as Record<string, unknown>,
        recordedBy,
      })),
    ),
  );
  // the audit rows recordAudit would write (its test hook included, so fail-closed tests reach these too)
  const audits = prepared.map(({ n, snapshot }) => {
    const entry: AuditEntry = { action: 'node.create', entity: 'plan_node', entityId: n.id, after: snapshot };
    const e = auditTestHook.beforeInsert?.(entry) ?? entry;
    return { municipalityId: m, actor: recordedBy, ip: ctx.ip, action: e.action, entity: e.entity, entityId: e.entityId, before: e.before ?? null, after: e.after ?? null };
  });
  await inBatches(audits, (b) => ctx.db.insert(auditLog).values(b));
}
