/**
 * loadProgressTable reads the items, answers and texts as one JSON value built in SQL; this checks
 * it builds exactly the table and summary that the PDCA views' row loader (loadRoundData) gives,
 * for every round and basis of the PDCA fixture and of 荒尾市's demo plan (revision marks, a
 * previous round, stopped items), on both databases.
 */
import { and, asc, eq, lte, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/client.js';
import { municipalities, nodeChanges, planNodes, reports, rounds } from '../../src/db/schema.js';
import { loadMunicipality } from '../../src/modules/demo/commands/loadDemo.js';
import { arao } from '../../src/modules/demo/data/arao.js';
import { buildProgressTable, type TableAnswerText, type TableNode } from '../../src/modules/exports/domain/progressTable.js';
import { buildProgressSummary } from '../../src/modules/exports/domain/summary.js';
import { loadProgressTable } from '../../src/modules/exports/queries/progressTable.js';
import { withCheckDigit } from '../../src/modules/municipalities/domain/localGovCode.js';
import type { ReportState } from '../../src/modules/pdca/domain/workflow.js';
import type { AnswerBasis } from '../../src/modules/pdca/views/domain/model.js';
import { loadRoundData } from '../../src/modules/pdca/views/queries/load.js';
import type { TenantScope } from '../../src/shared/context.js';
import { buildPdcaFixture } from '../support/pdcaFixtures.js';
import { backends, openTestStore } from '../support/stores.js';

/** The table as built from loadRoundData's rows plus the descriptions, marks and texts read row by row. */
async function reference(scope: TenantScope, roundId: string, basis: AnswerBasis) {
  const d = await loadRoundData(scope, roundId);
  const m = scope.municipalityId;
  const descRows = await scope.db.select({ id: planNodes.id, description: planNodes.description }).from(planNodes).where(and(eq(planNodes.municipalityId, m), eq(planNodes.planId, d.plan.id)));
  const markRows = await scope.db
    .select({ nodeId: nodeChanges.nodeId, mark: nodeChanges.mark })
    .from(nodeChanges)
    .where(and(eq(nodeChanges.municipalityId, m), eq(nodeChanges.planId, d.plan.id), ne(nodeChanges.mark, ''), lte(nodeChanges.effectiveDate, d.round.asOfDate)))
    .orderBy(asc(nodeChanges.effectiveDate), asc(nodeChanges.seq));
  const textRows = await scope.db
    .select({ nodeId: reports.nodeId, state: reports.state, narrative: reports.narrative, issues: reports.issues, nextPlan: reports.nextPlan })
    .from(reports)
    .where(and(eq(reports.municipalityId, m), eq(reports.roundId, d.round.id)));
  const desc = new Map(descRows.map((r) => [r.id, r.description]));
  const marks = new Map<string, string[]>();
  for (const r of markRows) (marks.get(r.nodeId) ?? marks.set(r.nodeId, []).get(r.nodeId)!).push(r.mark);
  const nodes: TableNode[] = d.nodes.map((n) => ({ ...n, description: desc.get(n.id) ?? '', marks: marks.get(n.id) ?? [] }));
  const texts = new Map<string, TableAnswerText>(textRows.map((r) => [r.nodeId, { state: r.state as ReportState, narrative: r.narrative, issues: r.issues, nextPlan: r.nextPlan }]));
  const legends = { status: d.legends.status?.values ?? [], achievement: d.legends.achievement?.values ?? null };
  const table = buildProgressTable({ plan: d.plan, round: d.round, rounds: d.rounds, nodes, answers: d.answers, texts, legends, deptNames: d.deptNames, basis });
  const previous = d.round.previousRoundId ? (d.roundById.get(d.round.previousRoundId) ?? null) : null;
  const summary = buildProgressSummary({ levelNames: d.plan.levelNames, round: d.round, previous, nodes: d.nodes, answers: d.answers, legend: legends.status, basis });
  return { table, summary };
}

describe.each(backends())('loadProgressTable on %s', (kind) => {
  let store: Store;
  const cases: { scope: TenantScope; roundIds: string[] }[] = [];

  beforeAll(async () => {
    store = await openTestStore(kind);
    const f = await buildPdcaFixture(store, '照合市');
    cases.push({ scope: { db: store.db, municipalityId: f.municipality.id }, roundIds: Object.values(f.rounds) });
    let code: string;
    do code = withCheckDigit('43' + String(Math.floor(Math.random() * 1000)).padStart(3, '0'));
    while ((await store.db.select().from(municipalities).where(eq(municipalities.code, code))).length);
    const mid = await loadMunicipality(store.db, { ...arao, code, demoAccounts: false, plans: arao.plans.filter((p) => p.key === 'arao5-jisshi') });
    const araoRounds = await store.db.select({ id: rounds.id }).from(rounds).where(eq(rounds.municipalityId, mid));
    cases.push({ scope: { db: store.db, municipalityId: mid }, roundIds: araoRounds.map((r) => r.id) });
  }, 240_000);
  afterAll(() => store.close());

  it('builds the same table and summary as the row-by-row loader, for every round and basis', async () => {
    let compared = 0;
    let withMarks = 0;
    let withHistory = 0;
    for (const c of cases)
      for (const roundId of c.roundIds)
        for (const basis of ['submitted', 'accepted', 'all'] as const) {
          const got = await loadProgressTable(c.scope, roundId, basis, () => true); // the secretariat's reach: every answer
          const want = await reference(c.scope, roundId, basis);
          expect(got.table).toEqual(want.table);
          expect(got.summary).toEqual(want.summary);
          compared++;
          withMarks += got.table.rows.filter((r) => r.marks.length).length;
          withHistory += got.table.rows.filter((r) => r.statusHistory.some((h) => h.status !== null)).length;
        }
    expect(compared).toBeGreaterThan(6);
    // the data exercises what the SQL aggregates: revision marks and earlier years' answers
    expect(withMarks).toBeGreaterThan(0);
    expect(withHistory).toBeGreaterThan(0);
  });

  it('answers 404 for another municipality’s round', async () => {
    const [a, b] = cases as [(typeof cases)[0], (typeof cases)[0]];
    await expect(loadProgressTable(a.scope, b.roundIds[0]!, 'accepted', () => true)).rejects.toMatchObject({ status: 404 });
  });
});
