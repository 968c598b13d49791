/**
 * importClosedRounds (several years in one pass, as the table import calls it) on PGlite and
 * PostgreSQL: the same rounds, reports, events and audit rows as importing the years one by one;
 * a problem in any year refuses them all with that year's messages and writes nothing; the audit
 * row keeps the codes by node, the counts and a digest of the content as written.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { auditLog, reportEvents, reports, rounds } from '../../src/db/schema.js';
import { createDepartment } from '../../src/modules/departments/commands/departments.js';
import { createNode } from '../../src/modules/plans/commands/nodes.js';
import { createPlan } from '../../src/modules/plans/commands/plans.js';
import { saveLegends } from '../../src/modules/pdca/commands/legends.js';
import { importClosedRound, importClosedRounds, type ImportClosedRoundInput, type ImportedAnswersAudit } from '../../src/modules/pdca/commands/history.js';
import { AppError } from '../../src/shared/errors.js';
import { backends, createTestMunicipality, openTestStore, run } from '../support/stores.js';

describe.each(backends())('importClosedRounds on %s', (kind) => {
  let store: Store;
  let m: { id: string; code: string };
  const plans: string[] = [];
  const items: string[][] = [];
  const countOf = async (table: typeof rounds | typeof reports | typeof reportEvents | typeof auditLog) =>
    Number((await store.db.select({ n: count() }).from(table).where(eq(table.municipalityId, m.id)))[0]!.n);

  beforeAll(async () => {
    store = await openTestStore(kind);
    m = await createTestMunicipality(store.db, '一括履歴市');
    await run(store, m.id, async (ctx) => {
      const somu = await createDepartment(ctx, { name: '総務課', kind: '課' });
      for (const title of ['一括で取り込む計画', '1年ずつ取り込む計画', '拒否される計画']) {
        const plan = await createPlan(ctx, { kind: '実行計画', title, firstFiscalYear: 2019, lastFiscalYear: 2023, levelNames: ['施策', '具体的な取組'], stages: [{ stage: '決定', date: '2019-04-01' }] });
        const top = await createNode(ctx, plan.id, { parentId: null, title: '協働の推進' });
        const made: string[] = [];
        for (const n of ['1', '2', '3']) made.push((await createNode(ctx, plan.id, { parentId: top.id, number: n, title: `取組${n}`, departments: [{ id: somu.id, lead: true }] })).id);
        await saveLegends(ctx, plan.id, { status: { version: 0, preset: 'maru-sankaku' } });
        plans.push(plan.id);
        items.push(made);
      }
    });
  });
  afterAll(() => store.close());

  const years = (ids: string[]): ImportClosedRoundInput[] => {
    const [a, b, c] = ids as [string, string, string];
    return [
      { label: '令和元年度実績', asOfDate: '2020-03-31', targetFiscalYear: 2019, answers: [{ nodeId: a, statusCode: 'later' }, { nodeId: b, statusCode: 'partial', narrative: '一部実施' }] },
      { label: '令和2年度実績', asOfDate: '2021-03-31', targetFiscalYear: 2020, answers: [{ nodeId: a, statusCode: 'later' }, { nodeId: b, statusCode: 'done' }, { nodeId: c, statusCode: 'not_done', issues: '人員不足' }] },
      { label: '令和3年度末見込み', asOfDate: '2022-03-31', targetFiscalYear: 2021, answers: [{ nodeId: c, statusCode: 'done', nextPlan: '継続' }, { nodeId: a, statusCode: 'partial' }] },
    ];
  };

  /** the plan's rounds, reports, events and audit rows with ids replaced by labels and item numbers */
  async function dump(planId: string, ids: string[]) {
    const rs = await store.db.select().from(rounds).where(and(eq(rounds.municipalityId, m.id), eq(rounds.planId, planId))).orderBy(asc(rounds.asOfDate));
    const label = new Map(rs.map((r) => [r.id, r.label]));
    const item = (id: string) => `item${ids.indexOf(id) + 1}`;
    const reps = await store.db.select().from(reports).where(and(eq(reports.municipalityId, m.id), inArray(reports.roundId, rs.map((r) => r.id))));
    const repKey = new Map(reps.map((r) => [r.id, `${label.get(r.roundId)}/${item(r.nodeId)}`]));
    const events = await store.db.select().from(reportEvents).where(and(eq(reportEvents.municipalityId, m.id), inArray(reportEvents.reportId, reps.map((r) => r.id)))).orderBy(asc(reportEvents.seq));
    const audits = await store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, m.id), eq(auditLog.action, 'round.import'), inArray(auditLog.entityId, rs.map((r) => r.id))));
    return {
      rounds: rs.map(({ id: _i, planId: _p, createdAt: _c, closedAt, previousRoundId, municipalityId: _m, ...r }) => ({ ...r, closed: closedAt !== null, previous: previousRoundId ? label.get(previousRoundId) : null })),
      reports: reps
        .map(({ id: _i, roundId, nodeId, updatedAt: _u, municipalityId: _m, ...r }) => ({ ...r, round: label.get(roundId), item: item(nodeId) }))
        .sort((x, y) => `${x.round}/${x.item}`.localeCompare(`${y.round}/${y.item}`)),
      events: events.map(({ id: _i, reportId, at: _a, seq: _s, municipalityId: _m, ...e }) => ({ ...e, report: repKey.get(reportId) })),
      audits: audits
        .map((a) => {
          const after = a.after as { round: { label: string }; reportCount: number; answers: ImportedAnswersAudit };
          const byStatus = Object.fromEntries(Object.entries(after.answers.byStatus).map(([k, v]) => [k, v.map(item)]));
          return { round: after.round.label, reportCount: after.reportCount, byStatus, statusCounts: after.answers.statusCounts, digest: after.answers.digest };
        })
        .sort((x, y) => x.round.localeCompare(y.round)),
    };
  }

  it('writes what importing the years one by one writes, and an audit row per round with a digest of its content', async () => {
    const [batch, single] = [0, 1].map((i) => ({ planId: plans[i]!, ids: items[i]! }));
    const res = await run(store, m.id, (ctx) => importClosedRounds(ctx, batch!.planId, years(batch!.ids)));
    expect(res.map((r) => [r.round.label, r.reportCount])).toEqual([
      ['令和元年度実績', 2],
      ['令和2年度実績', 3],
      ['令和3年度末見込み', 2],
    ]);
    for (const y of years(single!.ids)) await run(store, m.id, (ctx) => importClosedRound(ctx, single!.planId, y));
    const [a, b] = [await dump(batch!.planId, batch!.ids), await dump(single!.planId, single!.ids)];
    expect(a.rounds.map((r) => [r.label, r.previous])).toEqual([
      ['令和元年度実績', null],
      ['令和2年度実績', '令和元年度実績'],
      ['令和3年度末見込み', '令和2年度実績'],
    ]);
    expect(a.reports).toHaveLength(7);
    // answers are compared with item numbers, so the two plans' digests differ only by node ids
    const noDigest = (d: typeof a) => ({ ...d, audits: d.audits.map(({ digest: _d, ...x }) => x) });
    expect(noDigest(a)).toEqual(noDigest(b));
    expect(a.audits[0]).toMatchObject({ round: '令和2年度実績', reportCount: 3, byStatus: { later: ['item1'], done: ['item2'], not_done: ['item3'] }, statusCounts: { later: 1, done: 1, not_done: 1 } });

    // the digest is the sha256 of the reports' content as written, in answer order
    const r3 = res[2]!;
    const rows = await store.db.select().from(reports).where(and(eq(reports.municipalityId, m.id), eq(reports.roundId, r3.round.id)));
    const byNode = new Map(rows.map((r) => [r.nodeId, r]));
    const tuples = years(batch!.ids)[2]!.answers.map((x) => {
      const r = byNode.get(x.nodeId)!;
      return [r.nodeId, r.statusCode, r.achievementCode, r.narrative, r.issues, r.nextPlan, r.effectRevenueYen, r.effectExpenseYen, r.effectKind, r.hoursSavedTenths, r.numbers];
    });
    const [audit] = await store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, m.id), eq(auditLog.entityId, r3.round.id)));
    expect((audit!.after as { answers: ImportedAnswersAudit }).answers.digest).toBe(createHash('sha256').update(JSON.stringify(tuples)).digest('hex'));
  });

  it('refuses every year when one is invalid (that year’s messages) and writes nothing', async () => {
    const planId = plans[2]!;
    const ys = years(items[2]!);
    ys[1] = { ...ys[1]!, answers: [...ys[1]!.answers, { nodeId: items[2]![0]!, statusCode: 'done' }] };
    const before = await Promise.all([countOf(rounds), countOf(reports), countOf(reportEvents), countOf(auditLog)]);
    const err = await run(store, m.id, (ctx) => importClosedRounds(ctx, planId, ys)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toContain('「令和2年度実績」を取り込めません');
    expect((err as AppError).fields!.map((f) => f.path)).toEqual(['answers.3.nodeId']);
    expect(await Promise.all([countOf(rounds), countOf(reports), countOf(reportEvents), countOf(auditLog)])).toEqual(before);

    // a year that repeats an earlier one of the same call is refused like an existing round
    const twice = [ys[0]!, ys[0]!];
    const dup = await run(store, m.id, (ctx) => importClosedRounds(ctx, planId, twice)).catch((e: unknown) => e);
    expect((dup as AppError).fields!.map((f) => f.path)).toEqual(['label']);
    expect(await Promise.all([countOf(rounds), countOf(reports), countOf(reportEvents), countOf(auditLog)])).toEqual(before);
  });
});
