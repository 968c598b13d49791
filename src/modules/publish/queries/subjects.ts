/**
 * The secretariat's publication list: what can be published (closed rounds; each plan's KPI values by
 * fiscal year; each table by fiscal year) with the latest publication of each, and the history.
 * Tenant-scoped.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { kpis, kpiValues, rounds } from '../../../db/schema.js';
import type { PublicationDto, PublicationListDto, PublicationSubjectDto } from '../../../shared/api-types-publish.js';
import type { TenantScope } from '../../../shared/context.js';
import { allTables } from '../../finance/db/repo.js';
import { fiscalYearLabel, fiscalYearOf } from '../../fiscal/domain/index.js';
import { listPlanRows } from '../../plans/db/repo.js';
import { PUBLICATION_KIND_LABELS, PUBLICATION_STATE_LABELS, type PublicationKind, type PublicationState } from '../domain/publication.js';
import { allMeta, type PublicationMeta } from '../db/repo.js';
import { presentPublication } from '../presenters/publication.js';

const key = (kind: string, subjectId: string, fy: number) => `${kind}:${subjectId}:${fy}`;

export async function listPublications(scope: TenantScope, code: string): Promise<PublicationListDto> {
  const m = scope.municipalityId;
  const [plans, history, roundRows, tables] = [await listPlanRows(scope), await allMeta(scope), await scope.db.select().from(rounds).where(eq(rounds.municipalityId, m)), await allTables(scope)];
  const planTitle = new Map(plans.map((p) => [p.plan.id, p.plan.title]));
  const latest = new Map<string, PublicationMeta>();
  // history is newest first: the first seen per subject is its latest
  for (const p of history) if (!latest.has(key(p.subjectKind, p.subjectId, p.fiscalYear))) latest.set(key(p.subjectKind, p.subjectId, p.fiscalYear), p);
  const latestDto = (kind: PublicationKind, subjectId: string, fy: number): PublicationSubjectDto['latest'] => {
    const p = latest.get(key(kind, subjectId, fy));
    return p
      ? { id: p.id, seq: p.seq, state: p.state as PublicationState, stateLabel: PUBLICATION_STATE_LABELS[p.state as PublicationState], publishedAt: p.publishedAt.toISOString(), publishedBy: p.publishedBy }
      : null;
  };
  const subjects: PublicationSubjectDto[] = [];
  const planOrder = new Map(plans.map((p, i) => [p.plan.id, i]));

  // rounds: closed ones, and any with a publication (reopened after publishing)
  for (const r of roundRows
    .filter((r) => r.state === 'closed' || latest.has(key('round', r.id, 0)))
    .sort((a, b) => (planOrder.get(a.planId) ?? 0) - (planOrder.get(b.planId) ?? 0) || (a.asOfDate < b.asOfDate ? 1 : -1)))
    subjects.push({
      kind: 'round',
      kindLabel: PUBLICATION_KIND_LABELS.round,
      planId: r.planId,
      planTitle: planTitle.get(r.planId) ?? '',
      subjectId: r.id,
      fiscalYear: 0,
      title: r.label,
      roundState: r.state as 'draft' | 'open' | 'closed',
      latest: latestDto('round', r.id, 0),
    });

  // KPI values: per plan with KPIs, each fiscal year that has an actual or a publication, and this year
  const thisYear = fiscalYearOf(new Date());
  const kpiRows = await scope.db.select({ id: kpis.id, planId: kpis.planId }).from(kpis).where(eq(kpis.municipalityId, m));
  const valueYears = kpiRows.length
    ? await scope.db
        .selectDistinct({ kpiId: kpiValues.kpiId, fiscalYear: kpiValues.fiscalYear })
        .from(kpiValues)
        .where(and(eq(kpiValues.municipalityId, m), eq(kpiValues.kind, 'actual'), inArray(kpiValues.kpiId, kpiRows.map((k) => k.id))))
    : [];
  const planOfKpi = new Map(kpiRows.map((k) => [k.id, k.planId]));
  for (const { plan } of plans) {
    if (!kpiRows.some((k) => k.planId === plan.id)) continue;
    const years = new Set<number>(valueYears.filter((v) => planOfKpi.get(v.kpiId) === plan.id).map((v) => v.fiscalYear));
    for (const p of history) if (p.subjectKind === 'kpi_values' && p.planId === plan.id) years.add(p.fiscalYear);
    if (thisYear >= plan.firstFiscalYear - 1 && thisYear <= plan.lastFiscalYear) years.add(thisYear);
    for (const fy of [...years].sort((a, b) => b - a))
      subjects.push({
        kind: 'kpi_values',
        kindLabel: PUBLICATION_KIND_LABELS.kpi_values,
        planId: plan.id,
        planTitle: plan.title,
        subjectId: plan.id,
        fiscalYear: fy,
        title: `${fiscalYearLabel(fy)}の実績`,
        roundState: null,
        latest: latestDto('kpi_values', plan.id, fy),
      });
  }

  // tables: each as this year's 年度版, and every year already published
  for (const t of tables.sort((a, b) => (planOrder.get(a.planId) ?? 0) - (planOrder.get(b.planId) ?? 0) || a.sortOrder - b.sortOrder)) {
    const years = new Set<number>([thisYear]);
    for (const p of history) if (p.subjectKind === 'fiscal_table' && p.subjectId === t.id) years.add(p.fiscalYear);
    for (const fy of [...years].sort((a, b) => b - a))
      subjects.push({
        kind: 'fiscal_table',
        kindLabel: PUBLICATION_KIND_LABELS.fiscal_table,
        planId: t.planId,
        planTitle: planTitle.get(t.planId) ?? '',
        subjectId: t.id,
        fiscalYear: fy,
        title: `${t.title}（${fiscalYearLabel(fy)}版）`,
        roundState: null,
        latest: latestDto('fiscal_table', t.id, fy),
      });
  }
  const dtos: PublicationDto[] = history.map((p) => presentPublication(p, code));
  return { subjects, history: dtos };
}
