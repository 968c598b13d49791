/**
 * Tenant-scoped reads of legends, rounds, reports and report events. Every
 * statement filters on municipality_id; writes live in the commands.
 */
import { and, asc, count, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { departments, nodeDepartments, nodeSchedules, planNodes, plans, reportEvents, reports, rounds, statusLegends } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';

export type LegendRow = typeof statusLegends.$inferSelect;
export type RoundRow = typeof rounds.$inferSelect;
export type ReportRow = typeof reports.$inferSelect;
export type ReportEventRow = typeof reportEvents.$inferSelect;

/** 'share' while a report is written (a concurrent close waits), 'update' when the round itself changes. */
export type Lock = 'share' | 'update';

export async function legendRows(scope: TenantScope, planId: string, lock?: Lock): Promise<LegendRow[]> {
  const q = scope.db
    .select()
    .from(statusLegends)
    .where(and(eq(statusLegends.municipalityId, scope.municipalityId), eq(statusLegends.planId, planId)));
  return lock ? q.for(lock) : q;
}

export async function findRound(scope: TenantScope, roundId: string, lock?: Lock): Promise<RoundRow | null> {
  const q = scope.db
    .select()
    .from(rounds)
    .where(and(eq(rounds.municipalityId, scope.municipalityId), eq(rounds.id, roundId)))
    .limit(1);
  const rows = lock ? await q.for(lock) : await q;
  return rows[0] ?? null;
}

export async function findRounds(scope: TenantScope, ids: string[]): Promise<RoundRow[]> {
  if (!ids.length) return [];
  return scope.db
    .select()
    .from(rounds)
    .where(and(eq(rounds.municipalityId, scope.municipalityId), inArray(rounds.id, ids)));
}

/** Newest first: by as-of date, then creation. */
export async function roundRowsOfPlan(scope: TenantScope, planId: string): Promise<RoundRow[]> {
  return scope.db
    .select()
    .from(rounds)
    .where(and(eq(rounds.municipalityId, scope.municipalityId), eq(rounds.planId, planId)))
    .orderBy(desc(rounds.asOfDate), desc(rounds.createdAt));
}

/** A round with the title of its plan (the municipality-wide list). */
export interface RoundWithPlanRow {
  round: RoundRow;
  planTitle: string;
}

/**
 * Every round of the municipality, newest first (as-of date, then creation), with its plan's
 * title read in the same statement; narrowed by state (any of), plan and target fiscal year.
 */
export async function roundRowsOfMunicipality(
  scope: TenantScope,
  filter: { states: readonly string[]; planId: string | null; fiscalYear: number | null },
): Promise<RoundWithPlanRow[]> {
  return scope.db
    .select({ round: rounds, planTitle: plans.title })
    .from(rounds)
    .innerJoin(plans, and(eq(plans.municipalityId, rounds.municipalityId), eq(plans.id, rounds.planId)))
    .where(
      and(
        eq(rounds.municipalityId, scope.municipalityId),
        filter.states.length ? inArray(rounds.state, [...filter.states]) : undefined,
        filter.planId ? eq(rounds.planId, filter.planId) : undefined,
        filter.fiscalYear !== null ? eq(rounds.targetFiscalYear, filter.fiscalYear) : undefined,
      ),
    )
    .orderBy(desc(rounds.asOfDate), desc(rounds.createdAt), asc(plans.sortOrder), asc(rounds.id));
}

/** The plans and target fiscal years that have rounds (choices of the list's filters), one statement. */
export async function roundFacets(scope: TenantScope): Promise<{ planId: string; planTitle: string; planSortOrder: number; fiscalYear: number }[]> {
  return scope.db
    .selectDistinct({ planId: rounds.planId, planTitle: plans.title, planSortOrder: plans.sortOrder, fiscalYear: rounds.targetFiscalYear })
    .from(rounds)
    .innerJoin(plans, and(eq(plans.municipalityId, rounds.municipalityId), eq(plans.id, rounds.planId)))
    .where(eq(rounds.municipalityId, scope.municipalityId));
}

/** The default comparison base of a new round: the latest closed round of the plan. */
export async function latestClosedRound(scope: TenantScope, planId: string): Promise<RoundRow | null> {
  const rows = await scope.db
    .select()
    .from(rounds)
    .where(and(eq(rounds.municipalityId, scope.municipalityId), eq(rounds.planId, planId), eq(rounds.state, 'closed')))
    .orderBy(desc(rounds.asOfDate), sql`${rounds.closedAt} desc nulls last`, desc(rounds.createdAt))
    .limit(1);
  return rows[0] ?? null;
}

/** Reports per state for each round. */
export async function reportCounts(scope: TenantScope, roundIds: string[]): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  if (!roundIds.length) return out;
  const rows = await scope.db
    .select({ roundId: reports.roundId, state: reports.state, n: count() })
    .from(reports)
    .where(and(eq(reports.municipalityId, scope.municipalityId), inArray(reports.roundId, roundIds)))
    .groupBy(reports.roundId, reports.state);
  for (const r of rows) {
    const m = out.get(r.roundId) ?? new Map<string, number>();
    m.set(r.state, Number(r.n));
    out.set(r.roundId, m);
  }
  return out;
}

export async function findReport(scope: TenantScope, reportId: string, lock?: 'update'): Promise<ReportRow | null> {
  const q = scope.db
    .select()
    .from(reports)
    .where(and(eq(reports.municipalityId, scope.municipalityId), eq(reports.id, reportId)))
    .limit(1);
  const rows = lock ? await q.for(lock) : await q;
  return rows[0] ?? null;
}

/**
 * Reports of a round; with departmentIds only those of items where one of these
 * departments is responsible (lead or co-owner). An empty list finds nothing.
 */
export async function reportRowsOfRound(scope: TenantScope, roundId: string, opts: { departmentIds?: string[] | undefined } = {}): Promise<ReportRow[]> {
  const m = scope.municipalityId;
  if (opts.departmentIds && !opts.departmentIds.length) return [];
  const ofDepartments = opts.departmentIds
    ? inArray(
        reports.nodeId,
        scope.db
          .select({ id: nodeDepartments.nodeId })
          .from(nodeDepartments)
          .where(and(eq(nodeDepartments.municipalityId, m), inArray(nodeDepartments.departmentId, opts.departmentIds))),
      )
    : undefined;
  return scope.db
    .select()
    .from(reports)
    .where(and(eq(reports.municipalityId, m), eq(reports.roundId, roundId), ofDepartments));
}

export async function reportsOfNodes(scope: TenantScope, roundId: string, nodeIds: string[]): Promise<ReportRow[]> {
  if (!nodeIds.length) return [];
  return scope.db
    .select()
    .from(reports)
    .where(and(eq(reports.municipalityId, scope.municipalityId), eq(reports.roundId, roundId), inArray(reports.nodeId, nodeIds)));
}

/** A responsible department of a node, with its name (read in the same statement: a report view always shows it). */
export interface NodeDepartment {
  id: string;
  lead: boolean;
  name: string;
}

/** Responsible departments of some nodes, lead first. */
export async function departmentsOfNodes(scope: TenantScope, nodeIds: string[]): Promise<Map<string, NodeDepartment[]>> {
  const out = new Map<string, NodeDepartment[]>();
  if (!nodeIds.length) return out;
  const rows = await scope.db
    .select({ nodeId: nodeDepartments.nodeId, id: nodeDepartments.departmentId, lead: nodeDepartments.isLead, name: departments.name })
    .from(nodeDepartments)
    .innerJoin(departments, and(eq(departments.municipalityId, nodeDepartments.municipalityId), eq(departments.id, nodeDepartments.departmentId)))
    .where(and(eq(nodeDepartments.municipalityId, scope.municipalityId), inArray(nodeDepartments.nodeId, nodeIds)))
    .orderBy(desc(nodeDepartments.isLead), asc(nodeDepartments.sortOrder));
  for (const r of rows) {
    const l = out.get(r.nodeId) ?? [];
    l.push({ id: r.id, lead: r.lead, name: r.name });
    out.set(r.nodeId, l);
  }
  return out;
}

/** How many reports of the plan's rounds use each code of one axis. */
export async function usedLegendCodes(scope: TenantScope, planId: string, axis: 'status' | 'achievement'): Promise<Map<string, number>> {
  const col = axis === 'status' ? reports.statusCode : reports.achievementCode;
  const rows = await scope.db
    .select({ code: col, n: count() })
    .from(reports)
    .innerJoin(rounds, and(eq(rounds.municipalityId, reports.municipalityId), eq(rounds.id, reports.roundId)))
    .where(and(eq(reports.municipalityId, scope.municipalityId), eq(rounds.planId, planId), isNotNull(col)))
    .groupBy(col);
  return new Map(rows.map((r) => [r.code!, Number(r.n)]));
}

export async function reportEventRows(scope: TenantScope, reportId: string): Promise<ReportEventRow[]> {
  return scope.db
    .select()
    .from(reportEvents)
    .where(and(eq(reportEvents.municipalityId, scope.municipalityId), eq(reportEvents.reportId, reportId)))
    .orderBy(asc(reportEvents.seq));
}

// ───────────── plan items as the PDCA module needs them (own reads: no dependency on the plans module's shapes) ─────────────

export interface PlanItemRow {
  id: string;
  parentId: string | null;
  depth: number;
  sortOrder: number;
  number: string;
  title: string;
  isAction: boolean;
  status: string;
}

/** Every node of a plan (for paths, order and scope). */
export async function planItems(scope: TenantScope, planId: string): Promise<PlanItemRow[]> {
  return scope.db
    .select({
      id: planNodes.id,
      parentId: planNodes.parentId,
      depth: planNodes.depth,
      sortOrder: planNodes.sortOrder,
      number: planNodes.number,
      title: planNodes.title,
      isAction: planNodes.isAction,
      status: planNodes.status,
    })
    .from(planNodes)
    .where(and(eq(planNodes.municipalityId, scope.municipalityId), eq(planNodes.planId, planId)));
}

/** A row of the recursive path query, as the driver returns it (snake_case). */
type PathRow = {
  id: string;
  parent_id: string | null;
  depth: number;
  sort_order: number;
  number: string;
  title: string;
  is_action: boolean;
  status: string;
};

/**
 * The given nodes and their ancestors only (a report view needs its item's path,
 * not the whole plan): one recursive query, cost independent of the plan's size.
 */
export async function planItemsWithAncestors(scope: TenantScope, planId: string, nodeIds: string[]): Promise<PlanItemRow[]> {
  if (!nodeIds.length) return [];
  const ids = sql.join(nodeIds.map((id) => sql`${id}::uuid`), sql`, `);
  const rows = await scope.db.execute<PathRow>(sql`
    with recursive up as (
      select id, parent_id, depth, sort_order, number, title, is_action, status, municipality_id
      from plan_nodes
      where municipality_id = ${scope.municipalityId} and plan_id = ${planId} and id in (${ids})
      union
      select p.id, p.parent_id, p.depth, p.sort_order, p.number, p.title, p.is_action, p.status, p.municipality_id
      from plan_nodes p join up on p.municipality_id = up.municipality_id and p.id = up.parent_id
    )
    select id, parent_id, depth, sort_order, number, title, is_action, status from up`);
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as PathRow[];
  return list.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    depth: Number(r.depth),
    sortOrder: Number(r.sort_order),
    number: r.number,
    title: r.title,
    isAction: r.is_action,
    status: r.status,
  }));
}

/** Schedule entries of a plan's nodes: all years, or one fiscal year. */
export async function planSchedules(
  scope: TenantScope,
  planId: string,
  opts: { fiscalYear?: number | undefined; nodeIds?: string[] | undefined } = {},
): Promise<{ nodeId: string; fiscalYear: number; phase: string }[]> {
  if (opts.nodeIds && !opts.nodeIds.length) return [];
  return scope.db
    .select({ nodeId: nodeSchedules.nodeId, fiscalYear: nodeSchedules.fiscalYear, phase: nodeSchedules.phase })
    .from(nodeSchedules)
    .innerJoin(planNodes, and(eq(planNodes.municipalityId, nodeSchedules.municipalityId), eq(planNodes.id, nodeSchedules.nodeId)))
    .where(
      and(
        eq(nodeSchedules.municipalityId, scope.municipalityId),
        eq(planNodes.planId, planId),
        opts.fiscalYear === undefined ? undefined : eq(nodeSchedules.fiscalYear, opts.fiscalYear),
        opts.nodeIds ? inArray(nodeSchedules.nodeId, opts.nodeIds) : undefined,
      ),
    );
}
