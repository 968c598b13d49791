/**
 * 数値目標・KPI: commands, queries, the HTTP API with switching actors, the open data and the demo
 * data, on PGlite and PostgreSQL.
 */
import { publishAs } from '../support/publishing.js';
import type { ChartDto } from '../../src/shared/api-types-kpis.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import type { Store } from '../../src/db/client.js';
import { auditLog, kpis, kpiValues, municipalities } from '../../src/db/schema.js';
import { createApp } from '../../src/app.js';
import { demoAdministrator, type Actor, type Role } from '../../src/modules/access/domain/policy.js';
import { createKpi, deleteKpi, reorderKpis, setKpiValue, updateKpi } from '../../src/modules/kpis/commands/kpis.js';
import { getKpi, listKpis } from '../../src/modules/kpis/queries/kpis.js';
import { targetYearEnded } from '../../src/modules/kpis/domain/evaluation.js';
import { todayInTokyo } from '../../src/modules/fiscal/domain/index.js';
import { createFiscalTable, deleteFiscalTable, replaceFiscalTable } from '../../src/modules/finance/commands/tables.js';
import { getFiscalTable } from '../../src/modules/finance/queries/tables.js';
import { loadMunicipality } from '../../src/modules/demo/commands/loadDemo.js';
import { deleteMunicipalityRows } from '../../src/modules/demo/commands/deleteDemo.js';
import { arao } from '../../src/modules/demo/data/arao.js';
import { withCheckDigit } from '../../src/modules/municipalities/domain/localGovCode.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type { KpiDto, KpiListDto } from '../../src/shared/api-types-kpis.js';
import type { OpenDataCatalogDto, OpenDataResourceDto } from '../../src/shared/api-types-publish.js';
import { AppError } from '../../src/shared/errors.js';
import type { CommandContext } from '../../src/shared/context.js';
import { buildSmallPlan, type SmallPlan } from '../support/fixtures.js';
import { backends, openTestStore, run } from '../support/stores.js';

// the KPIs here aim at 令和11年度 (ends 2030-03-31): short of the target before then is 目標年度前, not 未達成
const MID_PLAN = targetYearEnded(2029, todayInTokyo()) ? 'not_achieved' : 'before_target';

const rejects = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
};

const ratio = { name: '経常収支比率', category: '歳出削減', unit: '%', scale: 1, bound: 'at_most', baselineFiscalYear: 2024, baselineValue: '99.6', targetFiscalYear: 2029, targetValue: '95.6%' };

describe.each(backends())('KPIs on %s', (kind) => {
  let store: Store;
  let a: SmallPlan;
  let b: SmallPlan;
  const inA = <T>(fn: (ctx: CommandContext) => Promise<T>) => run(store, a.municipality.id, fn);
  const scopeA = () => ({ db: store.db, municipalityId: a.municipality.id });
  const auditOf = async (id: string) =>
    (await store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, a.municipality.id), eq(auditLog.entityId, id))).orderBy(asc(auditLog.at))).map((x) => x.action);

  beforeAll(async () => {
    store = await openTestStore(kind);
    a = await buildSmallPlan(store, 'KPI市');
    b = await buildSmallPlan(store, '別KPI市');
  });
  afterAll(() => store.close());

  describe('commands and queries', () => {
    it('creates a KPI with values parsed at its scale, records and clears actuals, and evaluates the latest', async () => {
      const k = await inA((ctx) => createKpi(ctx, a.plan.id, { ...ratio, nodeId: a.nodes.top.id, departmentId: a.departments.zaisei.id }));
      expect(k).toMatchObject({ baselineValue: 996, targetValue: 956, scale: 1, bound: 'at_most', version: 1, sortOrder: 0 });
      let dto = await getKpi(scopeA(), a.plan.id, k.id);
      expect(dto).toMatchObject({ baselineText: '99.6', targetText: '95.6%以下', nodeLabel: '1 歳出削減', departmentName: '財政課', baselineFiscalYearLabel: '令和6年度' });
      expect(dto.evaluation).toMatchObject({ status: 'no_data', statusLabel: '未入力', mode: 'progress' });

      await inA((ctx) => setKpiValue(ctx, a.plan.id, k.id, { version: 1, fiscalYear: 2026, kind: 'actual', value: '97.6' }));
      await inA((ctx) => setKpiValue(ctx, a.plan.id, k.id, { version: 2, fiscalYear: 2027, kind: 'actual', value: '９５．０％', note: '決算見込み' }));
      dto = await getKpi(scopeA(), a.plan.id, k.id);
      expect(dto.values.map((v) => [v.fiscalYear, v.value, v.text, v.note])).toEqual([
        [2026, 976, '97.6', ''],
        [2027, 950, '95.0', '決算見込み'],
      ]);
      expect(dto.evaluation).toMatchObject({ status: 'achieved', latestFiscalYear: 2027, latestText: '95.0', progressTenths: 1150, progressLabel: '115.0%' });

      // correcting a year overwrites it; an empty value clears it
      await inA((ctx) => setKpiValue(ctx, a.plan.id, k.id, { version: 3, fiscalYear: 2027, kind: 'actual', value: '' }));
      dto = await getKpi(scopeA(), a.plan.id, k.id);
      expect(dto.version).toBe(4);
      expect(dto.evaluation).toMatchObject({ status: MID_PLAN, latestFiscalYear: 2026, progressTenths: 500, note: '目標まであと2.0%' });
      // judged on a fixed day: mid-plan 目標年度前 (its 進捗率 kept), 未達成 once 令和11年度 has ended
      expect((await getKpi(scopeA(), a.plan.id, k.id, undefined, '2026-12-08')).evaluation).toMatchObject({ status: 'before_target', statusLabel: '目標年度前', progressLabel: '50.0%' });
      expect((await getKpi(scopeA(), a.plan.id, k.id, undefined, '2030-04-01')).evaluation).toMatchObject({ status: 'not_achieved', statusLabel: '未達成', progressLabel: '50.0%' });
      expect(await auditOf(k.id)).toEqual(['kpi.create', 'kpi.value.set', 'kpi.value.set', 'kpi.value.clear']);
    });

    it('says 維持 when the baseline already meets the target, and judges whether it is kept', async () => {
      const k = await inA((ctx) => createKpi(ctx, a.plan.id, { name: '財政調整基金残高', unit: '億円', scale: 1, bound: 'at_least', baselineFiscalYear: 2024, baselineValue: '17.5', targetFiscalYear: 2029, targetValue: '5' }));
      await inA((ctx) => setKpiValue(ctx, a.plan.id, k.id, { version: 1, fiscalYear: 2026, kind: 'actual', value: '4.9' }));
      const dto = await getKpi(scopeA(), a.plan.id, k.id);
      expect(dto.evaluation).toMatchObject({ status: MID_PLAN, mode: 'maintain', progressLabel: '維持', progressTenths: null });
      expect(dto.targetText).toBe('5.0億円以上');
    });

    it('judges the latest actual against its year’s 年度目標 (進捗状況), and against the 目標値 from the target year on', async () => {
      const k = await inA((ctx) => createKpi(ctx, a.plan.id, { ...ratio, name: '経常収支比率（年度目標つき）' }));
      let version = 1;
      const put = async (fiscalYear: number, kind: 'actual' | 'milestone', value: string) => {
        await inA((ctx) => setKpiValue(ctx, a.plan.id, k.id, { version: version++, fiscalYear, kind, value }));
        return (await getKpi(scopeA(), a.plan.id, k.id)).evaluation;
      };
      await put(2026, 'milestone', '98.0');
      await put(2027, 'milestone', '96.0');
      let e = await put(2026, 'actual', '97.6');
      // the 判定 against the final target is unchanged; the course is judged against 令和8年度's 98.0
      expect(e).toMatchObject({ status: MID_PLAN, note: '目標まであと2.0%' });
      expect(e.course).toEqual({
        status: 'on_track',
        statusLabel: '順調',
        fiscalYear: 2026,
        fiscalYearLabel: '令和8年度',
        basis: 'milestone',
        reference: 980,
        referenceText: '98.0%以下',
        gap: -4,
        note: '令和8年度の目標（98.0%以下）を達成',
      });
      e = await put(2027, 'actual', '96.8');
      expect(e.course).toMatchObject({ status: 'behind', statusLabel: '遅れ', fiscalYear: 2027, gap: 8, note: '令和9年度の目標（96.0%以下）まであと0.8%' });
      expect(e.courseByYear.map((c) => [c.fiscalYear, c.status])).toEqual([
        [2026, 'on_track'],
        [2027, 'behind'],
      ]);
      const listed = (await listKpis(scopeA(), a.plan.id)).items.find((x) => x.id === k.id)!;
      expect(listed.evaluation.course).toEqual(e.course);
      expect(listed.evaluation.courseByYear).toEqual(e.courseByYear);

      // a year without a 年度目標: no verdict, nothing carried over from 令和9年度
      e = await put(2028, 'actual', '95.9');
      expect(e.course).toMatchObject({ status: 'none', statusLabel: '判定なし', fiscalYear: 2028, basis: null, reference: null, note: '令和10年度の年度目標が未入力のため判定なし' });
      // the target year: the 目標値 decides, not a 年度目標 entered for it
      await put(2029, 'milestone', '97.0');
      e = await put(2029, 'actual', '96.0');
      expect(e.course).toMatchObject({ status: 'behind', basis: 'target', reference: 956, referenceText: '95.6%以下', note: '令和11年度（目標年度）の目標値（95.6%以下）まであと0.4%' });
      // clearing the latest actual moves the verdict back to the year before
      e = await put(2029, 'actual', '');
      expect(e.course.fiscalYear).toBe(2028);
    });

    it('refuses bad input with Japanese field messages and writes nothing', async () => {
      const before = (await listKpis(scopeA(), a.plan.id)).items.length;
      const e = await rejects(inA((ctx) => createKpi(ctx, a.plan.id, { ...ratio, name: '', scale: 1, targetValue: '95.65', nodeId: b.nodes.top.id, targetFiscalYear: 2020 })));
      expect(e.status).toBe(422);
      expect(e.fields!.map((f) => [f.path, f.message])).toEqual(
        expect.arrayContaining([
          ['name', '指標名を入力してください。'],
          ['targetValue', '目標値は小数第1位までで入力してください。'],
          ['targetFiscalYear', '目標値の年度は基準値の年度と同じか、それより後にしてください。'],
          ['nodeId', '指定された項目はこの計画にありません。'],
        ]),
      );
      expect((await listKpis(scopeA(), a.plan.id)).items.length).toBe(before);
    });

    it('checks the version: a stale edit, value or delete gets 409 with the stored KPI', async () => {
      const k = await inA((ctx) => createKpi(ctx, a.plan.id, { ...ratio, name: '実質公債費比率', baselineValue: '10.1', targetValue: '12.6' }));
      await inA((ctx) => updateKpi(ctx, a.plan.id, k.id, { version: 1, description: '平成18年の12.6%を超えない' }));
      const e = await rejects(inA((ctx) => updateKpi(ctx, a.plan.id, k.id, { version: 1, name: '上書き' })));
      expect(e.status).toBe(409);
      expect((e.current as KpiDto).description).toBe('平成18年の12.6%を超えない');
      expect((await rejects(inA((ctx) => setKpiValue(ctx, a.plan.id, k.id, { version: 1, fiscalYear: 2026, kind: 'actual', value: '10' })))).status).toBe(409);
      expect((await rejects(inA((ctx) => deleteKpi(ctx, a.plan.id, k.id, 1)))).status).toBe(409);
      expect(await store.db.select().from(kpiValues).where(and(eq(kpiValues.municipalityId, a.municipality.id), eq(kpiValues.kpiId, k.id)))).toEqual([]);
    });

    it('changing the scale re-expresses stored values, and refuses when digits would be lost', async () => {
      const k = await inA((ctx) => createKpi(ctx, a.plan.id, { name: 'スコア', unit: '点', scale: 1, bound: 'at_least', baselineFiscalYear: 2025, baselineValue: '2.9', targetFiscalYear: 2029, targetValue: '3.2' }));
      await inA((ctx) => setKpiValue(ctx, a.plan.id, k.id, { version: 1, fiscalYear: 2026, kind: 'actual', value: '3.1' }));
      const up = await inA((ctx) => updateKpi(ctx, a.plan.id, k.id, { version: 2, scale: 2 }));
      expect([up.scale, up.baselineValue, up.targetValue]).toEqual([2, 290, 320]);
      expect((await getKpi(scopeA(), a.plan.id, k.id)).values[0]).toMatchObject({ value: 310, text: '3.10' });
      await inA((ctx) => setKpiValue(ctx, a.plan.id, k.id, { version: 3, fiscalYear: 2027, kind: 'actual', value: '3.15' }));
      const e = await rejects(inA((ctx) => updateKpi(ctx, a.plan.id, k.id, { version: 4, scale: 1 })));
      expect(e.fields!.map((f) => f.path)).toContain('scale');
    });

    it('reorders the plan’s KPIs and deletes one with its values', async () => {
      const list = await listKpis(scopeA(), a.plan.id);
      const ids = list.items.map((k) => k.id).reverse();
      await inA((ctx) => reorderKpis(ctx, a.plan.id, ids));
      expect((await listKpis(scopeA(), a.plan.id)).items.map((k) => k.id)).toEqual(ids);
      expect((await rejects(inA((ctx) => reorderKpis(ctx, a.plan.id, ids.slice(1))))).status).toBe(422);
      const first = (await listKpis(scopeA(), a.plan.id)).items.find((k) => k.values.length)!;
      await inA((ctx) => deleteKpi(ctx, a.plan.id, first.id, first.version));
      expect(await store.db.select().from(kpiValues).where(and(eq(kpiValues.municipalityId, a.municipality.id), eq(kpiValues.kpiId, first.id)))).toEqual([]);
      expect(await auditOf(first.id)).toContain('kpi.delete');
    });

    it('takes its values from a row of the plan’s tables: 実績 → actuals, 計画 → 年度目標, converted to its unit; read-only here', async () => {
      const ratios = await inA((ctx) =>
        createFiscalTable(ctx, a.plan.id, {
          kind: 'ratios', title: '経常収支比率の推移', valueKind: 'number', unit: '%', scale: 1, firstFiscalYear: 2023, lastFiscalYear: 2026,
          rows: [{ label: '経常収支比率', section: '', rowKind: 'item', values: [
            { fiscalYear: 2023, kind: 'actual', text: '95.5' }, { fiscalYear: 2024, kind: 'actual', text: '99.6' },
            { fiscalYear: 2025, kind: 'plan', text: '98.0' }, { fiscalYear: 2026, kind: 'plan', text: '97.0' },
          ] }],
        }),
      );
      const funds = await inA((ctx) =>
        createFiscalTable(ctx, a.plan.id, {
          kind: 'funds', title: '基金残高', valueKind: 'yen', unit: '百万円', scale: 0, firstFiscalYear: 2025, lastFiscalYear: 2026,
          rows: [{ label: '財政調整基金', section: '', rowKind: 'item', values: [{ fiscalYear: 2025, kind: 'plan', text: '654' }, { fiscalYear: 2026, kind: 'plan', text: '500' }] }],
        }),
      );
      const ratioRow = (await getFiscalTable(scopeA(), a.plan.id, ratios.id)).rows[0]!.id;
      const fundRow = (await getFiscalTable(scopeA(), a.plan.id, funds.id)).rows[0]!.id;

      // a number row fits a KPI of the same unit with at least its decimals; a money row fits a KPI in a yen unit
      const wrongUnit = await rejects(inA((ctx) => createKpi(ctx, a.plan.id, { ...ratio, name: '人数の指標', unit: '人', scale: 0, baselineValue: '10', targetValue: '9', sourceRowId: ratioRow })));
      expect(wrongUnit.fields![0]).toEqual({ path: 'sourceRowId', message: '「経常収支比率の推移」の「経常収支比率」: 表の単位（%）と指標の単位（人）が違うため、表の値を取り込めません。' });
      const fewerDigits = await rejects(inA((ctx) => createKpi(ctx, a.plan.id, { ...ratio, scale: 0, baselineValue: '100', targetValue: '96', sourceRowId: ratioRow })));
      expect(fewerDigits.fields![0]!.message).toContain('指標の小数の桁数（0桁）が表（1桁）より少ないため');
      const otherPlan = await rejects(run(store, b.municipality.id, (ctx) => createKpi(ctx, b.plan.id, { ...ratio, sourceRowId: ratioRow })));
      expect(otherPlan.fields![0]).toMatchObject({ path: 'sourceRowId', message: '取り込み元に指定された表の行は、この計画の財政計画・定員管理の表にありません。' });

      const linked = await inA((ctx) => createKpi(ctx, a.plan.id, { ...ratio, name: '経常収支比率（表から）', sourceRowId: ratioRow }));
      let dto = await getKpi(scopeA(), a.plan.id, linked.id);
      expect(dto.source).toMatchObject({ rowId: ratioRow, tableTitle: '経常収支比率の推移', label: '「経常収支比率の推移」の「経常収支比率」（%）', problem: null });
      expect(dto.values.map((v) => [v.fiscalYear, v.kind, v.text, v.fromTable])).toEqual([
        [2023, 'actual', '95.5', true],
        [2024, 'actual', '99.6', true],
        [2025, 'milestone', '98.0', true],
        [2026, 'milestone', '97.0', true],
      ]);
      expect(dto.evaluation).toMatchObject({ status: MID_PLAN, latestFiscalYear: 2024, latestText: '99.6' });

      // values are entered in the table, not here
      const typed = await rejects(inA((ctx) => setKpiValue(ctx, a.plan.id, linked.id, { version: linked.version, fiscalYear: 2025, kind: 'actual', value: '97.0' })));
      expect(typed.fields![0]!.message).toBe('この指標の値は表「経常収支比率の推移」の「経常収支比率」から取り込んでいます。値は表で入力してください（取り込みをやめるには、指標の編集で取り込み元を外します）。');

      // money: 654 百万円 → 6.5 億円 at one decimal, with a note saying what the table holds
      const fund = await inA((ctx) => createKpi(ctx, a.plan.id, { name: '財政調整基金残高（表から）', unit: '億円', scale: 1, bound: 'at_least', targetFiscalYear: 2029, targetValue: '5', sourceRowId: fundRow }));
      dto = await getKpi(scopeA(), a.plan.id, fund.id);
      expect(dto.values.map((v) => [v.fiscalYear, v.kind, v.text, v.note])).toEqual([
        [2025, 'milestone', '6.5', '表の値 654百万円 を指標の桁数に丸めた値'],
        [2026, 'milestone', '5.0', ''],
      ]);

      // the table keeps what KPIs take: its row is not removed, nor its unit changed, nor the table deleted
      const t = await getFiscalTable(scopeA(), a.plan.id, ratios.id);
      const body = { kind: 'ratios' as const, title: t.title, valueKind: 'number' as const, unit: '%', scale: 1, firstFiscalYear: 2023, lastFiscalYear: 2026, version: t.version };
      const removed = await rejects(inA((ctx) => replaceFiscalTable(ctx, a.plan.id, ratios.id, { ...body, rows: [] })));
      expect(removed.status).toBe(409);
      expect(removed.message).toContain('行「経常収支比率」は数値目標・KPI「経常収支比率（表から）」が値の取り込み元にしているため、削除できません。');
      const unit = await rejects(inA((ctx) => replaceFiscalTable(ctx, a.plan.id, ratios.id, { ...body, unit: 'ポイント', rows: [{ id: ratioRow, label: '経常収支比率', section: '', rowKind: 'item', values: [] }] })));
      expect(unit.message).toContain('表の単位（ポイント）と指標の単位（%）が違うため');
      expect((await rejects(inA((ctx) => deleteFiscalTable(ctx, a.plan.id, ratios.id, t.version)))).status).toBe(409);
      // a new actual in the table shows up in the KPI at once
      await inA((ctx) =>
        replaceFiscalTable(ctx, a.plan.id, ratios.id, { ...body, rows: [{ id: ratioRow, label: '経常収支比率', section: '', rowKind: 'item', values: [{ fiscalYear: 2025, kind: 'actual', text: '95.0' }] }] }),
      );
      dto = await getKpi(scopeA(), a.plan.id, linked.id);
      expect(dto.values.map((v) => [v.fiscalYear, v.kind, v.text])).toEqual([[2025, 'actual', '95.0']]);
      expect(dto.evaluation).toMatchObject({ status: 'achieved', latestFiscalYear: 2025 });

      // unlinked: the values entered by hand (none here) are what it shows, and the table may change freely
      const unlinked = await inA((ctx) => updateKpi(ctx, a.plan.id, linked.id, { version: dto.version, sourceRowId: null }));
      expect((await getKpi(scopeA(), a.plan.id, unlinked.id)).values).toEqual([]);
      expect((await getKpi(scopeA(), a.plan.id, unlinked.id)).source).toBeNull();
      await inA((ctx) => deleteKpi(ctx, a.plan.id, fund.id, fund.version));
      const t2 = await getFiscalTable(scopeA(), a.plan.id, ratios.id);
      await inA((ctx) => deleteFiscalTable(ctx, a.plan.id, ratios.id, t2.version));
      await inA((ctx) => deleteKpi(ctx, a.plan.id, unlinked.id, unlinked.version));
    });

    it('cannot reach another municipality’s plan or KPI', async () => {
      const kb = await run(store, b.municipality.id, (ctx) => createKpi(ctx, b.plan.id, ratio));
      expect((await rejects(listKpis(scopeA(), b.plan.id))).status).toBe(404);
      expect((await rejects(getKpi(scopeA(), b.plan.id, kb.id))).status).toBe(404);
      expect((await rejects(inA((ctx) => updateKpi(ctx, b.plan.id, kb.id, { version: 1, name: 'x' })))).status).toBe(404);
      expect((await rejects(inA((ctx) => setKpiValue(ctx, b.plan.id, kb.id, { version: 1, fiscalYear: 2026, kind: 'actual', value: '1' })))).status).toBe(404);
      expect((await rejects(inA((ctx) => createKpi(ctx, b.plan.id, ratio)))).status).toBe(404);
    });
  });

  describe('HTTP API with switching actors', () => {
    let app: ReturnType<typeof createApp>;
    const mk = (id: string, role: Role, municipalityId: string | null): Actor => ({ id, name: id, role, municipalityId, departmentIds: [] });
    let actors: Record<string, Actor>;
    const call = async <T>(who: string, method: string, path: string, body?: unknown) => {
      const res = await app.request(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-test-actor': who },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
    };
    let base: string;

    beforeAll(() => {
      actors = {
        secretariat: mk('sec-a', 'secretariat', a.municipality.id),
        reporter: mk('rep-a', 'dept_reporter', a.municipality.id),
        council: mk('council-a', 'council', a.municipality.id),
        secretariatB: mk('sec-b', 'secretariat', b.municipality.id),
      };
      app = createApp({ store, resolveActor: (req) => actors[req.headers.get('x-test-actor') ?? ''] ?? demoAdministrator });
      base = `/api/m/${a.municipality.code}/plans/${a.plan.id}/kpis`;
    });

    it('the secretariat adds a KPI and enters a year’s actual; every role reads the list with the evaluation', async () => {
      const created = await call<KpiDto>('secretariat', 'POST', base, { name: '時間外勤務時間', category: '業務改革', unit: '時間', scale: 0, bound: 'at_most', baselineFiscalYear: 2024, baselineValue: '23,706', targetFiscalYear: 2029, targetValue: '19,000' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ baselineValue: 23706, baselineText: '23,706', targetText: '19,000時間以下', version: 1 });
      const put = await call<KpiDto>('secretariat', 'PUT', `${base}/${created.body.id}/values`, { version: 1, fiscalYear: 2026, value: '21,353時間' });
      expect(put.status).toBe(200);
      expect(put.body.evaluation).toMatchObject({ status: MID_PLAN, progressTenths: 500, progressLabel: '50.0%' });
      for (const who of ['council', 'reporter']) {
        const list = await call<KpiListDto>(who, 'GET', base);
        expect(list.status).toBe(200);
        expect(list.body.fiscalYears).toEqual([2026, 2027, 2028, 2029]);
        expect(list.body.items.find((k) => k.id === created.body.id)!.values[0]!.text).toBe('21,353');
      }
      // an actual outside the plan period widens the columns
      await call('secretariat', 'PUT', `${base}/${created.body.id}/values`, { version: 2, fiscalYear: 2025, value: '22,000' });
      expect((await call<KpiListDto>('council', 'GET', base)).body.fiscalYears).toEqual([2025, 2026, 2027, 2028, 2029]);
      await call('secretariat', 'PUT', `${base}/${created.body.id}/values`, { version: 3, fiscalYear: 2025, value: '' });
      const one = await call<KpiDto>('council', 'GET', `${base}/${created.body.id}`);
      expect(one.body.name).toBe('時間外勤務時間');
    });

    it('every role reads the 進捗状況 against the year’s 年度目標 in the list and the detail', async () => {
      const created = await call<KpiDto>('secretariat', 'POST', base, { name: '窓口手続き時間', category: '業務改革', unit: '分', scale: 0, bound: 'at_most', baselineFiscalYear: 2024, baselineValue: '182', targetFiscalYear: 2029, targetValue: '120' });
      const url = `${base}/${created.body.id}/values`;
      expect((await call('secretariat', 'PUT', url, { version: 1, fiscalYear: 2026, kind: 'milestone', value: '160分' })).status).toBe(200);
      const put = await call<KpiDto>('secretariat', 'PUT', url, { version: 2, fiscalYear: 2026, kind: 'actual', value: '165' });
      expect(put.body.evaluation.course).toMatchObject({ status: 'behind', statusLabel: '遅れ', referenceText: '160分以下', gap: 5, note: '令和8年度の目標（160分以下）まであと5分' });
      for (const who of ['council', 'reporter']) {
        const list = await call<KpiListDto>(who, 'GET', base);
        const k = list.body.items.find((x) => x.id === created.body.id)!;
        expect(k.values.map((v) => [v.fiscalYear, v.kind, v.text])).toEqual([
          [2026, 'actual', '165'],
          [2026, 'milestone', '160'],
        ]);
        expect(k.evaluation).toMatchObject({ status: MID_PLAN, course: { status: 'behind', fiscalYear: 2026 } });
      }
      // the secretariat lowers the actual: on track, in the detail as well
      await call('secretariat', 'PUT', url, { version: 3, fiscalYear: 2026, kind: 'actual', value: '160' });
      const one = await call<KpiDto>('council', 'GET', `${base}/${created.body.id}`);
      expect(one.body.evaluation.course).toMatchObject({ status: 'on_track', statusLabel: '順調', gap: 0, note: '令和8年度の目標（160分以下）を達成' });
      expect(one.body.evaluation.courseByYear.map((c) => c.status)).toEqual(['on_track']);
    });

    it('a reporter who tries to write gets 403 in Japanese; nothing is written', async () => {
      const list = (await call<KpiListDto>('secretariat', 'GET', base)).body;
      const k = list.items[0]!;
      const post = await call<ApiErrorBody>('reporter', 'POST', base, ratio);
      expect(post.status).toBe(403);
      expect(post.body.error.message).toBe('担当課（報告者）の権限では数値目標・KPIの登録・変更・実績値の入力はできません。事務局のみが行えます。');
      expect((await call('reporter', 'PUT', `${base}/${k.id}/values`, { version: k.version, fiscalYear: 2028, value: '1' })).status).toBe(403);
      expect((await call('council', 'PATCH', `${base}/${k.id}`, { version: k.version, name: 'x' })).status).toBe(403);
      expect((await call('council', 'DELETE', `${base}/${k.id}?version=${k.version}`)).status).toBe(403);
      expect((await call<KpiListDto>('secretariat', 'GET', base)).body).toEqual(list);
    });

    it('a user of another municipality gets 404 for reading and writing', async () => {
      const k = (await call<KpiListDto>('secretariat', 'GET', base)).body.items[0]!;
      expect((await call('secretariatB', 'GET', base)).status).toBe(404);
      expect((await call('secretariatB', 'GET', `${base}/${k.id}`)).status).toBe(404);
      expect((await call('secretariatB', 'PATCH', `${base}/${k.id}`, { version: k.version, name: 'x' })).status).toBe(404);
      // and the municipality's own secretariat cannot reach another municipality's plan through its own code
      expect((await call('secretariat', 'GET', `/api/m/${a.municipality.code}/plans/${b.plan.id}/kpis`)).status).toBe(404);
      expect((await call('secretariat', 'GET', `${base}/not-a-uuid`)).status).toBe(404);
    });

    it('bad input is 422 with Japanese messages at the field; a stale version is 409 with the current KPI', async () => {
      const bad = await call<ApiErrorBody>('secretariat', 'POST', base, { ...ratio, name: '', bound: 'below', scale: 9, baselineValue: '99.6x' });
      expect(bad.status).toBe(422);
      const fields = Object.fromEntries(bad.body.error.fields!.map((f) => [f.path, f.message]));
      expect(fields).toMatchObject({ name: '指標名を入力してください。', scale: '小数の桁数は0〜4で指定してください。' });
      expect(fields.bound).toContain('目標の向きは');
      const shape = await call<ApiErrorBody>('secretariat', 'POST', base, { name: 1, bound: 'at_most' });
      expect(shape.status).toBe(422);
      expect(shape.body.error.fields![0]).toMatchObject({ path: 'name', message: '指標名は文字列で入力してください。' });

      const k = (await call<KpiListDto>('secretariat', 'GET', base)).body.items[0]!;
      const badValue = await call<ApiErrorBody>('secretariat', 'PUT', `${base}/${k.id}/values`, { version: k.version, fiscalYear: 2026, value: 'たくさん' });
      expect(badValue.status).toBe(422);
      expect(badValue.body.error.fields).toEqual([{ path: 'value', message: '実績値は数値で入力してください（例: 95.6、23,706、負の数は △12.8）。' }]);
      const ok = await call<KpiDto>('secretariat', 'PATCH', `${base}/${k.id}`, { version: k.version, number: '9' });
      expect(ok.status).toBe(200);
      const stale = await call<ApiErrorBody & { error: { current: KpiDto } }>('secretariat', 'PATCH', `${base}/${k.id}`, { version: k.version, number: '10' });
      expect(stale.status).toBe(409);
      expect(stale.body.error.current).toMatchObject({ id: k.id, number: '9', version: k.version + 1 });
    });

    it('reorders through PUT /kpis/order and deletes with ?version=', async () => {
      const list = (await call<KpiListDto>('secretariat', 'GET', base)).body;
      const ids = list.items.map((k) => k.id).reverse();
      const r = await call<KpiListDto>('secretariat', 'PUT', `${base}/order`, { ids });
      expect(r.status).toBe(200);
      expect(r.body.items.map((k) => k.id)).toEqual(ids);
      const last = r.body.items.at(-1)!;
      expect((await call('secretariat', 'DELETE', `${base}/${last.id}?version=${last.version}`)).status).toBe(204);
      expect((await call('secretariat', 'GET', `${base}/${last.id}`)).status).toBe(404);
    });

    it('is described in the OpenAPI document', async () => {
      const doc = await call<{ paths: Record<string, Record<string, { summary: string; requestBody?: unknown }>> }>('council', 'GET', '/api/openapi.json');
      const kpiPaths = doc.body.paths;
      expect(Object.keys(kpiPaths['/api/m/{code}/plans/{planId}/kpis']!)).toEqual(['get', 'post']);
      expect(kpiPaths['/api/m/{code}/plans/{planId}/kpis/{kpiId}/values']!.put!.requestBody).toBeTruthy();
      expect(kpiPaths['/api/m/{code}/plans/{planId}/kpis/order']!.put!.summary).toContain('並び替え');
    });

    it('draws a KPI’s chart with the one renderer: SVG with its text alternative, its data table, 年度目標 for the staff', async () => {
      const list = (await call<KpiListDto>('secretariat', 'GET', base)).body;
      const k = list.items.find((x) => x.values.some((v) => v.kind === 'actual'))!;
      const r = await call<ChartDto>('council', 'GET', `${base}/${k.id}/chart`);
      expect(r.status).toBe(200);
      const chart = r.body.chart!;
      expect(chart.svg).toMatch(/^<svg[^>]*role="img"/);
      expect(chart.svg).not.toMatch(/<script|href="https?:/i);
      expect(chart.alt).toContain(k.name);
      expect(chart.table.columns.length).toBeGreaterThan(1);
      const actual = k.values.find((v) => v.kind === 'actual')!;
      expect(chart.table.rows.some((row) => row.label.includes(actual.fiscalYearLabel.replace(/年度$/, '')))).toBe(true);
      expect((await call('council', 'GET', `${base}/00000000-0000-4000-8000-000000000000/chart`)).status).toBe(404);
    });

    it('publishes the KPIs as open data: catalogue entry, CSV with BOM and CRLF, JSON with decimal strings', async () => {
      const od = `/api/m/${a.municipality.code}/opendata`;
      const list = (await call<KpiListDto>('secretariat', 'GET', base)).body;
      // typed values are not public until the secretariat publishes the year
      expect((await call<OpenDataResourceDto>('council', 'GET', `${od}/kpis.json`)).body.records).toHaveLength(0);
      const years = [...new Set(list.items.flatMap((k) => k.values.filter((v) => v.kind === 'actual').map((v) => v.fiscalYear)))];
      const planId = list.items[0]!.planId;
      for (const fy of years) await publishAs(store, a.municipality.id, { kind: 'kpi_values', planId, subjectId: planId, fiscalYear: fy, unaccepted: null });
      const cat = await call<OpenDataCatalogDto>('council', 'GET', `${od}/catalog.json`);
      const expected = list.items.reduce((n, k) => n + Math.max(1, k.values.filter((v) => v.kind === 'actual').length), 0);
      expect(cat.body.datasets.find((d) => d.resource === 'kpis')).toMatchObject({ status: 'available', recordCount: expected });
      const res = await app.request(`${od}/kpis.csv`, { headers: { 'x-test-actor': 'council' } });
      const bytes = new Uint8Array(await res.arrayBuffer());
      const csv = new TextDecoder().decode(bytes);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(csv.endsWith('\r\n')).toBe(true);
      expect(csv.split('\r\n')[0]).toContain('全国地方公共団体コード,地方公共団体名,指標ID,計画ID');
      const json = await call<OpenDataResourceDto>('council', 'GET', `${od}/kpis.json`);
      const overtime = json.body.records.filter((r) => r.name === '時間外勤務時間');
      expect(overtime).toHaveLength(1);
      expect(overtime[0]).toMatchObject({ lg_code: a.municipality.code, baseline_value: '23706', target_value: '19000', fiscal_year: 2026, fiscal_year_wareki: '令和8年度', actual_value: '21353', achieved: false, bound_label: '以下' });
      // another municipality's KPIs never appear
      expect(json.body.records.every((r) => r.lg_code === a.municipality.code)).toBe(true);
    });
  });

  it('the demo loads 荒尾市’s 3 数値目標 and 7 KPIs of the 第六次大綱 through the commands (two taking figures from its tables), and removes them again', async () => {
    let code = '';
    do code = withCheckDigit('43' + String(Math.floor(Math.random() * 1000)).padStart(3, '0'));
    while ((await store.db.select().from(municipalities).where(eq(municipalities.code, code))).length);
    const id = await loadMunicipality(store.db, { ...arao, code });
    try {
      const scope = { db: store.db, municipalityId: id };
      const plan = (await store.db.select().from(kpis).where(eq(kpis.municipalityId, id)))[0]!.planId;
      const list = await listKpis(scope, plan);
      // widened back to 令和3年度 by the actuals 経常収支比率 takes from 図表 8
      expect(list.fiscalYears).toEqual([2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029]);
      expect(list.items.map((k) => [k.category, k.name.slice(0, 12), k.baselineFiscalYear, k.baselineText, k.targetText, k.targetFiscalYear])).toEqual([
        ['数値目標', '実質収支（収入と支出のバ', 2024, '△12.8', '収支均衡', 2029],
        ['数値目標', '暮らしに対する市民の満足', 2025, '80.0', '85.0%以上', 2029],
        ['数値目標', '業務改善を実感する職員の', 2024, '59.3', '70.0%以上', 2029],
        ['歳出削減', '経常収支比率', 2024, '99.6', '95.6%以下', 2029],
        ['歳出削減', '財政調整基金残高', 2024, '17.5', '5.0億円以上', 2029],
        ['歳出削減', '実質公債費比率', 2024, '10.1', '12.6%以下', 2029],
        ['歳入確保', '歳入に占める自主財源額', 2024, '69.6', '78.0億円以上', 2029],
        ['業務改革', '窓口手続き時間（転入）', 2024, '182', '120分以下', 2029],
        ['業務改革', '「暮らしている地域では、', 2025, '2.97', '3.20点以上', 2029],
        ['業務改革', '時間外勤務時間', 2024, '23,706', '19,000時間以下', 2029],
      ]);
      // typed values: none; 経常収支比率 and 財政調整基金残高 take theirs from the tables
      const linked = list.items.filter((k) => k.source);
      expect(linked.map((k) => [k.name, k.source!.label])).toEqual([
        ['経常収支比率', '「経常収支比率の推移」の「経常収支比率」（%）'],
        ['財政調整基金残高', '「基金残高」の「財政調整基金」（百万円）'],
      ]);
      expect(linked[0]!.values.map((v) => [v.fiscalYear, v.kind, v.text])).toEqual([
        [2021, 'actual', '89.6'],
        [2022, 'actual', '93.2'],
        [2023, 'actual', '95.5'],
        [2024, 'actual', '99.6'],
      ]);
      expect(linked[0]!.evaluation).toMatchObject({ status: MID_PLAN, latestFiscalYear: 2024, progressLabel: '0.0%' });
      expect(linked[1]!.values.map((v) => [v.fiscalYear, v.kind, v.text])).toEqual([
        [2025, 'milestone', '6.5'],
        [2026, 'milestone', '5.0'],
        [2027, 'milestone', '5.0'],
        [2028, 'milestone', '5.0'],
        [2029, 'milestone', '6.6'],
      ]);
      expect(list.items.filter((k) => !k.source).every((k) => k.values.length === 0 && k.evaluation.status === 'no_data')).toBe(true);
      expect(list.items.filter((k) => k.nodeLabel).map((k) => k.nodeLabel)).toEqual(['1 歳出削減', '1 歳出削減', '1 歳出削減', '2 歳入確保', '3 業務改革', '3 業務改革', '3 業務改革']);
      expect(list.items.filter((k) => k.evaluation.mode === 'maintain').map((k) => k.name)).toEqual(['財政調整基金残高', '実質公債費比率']);
    } finally {
      await store.db.transaction((tx) => deleteMunicipalityRows(tx, id));
    }
    expect(await store.db.select().from(kpis).where(eq(kpis.municipalityId, id))).toEqual([]);
  }, 120_000);
});
