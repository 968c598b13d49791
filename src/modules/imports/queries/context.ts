/**
 * What the dry run and the commit read from the database: the plan, its legend,
 * the municipality's departments (current and historical), the plan's nodes with
 * their departments, schedules, printed marks and latest change date, and its rounds.
 */
import { and, eq, max } from 'drizzle-orm';
import { readAll } from '../../../db/parallel.js';
import { nodeChanges } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';
import { notFound } from '../../../shared/errors.js';
import { listDepartments } from '../../departments/queries/departments.js';
import { todayInTokyo } from '../../fiscal/domain/index.js';
import { roundRowsOfPlan } from '../../pdca/db/repo.js';
import { effectiveLegends } from '../../pdca/queries/legends.js';
import { findPlan, planNodeRelations, planNodeRows, snapshotOf } from '../../plans/db/repo.js';
import type { ImportContext } from '../domain/build.js';

export async function loadImportContext(scope: TenantScope, planId: string, today: string = todayInTokyo()): Promise<ImportContext> {
  const plan = await findPlan(scope, planId);
  if (!plan) throw notFound('計画');
  const [legends, departments, rows, rel, changes, rounds] = await readAll(scope.db, [
    () => effectiveLegends(scope, planId),
    () => listDepartments(scope),
    () => planNodeRows(scope, planId),
    () => planNodeRelations(scope, planId),
    () =>
      scope.db
        .select({ nodeId: nodeChanges.nodeId, last: max(nodeChanges.effectiveDate) })
        .from(nodeChanges)
        .where(and(eq(nodeChanges.municipalityId, scope.municipalityId), eq(nodeChanges.planId, planId)))
        .groupBy(nodeChanges.nodeId),
    () => roundRowsOfPlan(scope, planId),
  ] as const);
  const lastChange = new Map(changes.map((c) => [c.nodeId, c.last]));
  return {
    plan: {
      id: plan.id,
      title: plan.title,
      firstFiscalYear: plan.firstFiscalYear,
      lastFiscalYear: plan.lastFiscalYear,
      levelNames: plan.levelNames,
      phases: plan.phases,
    },
    legend: legends.status.values,
    departments: departments.map((d) => ({ id: d.id, name: d.name, kind: d.kind, validFrom: d.validFrom, validTo: d.validTo, successorId: d.successorId })),
    nodes: rows.map((r) => {
      const s = snapshotOf(r, rel);
      return {
        id: r.id,
        parentId: r.parentId,
        depth: r.depth,
        sortOrder: r.sortOrder,
        number: r.number,
        title: r.title,
        description: r.description,
        isAction: r.isAction,
        status: r.status,
        version: r.version,
        departments: s.departments,
        schedule: s.schedule,
        marks: s.marks,
        lastChangeDate: lastChange.get(r.id) ?? null,
      };
    }),
    rounds: rounds.map((r) => ({ id: r.id, label: r.label, asOfDate: r.asOfDate, targetFiscalYear: r.targetFiscalYear, state: r.state })),
    today,
  };
}
