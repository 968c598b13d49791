/**
 * What the annual report (年次報告書) of a plan and fiscal year is made from: the current publications
 * (公表中) of the plan and the published meetings, nothing else — so an unpublished round, value or
 * table cannot reach the report. Only the snapshots the report needs are read: the rounds targeting
 * the year and the one published before them, the year's KPI values, the plan's tables. Tenant-scoped.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { readAll } from '../../../db/parallel.js';
import { plans, publications } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';
import { toTokyoIsoDate } from '../../fiscal/domain/index.js';
import { publishedMeetings } from '../../review/queries/published.js';
import { assembleAnnualReport, reportYears, type AnnualReport, type AnnualReportInput } from '../domain/annualReport.js';
import type { FiscalSnapshot, KpiSnapshot, RoundSnapshot } from '../domain/publication.js';

const day = (d: Date) => toTokyoIsoDate(d);

const current = (scope: TenantScope, kind: string, planId: string) =>
  and(eq(publications.municipalityId, scope.municipalityId), eq(publications.state, 'published'), eq(publications.subjectKind, kind), eq(publications.planId, planId));

/**
 * A publication's snapshot never changes once written (a correction is a new publication, withdrawal
 * changes the state only), so the large round snapshots are kept parsed by publication id: a report
 * asked again reads them from memory instead of transferring and parsing the whole table. Read-only.
 */
const SNAPSHOT_CACHE_MAX = 32;
const snapshots = new Map<string, { publishedAt: Date; snapshot: RoundSnapshot }>();

async function roundSnapshots(scope: TenantScope, planId: string, ids: readonly string[]): Promise<{ publishedAt: Date; snapshot: RoundSnapshot }[]> {
  const missing = ids.filter((id) => !snapshots.has(id));
  if (missing.length) {
    const rows = await scope.db
      .select({ id: publications.id, publishedAt: publications.publishedAt, snapshot: publications.snapshot })
      .from(publications)
      .where(and(current(scope, 'round', planId), inArray(publications.id, missing)));
    for (const r of rows) snapshots.set(r.id, { publishedAt: r.publishedAt, snapshot: r.snapshot as RoundSnapshot });
    while (snapshots.size > SNAPSHOT_CACHE_MAX) snapshots.delete(snapshots.keys().next().value!);
  }
  return ids.flatMap((id) => {
    const hit = snapshots.get(id);
    return hit ? [hit] : [];
  });
}

export interface RoundHead {
  id: string;
  targetYear: number;
  asOfDate: string;
  publishedAt: Date;
}

/** The plan's published rounds without their tables (read out of the snapshot by the database). */
async function roundHeads(scope: TenantScope, planId: string): Promise<RoundHead[]> {
  const rows = await scope.db
    .select({
      id: publications.id,
      targetYear: sql<number | string | null>`(${publications.snapshot}->'table'->'round'->'targetFiscalYear'->>'year')`,
      asOfDate: sql<string | null>`(${publications.snapshot}->'table'->'round'->>'asOfDate')`,
      publishedAt: publications.publishedAt,
    })
    .from(publications)
    .where(current(scope, 'round', planId))
    .orderBy(asc(publications.publishedAt), asc(publications.id));
  return rows.map((r) => ({ id: r.id, targetYear: Number(r.targetYear), asOfDate: r.asOfDate ?? '', publishedAt: r.publishedAt }));
}

/** The fiscal years with KPI values published for the plan. */
async function kpiYearsOf(scope: TenantScope, planId: string): Promise<number[]> {
  const rows = await scope.db.selectDistinct({ fiscalYear: publications.fiscalYear }).from(publications).where(current(scope, 'kpi_values', planId));
  return rows.map((r) => r.fiscalYear);
}

/**
 * The fiscal years of the plan that have an annual report, newest first: a published round targets
 * them, or KPI values are published for them. [] for an unknown plan or another municipality's.
 * (The home and plan pages link to publicPaths.annualReport for each.)
 */
export async function annualReportYears(scope: TenantScope, planId: string): Promise<number[]> {
  const [heads, kpiYears] = await readAll(scope.db, [() => roundHeads(scope, planId), () => kpiYearsOf(scope, planId)] as const);
  return reportYears(
    heads.map((h) => h.targetYear),
    kpiYears,
  );
}

/** The rounds the report reads: those targeting the year, and the last one published before the latest of them (its comparison). */
export function roundsNeeded(heads: readonly RoundHead[], fiscalYear: number): string[] {
  const ofYear = heads.filter((h) => h.targetYear === fiscalYear);
  if (!ofYear.length) return [];
  const byAsOf = (a: RoundHead, b: RoundHead) => (a.asOfDate < b.asOfDate ? -1 : a.asOfDate > b.asOfDate ? 1 : a.publishedAt.getTime() - b.publishedAt.getTime());
  const chosen = [...ofYear].sort(byAsOf).pop()!;
  const before = heads.filter((h) => h !== chosen && h.asOfDate < chosen.asOfDate).sort(byAsOf).pop();
  return [...ofYear.map((h) => h.id), ...(before && !ofYear.includes(before) ? [before.id] : [])];
}

/**
 * What the report of the plan and year is made from, with the plan's years that have a report (read
 * from the same round list), or null when the plan is not this municipality's.
 */
export async function loadAnnualReportInput(scope: TenantScope, planId: string, fiscalYear: number): Promise<{ input: AnnualReportInput; years: number[] } | null> {
  const [[plan], heads] = await readAll(scope.db, [
    () =>
      scope.db
        .select({ id: plans.id, title: plans.title, firstFiscalYear: plans.firstFiscalYear, lastFiscalYear: plans.lastFiscalYear })
        .from(plans)
        .where(and(eq(plans.municipalityId, scope.municipalityId), eq(plans.id, planId))),
    () => roundHeads(scope, planId),
  ] as const);
  if (!plan) return null;
  const ids = roundsNeeded(heads, fiscalYear);
  const [roundRows, kpiRows, fiscalRows, meetings, kpiYears] = await readAll(scope.db, [
    // the ids come from the current publications just read: a cached snapshot is one of them
    () => roundSnapshots(scope, planId, ids),
    () =>
      scope.db
        .select({ fiscalYear: publications.fiscalYear, publishedAt: publications.publishedAt, snapshot: publications.snapshot })
        .from(publications)
        .where(and(current(scope, 'kpi_values', planId), eq(publications.fiscalYear, fiscalYear))),
    () =>
      scope.db
        .select({ subjectId: publications.subjectId, fiscalYear: publications.fiscalYear, publishedAt: publications.publishedAt, snapshot: publications.snapshot })
        .from(publications)
        .where(current(scope, 'fiscal_table', planId)),
    () => publishedMeetings(scope),
    () => kpiYearsOf(scope, planId),
  ] as const);
  const years = reportYears(
    heads.map((h) => h.targetYear),
    kpiYears,
  );
  const input: AnnualReportInput = {
    plan,
    fiscalYear,
    rounds: roundRows.map((r) => ({ publishedOn: day(r.publishedAt), snapshot: r.snapshot })),
    kpiYears: kpiRows.map((r) => ({ fiscalYear: r.fiscalYear, publishedOn: day(r.publishedAt), snapshot: r.snapshot as KpiSnapshot })),
    fiscalTables: fiscalRows.map((r) => ({ tableId: r.subjectId, fiscalYear: r.fiscalYear, publishedOn: day(r.publishedAt), snapshot: r.snapshot as FiscalSnapshot })),
    meetings: meetings.map((m) => ({
      id: m.id,
      body: m.body,
      title: m.title,
      heldOn: m.heldOn,
      publishedOn: day(m.publishedAt),
      opinions: m.opinions.map((o) => ({ id: o.id, body: o.body, response: o.response, node: o.node, departmentName: o.departmentName })),
    })),
  };
  return { input, years };
}

/**
 * The report as citizens see it with the plan's years that have one (newest first), or null
 * (unknown plan, another municipality's, or nothing published for the year).
 */
export async function loadAnnualReport(scope: TenantScope, planId: string, fiscalYear: number): Promise<{ report: AnnualReport; years: number[] } | null> {
  const loaded = await loadAnnualReportInput(scope, planId, fiscalYear);
  const report = loaded ? assembleAnnualReport(loaded.input) : null;
  return report ? { report, years: loaded!.years } : null;
}
