/**
 * Financial and staffing tables (中期財政計画・職員定員管理計画): commands, queries, the HTTP API
 * with switching actors, and the fiscal_tables open data, on PGlite and PostgreSQL.
 */
import { and, count, eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { publishAs } from '../support/publishing.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Store } from '../../src/db/client.js';
import { auditLog, fiscalTableRows, fiscalTables, fiscalTableValues } from '../../src/db/schema.js';
import { demoAdministrator, type Actor, type Role } from '../../src/modules/access/domain/policy.js';
import { araoFinanceTables, demoTableInput } from '../../src/modules/demo/data/araoFinance.js';
import { deleteMunicipalityRows } from '../../src/modules/demo/commands/deleteDemo.js';
import { createFiscalTable, deleteFiscalTable, replaceFiscalTable } from '../../src/modules/finance/commands/tables.js';
import { getFiscalTable, listFiscalTables } from '../../src/modules/finance/queries/tables.js';
import { RESOURCES } from '../../src/modules/publish/domain/opendata.js';
import type { ApiErrorBody } from '../../src/shared/api-types.js';
import type { FiscalTableDto, FiscalTableListDto } from '../../src/shared/api-types-finance.js';
import type { OpenDataCatalogDto, OpenDataResourceDto } from '../../src/shared/api-types-publish.js';
import { AppError } from '../../src/shared/errors.js';
import type { CommandContext } from '../../src/shared/context.js';
import { buildSmallPlan, type SmallPlan } from '../support/fixtures.js';
import { backends, openTestStore, run } from '../support/stores.js';

const BUDGET = araoFinanceTables.find((t) => t.kind === 'budget')!;

const failure = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
};

/** The budget table as the grid editor sends it back: every row with its id, figures as printed text. */
const asSent = (t: FiscalTableDto) => ({
  kind: t.kind as 'budget',
  title: t.title,
  valueKind: t.valueKind,
  unit: t.unit,
  scale: t.scale,
  firstFiscalYear: t.firstFiscalYear,
  lastFiscalYear: t.lastFiscalYear,
  source: t.source,
  note: t.note,
  version: t.version,
  rows: t.rows.map((r) => ({ id: r.id, section: r.section, label: r.label, rowKind: r.rowKind, values: r.values.map((v) => ({ fiscalYear: v.fiscalYear, kind: v.kind, text: v.text })) })),
});

describe.each(backends())('financial and staffing tables on %s', (kind) => {
  let store: Store;
  let a: SmallPlan;
  let b: SmallPlan;
  const inA = <T>(fn: (ctx: CommandContext) => Promise<T>) => run(store, a.municipality.id, fn);
  const scopeA = () => ({ db: store.db, municipalityId: a.municipality.id });
  const countRows = async (municipalityId: string) => {
    const n = async (t: typeof fiscalTables | typeof fiscalTableRows | typeof fiscalTableValues) =>
      (await store.db.select({ n: count() }).from(t).where(eq(t.municipalityId, municipalityId)))[0]!.n;
    return [await n(fiscalTables), await n(fiscalTableRows), await n(fiscalTableValues)];
  };

  beforeAll(async () => {
    store = await openTestStore(kind);
    a = await buildSmallPlan(store, '財政市');
    b = await buildSmallPlan(store, '別の財政市');
  });
  afterAll(() => store.close());

  describe('commands and queries', () => {
    it('loads every seed table of 荒尾市 through the create command; the printed totals check out', async () => {
      const m = await buildSmallPlan(store, '荒尾テスト市');
      await run(store, m.municipality.id, async (ctx) => {
        for (const [i, t] of araoFinanceTables.entries()) await createFiscalTable(ctx, m.plan.id, demoTableInput(t, i));
      });
      const list = await listFiscalTables({ db: store.db, municipalityId: m.municipality.id }, m.plan.id);
      expect(list.items.map((t) => [t.kindLabel, t.title, t.unitLine])).toEqual([
        ['歳入歳出見込み', '一般会計の歳入歳出見込み', '（単位：百万円）'],
        ['基金残高', '基金残高', '（単位：百万円）'],
        ['地方債残高', '地方債残高', '（単位：百万円）'],
        ['財政指標', '経常収支比率の推移', '（単位：%）'],
        ['職員数（定員管理）', '職員定員管理計画（職員数）', '（単位：人）'],
        ['職員数（定員管理）', '会計年度任用職員の週当たり平均勤務時間', '（単位：時間）'],
      ]);
      for (const t of list.items) expect(t.discrepancies, t.title).toEqual([]);
      const budget = list.items[0]!;
      expect(budget.columns.map((c) => c.short)).toEqual(['R7', 'R8', 'R9', 'R10', 'R11']);
      const tax = budget.rows.find((r) => r.label === '地方税')!;
      expect(tax.values[0]).toEqual({ fiscalYear: 2025, kind: 'plan', value: 5_471_000_000, text: '5,471' });
      expect(budget.rows.find((r) => r.rowKind === 'balance')!.values.map((v) => v.text)).toEqual(['0', '0', '0', '20', '104']);
      const ratios = list.items[3]!;
      expect(ratios.columns.map((c) => [c.short, c.kind])).toEqual([
        ['R3', 'actual'],
        ['R4', 'actual'],
        ['R5', 'actual'],
        ['R6', 'actual'],
      ]);
      expect(ratios.rows[0]!.values.map((v) => [v.value, v.text])).toEqual([
        [896, '89.6'],
        [932, '93.2'],
        [955, '95.5'],
        [996, '99.6'],
      ]);
      expect(list.items[4]!.columns.map((c) => `${c.short}:${c.kind}`)).toEqual(['R7:actual', 'R8:plan', 'R9:plan', 'R10:plan', 'R11:plan']);
      // the demo reset removes them with the municipality
      await store.db.transaction((tx) => deleteMunicipalityRows(tx, m.municipality.id));
      expect(await countRows(m.municipality.id)).toEqual([0, 0, 0]);
    });

    it('replaces rows and figures as a whole, keeping the ids of rows sent back, with the audit row', async () => {
      const t = await inA((ctx) => createFiscalTable(ctx, a.plan.id, demoTableInput(BUDGET, 0)));
      const dto = await getFiscalTable(scopeA(), a.plan.id, t.id);
      const sent = asSent(dto);
      // 地方税 R10 mistyped, a row removed, a new row added
      sent.rows[0]!.values[3]!.text = '5,600';
      const removed = sent.rows.splice(5, 1)[0]!; // その他 (歳入)
      sent.rows.splice(5, 0, { section: '歳入', label: '繰入金', rowKind: 'item', values: [{ fiscalYear: 2025, kind: 'plan', text: '1,000' }] } as (typeof sent.rows)[number]);
      await inA((ctx) => replaceFiscalTable(ctx, a.plan.id, t.id, sent));
      const after = await getFiscalTable(scopeA(), a.plan.id, t.id);
      expect(after.version).toBe(2);
      expect(after.rows.map((r) => r.id).filter((id) => dto.rows.some((x) => x.id === id))).toHaveLength(dto.rows.length - 1);
      expect(after.rows.some((r) => r.id === removed.id)).toBe(false);
      expect(after.rows[5]).toMatchObject({ label: '繰入金', sortOrder: 5, values: [{ fiscalYear: 2025, value: 1_000_000_000 }] });
      // discrepancies are reported, the printed figures kept as sent
      const r10 = after.discrepancies.find((d) => d.label === '歳入計 (A)' && d.fiscalYear === 2028)!;
      expect(r10.message).toContain('「歳入計 (A)」のR10（令和10年度）');
      expect(after.rows.find((r) => r.label === '歳入計 (A)')!.values[3]!.text).toBe('26,928');
      const audit = await store.db.select().from(auditLog).where(and(eq(auditLog.municipalityId, a.municipality.id), eq(auditLog.entityId, t.id)));
      expect(audit.map((x) => x.action).sort()).toEqual(['fiscal_table.create', 'fiscal_table.replace']);
    });

    it('refuses a stale version with the current table, and bad figures by row and year, writing nothing', async () => {
      const t = await inA((ctx) => createFiscalTable(ctx, a.plan.id, demoTableInput(BUDGET, 1)));
      const dto = await getFiscalTable(scopeA(), a.plan.id, t.id);
      const before = await countRows(a.municipality.id);
      const stale = await failure(inA((ctx) => replaceFiscalTable(ctx, a.plan.id, t.id, { ...asSent(dto), version: 7 })));
      expect(stale.status).toBe(409);
      expect((stale.current as FiscalTableDto).version).toBe(1);
      const bad = asSent(dto);
      bad.rows[1]!.values[2]!.text = '7,1４2x';
      bad.rows[2]!.label = ' ';
      const e = await failure(inA((ctx) => replaceFiscalTable(ctx, a.plan.id, t.id, bad)));
      expect(e.status).toBe(422);
      expect(e.fields).toEqual([
        { path: 'rows.1.values.2', message: '「地方交付税」のR9（令和9年度）: 「7,1４2x」は数値として読めません（例: 5,471　△20）。' },
        { path: 'rows.2.label', message: '3行目: 行の名称（例: 地方税、歳入計）を入力してください。' },
      ]);
      expect(await countRows(a.municipality.id)).toEqual(before);
      expect((await getFiscalTable(scopeA(), a.plan.id, t.id)).version).toBe(1);
      // another municipality's plan or table is not found
      expect((await failure(run(store, b.municipality.id, (ctx) => createFiscalTable(ctx, a.plan.id, demoTableInput(BUDGET, 0))))).status).toBe(404);
      expect((await failure(run(store, b.municipality.id, (ctx) => deleteFiscalTable(ctx, a.plan.id, t.id, 1)))).status).toBe(404);
      await inA((ctx) => deleteFiscalTable(ctx, a.plan.id, t.id, 1));
      expect((await failure(getFiscalTable(scopeA(), a.plan.id, t.id))).status).toBe(404);
    });
  });

  describe('HTTP API', () => {
    let app: ReturnType<typeof createApp>;
    let actors: Record<string, Actor>;
    const mk = (id: string, role: Role, municipalityId: string | null): Actor => ({ id, name: id, role, municipalityId, departmentIds: [] });
    const call = async <T>(who: string, method: string, path: string, body?: unknown) => {
      const res = await app.request(path, { method, headers: { 'content-type': 'application/json', 'x-test-actor': who }, body: body === undefined ? undefined : JSON.stringify(body) });
      // decoded by hand: Response.text() would drop the BOM the CSV files must start with
      const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
      return { status: res.status, headers: res.headers, text, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null) as T };
    };
    const base = () => `/api/m/${a.municipality.code}/plans/${a.plan.id}/fiscal-tables`;

    beforeAll(() => {
      actors = {
        admin: demoAdministrator,
        secretariat: mk('sec', 'secretariat', a.municipality.id),
        reporter: mk('rep', 'dept_reporter', a.municipality.id),
        viewer: mk('viewer', 'viewer', a.municipality.id),
        secretariatB: mk('sec-b', 'secretariat', b.municipality.id),
      };
      app = createApp({ store, resolveActor: (req) => actors[req.headers.get('x-test-actor') ?? 'admin'] ?? demoAdministrator });
    });

    it('the secretariat creates and replaces a table; everyone reads it; a reporter may not write', async () => {
      const created = await call<FiscalTableDto>('secretariat', 'POST', base(), demoTableInput(BUDGET, 5));
      expect(created.status).toBe(201);
      expect(created.body.discrepancies).toEqual([]);
      const id = created.body.id;
      for (const who of ['reporter', 'viewer']) {
        expect((await call<FiscalTableListDto>(who, 'GET', base())).body.items.some((t) => t.id === id)).toBe(true);
        expect((await call<FiscalTableDto>(who, 'GET', `${base()}/${id}`)).body.title).toBe('一般会計の歳入歳出見込み');
      }
      const refused = await call<ApiErrorBody>('reporter', 'PUT', `${base()}/${id}`, asSent(created.body));
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe('財政市の財政計画・定員管理の表を登録・変更できるのは、事務局とシステム管理者です。');
      expect((await call<ApiErrorBody>('viewer', 'POST', base(), demoTableInput(BUDGET, 6))).status).toBe(403);
      expect((await call<ApiErrorBody>('reporter', 'DELETE', `${base()}/${id}?version=1`)).status).toBe(403);

      const sent = asSent(created.body);
      sent.rows[0]!.values[0]!.text = '５，４７２';
      const put = await call<FiscalTableDto>('secretariat', 'PUT', `${base()}/${id}`, sent);
      expect(put.status).toBe(200);
      expect(put.body.version).toBe(2);
      expect(put.body.rows[0]!.values[0]).toMatchObject({ value: 5_472_000_000, text: '5,472' });
      expect(put.body.discrepancies.map((d) => [d.label, d.fiscalYear, d.printed, d.computed])).toEqual([['歳入計 (A)', 2025, 31_632_000_000, 31_633_000_000]]);

      const stale = await call<ApiErrorBody>('secretariat', 'PUT', `${base()}/${id}`, sent);
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toContain('他の人が先に更新しました');
      expect((stale.body.error.current as FiscalTableDto).version).toBe(2);

      const bad = { ...asSent(put.body), rows: [{ section: '歳入', label: '地方税', rowKind: 'item', values: [{ fiscalYear: 2031, kind: 'plan', text: '1' }, { fiscalYear: 2025, kind: 'plan', text: '0.0000001' }] }] };
      const invalid = await call<ApiErrorBody>('secretariat', 'PUT', `${base()}/${id}`, bad);
      expect(invalid.status).toBe(422);
      expect(invalid.body.error.fields).toEqual([
        { path: 'rows.0.values.0', message: '「地方税」のR13（令和13年度）: 年度が表の期間（2025〜2029年度）の外です。' },
        { path: 'rows.0.values.1', message: '「地方税」のR7（令和7年度）: 「0.0000001」百万円は1円未満の端数になります。円単位で割り切れる値を入力してください。' },
      ]);
      const still = await call<FiscalTableDto>('viewer', 'GET', `${base()}/${id}`);
      expect(still.body.version).toBe(2);
      expect(still.body.rows).toHaveLength(BUDGET.rows.length);
      const shape = await call<ApiErrorBody>('secretariat', 'PUT', `${base()}/${id}`, { rows: 'x' });
      expect(shape.status).toBe(422);
      expect(shape.body.error.fields!.some((f) => f.path === 'version' && f.message.includes('版数'))).toBe(true);

      const csv = await call<null>('viewer', 'GET', `${base()}/${id}/csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toContain('text/csv');
      expect(csv.text.startsWith('\uFEFF一般会計の歳入歳出見込み\r\n（単位：百万円）\r\n歳入,R7,R8,R9,R10,R11\r\n地方税,"5,472",')).toBe(true);
      const cells: string[][] = parse(csv.text, { bom: true, record_delimiter: '\r\n', relax_column_count: true });
      expect(cells.find((r) => r[0] === '歳入－歳出 (A)－(B)')).toEqual(['歳入－歳出 (A)－(B)', '0', '0', '0', '20', '104']);
      expect(cells.filter((r) => r[0] === '歳出')).toHaveLength(1);

      expect((await call('secretariat', 'DELETE', `${base()}/${id}?version=1`)).status).toBe(409);
      expect((await call('secretariat', 'DELETE', `${base()}/${id}?version=2`)).status).toBe(204);
      expect((await call('viewer', 'GET', `${base()}/${id}`)).status).toBe(404);
    });

    it("answers 404 for another municipality's plan or table and for ids that are not UUIDs", async () => {
      const t = await call<FiscalTableDto>('admin', 'POST', base(), demoTableInput(BUDGET, 7));
      const otherBase = `/api/m/${b.municipality.code}/plans/${a.plan.id}/fiscal-tables`;
      expect((await call('secretariatB', 'GET', otherBase)).status).toBe(404);
      expect((await call('secretariatB', 'GET', `/api/m/${b.municipality.code}/plans/${b.plan.id}/fiscal-tables/${t.body.id}`)).status).toBe(404);
      const put = await call<ApiErrorBody>('secretariatB', 'PUT', `/api/m/${b.municipality.code}/plans/${b.plan.id}/fiscal-tables/${t.body.id}`, asSent(t.body));
      expect(put.status).toBe(404);
      expect(put.body.error.message).toContain('見つかりません');
      // a user of another municipality cannot reach this one at all
      expect((await call('secretariatB', 'GET', base())).status).toBe(403);
      expect((await call('admin', 'GET', `${base()}/not-a-uuid`)).status).toBe(404);
      expect((await call('admin', 'GET', `/api/m/${a.municipality.code}/plans/not-a-uuid/fiscal-tables`)).status).toBe(404);
    });

    it('documents its routes in /api/openapi.json, request bodies included', async () => {
      const doc = (await call<{ paths: Record<string, Record<string, { summary: string; requestBody?: unknown }>> }>('viewer', 'GET', '/api/openapi.json')).body;
      const list = doc.paths['/api/m/{code}/plans/{planId}/fiscal-tables']!;
      const one = doc.paths['/api/m/{code}/plans/{planId}/fiscal-tables/{tableId}']!;
      expect(Object.keys(list).sort()).toEqual(['get', 'post']);
      expect(Object.keys(one).sort()).toEqual(['delete', 'get', 'put']);
      expect(one.put!.requestBody).toBeTruthy();
      expect(doc.paths['/api/m/{code}/plans/{planId}/fiscal-tables/{tableId}/csv']!.get!.summary).toContain('CSV');
    });

    it('publishes the tables as open data: CSV with BOM and CRLF, JSON with stable ids, listed in the catalogue', async () => {
      const m = await buildSmallPlan(store, '公開財政市');
      await run(store, m.municipality.id, async (ctx) => {
        for (const [i, t] of araoFinanceTables.entries()) await createFiscalTable(ctx, m.plan.id, demoTableInput(t, i));
      });
      const od = `/api/m/${m.municipality.code}/opendata`;
      // nothing is public until the secretariat publishes it
      expect((await call<OpenDataResourceDto>('admin', 'GET', `${od}/fiscal_tables.json`)).body.records).toHaveLength(0);
      const scope = { db: store.db, municipalityId: m.municipality.id };
      for (const t of (await listFiscalTables(scope, m.plan.id)).items)
        await publishAs(store, m.municipality.id, { kind: 'fiscal_table', planId: m.plan.id, subjectId: t.id, fiscalYear: 2026, unaccepted: null });
      const doc = (await call<OpenDataResourceDto>('admin', 'GET', `${od}/fiscal_tables.json`)).body;
      expect(doc.fields.map((f) => f.id)).toEqual(RESOURCES.fiscal_tables.fields.map((f) => f.id));
      const tax = doc.records.find((r) => r.row_label === '地方税' && r.fiscal_year === 2025)!;
      expect(tax).toMatchObject({ published_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), lg_code: m.municipality.code, lg_name: '公開財政市', table_title: '一般会計の歳入歳出見込み', source: '図表 10', section: '歳入', row_kind: 'item', fiscal_year_wareki: '令和7年度', figure_kind: 'plan', value_yen: 5_471_000_000, value_decimal: null, unit: '百万円', printed_value: '5,471' });
      expect(Object.keys(tax).slice(0, 2)).toEqual(['lg_code', 'lg_name']);
      const ratio = doc.records.find((r) => r.row_label === '経常収支比率' && r.fiscal_year === 2024)!;
      expect(ratio).toMatchObject({ figure_kind: 'actual', figure_kind_label: '実績', value_yen: null, value_decimal: '99.6', unit: '%' });
      // 20 + 4 + 3 rows × 5 years, 4 ratios, 2 × 5 headcounts, 5 hours
      expect(doc.records).toHaveLength((20 + 4 + 3) * 5 + 4 + 10 + 5);
      const tableIds = (await listFiscalTables({ db: store.db, municipalityId: m.municipality.id }, m.plan.id)).items.map((t) => t.id);
      expect(new Set(doc.records.map((r) => r.table_id))).toEqual(new Set(tableIds));

      const csv = await call<null>('admin', 'GET', `${od}/fiscal_tables.csv`);
      expect(csv.status).toBe(200);
      expect(csv.text.startsWith('\uFEFF全国地方公共団体コード,地方公共団体名,表ID,')).toBe(true);
      expect(csv.text.split('\r\n').length).toBe(doc.records.length + 2);
      const cat = (await call<OpenDataCatalogDto>('admin', 'GET', `${od}/catalog.json`)).body;
      expect(cat.datasets.find((d) => d.resource === 'fiscal_tables')).toMatchObject({ status: 'available', recordCount: doc.records.length });
      // another municipality publishes none of these rows
      const otherDoc = (await call<OpenDataResourceDto>('admin', 'GET', `/api/m/${b.municipality.code}/opendata/fiscal_tables.json`)).body;
      expect(otherDoc.records.some((r) => tableIds.includes(r.table_id as string))).toBe(false);
    });
  });
});
