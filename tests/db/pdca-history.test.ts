/**
 * Importing recorded history (importClosedRound) on PGlite and PostgreSQL: closed
 * rounds chained year to year with accepted reports, read back through the
 * reports API; a bad status code refuses the whole import and writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { createApp } from '../../src/app.js';
import { auditLog, reportEvents, reports, rounds } from '../../src/db/schema.js';
import { createDepartment } from '../../src/modules/departments/commands/departments.js';
import { createNode } from '../../src/modules/plans/commands/nodes.js';
import { createPlan } from '../../src/modules/plans/commands/plans.js';
import { saveLegends } from '../../src/modules/pdca/commands/legends.js';
import { importClosedRound } from '../../src/modules/pdca/commands/history.js';
import { valueForMark, presetByKey } from '../../src/modules/pdca/domain/legend.js';
import { AppError } from '../../src/shared/errors.js';
import type { ReportEventDto, ReportInboxDto, RoundListDto } from '../../src/shared/api-types-pdca.js';
import { backends, createTestMunicipality, openTestStore, run } from '../support/stores.js';

describe.each(backends())('PDCA history import on %s', (kind) => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let m: { id: string; code: string };
  let planId: string;
  let items: { id: string; number: string }[];
  let group: string;
  const get = async <T>(p: string) => {
    const res = await app.request(p);
    expect(res.status, p).toBe(200);
    return (await res.json()) as T;
  };
  const mark = (s: string) => valueForMark(presetByKey('maru-sankaku')!.values, s)!.code;
  const countOf = async (table: typeof rounds | typeof reports | typeof reportEvents | typeof auditLog) =>
    Number((await store.db.select({ n: count() }).from(table).where(eq(table.municipalityId, m.id)))[0]!.n);

  beforeAll(async () => {
    store = await openTestStore(kind);
    app = createApp({ store });
    m = await createTestMunicipality(store.db, '履歴市');
    const built = await run(store, m.id, async (ctx) => {
      const somu = await createDepartment(ctx, { name: '総務課', kind: '課' });
      const plan = await createPlan(ctx, {
        kind: '実行計画',
        title: '履歴市 行政改革実施計画',
        firstFiscalYear: 2019,
        lastFiscalYear: 2023,
        levelNames: ['施策', '具体的な取組'],
        stages: [{ stage: '決定', date: '2019-04-01' }],
      });
      const top = await createNode(ctx, plan.id, { parentId: null, title: '協働の推進' });
      const made = [];
      for (const n of ['1', '2', '3'])
        made.push(await createNode(ctx, plan.id, { parentId: top.id, number: n, title: `取組${n}`, departments: [{ id: somu.id, lead: true }] }));
      await saveLegends(ctx, plan.id, { status: { version: 0, preset: 'maru-sankaku' } });
      return { planId: plan.id, items: made.map((x) => ({ id: x.id, number: x.number })), group: top.id };
    });
    ({ planId, items, group } = built);
  });
  afterAll(() => store.close());

  it('imports closed rounds per fiscal year, chained, with accepted reports readable through the API', async () => {
    const [a, b, c] = items as [(typeof items)[0], (typeof items)[0], (typeof items)[0]];
    const years = [
      { label: '令和元年度実績', asOfDate: '2020-03-31', fy: 2019, marks: { [a.id]: '-', [b.id]: '△' } },
      { label: '令和2年度実績', asOfDate: '2021-03-31', fy: 2020, marks: { [a.id]: '―', [b.id]: '○', [c.id]: '×' } },
      { label: '令和3年度実績', asOfDate: '2022-03-31', fy: 2021, marks: { [a.id]: '△', [b.id]: '○', [c.id]: '○' } },
    ];
    for (const y of years) {
      const res = await run(store, m.id, (ctx) =>
        importClosedRound(ctx, planId, {
          label: y.label,
          asOfDate: y.asOfDate,
          targetFiscalYear: y.fy,
          answers: Object.entries(y.marks).map(([nodeId, s]) => ({ nodeId, statusCode: mark(s), ...(y.fy === 2021 ? { narrative: `令和3年度の取組（${nodeId === a.id ? '1' : '他'}）` } : {}) })),
        }),
      );
      expect(res.round).toMatchObject({ state: 'closed', deadline: y.asOfDate, openedAt: null });
      expect(res.reportCount).toBe(Object.keys(y.marks).length);
    }

    const list = await get<RoundListDto>(`/api/m/${m.code}/plans/${planId}/rounds`);
    expect(list.items.map((r) => [r.label, r.state, r.targetFiscalYear, r.previousRoundLabel, r.counts.accepted, r.counts.total])).toEqual([
      ['令和3年度実績', 'closed', 2021, '令和2年度実績', 3, 3],
      ['令和2年度実績', 'closed', 2020, '令和元年度実績', 3, 3],
      ['令和元年度実績', 'closed', 2019, null, 2, 2],
    ]);
    expect(list.items[0]!.fields).toEqual(['status', 'narrative']);

    // statuses per FY come back through the reports API, with last year's answer alongside
    const byFy = new Map<number, Map<string, string | null>>();
    for (const r of list.items) {
      const inbox = await get<ReportInboxDto>(`/api/m/${m.code}/rounds/${r.id}/reports`);
      byFy.set(r.targetFiscalYear, new Map(inbox.entries.map((e) => [e.item.number, e.report.statusCode])));
      for (const e of inbox.entries) {
        expect(e.report.state).toBe('accepted');
        // closed, not yet published: nothing can be written; the acceptance can only be taken back
        expect(e.allowedActions).toEqual(['reopen']);
      }
      if (r.targetFiscalYear === 2021) {
        const e1 = inbox.entries.find((e) => e.item.number === '1')!;
        expect(e1.report.narrative).toBe('令和3年度の取組（1）');
        expect(e1.previous).toMatchObject({ roundLabel: '令和2年度実績', statusCode: 'later' });
        const detail = await get<{ events: ReportEventDto[] }>(`/api/m/${m.code}/reports/${e1.report.id}`);
        expect(detail.events.map((ev) => [ev.action, ev.fromState, ev.toState])).toEqual([['import', 'not_started', 'accepted']]);
      }
    }
    expect(Object.fromEntries([...byFy].map(([fy, s]) => [fy, Object.fromEntries(s)]))).toEqual({
      2019: { '1': 'later', '2': 'partial' },
      2020: { '1': 'later', '2': 'done', '3': 'not_done' },
      2021: { '1': 'partial', '2': 'done', '3': 'done' },
    });

    const audit = await store.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.municipalityId, m.id), eq(auditLog.action, 'round.import')));
    expect(audit).toHaveLength(3);
    expect(await countOf(reportEvents)).toBe(8);
  });

  it('refuses a bad status code whole, naming the 整理番号, and writes nothing', async () => {
    const before = await Promise.all([countOf(rounds), countOf(reports), countOf(reportEvents), countOf(auditLog)]);
    const [a, b, c] = items as [(typeof items)[0], (typeof items)[0], (typeof items)[0]];
    const err = await run(store, m.id, (ctx) =>
      importClosedRound(ctx, planId, {
        label: '令和4年度末見込み',
        asOfDate: '2023-03-31',
        targetFiscalYear: 2022,
        answers: [
          { nodeId: a.id, statusCode: 'done', narrative: '計画どおり実施した。' },
          { nodeId: b.id, statusCode: '◎' },
          { nodeId: c.id, statusCode: '' },
          { nodeId: group, statusCode: 'done' },
          { nodeId: a.id, statusCode: 'partial' },
        ],
      }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.status).toBe(422);
    expect(e.message).toContain('何も保存していません');
    expect(e.fields).toEqual([
      {
        path: 'answers.1.statusCode',
        message: '整理番号2「取組2」の進捗状況「◎」はこの計画の凡例にありません。「○」（done）「△」（partial）「×」（not_done）「－」（later）のいずれかを指定してください。',
      },
      { path: 'answers.2.statusCode', message: '整理番号3「取組3」の進捗状況がありません。「○」「△」「×」「－」のいずれかを指定してください。' },
      { path: 'answers.3.nodeId', message: '「協働の推進」は実施項目ではないため、進捗を取り込めません。' },
      { path: 'answers.4.nodeId', message: '整理番号1「取組1」の回答が重複しています（1件目と5件目）。1項目につき1件にしてください。' },
    ]);
    expect(await Promise.all([countOf(rounds), countOf(reports), countOf(reportEvents), countOf(auditLog)])).toEqual(before);
  });

  it('refuses a year outside the plan, a second import of the same round and an empty list', async () => {
    const [a] = items as [(typeof items)[0]];
    const refuse = (input: Parameters<typeof importClosedRound>[2]) =>
      run(store, m.id, (ctx) => importClosedRound(ctx, planId, input)).catch((e: unknown) => (e as AppError).fields);
    expect(await refuse({ label: '平成30年度実績', asOfDate: '2019-03-31', targetFiscalYear: 2018, answers: [{ nodeId: a.id, statusCode: 'done' }] })).toEqual([
      { path: 'targetFiscalYear', message: '対象年度は計画期間（令和元年度〜令和5年度）の中から選んでください。' },
    ]);
    expect(await refuse({ label: '令和元年度実績', asOfDate: '2020-03-31', targetFiscalYear: 2019, answers: [] })).toEqual([
      { path: 'label', message: 'この計画には既に基準日令和2年3月31日の照会「令和元年度実績」があります。同じ実績を二重に取り込むことはできません。' },
      { path: 'answers', message: '取り込む回答が1件もありません。' },
    ]);
    expect(await refuse({ label: '令和4年度実績', asOfDate: '2023-02-30', targetFiscalYear: 2022, answers: [{ nodeId: a.id, statusCode: 'done' }] })).toEqual([
      { path: 'asOfDate', message: '基準日はYYYY-MM-DDの形式で入力してください。' },
    ]);
  });

  it('refuses another municipality’s plan as not found', async () => {
    const other = await createTestMunicipality(store.db, '他団体市');
    const err = await run(store, other.id, (ctx) =>
      importClosedRound(ctx, planId, { label: 'x', asOfDate: '2020-03-31', targetFiscalYear: 2019, answers: [] }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(404);
  });
});
