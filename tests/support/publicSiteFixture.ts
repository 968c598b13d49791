/**
 * The PDCA fixture (tests/support/pdcaFixtures.ts) with everything the citizens' site shows, published
 * through the real command: R1 (FY2024, with 効果額 on accepted answers and a larger one on an answer
 * not accepted) and RQ (FY2025); KPI values of FY2024 and FY2026; the budget table as the 令和6年度版;
 * meetings with closed and open opinions. A closed round 「未公表の臨時調査」 is left unpublished, and so
 * is a meeting: neither may appear anywhere public.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { fiscalTableRows, fiscalTables, fiscalTableValues, kpis, kpiValues, meetings, opinions, planNodes, plans, reports, rounds } from '../../src/db/schema.js';
import { DEFAULT_PHASES } from '../../src/modules/plans/domain/plan.js';
import { buildPdcaFixture } from './pdcaFixtures.js';
import { publishAs } from './publishing.js';

export const UNPUBLISHED_ROUND_LABEL = '未公表の臨時調査';
export const UNPUBLISHED_MEETING_TITLE = '未公表の幹事会';
export const CLOSED_OPINION = '定型業務の自動化を他の課にも広げてほしい。';
export const OPEN_OPINION = 'まだ対応を検討中の意見。';
export const OTHER_PLAN_OPINION = '別の計画の項目についての意見。';

export async function buildPublicSiteFixture(store: Store, name = '公開市') {
  const f = await buildPdcaFixture(store, name);
  const db = store.db;
  const mid = f.municipality.id;
  const { A1, A2 } = f.nodes;

  // 効果額: on two accepted answers of R1, and a larger one on R1's answer the secretariat has not accepted
  const setEffect = (key: string, values: Partial<typeof reports.$inferInsert>) =>
    db.update(reports).set(values).where(and(eq(reports.municipalityId, mid), eq(reports.id, f.reports[key]!)));
  await setEffect('R1.A1', { effectExpenseYen: 1_000_000, hoursSavedTenths: 125, effectKind: 'recurring' });
  await setEffect('R1.A2', { effectRevenueYen: 2_500_000, hoursSavedTenths: 5 });
  await setEffect('R1.A7', { effectRevenueYen: 99_999_999 });

  const unpublishedRound = randomUUID();
  await db.insert(rounds).values({
    municipalityId: mid,
    id: unpublishedRound,
    planId: f.planId,
    label: UNPUBLISHED_ROUND_LABEL,
    asOfDate: '2025-02-28',
    targetFiscalYear: 2024,
    deadline: '2025-03-15',
    state: 'closed',
    fields: ['status'],
  });

  const kpi = { K1: randomUUID(), K2: randomUUID() };
  await db.insert(kpis).values([
    {
      municipalityId: mid,
      id: kpi.K1,
      planId: f.planId,
      category: '歳入確保',
      number: '1',
      sortOrder: 1,
      name: 'ふるさと納税の受入件数',
      unit: '件',
      scale: 0,
      bound: 'at_least',
      baselineFiscalYear: 2023,
      baselineValue: 1000,
      targetFiscalYear: 2027,
      targetValue: 2000,
    },
    {
      municipalityId: mid,
      id: kpi.K2,
      planId: f.planId,
      category: '財政の健全化',
      number: '2',
      sortOrder: 2,
      name: '経常収支比率',
      unit: '%',
      scale: 1,
      bound: 'at_most',
      baselineFiscalYear: 2023,
      baselineValue: 950,
      targetFiscalYear: 2027,
      targetValue: 900,
    },
  ]);
  await db.insert(kpiValues).values([
    { municipalityId: mid, kpiId: kpi.K1, fiscalYear: 2024, kind: 'actual', value: 1500, recordedBy: 'fixture' },
    { municipalityId: mid, kpiId: kpi.K2, fiscalYear: 2024, kind: 'actual', value: 890, note: '決算見込み', recordedBy: 'fixture' },
  ]);

  const table = randomUUID();
  const row = { revenue: randomUUID(), tax: randomUUID(), expense: randomUUID(), balance: randomUUID() };
  await db.insert(fiscalTables).values({
    municipalityId: mid,
    id: table,
    planId: f.planId,
    kind: 'budget',
    title: '歳入歳出の見通し',
    valueKind: 'yen',
    unit: '百万円',
    firstFiscalYear: 2024,
    lastFiscalYear: 2027,
  });
  await db.insert(fiscalTableRows).values([
    { municipalityId: mid, id: row.tax, tableId: table, sortOrder: 1, section: '歳入', label: '市税', rowKind: 'item' },
    { municipalityId: mid, id: row.revenue, tableId: table, sortOrder: 2, section: '歳入', label: '歳入合計', rowKind: 'total' },
    { municipalityId: mid, id: row.expense, tableId: table, sortOrder: 3, section: '歳出', label: '歳出合計', rowKind: 'total' },
    { municipalityId: mid, id: row.balance, tableId: table, sortOrder: 4, section: '', label: '歳入歳出差引', rowKind: 'balance' },
  ]);
  const M = 1_000_000;
  const values: (typeof fiscalTableValues.$inferInsert)[] = [];
  for (const [fy, kind, rev, exp] of [
    [2024, 'actual', 20_100, 19_900],
    [2024, 'plan', 20_000, 20_000],
    [2025, 'plan', 19_800, 20_100],
    [2026, 'plan', 19_600, 20_200],
    [2027, 'plan', 19_500, 20_300],
  ] as const) {
    values.push(
      { municipalityId: mid, rowId: row.tax, fiscalYear: fy, kind, value: 8_000 * M },
      { municipalityId: mid, rowId: row.revenue, fiscalYear: fy, kind, value: rev * M },
      { municipalityId: mid, rowId: row.expense, fiscalYear: fy, kind, value: exp * M },
      { municipalityId: mid, rowId: row.balance, fiscalYear: fy, kind, value: (rev - exp) * M },
    );
  }
  await db.insert(fiscalTableValues).values(values);

  // another plan of the municipality, with an item an opinion concerns
  const otherPlan = randomUUID();
  const otherNode = randomUUID();
  await db.insert(plans).values({ municipalityId: mid, id: otherPlan, kind: 'DX推進計画', title: `${name} DX推進計画`, firstFiscalYear: 2024, lastFiscalYear: 2027, stage: '決定', levelNames: ['取組'], phases: DEFAULT_PHASES });
  await db.insert(planNodes).values({ municipalityId: mid, id: otherNode, planId: otherPlan, parentId: null, depth: 0, sortOrder: 1, number: '1', title: '電子申請の拡大', isAction: true, effectiveFrom: '2024-04-01' });

  const meeting = { first: randomUUID(), second: randomUUID(), nextYear: randomUUID(), unpublished: randomUUID() };
  const published = new Date('2025-05-01T00:00:00Z');
  await db.insert(meetings).values([
    { municipalityId: mid, id: meeting.first, body: '審議会', title: '令和6年度第1回行政改革推進審議会', heldOn: '2024-08-20', publishedAt: published, publishedBy: 'fixture' },
    // 31 March belongs to FY2024 in Japan
    { municipalityId: mid, id: meeting.second, body: '審議会', title: '令和6年度第2回行政改革推進審議会', heldOn: '2025-03-31', publishedAt: published, publishedBy: 'fixture' },
    { municipalityId: mid, id: meeting.nextYear, body: '審議会', title: '令和7年度第1回行政改革推進審議会', heldOn: '2025-04-01', publishedAt: published, publishedBy: 'fixture' },
    { municipalityId: mid, id: meeting.unpublished, body: '幹事会', title: UNPUBLISHED_MEETING_TITLE, heldOn: '2024-09-01' },
  ]);
  const op = (meetingId: string, body: string, state: string, extra: Partial<typeof opinions.$inferInsert> = {}) => ({
    municipalityId: mid,
    meetingId,
    body,
    state,
    response: state === 'open' ? '' : `${body.slice(0, 6)}への対応を進めます。`,
    ...extra,
  });
  await db.insert(opinions).values([
    op(meeting.first, CLOSED_OPINION, 'closed', { nodeId: A1, assignedDepartmentId: f.departments.somu, response: '令和7年度に対象業務を拡大します。' }),
    op(meeting.first, OPEN_OPINION, 'answered', { nodeId: A2 }),
    op(meeting.first, OTHER_PLAN_OPINION, 'closed', { nodeId: otherNode }),
    op(meeting.second, '計画全体の進め方についての意見。', 'closed'),
    op(meeting.nextYear, '翌年度の会議での意見。', 'closed'),
    op(meeting.unpublished, '未公表の会議での意見。', 'closed'),
  ]);

  const pub = (input: Parameters<typeof publishAs>[2]) => publishAs(store, mid, input);
  await pub({ kind: 'round', planId: f.planId, subjectId: f.rounds.R1, fiscalYear: 0, unaccepted: 'no_answer' });
  await pub({ kind: 'round', planId: f.planId, subjectId: f.rounds.RQ, fiscalYear: 0, unaccepted: 'no_answer' });
  await pub({ kind: 'kpi_values', planId: f.planId, subjectId: f.planId, fiscalYear: 2024, unaccepted: null });
  // a year with KPI values published (none entered yet) and no round: it has a report too
  await pub({ kind: 'kpi_values', planId: f.planId, subjectId: f.planId, fiscalYear: 2026, unaccepted: null });
  await pub({ kind: 'fiscal_table', planId: f.planId, subjectId: table, fiscalYear: 2024, unaccepted: null });

  return { ...f, kpis: kpi, fiscalTable: table, otherPlan, unpublishedRound, meetings: meeting };
}

export type PublicSiteFixture = Awaited<ReturnType<typeof buildPublicSiteFixture>>;
