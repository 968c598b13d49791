/**
 * Loads what the open data publishes for one municipality: its plans, their structure and
 * schedules, the closed rounds and their accepted answers. Tenant-scoped; open and draft rounds are
 * never read into the published data.
 */
import { and, eq, inArray, max } from 'drizzle-orm';
import { readAll } from '../../../db/parallel.js';
import { nodeChanges, reports, rounds } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';
import { toTokyoIsoDate } from '../../fiscal/domain/index.js';
import { loadPlanData, toViewRound } from '../../pdca/views/queries/load.js';
import { listPlanRows } from '../../plans/db/repo.js';
import { planNodes } from '../../plans/queries/plans.js';
import { listTags } from '../../tags/queries/tags.js';
import { presentTag } from '../../tags/presenters/tag.js';
import { latestDate, type OpenRecord, type ResourceId } from '../domain/opendata.js';
import { fiscalTableRecords } from '../domain/opendataFinance.js';
import { allTables, loadTables } from '../../finance/db/repo.js';
import { kpisForOpenData } from '../../kpis/queries/opendata.js';
import { kpiRecords } from '../domain/opendataKpis.js';
import { opinionRecords } from '../domain/opendataOpinions.js';
import { publishedMeetings } from '../../review/queries/published.js';
import {
  planRecords,
  progressRecords,
  roundRecords,
  scheduleRecords,
  structureRecords,
  type PlanInput,
  type PlanProgressInput,
  type Publisher,
} from '../domain/opendataRecords.js';

export interface OpenDataSet {
  records: Record<ResourceId, OpenRecord[]>;
  modified: Record<ResourceId, string | null>;
}

const tokyoDate = (d: Date | string | null | undefined) => (d ? toTokyoIsoDate(d instanceof Date ? d : new Date(d)) : null);

/** `only`: build just that resource (the others come back empty); the catalogue builds them all for its counts. */
export async function loadOpenData(scope: TenantScope, publisher: Publisher, only?: ResourceId): Promise<OpenDataSet> {
  const m = scope.municipalityId;
  const need = (...ids: ResourceId[]) => !only || ids.includes(only);
  const [planRows, tagRows, closedRows, changed] = await readAll(scope.db, [
    () => listPlanRows(scope),
    () => listTags(scope),
    () => scope.db.select().from(rounds).where(and(eq(rounds.municipalityId, m), eq(rounds.state, 'closed'))),
    () => scope.db.select({ at: max(nodeChanges.recordedAt) }).from(nodeChanges).where(eq(nodeChanges.municipalityId, m)),
  ] as const);
  const tags = tagRows.map(presentTag);
  const inputs: PlanInput[] = planRows.map(({ plan: p, nodeCount, actionCount }) => ({
    id: p.id,
    kind: p.kind,
    title: p.title,
    firstFiscalYear: p.firstFiscalYear,
    lastFiscalYear: p.lastFiscalYear,
    stage: p.stage,
    parentPlanId: p.parentPlanId,
    levelNames: p.levelNames,
    philosophy: p.philosophy,
    phases: p.phases,
    nodeCount,
    actionCount,
  }));

  const closedIds = closedRows.map((r) => r.id);
  const accepted = closedIds.length && need('rounds', 'progress')
    ? await scope.db
        .select({
          reportId: reports.id,
          roundId: reports.roundId,
          nodeId: reports.nodeId,
          statusCode: reports.statusCode,
          achievementCode: reports.achievementCode,
          narrative: reports.narrative,
          issues: reports.issues,
          nextPlan: reports.nextPlan,
          effectRevenueYen: reports.effectRevenueYen,
          effectExpenseYen: reports.effectExpenseYen,
          effectKind: reports.effectKind,
          hoursSavedTenths: reports.hoursSavedTenths,
        })
        .from(reports)
        .where(and(eq(reports.municipalityId, m), inArray(reports.roundId, closedIds), eq(reports.state, 'accepted')))
    : [];

  const records: Record<ResourceId, OpenRecord[]> = { plans: need('plans') ? planRecords(publisher, inputs) : [], structure: [], schedules: [], rounds: [], progress: [], fiscal_tables: [], kpis: [], opinions: [] };
  for (const { plan: row } of planRows) {
    if (!need('structure', 'schedules', 'rounds', 'progress')) break;
    const plan = inputs.find((p) => p.id === row.id)!;
    const nodes = await planNodes(scope, row, null);
    if (need('structure')) records.structure.push(...structureRecords(publisher, plan, nodes, tags));
    if (need('schedules')) records.schedules.push(...scheduleRecords(publisher, plan, nodes));
    const closed = closedRows.filter((r) => r.planId === row.id);
    if (!closed.length || !need('rounds', 'progress')) continue;
    const data = await loadPlanData(scope, row);
    const progress: PlanProgressInput = {
      plan,
      nodes,
      legends: data.legends,
      rounds: closed.map((r) => ({ round: toViewRound(r), closedOn: tokyoDate(r.closedAt) })),
      answers: accepted.filter((a) => closed.some((r) => r.id === a.roundId)),
    };
    records.rounds.push(...roundRecords(publisher, progress));
    records.progress.push(...progressRecords(publisher, progress));
  }

  // financial / staffing tables as printed in the plans (no round involved)
  const fiscalTables = await allTables(scope);
  if (need('fiscal_tables')) {
    const titles = new Map(planRows.map((r) => [r.plan.id, r.plan.title]));
    const loaded = await loadTables(scope, fiscalTables);
    records.fiscal_tables = fiscalTableRecords(
      publisher,
      loaded.map(({ table: t, rows }) => ({ ...t, planTitle: titles.get(t.planId) ?? '', rows })),
    );
  }

  // numeric targets with their actuals; always read, the catalogue's date needs them
  const kpiSet = await kpisForOpenData(scope, planRows.map((r) => ({ id: r.plan.id, title: r.plan.title })));
  if (need('kpis')) records.kpis = kpiRecords(publisher, kpiSet.items);

  // published meetings' closed opinions and responses; always read, the catalogue's date needs them
  const meetings = await publishedMeetings(scope);
  if (need('opinions'))
    records.opinions = opinionRecords(
      publisher,
      meetings.map((mt) => ({ meeting: { ...mt, publishedOn: tokyoDate(mt.publishedAt)! }, opinions: mt.opinions })),
    );

  const planChanged = latestDate([...planRows.map((r) => tokyoDate(r.plan.updatedAt)), tokyoDate(changed[0]?.at ?? null)]);
  const roundsChanged = latestDate(closedRows.map((r) => tokyoDate(r.closedAt ?? r.createdAt)));
  return {
    records,
    modified: {
      plans: planChanged,
      structure: planChanged,
      schedules: planChanged,
      rounds: roundsChanged,
      progress: roundsChanged,
      fiscal_tables: latestDate(fiscalTables.map((t) => tokyoDate(t.updatedAt))),
      kpis: tokyoDate(kpiSet.modified),
      opinions: latestDate(meetings.map((mt) => tokyoDate(mt.publishedAt))),
    },
  };
}
