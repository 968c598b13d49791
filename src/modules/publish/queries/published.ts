/**
 * What citizens see: the current publications (公表中) and nothing else. The public pages, the open
 * data and the static export read through here only, so an unpublished round, value or table cannot
 * reach them. Tenant-scoped.
 */
import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { publications } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';
import { toTokyoIsoDate } from '../../fiscal/domain/index.js';
import type { OpenRecord } from '../domain/opendata.js';
import type { KpiOpenInput } from '../domain/opendataKpis.js';
import { currentWithSnapshots } from '../db/repo.js';
import { composeKpis, type FiscalSnapshot, type KpiSnapshot, type RoundSnapshot } from '../domain/publication.js';

const day = (d: Date) => toTokyoIsoDate(d);

export interface PublishedRoundEntry {
  publicationId: string;
  roundId: string;
  planId: string;
  seq: number;
  publishedOn: string;
  /** the round's open-data record (label, target year, dates, item count) */
  record: OpenRecord;
}

/** Every round published now, with its open-data record (read out of the snapshot by the database, not the whole table). */
export async function publishedRoundList(scope: TenantScope): Promise<PublishedRoundEntry[]> {
  const rows = await scope.db
    .select({
      id: publications.id,
      subjectId: publications.subjectId,
      planId: publications.planId,
      seq: publications.seq,
      publishedAt: publications.publishedAt,
      record: sql<OpenRecord | null>`${publications.snapshot}->'records'->'rounds'->0`,
    })
    .from(publications)
    .where(and(eq(publications.municipalityId, scope.municipalityId), eq(publications.state, 'published'), eq(publications.subjectKind, 'round')))
    .orderBy(asc(publications.publishedAt), asc(publications.id));
  return rows.map((r) => ({
    publicationId: r.id,
    roundId: r.subjectId,
    planId: r.planId,
    seq: r.seq,
    publishedOn: day(r.publishedAt),
    record: { ...(typeof r.record === 'string' ? JSON.parse(r.record) : (r.record ?? {})), published_on: day(r.publishedAt) },
  }));
}

export interface PublishedRound {
  publicationId: string;
  seq: number;
  publishedOn: string;
  snapshot: RoundSnapshot;
  /** corrections (正誤) of this round, newest first: every publication after the first, with what it corrected */
  corrections: { seq: number; publishedOn: string; correction: string }[];
}

/** The round as published now, or null (never published, withdrawn, or not this municipality's). */
export async function publishedRound(scope: TenantScope, roundId: string): Promise<PublishedRound | null> {
  const [row] = await currentWithSnapshots(scope, { kinds: ['round'], subjectId: roundId });
  if (!row) return null;
  return { publicationId: row.id, seq: row.seq, publishedOn: day(row.publishedAt), snapshot: row.snapshot as RoundSnapshot, corrections: await correctionsOf(scope, 'round', roundId, 0) };
}

/** Every round published now with its snapshot (the item pages' history and the annual report). */
export async function publishedRoundSnapshots(scope: TenantScope, opts: { planId?: string } = {}): Promise<PublishedRound[]> {
  const rows = await currentWithSnapshots(scope, { kinds: ['round'], ...opts });
  return rows.map((row) => ({ publicationId: row.id, seq: row.seq, publishedOn: day(row.publishedAt), snapshot: row.snapshot as RoundSnapshot, corrections: [] }));
}

/** What later publications of a subject corrected (the first publication corrects nothing); withdrawn ones are left out. */
export async function correctionsOf(scope: TenantScope, kind: string, subjectId: string, fiscalYear: number) {
  const rows = await scope.db
    .select({ seq: publications.seq, publishedAt: publications.publishedAt, correction: publications.correction })
    .from(publications)
    .where(
      and(
        eq(publications.municipalityId, scope.municipalityId),
        eq(publications.subjectKind, kind),
        eq(publications.subjectId, subjectId),
        eq(publications.fiscalYear, fiscalYear),
        ne(publications.state, 'withdrawn'),
        sql`${publications.seq} > 1`,
      ),
    )
    .orderBy(desc(publications.seq));
  return rows.map((r) => ({ seq: r.seq, publishedOn: day(r.publishedAt), correction: r.correction }));
}

/** The progress records of every round published now, each with its publication date. */
export async function publishedProgressRecords(scope: TenantScope): Promise<OpenRecord[]> {
  const rows = await scope.db
    .select({ publishedAt: publications.publishedAt, records: sql<OpenRecord[] | null>`${publications.snapshot}->'records'->'progress'` })
    .from(publications)
    .where(and(eq(publications.municipalityId, scope.municipalityId), eq(publications.state, 'published'), eq(publications.subjectKind, 'round')))
    .orderBy(asc(publications.publishedAt), asc(publications.id));
  return rows.flatMap((r) => {
    const list = (typeof r.records === 'string' ? JSON.parse(r.records) : (r.records ?? [])) as OpenRecord[];
    return list.map((x) => ({ ...x, published_on: day(r.publishedAt) }));
  });
}

export interface PublishedKpiPlan {
  planId: string;
  planTitle: string;
  kpis: KpiOpenInput[];
  /** the fiscal years with published values, oldest first */
  years: number[];
  /** fiscal year → its publication date */
  publishedOn: Map<number, string>;
  /** the latest publication date of the plan's KPIs */
  latestOn: string;
  corrections: { fiscalYear: number; seq: number; publishedOn: string; correction: string }[];
}

/** KPIs as published, per plan (definitions from the latest publication, actuals per year from each year's). */
export async function publishedKpis(scope: TenantScope, opts: { planId?: string } = {}): Promise<PublishedKpiPlan[]> {
  const rows = await currentWithSnapshots(scope, { kinds: ['kpi_values'], ...opts });
  const byPlan = new Map<string, typeof rows>();
  for (const r of rows) (byPlan.get(r.planId) ?? byPlan.set(r.planId, []).get(r.planId)!).push(r);
  return [...byPlan.entries()].map(([planId, list]) => {
    const composed = composeKpis(list.map((r) => ({ fiscalYear: r.fiscalYear, publishedAt: r.publishedAt.toISOString(), snapshot: r.snapshot as KpiSnapshot })));
    const latest = list[list.length - 1]!;
    return {
      planId,
      planTitle: (latest.snapshot as KpiSnapshot).plan.title,
      kpis: composed.kpis,
      years: composed.years,
      publishedOn: new Map([...composed.publishedOn].map(([y, at]) => [y, day(new Date(at))])),
      latestOn: day(latest.publishedAt),
      corrections: list.filter((r) => r.seq > 1).map((r) => ({ fiscalYear: r.fiscalYear, seq: r.seq, publishedOn: day(r.publishedAt), correction: r.correction })),
    };
  });
}

export interface PublishedFiscalTable {
  publicationId: string;
  fiscalYear: number;
  seq: number;
  publishedOn: string;
  snapshot: FiscalSnapshot;
  /** the earlier 年度版 still published, newest first */
  earlier: { fiscalYear: number; publishedOn: string }[];
}

/** Each table's latest 年度版 as published (the highest fiscal year published now). */
export async function publishedFiscalTables(scope: TenantScope, opts: { planId?: string; tableIds?: string[] } = {}): Promise<PublishedFiscalTable[]> {
  const wanted = opts.tableIds?.length ? new Set(opts.tableIds) : null;
  // newest 年度版 first, so the first seen per table is the one shown
  const rows = (await currentWithSnapshots(scope, { kinds: ['fiscal_table'], ...(opts.planId ? { planId: opts.planId } : {}) }))
    .filter((r) => !wanted || wanted.has(r.subjectId))
    .sort((a, b) => b.fiscalYear - a.fiscalYear || b.publishedAt.getTime() - a.publishedAt.getTime());
  const out = new Map<string, PublishedFiscalTable>();
  for (const r of rows) {
    const have = out.get(r.subjectId);
    if (have) {
      have.earlier.push({ fiscalYear: r.fiscalYear, publishedOn: day(r.publishedAt) });
      continue;
    }
    out.set(r.subjectId, { publicationId: r.id, fiscalYear: r.fiscalYear, seq: r.seq, publishedOn: day(r.publishedAt), snapshot: r.snapshot as FiscalSnapshot, earlier: [] });
  }
  return [...out.values()].sort((a, b) => a.snapshot.table.sortOrder - b.snapshot.table.sortOrder || a.snapshot.table.title.localeCompare(b.snapshot.table.title, 'ja'));
}

/** The date of the latest publication of each kind (the open-data catalogue's modified dates). */
export async function latestPublicationDates(scope: TenantScope): Promise<Record<string, string | null>> {
  const rows = await scope.db
    .select({ kind: publications.subjectKind, at: sql<Date | string>`max(${publications.publishedAt})` })
    .from(publications)
    .where(and(eq(publications.municipalityId, scope.municipalityId), eq(publications.state, 'published')))
    .groupBy(publications.subjectKind);
  const out: Record<string, string | null> = { round: null, kpi_values: null, fiscal_table: null };
  for (const r of rows) out[r.kind] = day(r.at instanceof Date ? r.at : new Date(r.at));
  return out;
}
