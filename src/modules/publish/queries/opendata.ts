/**
 * Loads what the open data publishes for one municipality: its plans, their structure and
 * schedules (the plan as adopted), and — only as the secretariat published them (queries/published.ts)
 * — the rounds' progress, the KPI values and the financial tables, each record with its 公表日.
 * Tenant-scoped; nothing unpublished is read into the published data.
 */
import { eq, max } from 'drizzle-orm';
import { readAll } from '../../../db/parallel.js';
import { nodeChanges } from '../../../db/schema.js';
import type { TenantScope } from '../../../shared/context.js';
import { toTokyoIsoDate } from '../../fiscal/domain/index.js';
import { listPlanRows } from '../../plans/db/repo.js';
import { planNodes } from '../../plans/queries/plans.js';
import { listTags } from '../../tags/queries/tags.js';
import { presentTag } from '../../tags/presenters/tag.js';
import { latestDate, RESOURCES, type OpenRecord, type ResourceId } from '../domain/opendata.js';
import { latestPublicationDates, publishedFiscalTables, publishedKpis, publishedProgressRecords, publishedRoundList } from './published.js';
import { kpiRecords } from '../domain/opendataKpis.js';
import { opinionRecords } from '../domain/opendataOpinions.js';
import { publishedMeetings } from '../../review/queries/published.js';
import {
  planRecords,
  scheduleRecords,
  structureRecords,
  type PlanInput,
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
  const [planRows, tagRows, changed, dates] = await readAll(scope.db, [
    () => listPlanRows(scope),
    () => listTags(scope),
    () => scope.db.select({ at: max(nodeChanges.recordedAt) }).from(nodeChanges).where(eq(nodeChanges.municipalityId, m)),
    () => latestPublicationDates(scope),
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

  const records: Record<ResourceId, OpenRecord[]> = { plans: need('plans') ? planRecords(publisher, inputs) : [], structure: [], schedules: [], rounds: [], progress: [], fiscal_tables: [], kpis: [], opinions: [] };
  // the plans as adopted: their structure and schedules are the plan itself
  for (const { plan: row } of planRows) {
    if (!need('structure', 'schedules')) break;
    const plan = inputs.find((p) => p.id === row.id)!;
    const nodes = await planNodes(scope, row, null);
    if (need('structure')) records.structure.push(...structureRecords(publisher, plan, nodes, tags));
    if (need('schedules')) records.schedules.push(...scheduleRecords(publisher, plan, nodes));
  }

  // progress, KPI values and tables: what the secretariat published, as it was published (publications)
  const planOrder = new Map(planRows.map((r, i) => [r.plan.id, i]));
  const byPlanOrder = <T extends { planId: string }>(list: T[]) => list.sort((a, b) => (planOrder.get(a.planId) ?? 0) - (planOrder.get(b.planId) ?? 0));
  if (need('rounds')) {
    const list = byPlanOrder(await publishedRoundList(scope));
    records.rounds = list.map((r) => r.record);
  }
  if (need('progress')) records.progress = await publishedProgressRecords(scope);
  if (need('fiscal_tables')) {
    const tables = await publishedFiscalTables(scope);
    records.fiscal_tables = byPlanOrder(tables.map((t) => ({ planId: t.snapshot.plan.id, t }))).flatMap(({ t }) => t.snapshot.records.map((r) => ({ ...r, published_on: t.publishedOn })));
  }
  if (need('kpis')) {
    const plans = byPlanOrder(await publishedKpis(scope));
    records.kpis = plans.flatMap((p) =>
      kpiRecords(publisher, p.kpis).map((r) => ({ ...r, published_on: (typeof r.fiscal_year === 'number' ? p.publishedOn.get(r.fiscal_year) : undefined) ?? p.latestOn })),
    );
  }

  // published meetings' closed opinions and responses; always read, the catalogue's date needs them
  const meetings = await publishedMeetings(scope);
  if (need('opinions'))
    records.opinions = opinionRecords(
      publisher,
      meetings.map((mt) => ({ meeting: { ...mt, publishedOn: tokyoDate(mt.publishedAt)! }, opinions: mt.opinions })),
    );

  // snapshots are kept as jsonb, which does not keep key order: records go out in the fields' order
  for (const id of ['rounds', 'progress', 'fiscal_tables', 'kpis'] as const)
    records[id] = records[id].map((r) => Object.fromEntries(RESOURCES[id].fields.map((f) => [f.id, r[f.id] ?? null])) as OpenRecord);

  const planChanged = latestDate([...planRows.map((r) => tokyoDate(r.plan.updatedAt)), tokyoDate(changed[0]?.at ?? null)]);
  return {
    records,
    modified: {
      plans: planChanged,
      structure: planChanged,
      schedules: planChanged,
      rounds: dates.round ?? null,
      progress: dates.round ?? null,
      fiscal_tables: dates.fiscal_table ?? null,
      kpis: dates.kpi_values ?? null,
      opinions: latestDate(meetings.map((mt) => tokyoDate(mt.publishedAt))),
    },
  };
}
