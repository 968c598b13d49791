/**
 * Reads of the citizens' pages (home, plan, item, KPI, finance, search) beyond queries/published.ts.
 * Two kinds of data, kept apart:
 * - the plan as adopted (plans, nodes, departments, tags, 変更調書): public as it stands now, as in the
 *   open data's `structure` and `schedules`;
 * - progress, KPI values and tables: ONLY from current publications (state 'published'), the same
 *   rule as published.ts; these helpers read smaller parts of the same snapshots (one item's row, the
 *   narratives, the summary) so a page does not parse every table it does not show.
 * Every statement is scoped by municipality; ids that are not UUIDs name nothing (null, never an error).
 */
import { and, asc, count, eq, inArray, ne, sql } from 'drizzle-orm';
import { readAll } from '../../../db/parallel.js';
import { planNodes as planNodesTable, publications } from '../../../db/schema.js';
import type { NodeDto, TagDto } from '../../../shared/api-types.js';
import type { TenantScope } from '../../../shared/context.js';
import { UUID_RE } from '../../../shared/ids.js';
import { listDepartments } from '../../departments/queries/departments.js';
import type { FiscalYearColumn, ProgressRow, StatusMark } from '../../exports/domain/progressTable.js';
import type { ProgressSummary } from '../../exports/domain/summary.js';
import { toTokyoIsoDate } from '../../fiscal/domain/index.js';
import { CHANGE_KIND_LABELS, type ChangeKind } from '../../plans/domain/node.js';
import { ancestorsOf, levelNameOf } from '../../plans/domain/tree.js';
import { findNode, findPlan, nodeChangeRows, planNodeRelations, planNodeRows, snapshotOf, type PlanRow } from '../../plans/db/repo.js';
import { presentNode } from '../../plans/presenters/plan.js';
import { listTags } from '../../tags/queries/tags.js';
import { presentTag } from '../../tags/presenters/tag.js';
import { composeKpis, type FiscalSnapshot, type KpiSnapshot } from '../domain/publication.js';
import { correctionsOf, publishedFiscalTables, type PublishedFiscalTable, type PublishedKpiPlan } from './published.js';

const day = (d: Date) => toTokyoIsoDate(d);
/** jsonb read through sql`` comes parsed from one driver and as text from the other */
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const rowsOf = <T>(res: unknown): T[] => (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as T[];

/** Only what is published now, of one kind, of this municipality. */
const current = (scope: TenantScope, kind: 'round' | 'kpi_values' | 'fiscal_table') =>
  and(eq(publications.municipalityId, scope.municipalityId), eq(publications.state, 'published'), eq(publications.subjectKind, kind));

// ───────────── the plan as adopted ─────────────

/** The plan of the path, or null (malformed id, unknown, another municipality's). */
export async function publicPlanRow(scope: TenantScope, planId: string): Promise<PlanRow | null> {
  return UUID_RE.test(planId) ? findPlan(scope, planId) : null;
}

export interface PublicItem {
  node: NodeDto;
  /** ancestors, top first */
  path: { id: string; number: string; title: string; levelName: string }[];
  /** the nodes directly under it, in order */
  children: { id: string; number: string; title: string; levelName: string; isAction: boolean; status: string }[];
  tags: TagDto[];
}

/** One node of the plan as it stands, with its place in the tree; null when the plan has no such node. */
export async function publicItem(scope: TenantScope, plan: PlanRow, nodeId: string): Promise<PublicItem | null> {
  if (!UUID_RE.test(nodeId)) return null;
  const node = await findNode(scope, plan.id, nodeId);
  if (!node) return null;
  const [rows, rel, departments, tags] = await readAll(scope.db, [
    () => planNodeRows(scope, plan.id),
    () => planNodeRelations(scope, plan.id, [nodeId]),
    () => listDepartments(scope),
    () => listTags(scope),
  ] as const);
  const names = new Map(departments.map((d) => [d.id, d.name]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const dto = presentNode(node, snapshotOf(node, rel), plan.levelNames, names);
  return {
    node: dto,
    path: ancestorsOf(nodeId, byId).map((a) => ({ id: a.id, number: a.number, title: a.title, levelName: levelNameOf(plan.levelNames, a.depth) })),
    children: rows
      .filter((r) => r.parentId === nodeId)
      .sort((a, b) => a.sortOrder - b.sortOrder || a.id.localeCompare(b.id))
      .map((r) => ({ id: r.id, number: r.number, title: r.title, levelName: levelNameOf(plan.levelNames, r.depth), isAction: r.isAction, status: r.status })),
    tags: tags.map(presentTag).filter((t) => dto.tagIds.includes(t.id)),
  };
}

export interface ItemChange {
  effectiveDate: string;
  kind: string;
  kindLabel: string;
  mark: string;
  reason: string;
}

/**
 * 変更調書 of one item, newest first: the node_changes rows the staff UI's history shows (the
 * registration itself left out, as in the printed 変更調書), without who recorded them.
 */
export async function itemChanges(scope: TenantScope, planId: string, nodeId: string): Promise<ItemChange[]> {
  const rows = await nodeChangeRows(scope, planId, { nodeId });
  return rows
    .filter((c) => c.kind !== 'created')
    .reverse()
    .map((c) => ({ effectiveDate: c.effectiveDate, kind: c.kind, kindLabel: CHANGE_KIND_LABELS[c.kind as ChangeKind] ?? c.kind, mark: c.mark, reason: c.reason }));
}

export interface SearchableNode {
  id: string;
  planId: string;
  number: string;
  title: string;
  description: string;
  isAction: boolean;
  depth: number;
}

/** Every node of every plan (number, title, description): what search reads of the plans' structure. */
export async function searchableNodes(scope: TenantScope): Promise<SearchableNode[]> {
  return scope.db
    .select({
      id: planNodesTable.id,
      planId: planNodesTable.planId,
      number: planNodesTable.number,
      title: planNodesTable.title,
      description: planNodesTable.description,
      isAction: planNodesTable.isAction,
      depth: planNodesTable.depth,
      sortOrder: planNodesTable.sortOrder,
    })
    .from(planNodesTable)
    .where(eq(planNodesTable.municipalityId, scope.municipalityId))
    .orderBy(asc(planNodesTable.planId), asc(planNodesTable.depth), asc(planNodesTable.sortOrder), asc(planNodesTable.id));
}

// ───────────── what is published ─────────────

/** How many current publications each plan has, by kind: which pages have something to show. */
export async function publishedKindsByPlan(scope: TenantScope): Promise<Map<string, { round: number; kpi_values: number; fiscal_table: number }>> {
  const rows = await scope.db
    .select({ planId: publications.planId, kind: publications.subjectKind, n: count() })
    .from(publications)
    .where(and(eq(publications.municipalityId, scope.municipalityId), eq(publications.state, 'published')))
    .groupBy(publications.planId, publications.subjectKind);
  const out = new Map<string, { round: number; kpi_values: number; fiscal_table: number }>();
  for (const r of rows) {
    const e = out.get(r.planId) ?? out.set(r.planId, { round: 0, kpi_values: 0, fiscal_table: 0 }).get(r.planId)!;
    if (r.kind === 'round' || r.kind === 'kpi_values' || r.kind === 'fiscal_table') e[r.kind] = Number(r.n);
  }
  return out;
}

export interface PublishedRoundHead {
  roundId: string;
  planId: string;
  label: string;
  asOfDate: string;
  targetFiscalYear: FiscalYearColumn;
  publishedOn: string;
}

type SnapshotRound = { id: string; label: string; asOfDate: string; targetFiscalYear: FiscalYearColumn };
const headOf = (r: { roundId: string; planId: string; publishedAt: Date; round: unknown }): PublishedRoundHead => {
  const round = json<SnapshotRound>(r.round);
  return { roundId: r.roundId, planId: r.planId, label: round.label, asOfDate: round.asOfDate, targetFiscalYear: round.targetFiscalYear, publishedOn: day(r.publishedAt) };
};
/** Oldest round first (as of date, then publication). */
const byAsOf = <T extends { asOfDate: string; publishedOn: string }>(a: T, b: T) => a.asOfDate.localeCompare(b.asOfDate) || a.publishedOn.localeCompare(b.publishedOn);

export interface PublishedRoundSummary extends PublishedRoundHead {
  summary: ProgressSummary;
}

/** The latest published round of each plan (by its as-of date) with the summary published with it. */
export async function latestRoundSummaries(scope: TenantScope): Promise<Map<string, PublishedRoundSummary>> {
  const heads = await scope.db
    .select({ roundId: publications.subjectId, planId: publications.planId, publishedAt: publications.publishedAt, round: sql<unknown>`${publications.snapshot}->'table'->'round'` })
    .from(publications)
    .where(current(scope, 'round'));
  const latest = new Map<string, PublishedRoundHead>();
  for (const h of heads.map(headOf)) {
    const have = latest.get(h.planId);
    if (!have || byAsOf(have, h) < 0) latest.set(h.planId, h);
  }
  if (!latest.size) return new Map();
  const ids = [...latest.values()].map((h) => h.roundId);
  const summaries = await scope.db
    .select({ roundId: publications.subjectId, summary: sql<unknown>`${publications.snapshot}->'summary'` })
    .from(publications)
    .where(and(current(scope, 'round'), inArray(publications.subjectId, ids)));
  const byRound = new Map(summaries.map((s) => [s.roundId, json<ProgressSummary>(s.summary)]));
  const out = new Map<string, PublishedRoundSummary>();
  for (const [planId, h] of latest) {
    const summary = byRound.get(h.roundId);
    if (summary) out.set(planId, { ...h, summary });
  }
  return out;
}

export interface ItemRound extends PublishedRoundHead {
  /** the item's row of the round's table as published */
  row: ProgressRow;
}

/** The item's row in every published round of its plan that has it, oldest round first. */
export async function publishedItemRounds(scope: TenantScope, planId: string, nodeId: string): Promise<ItemRound[]> {
  if (!UUID_RE.test(nodeId)) return [];
  const rows = await scope.db
    .select({
      roundId: publications.subjectId,
      planId: publications.planId,
      publishedAt: publications.publishedAt,
      round: sql<unknown>`${publications.snapshot}->'table'->'round'`,
      row: sql<unknown>`jsonb_path_query_first(${publications.snapshot}->'table'->'rows', '$[*] ? (@.nodeId == $id)', jsonb_build_object('id', ${nodeId}::text))`,
    })
    .from(publications)
    .where(and(current(scope, 'round'), eq(publications.planId, planId)));
  return rows
    .filter((r) => r.row !== null && r.row !== undefined)
    .map((r) => ({ ...headOf(r), row: json<ProgressRow>(r.row) }))
    .sort(byAsOf);
}

/** Each item's status in the latest published round of the plan (null: that round has no row for it). */
export async function latestItemStatuses(scope: TenantScope, planId: string): Promise<{ round: PublishedRoundHead; statuses: Map<string, StatusMark | null> } | null> {
  const heads = (
    await scope.db
      .select({ roundId: publications.subjectId, planId: publications.planId, publishedAt: publications.publishedAt, round: sql<unknown>`${publications.snapshot}->'table'->'round'` })
      .from(publications)
      .where(and(current(scope, 'round'), eq(publications.planId, planId)))
  )
    .map(headOf)
    .sort(byAsOf);
  const round = heads[heads.length - 1];
  if (!round) return null;
  const res = await scope.db.execute(sql`
    select r->>'nodeId' as "nodeId", r->'status' as status
      from ${publications} p cross join lateral jsonb_array_elements(p.snapshot->'table'->'rows') r
     where p.municipality_id = ${scope.municipalityId} and p.state = 'published' and p.subject_kind = 'round' and p.subject_id = ${round.roundId}`);
  const statuses = new Map(rowsOf<{ nodeId: string; status: unknown }>(res).map((r) => [r.nodeId, r.status === null ? null : json<StatusMark | null>(r.status)]));
  return { round, statuses };
}

export interface PublishedNarrative {
  roundId: string;
  planId: string;
  roundLabel: string;
  nodeId: string;
  number: string;
  title: string;
  narrative: string;
}

/** The written progress (取組の内容・成果) of every published round's rows that have one: what search reads of progress. */
export async function publishedNarratives(scope: TenantScope): Promise<PublishedNarrative[]> {
  const res = await scope.db.execute(sql`
    select p.subject_id as "roundId", p.plan_id as "planId", p.snapshot->'table'->'round'->>'label' as "roundLabel",
           p.snapshot->'table'->'round'->>'asOfDate' as "asOfDate",
           r->>'nodeId' as "nodeId", r->>'number' as number, r->>'title' as title, r->>'narrative' as narrative
      from ${publications} p cross join lateral jsonb_array_elements(p.snapshot->'table'->'rows') r
     where p.municipality_id = ${scope.municipalityId} and p.state = 'published' and p.subject_kind = 'round'
       and coalesce(r->>'narrative', '') <> ''
     order by 4 desc, p.subject_id`);
  return rowsOf<PublishedNarrative>(res).map((r) => ({
    roundId: r.roundId,
    planId: r.planId,
    roundLabel: r.roundLabel,
    nodeId: r.nodeId,
    number: r.number ?? '',
    title: r.title ?? '',
    narrative: r.narrative,
  }));
}

// ───────────── previews: the current publications with a candidate in place ─────────────

/**
 * The plan's KPIs as the KPI page would show them once `candidate` is published: the other years'
 * current publications, the candidate in place of its year (and, being the newest, giving the
 * definitions), composed by the same rule as publishedKpis.
 */
export async function kpiPlanWithCandidate(scope: TenantScope, candidate: KpiSnapshot, today: string): Promise<PublishedKpiPlan> {
  const rows = await scope.db
    .select({ fiscalYear: publications.fiscalYear, publishedAt: publications.publishedAt, snapshot: publications.snapshot, seq: publications.seq, correction: publications.correction })
    .from(publications)
    .where(and(current(scope, 'kpi_values'), eq(publications.planId, candidate.plan.id), ne(publications.fiscalYear, candidate.fiscalYear)))
    .orderBy(asc(publications.publishedAt));
  const years = [
    ...rows.map((r) => ({ fiscalYear: r.fiscalYear, publishedAt: r.publishedAt.toISOString(), snapshot: json<KpiSnapshot>(r.snapshot) })),
    // published now: after every current publication
    { fiscalYear: candidate.fiscalYear, publishedAt: new Date(Math.max(Date.now(), ...rows.map((r) => r.publishedAt.getTime() + 1))).toISOString(), snapshot: candidate },
  ];
  const composed = composeKpis(years);
  const publishedOn = new Map(rows.map((r) => [r.fiscalYear, day(r.publishedAt)]));
  publishedOn.set(candidate.fiscalYear, today);
  return {
    planId: candidate.plan.id,
    planTitle: candidate.plan.title,
    kpis: composed.kpis,
    years: composed.years,
    publishedOn,
    latestOn: today,
    corrections: rows.filter((r) => r.seq > 1).map((r) => ({ fiscalYear: r.fiscalYear, seq: r.seq, publishedOn: day(r.publishedAt), correction: r.correction })),
  };
}

/**
 * The plan's tables as the finance page would show them once `candidate` is published: each table's
 * newest 年度版 with the candidate in place of its table and year (shown when it is the newest year,
 * listed among the earlier 年度版 otherwise).
 */
export async function fiscalTablesWithCandidate(scope: TenantScope, candidate: FiscalSnapshot, today: string): Promise<PublishedFiscalTable[]> {
  const tables = await publishedFiscalTables(scope, { planId: candidate.plan.id });
  const id = candidate.table.id;
  const fresh: PublishedFiscalTable = { publicationId: '', fiscalYear: candidate.fiscalYear, seq: 0, publishedOn: today, snapshot: candidate, earlier: [] };
  const have = tables.find((t) => t.snapshot.table.id === id);
  let next: PublishedFiscalTable;
  if (!have) next = fresh;
  else {
    const versions = [{ fiscalYear: have.fiscalYear, publishedOn: have.publishedOn }, ...have.earlier].filter((v) => v.fiscalYear !== candidate.fiscalYear);
    const newest = versions.reduce((m, v) => Math.max(m, v.fiscalYear), -Infinity);
    if (candidate.fiscalYear >= newest) next = { ...fresh, earlier: versions.sort((a, b) => b.fiscalYear - a.fiscalYear) };
    else
      next = {
        ...have,
        earlier: [...have.earlier.filter((v) => v.fiscalYear !== candidate.fiscalYear), { fiscalYear: candidate.fiscalYear, publishedOn: today }].sort((a, b) => b.fiscalYear - a.fiscalYear),
      };
  }
  return [...tables.filter((t) => t.snapshot.table.id !== id), next].sort(
    (a, b) => a.snapshot.table.sortOrder - b.snapshot.table.sortOrder || a.snapshot.table.title.localeCompare(b.snapshot.table.title, 'ja'),
  );
}

/** 正誤 of each table's shown 年度版 (what its later publications corrected). */
export async function fiscalCorrections(scope: TenantScope, tables: readonly PublishedFiscalTable[]) {
  const out = new Map<string, { seq: number; publishedOn: string; correction: string }[]>();
  for (const t of tables) if (t.seq > 1) out.set(t.snapshot.table.id, await correctionsOf(scope, 'fiscal_table', t.snapshot.table.id, t.fiscalYear));
  return out;
}
